"""Fixtures shared by every test: an embedded Storyline on a fresh SQLite file, and a feed."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.accept.feeds import create_feed
from tests.fuzz_settings import tally_lines


@dataclass(frozen=True)
class Feed:
    feed_id: str
    api_key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


@pytest.fixture(autouse=True)
def root_logger_restored() -> Iterator[None]:
    """A command run in-process sets up the root logger on the stream pytest captured for that
    test; put it back, so later tests do not log into a closed stream."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
async def storyline(tmp_path: Path) -> AsyncIterator[EmbeddedStoryline]:
    async with EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'storyline.db'}") as embedded:
        yield embedded


@pytest.fixture
async def feed(storyline: EmbeddedStoryline) -> Feed:
    async with storyline.engine.begin() as connection:
        key = await create_feed(connection, "test-wire", "Test wire", datetime.now(UTC))
    return Feed("test-wire", key)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many requests the fuzz tests generated, by status class."""
    for line in tally_lines():
        terminalreporter.write_line(f"fuzzing: {line}")
