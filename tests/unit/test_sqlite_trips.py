"""SQLite statements take one trip each to aiosqlite's thread, with sqlite3's results and errors;
a transaction's BEGIN travels with its first statement; and a connection goes back to the pool
without a ROLLBACK unless a transaction is still open."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite.core
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.accept.accept_requests import ArticleStore
from storyline_ingest.accept.idempotency import KeyedRequest
from storyline_ingest.http.request_parsing import parse_article
from storyline_platform.database import create_engine
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each function handed to aiosqlite's thread, in order."""
    handed: list[str] = []
    original = aiosqlite.core.Connection._execute

    async def counted(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        handed.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counted)
    return handed


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    async with engine.begin() as connection:
        await connection.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)")
    yield engine
    await engine.dispose()


@pytest.mark.parametrize("keyed", [False, True])
async def test_a_group_of_posts_costs_three_trips_and_is_all_stored(
    storyline: EmbeddedStoryline, feed: Feed, trips: list[str], keyed: bool
) -> None:
    store = ArticleStore(storyline.engine)
    incoming = [parse_article(article(external_id=f"w-{n}"), feed.feed_id) for n in range(9)]
    await store.store_article(feed.feed_id, incoming[0], None)  # the pool has its connection
    trips.clear()

    answers = await asyncio.gather(
        *(
            store.store_article(feed.feed_id, each, key(n) if keyed else None)
            for n, each in enumerate(incoming[1:])
        )
    )

    assert {answer.status_code for answer in answers} == {202}
    # BEGIN IMMEDIATE with the first read (the keys, all in one statement, or the articles),
    # the articles read, all the group's writes in one trip, COMMIT: no cursor opened or closed
    # on its own, no ROLLBACK after the commit.
    assert trips == ["_begin_then"] + ["_run"] * (1 if keyed else 0) + ["_write_group", "commit"]
    counts = await row_counts(storyline)
    assert (counts["articles"], counts["event_store"], counts["outbox"]) == (9, 9, 9)
    assert counts["idempotency_keys"] == (8 if keyed else 0)


def key(n: int) -> KeyedRequest:
    return KeyedRequest(f"key-{n}", f"{n:064d}")


async def test_statements_give_sqlite3s_rows_counts_and_ids(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        inserted = await connection.exec_driver_sql("INSERT INTO t (v) VALUES ('a')")
        assert inserted.lastrowid == 1
        many = await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}]
        )
        assert many.rowcount == 2
        updated = await connection.execute(text("UPDATE t SET v = v || '!' WHERE id > 1"))
        assert updated.rowcount == 2
        rows = await connection.execute(text("SELECT id, v FROM t ORDER BY id"))
        assert list(rows.keys()) == ["id", "v"]
        assert [tuple(row) for row in rows] == [(1, "a"), (2, "b!"), (3, "c!")]
        returned = await connection.execute(text("INSERT INTO t (v) VALUES ('d') RETURNING id"))
        assert returned.scalar_one() == 4


async def test_a_failing_statement_raises_sqlalchemys_error_and_its_transaction_stores_nothing(
    engine: AsyncEngine,
) -> None:
    async def insert_twice() -> None:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("INSERT INTO t (v) VALUES ('x')")
            await connection.exec_driver_sql("INSERT INTO t (v) VALUES ('x')")

    with pytest.raises(IntegrityError):
        await insert_twice()

    async with engine.connect() as connection:
        assert (await connection.exec_driver_sql("SELECT count(*) FROM t")).scalar_one() == 0


async def test_a_connection_returned_with_its_transaction_open_is_rolled_back(
    engine: AsyncEngine, trips: list[str]
) -> None:
    # A transaction SQLAlchemy does not know about: only the pool's reset can end it.
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        await raw.driver_connection.execute("BEGIN IMMEDIATE")
        await raw.driver_connection.execute("INSERT INTO t (v) VALUES ('left open')")
        trips.clear()

    assert "rollback" in trips  # sent because SQLite said a transaction was open
    async with engine.begin() as connection:  # the write lock was given back
        await connection.exec_driver_sql("INSERT INTO t (v) VALUES ('next')")
    async with engine.connect() as connection:
        stored = (await connection.exec_driver_sql("SELECT v FROM t")).scalars().all()
    assert stored == ["next"]


async def test_begin_immediate_travels_with_the_first_statement(
    engine: AsyncEngine, trips: list[str]
) -> None:
    async with engine.begin() as connection:
        raw = await connection.get_raw_connection()
        assert not raw.driver_connection.in_transaction  # nothing sent yet
        await connection.exec_driver_sql("SELECT count(*) FROM t")
        # Even a read holds the write transaction, as with BEGIN IMMEDIATE sent on its own.
        assert raw.driver_connection.in_transaction
        await connection.exec_driver_sql("INSERT INTO t (v) VALUES ('a')")

    assert trips == ["_begin_then", "_run", "commit"]
    async with engine.connect() as connection:
        assert (await connection.exec_driver_sql("SELECT v FROM t")).scalars().all() == ["a"]


async def test_a_transaction_with_no_statement_takes_no_trip(
    engine: AsyncEngine, trips: list[str]
) -> None:
    async with engine.begin():
        pass
    async with engine.connect() as connection:
        await connection.begin()
        await connection.rollback()

    assert trips == []
    async with engine.begin() as connection:  # the next one begins as usual
        await connection.exec_driver_sql("INSERT INTO t (v) VALUES ('after')")
    assert trips == ["_begin_then", "commit"]


async def test_a_begin_refused_while_another_writer_holds_the_lock_stores_nothing(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    async with engine.connect() as connection:  # wait 50 ms for the lock, not 30 s
        await connection.exec_driver_sql("PRAGMA busy_timeout=50")
        await connection.commit()
    other = sqlite3.connect(tmp_path / "trips.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    with pytest.raises(OperationalError, match="locked"):
        async with engine.begin() as connection:
            await connection.exec_driver_sql("INSERT INTO t (v) VALUES ('refused')")

    other.execute("ROLLBACK")
    other.close()
    async with engine.begin() as connection:  # the retry is stored, once
        await connection.exec_driver_sql("INSERT INTO t (v) VALUES ('refused')")
    async with engine.connect() as connection:
        stored = (await connection.exec_driver_sql("SELECT v FROM t")).scalars().all()
    assert stored == ["refused"]
