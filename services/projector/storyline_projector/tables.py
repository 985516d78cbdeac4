"""Read-model tables, and the positions that say which events they already contain.

The positions are written in the same transaction as the read-model change an event caused, so
after any crash the read models and the positions agree, and an event is never applied twice.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# stream: a Kafka topic, or "event_store" when following the store directly (embedded mode).
projector_positions = Table(
    "projector_positions",
    metadata,
    Column("stream", String(255), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("next_position", BigInteger, nullable=False),
)

read_articles = Table(
    "read_articles",
    metadata,
    Column("article_id", String(36), primary_key=True),
    Column("feed_id", String(64), nullable=False),
    Column("external_id", String(1024), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("outlet", String(300), nullable=True),
    Column("url", Text, nullable=True),
    Column("language", String(35), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("first_received_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Ids of every event applied: the relay may publish an event twice (at-least-once), at two
# offsets, and the offsets alone cannot tell that the second copy is a repeat.
applied_events = Table(
    "projector_applied_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
)

# Messages that could not be decoded or applied: kept with the error, so nothing is lost and
# they can be inspected and replayed once the cause is fixed.
dead_letters = Table(
    "projector_dead_letters",
    metadata,
    Column("stream", String(255), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("error", Text, nullable=False),
    Column("headers", JSON, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)
