"""One scenario for ``bulk_insert.insert_rows``, run on SQLite (unit) and PostgreSQL (integration).

The same rows are written twice, in separate transactions that are rolled back: once in bulk,
once row by row (one plain ``INSERT ... ON CONFLICT`` per row, built here). The
tables must end the same, and as the merge rules say: the bulk path sends PostgreSQL one array
per column, so a JSON value, a NULL or a merge rule handled differently there would show here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_projector.read_models.bulk_insert import insert_rows
from storyline_projector.read_models.sql_upsert import Combine, combined_column
from storyline_projector.read_models.tables import applied_events, stories, story_articles
from storyline_projector.read_models.utc import as_utc_or_none

Rules = Mapping[str, Combine | None]
Step = tuple[Table, list[dict[str, Any]], Sequence[str], Rules | None]
Writer = Callable[[AsyncConnection, Step], Awaitable[None]]


def at(minute: int) -> datetime:
    return datetime(2024, 3, 1, 12, minute, tzinfo=UTC)


def story(story_id: str, opening: dict[str, Any] | None, actors: list[str]) -> dict[str, Any]:
    return {
        "story_id": story_id,
        "opening": opening,
        "opened_at": at(1) if opening else None,
        "status": "developing",
        "incident_date": date(2024, 2, 29) if opening else None,
        "key_actors": actors,
        "article_count": 0,
        "outlet_count": 0,
        "event_count": 0,
    }


def source(article: str, version: int, outlet: str | None, copy_of: str | None, minute: int) -> Any:
    return {
        "story_id": "story-1",
        "article_id": article,
        "article_version": version,
        "outlet": outlet,
        "near_duplicate_of": copy_of,
        "assigned_at": at(minute),
    }


ARTICLE_RULES: Rules = {
    "article_version": "max",
    "outlet": "coalesce",
    "near_duplicate_of": "coalesce",
    "assigned_at": "min",
}
OPENING = {"title": "Drone strike on a depot", "places": ["Kyiv"], "key_actors": []}
STEPS: list[Step] = [
    # Insert, skipping clashes; a JSON None, an empty list, a nested object, a NULL date.
    (
        stories,
        [story("story-1", None, []), story("story-2", OPENING, ["Russia"])],
        ["story_id"],
        {},
    ),
    # A clash overwrites only the columns named; new rows are inserted whole.
    (
        stories,
        [story("story-1", OPENING, ["Ukraine"]), story("story-3", None, ["Poland", "Belarus"])],
        ["story_id"],
        {"opening": None, "opened_at": None},
    ),
    # Order-free merge rules, NULLs on either side.
    (
        story_articles,
        [source("a1", 1, None, None, 10), source("a2", 2, "Wire", None, 5)],
        ["story_id", "article_id"],
        ARTICLE_RULES,
    ),
    (
        story_articles,
        [source("a1", 3, "Ledger", "a2", 20), source("a2", 1, "Other", None, 1)],
        ["story_id", "article_id"],
        ARTICLE_RULES,
    ),
    # A plain insert, no key.
    (applied_events, [{"event_id": f"event-{n}"} for n in range(3)], [], None),
]


async def in_bulk(connection: AsyncConnection, step: Step) -> None:
    table, rows, key, rules = step
    await insert_rows(connection, table, rows, key, rules)


async def row_by_row(connection: AsyncConnection, step: Step) -> None:
    table, rows, key, rules = step
    for row in rows:
        if not key:
            await connection.execute(table.insert().values(**row))
            continue
        await connection.execute(_one_row_upsert(connection, table, row, key, rules or {}))


def _one_row_upsert(
    connection: AsyncConnection,
    table: Table,
    row: dict[str, Any],
    key: Sequence[str],
    rules: Rules,
) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**row)
    if not rules:
        return statement.on_conflict_do_nothing(index_elements=list(key))
    return statement.on_conflict_do_update(
        index_elements=list(key),
        set_={
            name: combined_column(table.c[name], statement.excluded[name], rule)
            for name, rule in rules.items()
        },
    )


async def tables_after(engine: AsyncEngine, write: Writer) -> dict[str, Any]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            for step in STEPS:
                await write(connection, step)
            return await _contents(connection)
        finally:
            await transaction.rollback()


async def _contents(connection: AsyncConnection) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for table in (stories, story_articles, applied_events):
        rows = await connection.execute(select(table).order_by(*table.primary_key.columns))
        found[table.name] = [
            {
                name: as_utc_or_none(value) if isinstance(value, datetime) else value
                for name, value in row._mapping.items()
            }
            for row in rows
        ]
    # A JSON column can hold SQL NULL or JSON null, which read back alike: count them apart.
    found["openings_sql_null"] = (
        await connection.execute(select(func.count()).where(stories.c.opening.is_(None)))
    ).scalar()
    return found


async def check_bulk_matches_row_by_row(engine: AsyncEngine) -> None:
    bulk = await tables_after(engine, in_bulk)
    single = await tables_after(engine, row_by_row)
    assert bulk == single
    by_story = {row["story_id"]: row for row in bulk["read_stories"]}
    assert by_story["story-1"]["opening"] == OPENING  # overwritten on the clash
    assert by_story["story-1"]["key_actors"] == []  # not in the clash's columns: kept
    assert by_story["story-2"]["opening"] == OPENING
    assert by_story["story-3"]["key_actors"] == ["Poland", "Belarus"]
    assert by_story["story-3"]["opening"] is None
    articles = {row["article_id"]: row for row in bulk["read_story_articles"]}
    assert (articles["a1"]["article_version"], articles["a1"]["outlet"]) == (3, "Ledger")
    assert (articles["a1"]["near_duplicate_of"], articles["a1"]["assigned_at"]) == ("a2", at(10))
    assert (articles["a2"]["article_version"], articles["a2"]["outlet"]) == (2, "Wire")
    assert (articles["a2"]["near_duplicate_of"], articles["a2"]["assigned_at"]) == (None, at(1))
    assert [row["event_id"] for row in bulk["projector_applied_events"]] == [
        "event-0",
        "event-1",
        "event-2",
    ]
