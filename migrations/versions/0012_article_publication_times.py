"""Stories reported by publication time: each story article keeps when it was published.

``read_story_articles.published_at`` is filled from ``ArticleAssignedToStory.published_at``;
rows from events published before that field existed stay null and count by ``assigned_at``.
A rebuilt generation that is live gets the column from ``storyline rebuild``, like every
read-model change (``generation_schema``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("read_story_articles") as table:
        table.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("read_story_articles") as table:
        table.drop_column("published_at")
