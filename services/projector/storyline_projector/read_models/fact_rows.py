"""Rows a batch only ever inserts: the story history copy, timeline entries, their actors, the
figures and threats they report, the ids of the events applied.

Nothing later in a batch changes such a row, so it needs none of the row buffer's merging by
key: each row is appended to its table's list as it is handed in, and the list goes to the
write as it is, sorted by key (the order every writer inserts in, so that two writers inserting
the same keys wait on each other instead of deadlocking). The sort keeps rows of equal keys in
the order they came, and the database keeps the first of them, as ``RowBuffer.put`` with
``update=()`` would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table

from storyline_projector.read_models.combined_write import TableWrite
from storyline_projector.read_models.key_order import sort_by_key


class _Facts:
    __slots__ = ("key", "rows", "skip")

    def __init__(self, key: tuple[str, ...], skip: bool) -> None:
        self.key = key
        self.skip = skip  # a clash skips the row; else it fails the write
        self.rows: list[Mapping[str, Any]] = []


class FactRows:
    """Insert-only rows, per table, in the order they were added."""

    def __init__(self) -> None:
        self._tables: dict[Table, _Facts] = {}

    def __len__(self) -> int:
        return sum(len(facts.rows) for facts in self._tables.values())

    def tables(self) -> set[Table]:
        return set(self._tables)

    def rows_of(self, table: Table, key: Sequence[str], skip: bool) -> list[Mapping[str, Any]]:
        """The list to append ``table``'s rows to: each is inserted with the batch, and a stored
        row with the same ``key`` is left as it is (``skip``) or fails the write. The caller must
        not change a row once appended."""
        facts = self._tables.get(table)
        if facts is None:
            facts = self._tables[table] = _Facts(tuple(key), skip)
        elif (key is not facts.key and tuple(key) != facts.key) or skip != facts.skip:
            raise ValueError(f"rows of {table.name} are all added with the same key and clash")
        return facts.rows

    def take_writes(self) -> list[TableWrite]:
        """Every row, one write per table; none is left."""
        tables, self._tables = self._tables, {}
        writes = []
        for table, facts in tables.items():
            rows = facts.rows
            if not rows:  # a batch with nothing new inserts no applied id
                continue
            sort_by_key(rows, facts.key)
            columns = tuple(rows[0])
            # every row of a table is built by one function: a row of another width is a bug
            if len(set(map(len, rows))) > 1:
                raise ValueError(f"rows added to {table.name} must all carry the same columns")
            writes.append(TableWrite(table, columns, facts.key, () if facts.skip else None, rows))
        return writes
