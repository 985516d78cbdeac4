"""The desk's browser tests: the demo's data, plus an article written to break out of its page,
served by the real query API on localhost and read by headless Chromium."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storyline.demo import run_demo
from storyline.embedded import EmbeddedStoryline
from storyline_ingest.accept.feeds import create_feed
from storyline_projector.app import create_query_app
from storyline_projector.consume.dead_letters import record_dead_letters
from storyline_projector.consume.delivery import DeadLetter, RawMessage
from storyline_projector.settings import ProjectorSettings
from tests.browser.desk_server import served

OPERATOR_KEY = "desk-test-operator-key"
HOSTILE_TITLE = "<script>alert('title')</script><b>Drone strike</b> on the Kremlin & more"
HOSTILE_OUTLET = "<img src=x onerror=alert('outlet')>Wire"
POISON_ERROR = "DecodeError: <b>not</b> CloudEvents"
README_PICTURES = {"desk-story.png"}  # what ``make desk-screenshot`` copies to docs/


def database_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def _prepare(database: Path) -> None:
    await run_demo(out=io.StringIO(), database=database)
    async with EmbeddedStoryline(database_url(database)) as storyline:
        async with storyline.engine.begin() as connection:
            key = await create_feed(connection, "hostile", "Hostile feed", datetime.now(UTC))
        hostile = {
            "external_id": "hostile-1",
            "url": "https://hostile.example/kremlin?a=1&b=2",
            "title": HOSTILE_TITLE,
            "outlet": HOSTILE_OUTLET,
            "published_at": "2023-05-06T09:00:00Z",
            "body": "Russia on Saturday accused Ukraine of a drone strike on a fuel depot in "
            "Sevastopol on 6 May. Ukraine denied the accusation.",
        }
        async with storyline.ingest_client() as ingest:
            answer = await ingest.post(
                "/v1/articles", json=hostile, headers={"Authorization": f"Bearer {key}"}
            )
            assert answer.status_code == 202, answer.text
        await storyline.settle()
        poison = RawMessage("storyline.stories.v1", 0, 7, (("ce_type", b"x"),), b"<not json>")
        async with storyline.engine.begin() as connection:
            await record_dead_letters(connection, [DeadLetter(poison, POISON_ERROR)])


@pytest.fixture(scope="session")
def desk_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("desk") / "desk.db"
    asyncio.run(_prepare(database))
    return database


@pytest.fixture(scope="session")
def query_api(desk_database: Path) -> Iterator[str]:
    settings = ProjectorSettings(
        database_url=database_url(desk_database), operator_key=OPERATOR_KEY
    )
    with served(create_query_app(settings)) as url:
        yield url


ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Iterator[Path]:
    """Where a test saves its screenshots, kept after the run as test artefacts:
    ``var/test-artifacts/screenshots/TEST/`` (``var/`` is never committed), or under
    ``STORYLINE_TEST_ARTIFACTS``. Each run replaces a test's earlier pictures.
    ``STORYLINE_SCREENSHOTS=DIR`` copies the README's picture to DIR as well (``make
    desk-screenshot``)."""
    root = Path(os.environ.get("STORYLINE_TEST_ARTIFACTS") or ARTIFACTS)
    folder = root / "screenshots" / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    yield folder
    target = os.environ.get("STORYLINE_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        for picture in folder.glob("*.png"):
            if picture.name in README_PICTURES:
                shutil.copy(picture, Path(target) / picture.name)
