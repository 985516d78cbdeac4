"""Re-extraction runs: a candidate stream of events per run, beside the published one; and the
timeline's extractor version as wide as the ingest side's (a long version was cut to 64).

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reextraction_runs",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("story_ids", sa.JSON(), nullable=True),
        sa.Column("articles_total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_reextraction_runs")),
    )
    op.create_table(
        "reextraction_articles",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=36), nullable=False),
        sa.Column("article_version", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("standing_event_ids", sa.JSON(), nullable=False),
        sa.Column("candidate_event_ids", sa.JSON(), nullable=False),
        sa.Column("adopted", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["reextraction_runs.run_id"],
            name=op.f("fk_reextraction_articles_run_id_reextraction_runs"),
        ),
        sa.PrimaryKeyConstraint("run_id", "article_id", name=op.f("pk_reextraction_articles")),
    )
    op.create_index(
        op.f("ix_reextraction_articles_story_id"), "reextraction_articles", ["story_id"]
    )
    op.create_table(
        "reextraction_events",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=36), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=128), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["reextraction_runs.run_id"],
            name=op.f("fk_reextraction_events_run_id_reextraction_runs"),
        ),
        sa.PrimaryKeyConstraint("run_id", "event_id", name=op.f("pk_reextraction_events")),
    )
    op.create_index(op.f("ix_reextraction_events_story_id"), "reextraction_events", ["story_id"])
    with op.batch_alter_table("read_story_timeline") as table:
        table.alter_column(
            "extractor_version", type_=sa.String(length=128), existing_type=sa.String(length=64)
        )


def downgrade() -> None:
    with op.batch_alter_table("read_story_timeline") as table:
        table.alter_column(
            "extractor_version", type_=sa.String(length=64), existing_type=sa.String(length=128)
        )
    op.drop_index(op.f("ix_reextraction_events_story_id"), table_name="reextraction_events")
    op.drop_table("reextraction_events")
    op.drop_index(op.f("ix_reextraction_articles_story_id"), table_name="reextraction_articles")
    op.drop_table("reextraction_articles")
    op.drop_table("reextraction_runs")
