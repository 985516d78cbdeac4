"""Read-model tables, and the positions that say which events they already contain.

The positions are written in the same transaction as the read-model change an event caused, so
after any crash the read models and the positions agree, and an event is never applied twice.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
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

# --- Story read models -------------------------------------------------------------------------
#
# Extracted events are kept as facts (one row per event, keyed by event id, so applying an event
# again changes nothing); everything derived from several events (a story's counts and status,
# its allegations) is recomputed from those facts for the one story an event touched. Derived rows
# therefore never depend on the order the events arrived in.

# The story-topic events themselves, as published, for time travel. A merge is filed under the
# surviving story and under each merged one, so either story's history shows it.
story_events = Table(
    "read_story_events",
    metadata,
    Column("story_id", String(64), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("event_type", String(128), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    # the event's JSON as published: sent to PostgreSQL beside the batch's document (see
    # ``combined_write``)
    Column("data", Text, nullable=False, info={"json_text": True}),
)

# Events retracted so far: an event that arrives after its retraction is not projected.
retracted_events = Table(
    "read_retracted_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("story_id", String(64), nullable=False),
    Column("reason", String(16), nullable=False),
)

stories = Table(
    "read_stories",
    metadata,
    Column("story_id", String(64), primary_key=True),
    # What the story's StoryOpened said (JSON), kept apart from the derived columns below.
    Column("opening", JSON, nullable=True),
    Column("opened_at", DateTime(timezone=True), nullable=True),
    Column("merged_into", String(64), nullable=True, index=True),
    Column("title", Text, nullable=True),
    Column("status", String(16), nullable=False),
    Column("incident_date", Date, nullable=True),
    Column("incident_place", String(300), nullable=True),
    Column("key_actors", JSON, nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("outlet_count", Integer, nullable=False),
    Column("event_count", Integer, nullable=False),
    Column("first_reported", DateTime(timezone=True), nullable=True),
    Column("last_reported", DateTime(timezone=True), nullable=True, index=True),
    # Bumped at every write of the derived columns: a projector holding the story in memory
    # compares it to know whether another writer changed the story since (bookkeeping: left out
    # of the digest, since two builds reach the same rows through different batches).
    Column("revision", BigInteger, nullable=False, server_default="0"),
)

story_articles = Table(
    "read_story_articles",
    metadata,
    Column("story_id", String(64), primary_key=True),
    Column("article_id", String(64), primary_key=True),
    Column("article_version", Integer, nullable=False),
    Column("outlet", String(300), nullable=True),
    Column("near_duplicate_of", String(64), nullable=True),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    # When the article was published (its feed's time); null for assignments published before
    # the event carried it, which then count by assigned_at.
    Column("published_at", DateTime(timezone=True), nullable=True),
)

timeline = Table(
    "read_story_timeline",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("event_type", String(64), nullable=False),
    Column("summary", Text, nullable=False),
    Column("source", JSON, nullable=True),
    Column("targets", JSON, nullable=False),
    Column("happened_on", Date, nullable=True),
    Column("happened_until", Date, nullable=True),
    Column("when_text", Text, nullable=True),
    Column("when_precision", String(16), nullable=False),
    Column("places", JSON, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("about", JSON, nullable=False),
    Column("details", JSON, nullable=False),
    Column("evidence_sentence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("article_version", Integer, nullable=False),
    Column("outlet", String(300), nullable=True),
    Column("confidence", Float, nullable=False),
    # As wide as the ingest side's: a longer version (a custom model's name) must not be cut.
    Column("extractor_version", String(128), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
)

# Who took part in which event, one row per actor and role: the actors views group these.
event_actors = Table(
    "read_event_actors",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("role", String(8), primary_key=True),  # "source" or "target"
    Column("actor_key", String(300), primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("event_type", String(64), nullable=False),
    Column("name", String(300), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(3), nullable=True),
    Index("ix_read_event_actors_actor_key_story", "actor_key", "story_id"),
)

# Derived per story from the accusation and denial facts in the timeline (allegation_book).
allegations = Table(
    "read_allegations",
    metadata,
    Column("story_id", String(64), primary_key=True),
    Column("accuser_key", String(300), primary_key=True),
    Column("accused_key", String(300), primary_key=True),
    Column("accuser", String(300), nullable=False),
    Column("accused", String(300), nullable=False),
    Column("allegation", Text, nullable=False),
    Column("about", JSON, nullable=False),
    Column("denied_by", JSON, nullable=False),
    Column("doubted_by", JSON, nullable=False),
    Column("disputed", Boolean, nullable=False),
    Column("accusing_articles", Integer, nullable=False),
    Column("accusing_outlets", Integer, nullable=False),
    Column("denying_articles", Integer, nullable=False),
    Column("denying_outlets", Integer, nullable=False),
)

# The events behind each allegation: its accusations and the denials answering it, one row each,
# so that a story's thousandth accusation adds a row instead of rewriting a list of a thousand.
allegation_events = Table(
    "read_allegation_events",
    metadata,
    Column("story_id", String(64), primary_key=True),
    Column("accuser_key", String(300), primary_key=True),
    Column("accused_key", String(300), primary_key=True),
    Column("side", String(16), primary_key=True),  # "accusation" or "denial"
    Column("event_id", String(64), primary_key=True),
)

threats = Table(
    "read_threats",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("threatener", String(300), nullable=True),
    Column("threatened", JSON, nullable=False),
    Column("threat", Text, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("outlet", String(300), nullable=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
)

# One row per figure as an article reported it; ranges across sources are computed on read.
casualty_figures = Table(
    "read_casualty_figures",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("figure_index", Integer, primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("counts", String(64), nullable=False),
    Column("value", Float, nullable=False),
    Column("low", Float, nullable=True),
    Column("high", Float, nullable=True),
    Column("unit", String(64), nullable=True),
    Column("text", Text, nullable=True),
    Column("reported_by", String(300), nullable=True),
    Column("article_id", String(64), nullable=False),
    Column("outlet", String(300), nullable=True),
)

statistics = Table(
    "read_statistics",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("value", Float, nullable=False),
    Column("low", Float, nullable=True),
    Column("high", Float, nullable=True),
    Column("unit", String(64), nullable=True),
    Column("counts", String(300), nullable=True),
    Column("text", Text, nullable=True),
    Column("summary", Text, nullable=False),
    Column("reported_by", String(300), nullable=True),
    Column("article_id", String(64), nullable=False),
    Column("outlet", String(300), nullable=True),
)

# Tables whose rows belong to one story through a ``story_id`` column, repointed by a merge.
STORY_FACT_TABLES = (timeline, event_actors, threats, casualty_figures, statistics)

# Everything a story's state is made of: what time travel folds the story's history into.
STORY_TABLES = (
    story_events,
    retracted_events,
    stories,
    story_articles,
    allegations,
    allegation_events,
    *STORY_FACT_TABLES,
)

# Which generation of the tables above serves the read side (see read_model_generations). It is
# the one projector table outside every generation: always in the default schema.
read_model_generations = Table(
    "read_model_generations",
    metadata,
    Column("generation", Integer, primary_key=True, autoincrement=False),
    Column("status", String(16), nullable=False),  # building | live | retired | dropped
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("live_since", DateTime(timezone=True), nullable=True),
)
