"""Bulk writes on PostgreSQL (one array per column) end exactly as row-by-row upserts."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.unit.projector.bulk_scenario import check_bulk_matches_row_by_row

pytestmark = pytest.mark.integration


async def test_bulk_rows_end_as_row_by_row_upserts_on_postgresql(engine: AsyncEngine) -> None:
    await check_bulk_matches_row_by_row(engine)
