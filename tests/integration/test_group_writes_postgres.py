"""A group's writes on PostgreSQL: one statement, stored as SQLAlchemy stores them, events in
order, nothing stored when it fails, and a connection dropped in the middle of a group neither
loses nor doubles a post."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_ingest.accept import accept_requests
from storyline_ingest.accept.accept_requests import ArticlePost, store_posts
from storyline_ingest.accept.article_changes import ArticleChanges, write_rows
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.accept.group_commit import GroupCommitter
from storyline_ingest.accept.idempotency import keyed_request
from storyline_ingest.http.request_parsing import parse_article
from storyline_ingest.storage.tables import articles, event_store, idempotency_keys, outbox
from tests import group_writes_checks as checks
from tests.article_factory import article

pytestmark = pytest.mark.integration
FEED = "pg-group"


@pytest.fixture
async def feed_id(engine: AsyncEngine) -> str:
    async with engine.begin() as connection:
        await create_feed(connection, FEED, None, datetime.now(UTC))
    return FEED


def posts(count: int, keyed: bool = False) -> list[ArticlePost]:
    made = []
    for n in range(count):
        document = article(external_id=f"group-{n}")
        key = keyed_request(f"key-{n}", "/v1/articles", "application/json", repr(document).encode())
        made.append(ArticlePost(FEED, parse_article(document, FEED), key if keyed else None))
    return made


async def stored_counts(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as connection:
        return [
            int((await connection.execute(select(func.count()).select_from(table))).scalar_one())
            for table in (articles, event_store, outbox, idempotency_keys)
        ]


async def test_rows_are_stored_as_sqlalchemy_stores_them(engine: AsyncEngine, feed_id: str) -> None:
    await checks.check_rows_are_stored_as_sqlalchemy_stores_them(engine, feed_id)


async def test_events_take_positions_in_the_order_given(engine: AsyncEngine, feed_id: str) -> None:
    await checks.check_positions_follow_the_events_order(engine, feed_id)


async def test_a_failing_write_raises_sqlalchemys_error_and_stores_nothing(
    engine: AsyncEngine, feed_id: str
) -> None:
    await checks.check_a_failing_write_stores_nothing(engine, feed_id)


@pytest.mark.parametrize("keyed", [False, True])
async def test_a_group_of_posts_is_one_read_and_one_write_in_one_commit(
    engine: AsyncEngine, feed_id: str, keyed: bool
) -> None:
    committer = GroupCommitter(engine, store_posts)
    await committer.run(posts(1)[0])  # the pool has its connection, the statements are prepared
    statements: list[str] = []
    commits: list[int] = []

    def executed(*args: Any) -> None:
        statements.append(args[2].split(None, 1)[0])

    event.listen(engine.sync_engine, "before_cursor_execute", executed)
    event.listen(engine.sync_engine, "commit", lambda _connection: commits.append(1))
    answers = await asyncio.gather(*(committer.run(post) for post in posts(9, keyed)[1:]))

    assert {answer.status_code for answer in answers} == {202}
    # With keys, the keys are looked up first (one SELECT for all); then the articles are
    # read (and locked), and everything is written in one statement.
    assert statements == ["SELECT"] * (2 if keyed else 1) + ["WITH"]
    assert commits == [1]
    assert await stored_counts(engine) == [9, 9, 9, 8 if keyed else 0]


async def test_a_connection_dropped_mid_group_loses_and_doubles_nothing(
    engine: AsyncEngine,
    feed_id: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="storyline_ingest.accept.group_commit")
    real_write = accept_requests.write_changes
    dropped: list[int] = []

    async def dropped_first(connection: AsyncConnection, changes: ArticleChanges, now: Any) -> None:
        if not dropped:  # the server ends the group's connection between its read and write
            backend = await connection.exec_driver_sql("SELECT pg_backend_pid()")
            dropped.append(backend.scalar_one())
            async with engine.connect() as other:
                await other.execute(select(func.pg_terminate_backend(dropped[0])))
        await real_write(connection, changes, now)

    monkeypatch.setattr(accept_requests, "write_changes", dropped_first)
    committer = GroupCommitter(engine, store_posts)
    answers = await asyncio.gather(*(committer.run(post) for post in posts(8, keyed=True)))

    # The group rolled back with its connection; each post was then written alone, once.
    assert len(dropped) == 1
    assert "group of 8 rolled back" in caplog.text
    assert [answer.body["outcome"] for answer in answers] == ["created"] * 8
    assert await stored_counts(engine) == [8, 8, 8, 8]


async def test_a_value_longer_than_its_column_is_refused_not_cut(
    engine: AsyncEngine, feed_id: str
) -> None:
    rows = checks.first_group("long", feed_id)
    rows.new_articles[0]["external_id"] = "x" * 2000  # the column holds 1,024

    with pytest.raises(DBAPIError):
        async with engine.begin() as connection:
            await write_rows(connection, rows)

    assert (await checks.stored(engine, "long"))["articles"] == []
