"""Bulk writes on SQLite end exactly as row-by-row upserts (PostgreSQL: tests/integration)."""

from __future__ import annotations

from storyline.embedded import EmbeddedStoryline
from tests.unit.projector.bulk_scenario import check_bulk_matches_row_by_row


async def test_bulk_rows_end_as_row_by_row_upserts_on_sqlite(storyline: EmbeddedStoryline) -> None:
    await check_bulk_matches_row_by_row(storyline.engine)
