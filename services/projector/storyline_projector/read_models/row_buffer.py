"""Row changes collected over a batch of events, then written with one statement per table.

Handlers ``put`` rows keyed by primary key, as ``sql_upsert.upsert`` would write them one by one;
a second put of the same key is merged into the pending row in memory, by the very rules the
database would apply to the stored row (columns left out of ``update`` keep the first value,
``update`` columns take the last one, or are combined by their ``combine`` rule). ``flush`` then
writes each table with one ``INSERT ... ON CONFLICT`` for all its rows (``bulk_insert``), so
the result is the same as writing every put on its own, in order, at a fraction of the cost.

Every put of one table must carry the same columns: a column missing from the first put would
be NULL in the stored row, and merging a later value into it would then differ from what the
database does. ``insert`` adds a row with no conflict handling at all: a clash with a stored row
fails the write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.combined_write import TableWrite, write_tables
from storyline_projector.read_models.sql_upsert import Combine, combined_value

Rules = dict[str, Combine | None]  # the columns a clash updates, and how


@dataclass
class _PendingRow:
    values: dict[str, Any]
    rules: Rules | None  # None: a plain insert


class RowBuffer:
    """Pending row changes, per table, keyed by primary key."""

    def __init__(self) -> None:
        self._rows: dict[Table, dict[tuple[Any, ...], _PendingRow]] = {}
        self._keys: dict[Table, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rows.values())

    def put(
        self,
        table: Table,
        values: Mapping[str, Any],
        key: Sequence[str],
        update: Sequence[str] | None = None,
        combine: Mapping[str, Combine] | None = None,
    ) -> None:
        """Insert ``values``; on a clash on ``key`` update the ``update`` columns (default: all),
        merging those named in ``combine`` by their rule instead of overwriting them."""
        key_columns = self._keys.get(table)
        if key_columns is None or (key is not key_columns and tuple(key) != key_columns):
            key_columns = self._key_of(table, key)
        rows = self._rows.get(table)
        if rows is None:
            rows = self._rows[table] = {}
        if len(key_columns) == 1:
            row_key: tuple[Any, ...] = (values[key_columns[0]],)
        else:
            row_key = tuple([values[name] for name in key_columns])
        pending = rows.get(row_key)
        if pending is None:
            rows[row_key] = _PendingRow(dict(values), _rules(values, key_columns, update, combine))
            return
        if pending.values.keys() != values.keys():
            raise ValueError(f"rows put into {table.name} must all carry the same columns")
        if pending.rules is None:
            raise ValueError(f"a row inserted into {table.name} cannot be put again")
        for name, rule in _rules(values, key_columns, update, combine).items():
            pending.values[name] = combined_value(pending.values[name], values[name], rule)
            pending.rules[name] = rule

    def pending(self, table: Table, key: tuple[Any, ...]) -> bool:
        """Whether a row with primary key ``key`` (its values, in key order) is pending."""
        rows = self._rows.get(table)
        return rows is not None and key in rows

    def insert(self, table: Table, values: Mapping[str, Any], key: Sequence[str]) -> None:
        """Insert ``values`` as they are: a stored row with the same ``key`` fails the write."""
        key_columns = self._key_of(table, key)
        rows = self._rows.setdefault(table, {})
        row_key = tuple([values[name] for name in key_columns])
        if row_key in rows:
            raise ValueError(f"{table.name} {row_key} inserted twice")
        rows[row_key] = _PendingRow(dict(values), None)

    async def update(
        self,
        connection: AsyncConnection,
        table: Table,
        key: Mapping[str, Any],
        values: Mapping[str, Any],
    ) -> None:
        """Change the row ``key`` if it exists: a pending row takes the change before it is
        written; a stored one is updated now (no pending row means the order is kept)."""
        key_columns = self._keys.get(table, tuple(key))
        pending = self._rows.get(table, {}).get(tuple(key[name] for name in key_columns))
        if pending is None:
            condition = and_(*(table.c[name] == value for name, value in key.items()))
            await connection.execute(update(table).where(condition).values(**values))
            return
        if pending.rules is None:
            raise ValueError(f"a row inserted into {table.name} cannot be updated")
        for name, value in values.items():
            pending.values[name] = value
            pending.rules[name] = None

    async def flush(self, connection: AsyncConnection) -> None:
        """Write every pending row: one statement per table and row shape (on PostgreSQL, one
        statement in all)."""
        await write_tables(connection, self.take_writes())

    def take_writes(self) -> list[TableWrite]:
        """Every pending row, grouped by table and row shape for ``write_tables``; the buffer
        is left empty."""
        rows_by_table, self._rows = self._rows, {}
        writes: list[TableWrite] = []
        for table, rows in rows_by_table.items():
            shapes: dict[tuple[tuple[str, ...], Any], list[Any]] = {}
            for _key, pending in sorted(rows.items()):  # one lock order for every writer
                # Rows of a table are built by the same few handlers, so their columns and rules
                # come in the same order: no need to sort them to group rows by shape.
                rules = None if pending.rules is None else tuple(pending.rules.items())
                shapes.setdefault((tuple(pending.values), rules), []).append(pending.values)
            writes += [
                TableWrite(table, columns, self._keys[table], rules, values)
                for (columns, rules), values in shapes.items()
            ]
        return writes

    def _key_of(self, table: Table, key: Sequence[str]) -> tuple[str, ...]:
        key_columns = self._keys.get(table)
        if key_columns is None:
            key_columns = self._keys[table] = tuple(key)
        elif key_columns != tuple(key):
            raise ValueError(f"rows of {table.name} are keyed by {key_columns}, not {tuple(key)}")
        return key_columns


def _rules(
    values: Mapping[str, Any],
    key_columns: tuple[str, ...],
    update: Sequence[str] | None,
    combine: Mapping[str, Combine] | None,
) -> Rules:
    """What a clash of this put updates, and how (a fresh dict: a later put may add to it)."""
    if update is not None and not update:
        return {}  # insert only: the common case, kept cheap
    rules_of = combine or {}
    return {
        name: rules_of.get(name)
        for name in (update if update is not None else values)
        if name not in key_columns
    }
