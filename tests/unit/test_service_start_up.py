"""A service started on a database nobody migrated says so at once, with the fix; one started
while its database or the Kafka cluster is away waits for it (logged once) instead of exiting."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from storyline.cli import main
from storyline.free_ports import free_port
from storyline.migrate import upgrade_async
from storyline_ingest.http.app import create_app
from storyline_ingest.settings import IngestSettings
from storyline_ingest.worker.article_sources import KafkaArticleConsumer
from storyline_ingest.worker.extraction_worker import ExtractionWorker
from storyline_platform.database import (
    DatabaseNotMigrated,
    create_engine,
    engine_for,
    require_migrated,
)
from storyline_projector.app import create_query_app
from storyline_projector.consume.kafka_consumer import KafkaProjector
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


async def run_for_a_while(loop: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run a service loop against servers that are away, then ask it to stop."""
    stop = asyncio.Event()
    running = asyncio.create_task(loop(stop))
    await asyncio.sleep(2.5)
    assert not running.done(), running  # still waiting, not crashed
    stop.set()
    await asyncio.wait_for(running, timeout=30)


async def test_an_extraction_worker_started_while_kafka_is_away_waits_for_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ready.db'}"
    await upgrade_async(url)
    engine = create_engine(url)
    consumer = KafkaArticleConsumer(
        f"127.0.0.1:{free_port()}", ExtractionWorker(engine), request_timeout_ms=1000
    )

    with caplog.at_level(logging.ERROR, logger="storyline_ingest"):
        await run_for_a_while(consumer.run)
    await engine.dispose()

    outages = [r.getMessage() for r in caplog.records if r.name.startswith("storyline_ingest")]
    assert outages == ["Kafka broker unavailable; retrying until it is back"]


async def test_a_projector_started_while_kafka_is_away_waits_for_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ready.db'}"
    await upgrade_async(url)
    engine = create_engine(url)
    projector = KafkaProjector(f"127.0.0.1:{free_port()}", engine, request_timeout_ms=1000)

    with caplog.at_level(logging.ERROR, logger="storyline_projector"):
        await run_for_a_while(projector.run)
    await engine.dispose()

    outages = [r.getMessage() for r in caplog.records if r.name.startswith("storyline_projector")]
    assert outages == ["Kafka broker unavailable; retrying until it is back"]


async def test_a_service_started_while_its_database_is_away_waits_for_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    away = f"postgresql+asyncpg://storyline:storyline@127.0.0.1:{free_port()}/storyline"
    engine = create_engine(away)

    with caplog.at_level(logging.ERROR, logger="storyline_platform.database"):
        waiting = asyncio.create_task(require_migrated(engine, retry_seconds=0.1))
        await asyncio.sleep(1.5)
        assert not waiting.done()
        waiting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiting
    await engine.dispose()

    assert [r.getMessage() for r in caplog.records] == [
        "database unavailable; retrying until it is back"
    ]
