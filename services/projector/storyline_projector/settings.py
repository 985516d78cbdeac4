"""Projector service configuration, read once from the environment at start-up."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from storyline_projector.read_models.story_states import DEFAULT_CAPACITY

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/storyline.db"


class ProjectorSettings(BaseSettings):
    """``STORYLINE_PROJECTOR_*`` variables; the shared names in the aliases work too."""

    # populate_by_name: code may pass database_url=... even though the field has env aliases.
    model_config = SettingsConfigDict(
        env_prefix="STORYLINE_PROJECTOR_", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("STORYLINE_PROJECTOR_DATABASE_URL", "STORYLINE_DATABASE_URL"),
    )
    event_store_url: str | None = Field(
        default=None,
        description="The ingest service's database: its event store is what the projector "
        "follows in embedded mode, and its stage dead letters are shown on the ops page "
        "(defaults to database_url).",
    )
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "STORYLINE_PROJECTOR_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"
        ),
    )
    topic_prefix: str = Field(default="", description="Must match the ingest service's.")
    group_id: str = "storyline-projector"
    batch_size: int = Field(default=500, ge=1)
    poll_seconds: float = Field(default=0.2, gt=0)
    stories_held: int = Field(
        default=DEFAULT_CAPACITY,
        ge=0,
        description="Stories kept in memory between batches, about 22 KB each: fewer means "
        "less memory and more stories read back from the database.",
    )
    operator_key: SecretStr | None = Field(
        default=None,
        min_length=16,
        description="The key an operator types on the ops view to replay the projector's dead "
        "letters: the query API's one write. Unset, the replay button is absent and the replay "
        "POST answers 403.",
    )

    @property
    def embedded(self) -> bool:
        return self.kafka_bootstrap_servers is None
