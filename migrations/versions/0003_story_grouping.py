"""Story grouping: story profiles, the story index, article assignments and LSH band keys.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25 13:15:18.226737
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("story_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("first_article_id", sa.String(length=36), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("incident_first", sa.Date(), nullable=True),
        sa.Column("incident_last", sa.Date(), nullable=True),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("merged_into", sa.String(length=36), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_stories")),
    )
    op.create_table(
        "story_index_keys",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("story_id", sa.String(length=36), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", "story_id", name=op.f("pk_story_index_keys")),
    )
    with op.batch_alter_table("story_index_keys", schema=None) as batch_op:
        batch_op.create_index("ix_story_index_keys_recent", ["key", "last_seen"], unique=False)

    op.create_table(
        "article_stories",
        sa.Column("article_id", sa.String(length=36), nullable=False),
        sa.Column("article_version", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.String(length=36), nullable=False),
        sa.Column("near_duplicate_of", sa.String(length=36), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_stories")),
    )
    with op.batch_alter_table("article_stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_stories_story_id"), ["story_id"], unique=False)

    op.create_table(
        "article_band_keys",
        sa.Column("band_key", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.String(length=36), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("band_key", "article_id", name=op.f("pk_article_band_keys")),
    )
    with op.batch_alter_table("article_band_keys", schema=None) as batch_op:
        batch_op.create_index(
            "ix_article_band_keys_recent", ["band_key", "published_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("article_band_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_article_band_keys_recent")
    op.drop_table("article_band_keys")
    with op.batch_alter_table("article_stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_stories_story_id"))
    op.drop_table("article_stories")
    with op.batch_alter_table("story_index_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_story_index_keys_recent")
    op.drop_table("story_index_keys")
    op.drop_table("stories")
