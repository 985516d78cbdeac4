"""A canonical digest of every read-model table: equal digests mean equal read models.

Each table is dumped row by row as canonical JSON (keys sorted, timestamps in UTC ISO form,
bytes in hex), rows sorted, tables in name order, and the whole hashed with SHA-256. The
projector's own bookkeeping (positions, applied ids, dead letters, generations, and each story
row's revision) is left out: two runs over the same log can reach the same read models through
different batches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.tables import (
    applied_events,
    dead_letters,
    metadata,
    projector_positions,
    read_model_generations,
)

BOOKKEEPING = {applied_events, dead_letters, projector_positions, read_model_generations}
# Columns of read-model tables that say how a row came to be, not what it holds.
BOOKKEEPING_COLUMNS = {"read_stories": frozenset({"revision"})}


def read_model_tables() -> list[Table]:
    return sorted(
        (table for table in metadata.tables.values() if table not in BOOKKEEPING),
        key=lambda table: table.name,
    )


async def read_model_digest(connection: AsyncConnection) -> str:
    """SHA-256 (hex) of every read-model table reachable through ``connection``."""
    return digest_of(
        {table.name: await table_dump(connection, table) for table in read_model_tables()}
    )


def digest_of(tables: Mapping[str, list[str]]) -> str:
    """SHA-256 (hex) of tables' rows as ``table_dump`` gives them, in the order given."""
    digest = hashlib.sha256()
    for name, rows in tables.items():
        digest.update(f"{name}\t{len(rows)}\n".encode())
        for row in rows:
            digest.update(row.encode())
            digest.update(b"\n")
    return digest.hexdigest()


async def table_dump(connection: AsyncConnection, table: Table) -> list[str]:
    """The rows of ``table`` as sorted canonical JSON lines."""
    result = await connection.execute(select(table))
    left_out = BOOKKEEPING_COLUMNS.get(table.name, frozenset())
    return sorted(
        json.dumps(
            {name: _canonical(value) for name, value in row.items() if name not in left_out},
            sort_keys=True,
            separators=(",", ":"),
        )
        for row in result.mappings()
    )


def _canonical(value: object) -> object:
    if isinstance(value, datetime):
        # SQLite hands back naive UTC timestamps, PostgreSQL aware ones: compare them as equals.
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value
