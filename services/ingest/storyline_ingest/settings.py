"""Ingest service configuration, read once from the environment at start-up."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/storyline.db"


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
    max_article_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_batch_items: int = Field(default=500, ge=1)
    extraction_group_id: str = Field(
        default="storyline-extraction", description="Kafka consumer group of extraction workers."
    )
    extraction_processes: int = Field(
        default=1, ge=1, description="Worker processes for NLP in one extraction worker."
    )
    relay_batch_size: int = Field(default=500, ge=1)
    relay_poll_seconds: float = Field(default=0.2, gt=0)

    @property
    def embedded(self) -> bool:
        return self.kafka_bootstrap_servers is None
