"""Ingest service configuration, read once from the environment at start-up."""

from __future__ import annotations

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storyline_contracts.topics import MAX_EVENT_BYTES

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/storyline.db"
# An article's event carries its whole text plus an envelope (ids, hash, byline authors, headers)
# of a few kilobytes: an article of at most this size always fits in one Kafka message.
ENVELOPE_ALLOWANCE_BYTES = 64 * 1024
LARGEST_ARTICLE_BYTES = MAX_EVENT_BYTES - ENVELOPE_ALLOWANCE_BYTES


class IngestSettings(BaseSettings):
    """``STORYLINE_INGEST_*`` variables; the shared names in the aliases work too."""

    # populate_by_name: code may pass database_url=... even though the field has env aliases.
    model_config = SettingsConfigDict(
        env_prefix="STORYLINE_INGEST_", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("STORYLINE_INGEST_DATABASE_URL", "STORYLINE_DATABASE_URL"),
    )
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "STORYLINE_INGEST_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"
        ),
        description="Unset: embedded mode, nothing is published and followers read the store.",
    )
    topic_prefix: str = Field(
        default="",
        description="Prepended to every topic name, e.g. 'staging.' to share one cluster.",
    )
    max_article_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        le=LARGEST_ARTICLE_BYTES,
        description="Largest article body accepted (413 beyond); at most what one Kafka message "
        "carries with its envelope.",
    )
    max_batch_items: int = Field(default=500, ge=1)
    max_batch_bytes: int = Field(
        default=8 * 1024 * 1024, ge=1024, description="Largest batch body accepted (413 beyond)."
    )
    max_buffered_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024,
        description="Request bodies one ingest process holds at once; requests beyond wait, "
        "then get 503 with Retry-After. Keeps memory flat under any load.",
    )
    feed_articles_per_second: float = Field(
        default=1000.0,
        ge=0,
        description="Articles a second one feed may post to one ingest process (429 with "
        "Retry-After beyond), unless the feed has a limit of its own; 0: no limit.",
    )
    feed_burst_seconds: float = Field(
        default=10.0,
        gt=0,
        description="A feed may post this many seconds' worth of articles at once (and never "
        "less than one full batch).",
    )
    extraction_group_id: str = Field(
        default="storyline-extraction", description="Kafka consumer group of extraction workers."
    )
    extraction_processes: int = Field(
        default=1, ge=1, description="Worker processes for NLP in one extraction worker."
    )
    relay_batch_size: int = Field(default=500, ge=1)
    relay_poll_seconds: float = Field(default=0.2, gt=0)

    @model_validator(mode="after")
    def _limits_nest(self) -> IngestSettings:
        if not self.max_article_bytes <= self.max_batch_bytes <= self.max_buffered_bytes:
            raise ValueError(
                "limits must nest: STORYLINE_INGEST_MAX_ARTICLE_BYTES <= "
                "STORYLINE_INGEST_MAX_BATCH_BYTES <= STORYLINE_INGEST_MAX_BUFFERED_BYTES "
                f"(got {self.max_article_bytes}, {self.max_batch_bytes}, "
                f"{self.max_buffered_bytes})"
            )
        return self

    @property
    def embedded(self) -> bool:
        return self.kafka_bootstrap_servers is None
