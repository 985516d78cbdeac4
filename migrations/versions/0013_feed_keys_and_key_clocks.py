"""Feed keys: several API keys per feed (a change-over, a revocation) and a rate limit per feed;
and the latest event time given to each Kafka key, so that times never go back within a key.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_ID_LENGTH = 12


def upgrade() -> None:
    op.create_table(
        "feed_keys",
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("feed_id", sa.String(length=64), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feeds.feed_id"], name=op.f("fk_feed_keys_feed_id_feeds")
        ),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_feed_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_feed_keys_key_hash")),
    )
    op.create_index(op.f("ix_feed_keys_feed_id"), "feed_keys", ["feed_id"], unique=False)
    # Every feed keeps the key it has: the key's id is the start of its hash.
    op.execute(
        "INSERT INTO feed_keys (key_id, feed_id, key_hash, created_at) "
        f"SELECT substr(key_hash, 1, {KEY_ID_LENGTH}), feed_id, key_hash, created_at FROM feeds"
    )
    with op.batch_alter_table("feeds") as table:
        table.drop_constraint("uq_feeds_key_hash", type_="unique")
        table.drop_column("key_hash")
        table.add_column(sa.Column("articles_per_second", sa.Float(), nullable=True))
    op.create_table(
        "event_key_clocks",
        sa.Column("partition_key", sa.String(length=255), nullable=False),
        sa.Column("latest", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("partition_key", name=op.f("pk_event_key_clocks")),
    )


def downgrade() -> None:
    op.drop_table("event_key_clocks")
    with op.batch_alter_table("feeds") as table:
        table.drop_column("articles_per_second")
        table.add_column(sa.Column("key_hash", sa.String(length=64), nullable=True))
    # One key per feed again: the newest one that still works, else the newest of all.
    op.execute(
        "UPDATE feeds SET key_hash = (SELECT k.key_hash FROM feed_keys k "
        "WHERE k.feed_id = feeds.feed_id "
        "ORDER BY (k.revoked_at IS NULL) DESC, k.created_at DESC LIMIT 1)"
    )
    with op.batch_alter_table("feeds") as table:
        table.alter_column("key_hash", existing_type=sa.String(length=64), nullable=False)
        table.create_unique_constraint("uq_feeds_key_hash", ["key_hash"])
    op.drop_index(op.f("ix_feed_keys_feed_id"), table_name="feed_keys")
    op.drop_table("feed_keys")
