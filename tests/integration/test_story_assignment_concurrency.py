"""Story assignment on the real PostgreSQL: concurrent workers never leave one incident as two
stories, and the index queries and upserts run as written on that backend."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.commands.story_commands import STORY_TABLES_REVISION
from storyline.scratch_databases import scratch_database
from storyline_ingest.stories.story_assignment import StoryAssignment, assign_story
from storyline_ingest.stories.story_signals import ArticleSignals
from storyline_ingest.stories.story_tables import stories
from storyline_platform.database import create_engine

pytestmark = pytest.mark.integration

NOW = datetime(2023, 7, 19, 12, tzinfo=UTC)


@pytest.fixture
async def story_engine(server_database_url: str) -> AsyncIterator[AsyncEngine]:
    """A fresh PostgreSQL database with the story tables, dropped afterwards."""
    async with scratch_database(
        server_database_url, "storyline_test", STORY_TABLES_REVISION
    ) as url:
        engine = create_engine(url)
        yield engine
        await engine.dispose()


def odesa_report(article_id: str, outlet: str, minutes: int) -> ArticleSignals:
    """Reports of one new incident from different outlets, in different words."""
    return ArticleSignals(
        article_id=article_id,
        article_version=1,
        published_at=NOW + timedelta(minutes=minutes),
        title=f"{outlet}: missiles hit grain terminals in Odesa",
        body=(
            f"{outlet} reports that Russian missiles struck port infrastructure in Odesa and "
            f"Chornomorsk overnight, destroying grain stores (report {article_id})."
        ),
        outlet=outlet,
        actors=frozenset({"Government of Russia", "Mykola Solskyi"}),
        places=frozenset({"Odesa", "Chornomorsk"}),
        incident_date=date(2023, 7, 19),
        event_types=frozenset({"strike_reported"}),
    )


async def open_story_count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            select(func.count()).select_from(stories).where(stories.c.merged_into.is_(None))
        )
    return int(count or 0)


async def advisory_lock_waiters(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        )
    return int(count or 0)


async def test_second_worker_waits_for_the_first_and_joins_its_new_story(
    story_engine: AsyncEngine,
) -> None:
    first_assigned = asyncio.Event()
    release_first = asyncio.Event()

    async def first_worker() -> StoryAssignment:
        async with story_engine.begin() as connection:
            assignment = await assign_story(connection, odesa_report("a1", "Wire", 0), NOW)
            first_assigned.set()
            await release_first.wait()  # still uncommitted: its new story is invisible
            return assignment

    async def second_worker() -> StoryAssignment:
        await first_assigned.wait()
        async with story_engine.begin() as connection:
            return await assign_story(connection, odesa_report("a2", "Gazette", 5), NOW)

    first = asyncio.create_task(first_worker())
    second = asyncio.create_task(second_worker())
    while await advisory_lock_waiters(story_engine) == 0:
        assert not second.done(), "the second worker did not wait for the first"
        await asyncio.sleep(0.01)
    release_first.set()
    opened, joined = await asyncio.gather(first, second)

    assert opened.opened
    assert not joined.opened
    assert joined.story_id == opened.story_id
    assert await open_story_count(story_engine) == 1


async def test_many_workers_on_one_new_incident_leave_one_story(
    story_engine: AsyncEngine,
) -> None:
    reports = [odesa_report(f"a{n}", f"Outlet {n}", n) for n in range(8)]

    async def worker(signals: ArticleSignals) -> StoryAssignment:
        async with story_engine.begin() as connection:
            return await assign_story(connection, signals, NOW)

    assignments = await asyncio.gather(*(worker(signals) for signals in reports))

    assert len({a.story_id for a in assignments}) == 1
    assert sum(a.opened for a in assignments) == 1
    assert await open_story_count(story_engine) == 1


async def test_article_linking_two_stories_merges_them_on_postgresql(
    story_engine: AsyncEngine,
) -> None:
    async def assign(signals: ArticleSignals) -> StoryAssignment:
        async with story_engine.begin() as connection:
            return await assign_story(connection, signals, NOW)

    wire = odesa_report("wire", "Wire", 0)
    operator = replace(
        wire,
        article_id="operator",
        published_at=NOW + timedelta(minutes=30),
        title="Port operator counts the damage",
        body="The port operator said silos and loading lines at the terminal were destroyed.",
        actors=frozenset({"Port Operator", "Harbour Master"}),
        places=frozenset({"Grain Terminal 3", "Pivdennyi"}),
    )
    older = await assign(wire)
    younger = await assign(operator)
    assert younger.opened  # nothing in common yet: two stories

    roundup = await assign(
        replace(
            wire,
            article_id="roundup",
            published_at=NOW + timedelta(hours=2),
            title="Port operator counts the damage after missiles hit grain terminals",
            body=f"{wire.body} {operator.body}",
            actors=wire.actors | operator.actors,
            places=wire.places | operator.places,
        )
    )

    assert roundup.story_id == older.story_id
    assert roundup.merged == (younger.story_id,)
    assert await open_story_count(story_engine) == 1
