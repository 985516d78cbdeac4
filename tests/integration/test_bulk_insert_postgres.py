"""Bulk writes on PostgreSQL (one array per column, or one document per table) end exactly as
row-by-row upserts, and keep every string whole."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Column, MetaData, String, Table, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_projector.read_models.bulk_insert import insert_rows
from storyline_projector.read_models.combined_write import TableWrite, write_tables
from storyline_projector.read_models.tables import applied_events, story_events
from tests.unit.projector.bulk_scenario import check_bulk_matches_row_by_row

pytestmark = pytest.mark.integration


async def test_bulk_rows_end_as_row_by_row_upserts_on_postgresql(engine: AsyncEngine) -> None:
    await check_bulk_matches_row_by_row(engine)


async def test_a_string_longer_than_its_declared_length_is_stored_whole(
    engine: AsyncEngine,
) -> None:
    """The columns' arrays are sent as text: a declared ``String(8)`` whose stored column is
    wider (a column widened by a migration before the tables were) keeps a long value whole,
    instead of having it cut to 8 characters on the way."""
    declared = Table(
        "bulk_long_strings",
        MetaData(),
        Column("key", String(8), primary_key=True),
        Column("version", String(8), nullable=False),
    )
    long_version = "rules-1.0+" + "custom-model-" * 10
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            await connection.execute(
                text(
                    "CREATE TEMPORARY TABLE bulk_long_strings (key text PRIMARY KEY, version text)"
                )
            )
            await insert_rows(
                connection,
                declared,
                [{"key": "a-key-longer-than-8", "version": long_version}],
                key=["key"],
                rules={"version": None},
            )
            stored = (await connection.execute(select(declared))).one()
        finally:
            await transaction.rollback()
    assert tuple(stored) == ("a-key-longer-than-8", long_version)


async def test_a_string_longer_than_its_column_fails_the_write_instead_of_being_cut(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            await insert_rows(connection, applied_events, [{"event_id": "e" * 64}])
            with pytest.raises(DBAPIError, match="too long"):
                await insert_rows(connection, applied_events, [{"event_id": "f" * 65}])
        finally:
            await transaction.rollback()


# JSON text as producers may send it: compact or spread over lines, with escapes, quotes,
# backslashes and characters beyond ASCII, each of which the story log must keep byte for byte.
PUBLISHED = [
    '{"event_id":"e-1","summary":"\\"Provocation\\", the ministry said"}',
    '{\n  "event_id": "e-2",\n\t"summary": "C:\\\\path \\u00e9 é 北京 \\ud83d\\ude00"\n}',
    '{"event_id":"e-3","about":[],"when":null}',
]


def story_log_rows(published: list[str]) -> list[dict[str, Any]]:
    """Story-log rows of one story, the events ``e-1``, ``e-2``, ... as ``published``."""
    occurred_at = datetime(2023, 5, 3, 12, 0, tzinfo=UTC)
    return [
        {
            "story_id": "story-1",
            "event_id": f"e-{number}",
            "event_type": "storyline.accusation_made.v1",
            "occurred_at": occurred_at,
            "data": data,
        }
        for number, data in enumerate(published, 1)
    ]


async def test_the_story_log_keeps_each_event_byte_for_byte_as_it_was_published(
    engine: AsyncEngine,
) -> None:
    # Time travel decodes the story log again: what it keeps must be what was published. The
    # published JSON travels beside the document, in a parameter of its own: tables written
    # before and after it in the same statement still get their own rows.
    logged = story_log_rows(PUBLISHED)
    writes = [
        TableWrite(applied_events, ("event_id",), ("event_id",), None, [{"event_id": "e-8"}]),
        TableWrite(story_events, tuple(logged[0]), ("story_id", "event_id"), (), logged),
        TableWrite(applied_events, ("event_id",), ("event_id",), None, [{"event_id": "e-9"}]),
    ]
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            await write_tables(connection, writes)
            stored = (
                await connection.execute(
                    select(story_events.c.event_id, story_events.c.data).order_by(
                        story_events.c.event_id
                    )
                )
            ).all()
            applied = await connection.execute(
                select(applied_events.c.event_id).order_by(applied_events.c.event_id)
            )
            applied_ids = list(applied.scalars())
        finally:
            await transaction.rollback()
    assert [tuple(row) for row in stored] == [
        (f"e-{number}", data) for number, data in enumerate(PUBLISHED, 1)
    ]
    assert applied_ids == ["e-8", "e-9"]


async def test_a_logged_event_holding_a_raw_record_separator_is_refused_and_nothing_written(
    engine: AsyncEngine,
) -> None:
    """No JSON text holds a raw control character, so the separator between published events
    never occurs inside one; a value that does hold it is not JSON, and the write says so."""
    logged = story_log_rows(['{"event_id":"e-1"}', '{"event_id":"e-2\x1e"}'])
    writes = [TableWrite(story_events, tuple(logged[0]), ("story_id", "event_id"), (), logged)]
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            with pytest.raises(ValueError, match="record separator"):
                await write_tables(connection, writes)
            stored = (await connection.execute(select(story_events.c.event_id))).all()
        finally:
            await transaction.rollback()
    assert stored == []
