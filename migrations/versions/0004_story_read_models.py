"""Story read models: stories, timeline, allegations, threats, figures, actors, articles,
and the story events kept for time travel.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:16:12.767010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "read_allegations",
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("accuser_key", sa.String(length=300), nullable=False),
        sa.Column("accused_key", sa.String(length=300), nullable=False),
        sa.Column("accuser", sa.String(length=300), nullable=False),
        sa.Column("accused", sa.String(length=300), nullable=False),
        sa.Column("allegation", sa.Text(), nullable=False),
        sa.Column("about", sa.JSON(), nullable=False),
        sa.Column("accusation_event_ids", sa.JSON(), nullable=False),
        sa.Column("denied_by", sa.JSON(), nullable=False),
        sa.Column("denial_event_ids", sa.JSON(), nullable=False),
        sa.Column("doubted_by", sa.JSON(), nullable=False),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("accusing_articles", sa.Integer(), nullable=False),
        sa.Column("accusing_outlets", sa.Integer(), nullable=False),
        sa.Column("denying_articles", sa.Integer(), nullable=False),
        sa.Column("denying_outlets", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "story_id", "accuser_key", "accused_key", name=op.f("pk_read_allegations")
        ),
    )
    op.create_table(
        "read_casualty_figures",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("figure_index", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("reported_by", sa.String(length=300), nullable=True),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("event_id", "figure_index", name=op.f("pk_read_casualty_figures")),
    )
    with op.batch_alter_table("read_casualty_figures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_read_casualty_figures_story_id"), ["story_id"], unique=False
        )

    op.create_table(
        "read_event_actors",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("actor_key", sa.String(length=300), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.PrimaryKeyConstraint("event_id", "role", "actor_key", name=op.f("pk_read_event_actors")),
    )
    with op.batch_alter_table("read_event_actors", schema=None) as batch_op:
        batch_op.create_index(
            "ix_read_event_actors_actor_key_story", ["actor_key", "story_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_read_event_actors_story_id"), ["story_id"], unique=False
        )

    op.create_table(
        "read_retracted_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_read_retracted_events")),
    )
    op.create_table(
        "read_statistics",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("counts", sa.String(length=300), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=300), nullable=True),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_read_statistics")),
    )
    with op.batch_alter_table("read_statistics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_read_statistics_story_id"), ["story_id"], unique=False)

    op.create_table(
        "read_stories",
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("opening", sa.JSON(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("merged_into", sa.String(length=64), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=True),
        sa.Column("incident_place", sa.String(length=300), nullable=True),
        sa.Column("key_actors", sa.JSON(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("outlet_count", sa.Integer(), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("first_reported", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_reported", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_read_stories")),
    )
    with op.batch_alter_table("read_stories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_read_stories_last_reported"), ["last_reported"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_read_stories_merged_into"), ["merged_into"], unique=False
        )

    op.create_table(
        "read_story_articles",
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("article_version", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.Column("near_duplicate_of", sa.String(length=64), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("story_id", "article_id", name=op.f("pk_read_story_articles")),
    )
    op.create_table(
        "read_story_events",
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=128), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("story_id", "event_id", name=op.f("pk_read_story_events")),
    )
    op.create_table(
        "read_story_timeline",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("source", sa.JSON(), nullable=True),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("happened_until", sa.Date(), nullable=True),
        sa.Column("when_text", sa.Text(), nullable=True),
        sa.Column("when_precision", sa.String(length=16), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("about", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("evidence_sentence", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("article_version", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_read_story_timeline")),
    )
    with op.batch_alter_table("read_story_timeline", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_read_story_timeline_story_id"), ["story_id"], unique=False
        )

    op.create_table(
        "read_threats",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("threatener", sa.String(length=300), nullable=True),
        sa.Column("threatened", sa.JSON(), nullable=False),
        sa.Column("threat", sa.Text(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_read_threats")),
    )
    with op.batch_alter_table("read_threats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_read_threats_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("read_threats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_read_threats_story_id"))

    op.drop_table("read_threats")
    with op.batch_alter_table("read_story_timeline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_read_story_timeline_story_id"))

    op.drop_table("read_story_timeline")
    op.drop_table("read_story_events")
    op.drop_table("read_story_articles")
    with op.batch_alter_table("read_stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_read_stories_merged_into"))
        batch_op.drop_index(batch_op.f("ix_read_stories_last_reported"))

    op.drop_table("read_stories")
    with op.batch_alter_table("read_statistics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_read_statistics_story_id"))

    op.drop_table("read_statistics")
    op.drop_table("read_retracted_events")
    with op.batch_alter_table("read_event_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_read_event_actors_story_id"))
        batch_op.drop_index("ix_read_event_actors_actor_key_story")

    op.drop_table("read_event_actors")
    with op.batch_alter_table("read_casualty_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_read_casualty_figures_story_id"))

    op.drop_table("read_casualty_figures")
    op.drop_table("read_allegations")
