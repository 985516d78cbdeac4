"""Fixtures for story grouping tests: a migrated SQLite database with the story tables."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.commands.story_commands import STORY_TABLES_REVISION
from storyline.migrate import upgrade_async
from storyline_platform.database import create_engine


@pytest.fixture
async def story_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'stories.db'}"
    await upgrade_async(url, STORY_TABLES_REVISION)
    engine = create_engine(url)
    yield engine
    await engine.dispose()
