"""The story grouping tables, in the ingest database (declared on the ingest metadata).

``stories`` holds each story's profile (what scoring compares an article with);
``story_index_keys`` is the inverted index that finds candidate stories for an article by actor,
place and incident day; ``article_stories`` records each article's story and its MinHash
signature; ``article_band_keys`` indexes those signatures by LSH band to find near-duplicates.
Every lookup goes through an index on a key and a time, so its cost does not grow with the
number of stories on record.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from storyline_ingest.storage.tables import metadata

stories = Table(
    "stories",
    metadata,
    Column("story_id", String(36), primary_key=True),
    Column("title", Text, nullable=False),
    Column("first_article_id", String(36), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("incident_first", Date, nullable=True),
    Column("incident_last", Date, nullable=True),
    Column("article_count", Integer, nullable=False),
    # Set when the story was merged into an older one; always the final survivor (one hop).
    Column("merged_into", String(36), nullable=True),
    # Counts of actors, places and event types, and the strongest content terms.
    Column("profile", JSON, nullable=False),
)

story_index_keys = Table(
    "story_index_keys",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("story_id", String(36), primary_key=True),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    # Lookups ask for the stories with a key seen since a time: a range scan on this index.
    Index("ix_story_index_keys_recent", "key", "last_seen"),
)

article_stories = Table(
    "article_stories",
    metadata,
    Column("article_id", String(36), primary_key=True),
    Column("article_version", Integer, nullable=False),
    Column("story_id", String(36), nullable=False, index=True),
    Column("near_duplicate_of", String(36), nullable=True),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("minhash", LargeBinary, nullable=False),
)

article_band_keys = Table(
    "article_band_keys",
    metadata,
    Column("band_key", String(40), primary_key=True),
    Column("article_id", String(36), primary_key=True),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Index("ix_article_band_keys_recent", "band_key", "published_at"),
)

__all__ = ["article_band_keys", "article_stories", "stories", "story_index_keys"]
