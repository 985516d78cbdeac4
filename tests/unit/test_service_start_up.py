"""A service started on a database nobody migrated says so at once, with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.cli import main
from storyline.migrate import upgrade_async
from storyline_ingest.http.app import create_app
from storyline_ingest.settings import IngestSettings
from storyline_platform.database import DatabaseNotMigrated, engine_for
from storyline_projector.app import create_query_app
from storyline_projector.settings import ProjectorSettings


async def test_engine_for_an_unmigrated_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"

    with pytest.raises(DatabaseNotMigrated, match="storyline migrate"):
        async with engine_for(url):
            pass


async def test_engine_for_a_migrated_database_starts(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ready.db'}"
    await upgrade_async(url)

    async with engine_for(url) as engine:
        assert engine.url.database == str(tmp_path / "ready.db")


@pytest.mark.parametrize("factory", ["ingest", "query"])
async def test_both_apis_refuse_to_start_on_an_unmigrated_database(
    tmp_path: Path, factory: str
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    app = (
        create_app(IngestSettings(database_url=url, kafka_bootstrap_servers=None))
        if factory == "ingest"
        else create_query_app(ProjectorSettings(database_url=url, kafka_bootstrap_servers=None))
    )

    with pytest.raises(DatabaseNotMigrated):
        async with app.router.lifespan_context(app):
            pass


def test_the_command_line_names_the_fix_and_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORYLINE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)

    assert main(["extract-worker"]) == 2
    assert "run `storyline migrate` first" in capsys.readouterr().err
