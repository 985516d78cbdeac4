"""The ingest service's tables: feeds, articles and their versions, the event store, the outbox.

Production code never creates these: Alembic migrations in ``migrations/`` do. The event store
is append-only; its ``position`` orders all events, and the outbox names the ones still to send.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL wants BIGINT for a long log.
Position = BigInteger().with_variant(Integer(), "sqlite")

feeds = Table(
    "feeds",
    metadata,
    Column("feed_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Articles a second this feed may post to one ingest process; NULL: the service default.
    Column("articles_per_second", Float, nullable=True),
)

# A feed's API keys: usually one; two during a change-over (the old one expires at the end of
# the grace period); a revoked key stops working at once (within the key cache's lifetime).
feed_keys = Table(
    "feed_keys",
    metadata,
    # A short public name for the key (the start of its hash), to list and revoke it by.
    Column("key_id", String(16), primary_key=True),
    Column("feed_id", String(64), ForeignKey("feeds.feed_id"), nullable=False, index=True),
    # SHA-256 of the API key: keys are long random tokens, so a fast hash is safe to store.
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

articles = Table(
    "articles",
    metadata,
    Column("article_id", String(36), primary_key=True),
    Column("feed_id", String(64), ForeignKey("feeds.feed_id"), nullable=False),
    Column("external_id", String(1024), nullable=False),
    Column("current_version", Integer, nullable=False),
    Column("feed_version", Integer, nullable=True),
    Column("status", String(16), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("feed_id", "external_id"),
)

article_versions = Table(
    "article_versions",
    metadata,
    Column("article_id", String(36), ForeignKey("articles.article_id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("feed_version", Integer, nullable=True),
    Column("content", JSON, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("feed_id", String(64), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("response", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

event_store = Table(
    "event_store",
    metadata,
    Column("position", Position, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("event_type", String(128), nullable=False),
    Column("topic", String(255), nullable=False),
    Column("partition_key", String(255), nullable=False),
    # The CloudEvents binary-mode record exactly as it goes to Kafka.
    Column("headers", JSON, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column(
        "position",
        Position,
        ForeignKey("event_store.position"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    # Only unsent rows are ever searched: a partial index stays small however long the log grows.
    Index(
        "ix_outbox_pending",
        "position",
        postgresql_where=text("sent_at IS NULL"),
        sqlite_where=text("sent_at IS NULL"),
    ),
)

# One row per article version the extraction worker has processed: makes processing idempotent
# (a redelivered article is skipped) and says which events a later revision must retract.
extraction_runs = Table(
    "extraction_runs",
    metadata,
    Column("article_id", String(36), primary_key=True),
    Column("article_version", Integer, primary_key=True),
    Column("extractor_version", String(128), nullable=False),
    Column("story_id", String(64), nullable=False),
    Column("event_ids", JSON, nullable=False),
    Column("retracted", Boolean, nullable=False, default=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
    # Why nothing (or not everything) was read: "unsupported language 'de'", a body cut short.
    Column("note", String(300), nullable=True),
)

# Re-extraction runs: stored article versions read again by the current extractor into a
# candidate stream of events (``reextraction_events``), beside the published one, until adopted.
reextraction_runs = Table(
    "reextraction_runs",
    metadata,
    Column("run_id", String(64), primary_key=True),
    Column("extractor_version", String(128), nullable=False),
    # "running" while articles remain, "complete", "cancelled" or "adopted".
    Column("state", String(16), nullable=False),
    Column("since", DateTime(timezone=True), nullable=True),
    Column("story_ids", JSON, nullable=True),
    Column("articles_total", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# One row per article version a run read: the events that stand now and the ones the run found.
reextraction_articles = Table(
    "reextraction_articles",
    metadata,
    Column("run_id", String(64), ForeignKey("reextraction_runs.run_id"), primary_key=True),
    Column("article_id", String(36), primary_key=True),
    Column("article_version", Integer, nullable=False),
    Column("story_id", String(64), nullable=False, index=True),
    Column("standing_event_ids", JSON, nullable=False),
    Column("candidate_event_ids", JSON, nullable=False),
    Column("adopted", Boolean, nullable=False, default=False),
    # Set when the extractor failed on the article: it keeps the events that stand.
    Column("note", String(300), nullable=True),
)

# The candidate events themselves, encoded exactly as they would be published.
reextraction_events = Table(
    "reextraction_events",
    metadata,
    Column("run_id", String(64), ForeignKey("reextraction_runs.run_id"), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("article_id", String(36), nullable=False),
    Column("story_id", String(64), nullable=False, index=True),
    Column("event_type", String(128), nullable=False),
    Column("headers", JSON, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

# The latest event time given to each Kafka key by the extraction worker: a transaction stamps
# its events no earlier than that, holding the key's row until it commits, so that within one
# key the events' times never go back in the order they are published.
event_key_clocks = Table(
    "event_key_clocks",
    metadata,
    Column("partition_key", String(255), primary_key=True),
    Column("latest", DateTime(timezone=True), nullable=False),
)

# Where the embedded followers (extraction worker) have read the event store up to.
follower_positions = Table(
    "ingest_follower_positions",
    metadata,
    Column("follower", String(64), primary_key=True),
    Column("position", Position, nullable=False),
)

__all__ = [
    "article_versions",
    "articles",
    "event_key_clocks",
    "event_store",
    "extraction_runs",
    "feed_keys",
    "feeds",
    "follower_positions",
    "idempotency_keys",
    "metadata",
    "outbox",
    "reextraction_articles",
    "reextraction_events",
    "reextraction_runs",
]
