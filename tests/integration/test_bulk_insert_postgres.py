"""Bulk writes on PostgreSQL (one array per column) end exactly as row-by-row upserts, and
keep every string whole."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, MetaData, String, Table, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_projector.read_models.bulk_insert import insert_rows
from storyline_projector.read_models.tables import applied_events
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
