"""Checks of a group's one-trip writes, run on SQLite (unit tests) and PostgreSQL (integration).

The rows a group writes must be stored exactly as SQLAlchemy's own statements store them (the
same text for times and JSON, the same bytes), events must take positions in the order given,
each with its outbox row, and a failing write must store nothing and raise SQLAlchemy's error.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_ingest.accept.article_changes import write_rows
from storyline_ingest.accept.group_writes import GroupRows
from storyline_ingest.storage.tables import (
    article_versions,
    articles,
    event_store,
    idempotency_keys,
    outbox,
)

NOW = datetime(2023, 5, 4, 12, 30, 15, 123456, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)


def first_group(prefix: str, feed_id: str) -> GroupRows:
    """Two new articles with a version and an event each, and a stored response."""
    ids = [f"{prefix}-a", f"{prefix}-b"]
    return GroupRows(
        new_articles=[
            {
                "article_id": article_id,
                "feed_id": feed_id,
                "external_id": article_id,
                "current_version": 1,
                "feed_version": None if n else 7,
                "status": "active",
                "content_hash": f"{n}" * 64,
                "received_at": NOW,
                "updated_at": NOW,
            }
            for n, article_id in enumerate(ids)
        ],
        versions=[
            {
                "article_id": article_id,
                "version": 1,
                "feed_version": None,
                "content": {"title": "Grüße", "body": "x" * 40, "tags": [1, None]},
                "content_hash": "c" * 64,
                "received_at": NOW,
            }
            for article_id in ids
        ],
        events=[event(f"{prefix}-e{n}", article_id) for n, article_id in enumerate(ids)],
        remembered=[
            {
                "feed_id": feed_id,
                "key": f"{prefix}-key",
                "request_hash": "f" * 64,
                "response": {"status_code": 202, "body": {"outcome": "created"}},
                "created_at": NOW,
            }
        ],
    )


def second_group(prefix: str) -> GroupRows:
    """A revision of the first article and a withdrawal of the second."""
    return GroupRows(
        changed_articles=[
            {
                "article_id": f"{prefix}-a",
                "current_version": 2,
                "feed_version": 8,
                "status": "active",
                "content_hash": "d" * 64,
                "updated_at": LATER,
            },
            {
                "article_id": f"{prefix}-b",
                "current_version": 1,
                "feed_version": None,
                "status": "withdrawn",
                "content_hash": "1" * 64,
                "updated_at": LATER,
            },
        ],
        versions=[
            {
                "article_id": f"{prefix}-a",
                "version": 2,
                "feed_version": 8,
                "content": {"title": "Revised"},
                "content_hash": "d" * 64,
                "received_at": LATER,
            }
        ],
        events=[event(f"{prefix}-e{n}", f"{prefix}-a") for n in (2, 3, 4)],
    )


def event(event_id: str, article_id: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": "storyline.article_received.v1",
        "topic": "storyline.articles.v1",
        "partition_key": article_id,
        "headers": {"ce_id": event_id, "traceparent": "00-abc-def-01"},
        "payload": b"\x00\x01binary\xff",
        "recorded_at": NOW,
    }


async def write_with_sqlalchemy(connection: AsyncConnection, rows: GroupRows) -> None:
    """The same rows through SQLAlchemy's statements, one at a time: the reference."""
    if rows.new_articles:
        await connection.execute(insert(articles), rows.new_articles)
    for changed in rows.changed_articles:
        values = {name: value for name, value in changed.items() if name != "article_id"}
        await connection.execute(
            update(articles).where(articles.c.article_id == bindparam("id")).values(**values),
            {"id": changed["article_id"]},
        )
    if rows.versions:
        await connection.execute(insert(article_versions), rows.versions)
    if rows.remembered:
        await connection.execute(insert(idempotency_keys), rows.remembered)
    for row in rows.events:
        stored = await connection.execute(
            insert(event_store).returning(event_store.c.position), row
        )
        await connection.execute(insert(outbox), {"position": stored.scalar_one(), "sent_at": None})


async def stored(engine: AsyncEngine, prefix: str) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows of ``prefix`` as the database holds them (no conversion by a column
    type), with the prefix taken out so that two writers' rows compare."""
    queries = {
        "articles": "SELECT * FROM articles WHERE article_id LIKE :p ORDER BY article_id",
        "article_versions": "SELECT * FROM article_versions WHERE article_id LIKE :p "
        "ORDER BY article_id, version",
        "idempotency_keys": "SELECT * FROM idempotency_keys WHERE key LIKE :p",
        # Positions differ between the two writers; their order is checked on its own.
        "event_store": "SELECT event_id, event_type, topic, partition_key, headers, payload, "
        "recorded_at FROM event_store WHERE event_id LIKE :p ORDER BY position",
        "outbox": "SELECT e.event_id, o.sent_at FROM outbox o JOIN event_store e "
        "ON e.position = o.position WHERE e.event_id LIKE :p ORDER BY o.position",
    }
    found: dict[str, list[tuple[Any, ...]]] = {}
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        for table, query in queries.items():
            found[table] = [
                tuple(_unprefixed(value, prefix) for value in row)
                for row in await _raw_rows(raw.driver_connection, query, f"{prefix}-%")
            ]
    return found


async def _raw_rows(driver: Any, query: str, pattern: str) -> list[tuple[Any, ...]]:
    if hasattr(driver, "fetch"):  # asyncpg: each row as PostgreSQL's text of it
        text = f"SELECT stored::text FROM ({query.replace(':p', '$1')}) AS stored"
        rows = await driver.fetch(text, pattern)
    else:  # aiosqlite: SQLite's values as stored (times and JSON are text there)
        cursor = await driver.execute(query.replace(":p", "?"), (pattern,))
        rows = await cursor.fetchall()
    return sorted((tuple(row) for row in rows), key=repr)


def _unprefixed(value: Any, prefix: str) -> Any:
    if isinstance(value, str):
        return value.replace(prefix, "P")
    return value


async def check_rows_are_stored_as_sqlalchemy_stores_them(
    engine: AsyncEngine, feed_id: str
) -> None:
    async with engine.begin() as connection:
        await write_rows(connection, first_group("fast", feed_id))
        await write_with_sqlalchemy(connection, first_group("core", feed_id))
    async with engine.begin() as connection:
        await write_rows(connection, second_group("fast"))
        await write_with_sqlalchemy(connection, second_group("core"))

    fast, core = await stored(engine, "fast"), await stored(engine, "core")

    assert fast == core
    assert [len(fast[table]) for table in fast] == [2, 3, 1, 5, 5]


async def check_positions_follow_the_events_order(engine: AsyncEngine, feed_id: str) -> None:
    rows = first_group("order", feed_id)
    events = [event(f"order-{n:02d}", "order-a") for n in (5, 1, 9, 3, 7, 0, 4)]
    async with engine.begin() as connection:
        await write_rows(connection, GroupRows(rows.new_articles, events=events))
        by_position = await connection.execute(
            event_store.select()
            .where(event_store.c.event_id.like("order-%"))
            .order_by(event_store.c.position)
        )
        ids = [row.event_id for row in by_position]
        queued = await connection.execute(
            select(outbox.c.position)
            .join(event_store, event_store.c.position == outbox.c.position)
            .where(event_store.c.event_id.like("order-%"))
        )
        assert len(queued.all()) == len(events)
    assert ids == [each["event_id"] for each in events]


async def check_a_failing_write_stores_nothing(engine: AsyncEngine, feed_id: str) -> None:
    async with engine.begin() as connection:
        await write_rows(connection, first_group("twice", feed_id))
    again = first_group("twice", feed_id)
    again.new_articles = []  # only the versions, events and key: each already stored

    async def write_again() -> None:
        async with engine.begin() as connection:
            fresh = first_group("once", feed_id).new_articles
            await write_rows(connection, GroupRows(new_articles=fresh))
            await write_rows(connection, again)

    with pytest.raises(IntegrityError):
        await write_again()

    assert (await stored(engine, "once"))["articles"] == []
