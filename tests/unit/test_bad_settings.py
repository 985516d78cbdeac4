"""A bad setting stops a command at start-up with the variable's name, the value it was given
and the values it accepts, instead of a traceback naming a field."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from storyline.cli import main
from storyline.commands import service_commands
from storyline_platform.database import create_engine
from storyline_projector.consume import store_follower
from storyline_projector.consume.store_follower import StoreFollower
from storyline_projector.settings import ProjectorSettings


def test_a_number_out_of_range_names_its_variable_and_the_accepted_values(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORYLINE_INGEST_MAX_BATCH_ITEMS", "0")

    assert main(["serve", "ingest"]) == 2

    error = capsys.readouterr().err
    assert "STORYLINE_INGEST_MAX_BATCH_ITEMS='0' is not accepted" in error
    assert "accepted: a whole number >= 1" in error


def test_a_value_of_the_wrong_type_names_its_variable_and_what_it_accepts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORYLINE_PROJECTOR_POLL_SECONDS", "soon")

    assert main(["project", "--no-health-port"]) == 2

    error = capsys.readouterr().err
    assert "STORYLINE_PROJECTOR_POLL_SECONDS='soon'" in error
    assert "accepted: a number > 0" in error


def test_a_shared_variable_is_named_by_every_name_it_goes_by(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORYLINE_INGEST_EXTRACTION_PROCESSES", "none")

    assert main(["extract-worker", "--no-health-port"]) == 2

    assert "STORYLINE_INGEST_EXTRACTION_PROCESSES='none'" in capsys.readouterr().err


def test_an_unknown_log_level_lists_the_levels(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORYLINE_LOG_LEVEL", "loud")

    assert main(["topics"]) == 2

    error = capsys.readouterr().err
    assert "STORYLINE_LOG_LEVEL='loud' is not accepted" in error
    assert "DEBUG, INFO, WARNING, ERROR, CRITICAL" in error


def test_an_unknown_log_format_lists_the_formats(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORYLINE_LOG_FORMAT", "xml")

    assert main(["topics"]) == 2

    assert "STORYLINE_LOG_FORMAT='xml' is not accepted; accepted: text, json" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--batch-size", "0"], "--batch-size must be at least 1"),
        (["--stories-held", "-1"], "--stories-held must be 0 or more"),
    ],
)
def test_a_rebuild_with_an_impossible_size_stops_before_it_starts(
    capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    assert main(["rebuild", "--no-health-port", *option]) == 2

    assert message in capsys.readouterr().err


def test_a_negative_number_of_stories_held_stops_the_projector(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORYLINE_PROJECTOR_STORIES_HELD", "-5")

    assert main(["project", "--no-health-port"]) == 2

    error = capsys.readouterr().err
    assert "STORYLINE_PROJECTOR_STORIES_HELD='-5' is not accepted" in error
    assert "accepted: a whole number >= 0" in error


async def test_the_stories_held_setting_reaches_the_projectors_pipeline(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STORYLINE_PROJECTOR_STORIES_HELD", "7")
    settings = ProjectorSettings(  # embedded, whatever broker the environment names
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}", kafka_bootstrap_servers=None
    )
    followers: list[StoreFollower] = []

    class Recorded(StoreFollower):
        async def run(self, stop: asyncio.Event) -> None:
            followers.append(self)

    monkeypatch.setattr(store_follower, "StoreFollower", Recorded)
    engine = create_engine(settings.database_url)
    try:
        await service_commands._project(asyncio.Event(), settings, engine)
    finally:
        await engine.dispose()

    assert [follower._pipeline.stories.capacity for follower in followers] == [7]
