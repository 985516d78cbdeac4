"""Incremental read models: a revision on each story row, and an allegation's events as rows.

The projector keeps the stories it works on in memory and applies each event's change to them;
``read_stories.revision`` tells it whether another writer changed a story since. The ids of the
accusations and denials behind an allegation move from two JSON lists on the allegation row to
``read_allegation_events``, one row per event, so that adding one does not rewrite the rest.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (side, the allegation column that listed that side's events)
SIDES = (("accusation", "accusation_event_ids"), ("denial", "denial_event_ids"))


def upgrade() -> None:
    with op.batch_alter_table("read_stories") as table:
        table.add_column(sa.Column("revision", sa.BigInteger(), server_default="0", nullable=False))
    op.create_table(
        "read_allegation_events",
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("accuser_key", sa.String(length=300), nullable=False),
        sa.Column("accused_key", sa.String(length=300), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint(
            "story_id",
            "accuser_key",
            "accused_key",
            "side",
            "event_id",
            name=op.f("pk_read_allegation_events"),
        ),
    )
    elements = (
        "json_array_elements_text(a.{column})"
        if op.get_bind().dialect.name == "postgresql"
        else "(SELECT value FROM json_each(a.{column}))"
    )
    for side, column in SIDES:
        op.execute(
            "INSERT INTO read_allegation_events "
            "(story_id, accuser_key, accused_key, side, event_id) "
            f"SELECT a.story_id, a.accuser_key, a.accused_key, '{side}', "
            f"{elements.format(column=column)} FROM read_allegations AS a"
        )
    with op.batch_alter_table("read_allegations") as table:
        table.drop_column("accusation_event_ids")
        table.drop_column("denial_event_ids")


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("read_allegations") as table:
        for _side, column in SIDES:
            table.add_column(sa.Column(column, sa.JSON(), server_default="[]", nullable=False))
    for side, column in SIDES:
        ordered = (
            "json_agg(e.event_id ORDER BY e.event_id)"
            if postgresql
            else "json_group_array(e.event_id)"
        )
        source = (
            "read_allegation_events"
            if postgresql
            else "(SELECT * FROM read_allegation_events ORDER BY event_id)"
        )
        op.execute(
            f"UPDATE read_allegations SET {column} = coalesce(("
            f"SELECT {ordered} FROM {source} AS e "
            "WHERE e.story_id = read_allegations.story_id "
            "AND e.accuser_key = read_allegations.accuser_key "
            "AND e.accused_key = read_allegations.accused_key "
            f"AND e.side = '{side}'), '[]')"
        )
    op.drop_table("read_allegation_events")
    with op.batch_alter_table("read_stories") as table:
        table.drop_column("revision")
