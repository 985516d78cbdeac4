"""Service settings: read from the environment, and overridable in code."""

from __future__ import annotations

import pytest

from storyline_ingest.settings import IngestSettings
from storyline_projector.settings import ProjectorSettings


def test_shared_environment_names_configure_both_services(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_DATABASE_URL", "postgresql+asyncpg://db/storyline")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "broker:9092")

    ingest, projector = IngestSettings(), ProjectorSettings()

    assert ingest.database_url == projector.database_url == "postgresql+asyncpg://db/storyline"
    assert ingest.kafka_bootstrap_servers == projector.kafka_bootstrap_servers == "broker:9092"
    assert not ingest.embedded


def test_service_prefixed_names_win_over_shared_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_DATABASE_URL", "sqlite+aiosqlite:///shared.db")
    monkeypatch.setenv("STORYLINE_PROJECTOR_DATABASE_URL", "sqlite+aiosqlite:///read-models.db")

    assert ProjectorSettings().database_url == "sqlite+aiosqlite:///read-models.db"


def test_values_given_in_code_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "broker:9092")

    settings = IngestSettings(database_url="sqlite+aiosqlite:///x.db", kafka_bootstrap_servers=None)

    assert settings.database_url == "sqlite+aiosqlite:///x.db"
    assert settings.embedded


def test_invalid_settings_are_refused_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_INGEST_MAX_BATCH_ITEMS", "0")

    with pytest.raises(ValueError, match="max_batch_items"):
        IngestSettings()
