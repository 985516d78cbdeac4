"""Row changes collected over a batch of events, then written with one statement per table.

Handlers ``put`` rows keyed by primary key, as ``sql_upsert.upsert`` would write them one by one;
a second put of the same key is merged into the pending row in memory, by the very rules the
database would apply to the stored row (columns left out of ``update`` keep the first value,
``update`` columns take the last one, or are combined by their ``combine`` rule). ``flush`` then
writes each table with one ``INSERT ... ON CONFLICT`` for all its rows (``bulk_insert``), so
the result is the same as writing every put on its own, in order, at a fraction of the cost.

Every put of one table must carry the same columns: a column missing from the first put would
be NULL in the stored row, and merging a later value into it would then differ from what the
database does. Rows no later put changes skip the merging altogether (``fact_rows``): ``add``
inserts a row whose clash with a stored one leaves that one as it is, ``insert`` a row with no
conflict handling at all (a clash fails the write).

A batch puts hundreds of thousands of rows, so a put does as little as it can: the mapping
handed in is kept as it is (callers build a fresh one per put and leave it alone afterwards),
and copied only when a later put or ``update`` changes the pending row; the clash rules of a
put are worked out once per kind of put and shared by the rows it makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, and_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.bulk_insert import ClashRules
from storyline_projector.read_models.combined_write import TableWrite, write_tables
from storyline_projector.read_models.fact_rows import FactRows
from storyline_projector.read_models.key_order import sort_by_key
from storyline_projector.read_models.sql_upsert import Combine, combined_value

Rules = dict[str, Combine | None]  # the columns a clash updates, and how; never changed in place
_SKIP: Rules = {}  # insert only: the rules of most puts


class _PendingRow:
    __slots__ = ("owned", "rules", "values")

    def __init__(self, values: Mapping[str, Any], rules: Rules) -> None:
        self.values: Mapping[str, Any] = values  # the caller's mapping until it must change
        self.rules = rules
        self.owned = False  # whether ``values`` is this row's own copy

    def own_values(self) -> dict[str, Any]:
        """The values as a dict of this row's own, to change."""
        if not self.owned:
            self.values = dict(self.values)
            self.owned = True
        return self.values  # type: ignore[return-value]


class _TableRows:
    """One table's pending rows, by primary key: the key column's value, or a tuple of the
    values of several (so that rows sort by their key's values either way)."""

    __slots__ = ("key", "key_of", "rows", "rules")

    def __init__(self, key: tuple[str, ...]) -> None:
        self.key = key
        self.key_of: Callable[[Mapping[str, Any]], Any] = itemgetter(*key)
        self.rows: dict[Any, _PendingRow] = {}
        # by what they are worked out from; a ``combine`` mapping is known by its id, and kept
        # here with its rules so that the id stays its own while the buffer lives
        self.rules: dict[tuple[Any, ...], tuple[Rules, Mapping[str, Combine] | None]] = {}

    def row_key(self, values: Sequence[Any]) -> Any:
        """The key of a row whose key columns hold ``values``, in key order."""
        return values[0] if len(self.key) == 1 else tuple(values)

    def rules_of(
        self,
        values: Mapping[str, Any],
        update: Sequence[str] | None,
        combine: Mapping[str, Combine] | None,
    ) -> Rules:
        """What a clash of this put updates, and how: shared by every put alike."""
        if update is not None and not update:
            return _SKIP
        found = (
            None if update is None else tuple(update),
            id(combine),
            tuple(values) if update is None else None,  # no ``update``: every column but the key
        )
        known = self.rules.get(found)
        if known is None:
            known = self.rules[found] = (_rules(values, self.key, update, combine), combine)
        return known[0]


class RowBuffer:
    """Pending row changes, per table, keyed by primary key."""

    def __init__(self) -> None:
        self._tables: dict[Table, _TableRows] = {}
        self._facts = FactRows()

    def __len__(self) -> int:
        return sum(len(rows.rows) for rows in self._tables.values()) + len(self._facts)

    def put(
        self,
        table: Table,
        values: Mapping[str, Any],
        key: Sequence[str],
        update: Sequence[str] | None = None,
        combine: Mapping[str, Combine] | None = None,
    ) -> None:
        """Insert ``values``; on a clash on ``key`` update the ``update`` columns (default: all),
        merging those named in ``combine`` by their rule instead of overwriting them. The buffer
        keeps ``values``: the caller must not change it afterwards."""
        rows = self._tables.get(table)
        if rows is None or (key is not rows.key and tuple(key) != rows.key):
            rows = self._rows_of(table, key)
        row_key = rows.key_of(values)
        rules = rows.rules_of(values, update, combine)
        pending = rows.rows.get(row_key)
        if pending is None:
            rows.rows[row_key] = _PendingRow(values, rules)
            return
        if pending.values.keys() != values.keys():
            raise ValueError(f"rows put into {table.name} must all carry the same columns")
        if not rules:
            return  # a clash changes nothing
        merged = pending.own_values()
        for name, rule in rules.items():
            merged[name] = combined_value(merged[name], values[name], rule)
        if rules is not pending.rules:
            pending.rules = {**pending.rules, **rules}

    def pending(self, table: Table, key: tuple[Any, ...]) -> bool:
        """Whether a row with primary key ``key`` (its values, in key order) is pending."""
        rows = self._tables.get(table)
        return rows is not None and rows.row_key(key) in rows.rows

    def add(self, table: Table, values: Mapping[str, Any], key: Sequence[str]) -> None:
        """Insert ``values``, a row no later put changes; a stored row with the same ``key`` is
        left as it is (as a ``put`` with ``update=()``). The buffer keeps ``values``: the caller
        must not change it afterwards."""
        self._facts.rows_of(table, key, skip=True).append(values)

    def insert(self, table: Table, rows: Iterable[Mapping[str, Any]], key: Sequence[str]) -> None:
        """Insert ``rows`` as they are: a row with the same ``key``, stored or in the batch, fails
        the write. The buffer keeps the rows: the caller must not change them afterwards."""
        self._facts.rows_of(table, key, skip=False).extend(rows)

    async def update(
        self,
        connection: AsyncConnection,
        table: Table,
        key: Mapping[str, Any],
        values: Mapping[str, Any],
    ) -> None:
        """Change the row ``key`` if it exists: a pending row takes the change before it is
        written; a stored one is updated now (no pending row means the order is kept)."""
        rows = self._tables.get(table)
        pending = None
        if rows is not None:
            pending = rows.rows.get(rows.row_key([key[name] for name in rows.key]))
        if pending is None:
            condition = and_(*(table.c[name] == value for name, value in key.items()))
            await connection.execute(update(table).where(condition).values(**values))
            return
        changed = pending.own_values()
        changed.update(values)
        pending.rules = {**pending.rules, **dict.fromkeys(values)}

    async def flush(self, connection: AsyncConnection) -> None:
        """Write every pending row: one statement per table and row shape (on PostgreSQL, one
        statement in all)."""
        await write_tables(connection, self.take_writes())

    def take_writes(self) -> list[TableWrite]:
        """Every pending row, grouped by table and row shape for ``write_tables``; the buffer
        is left empty."""
        tables, self._tables = self._tables, {}
        writes: list[TableWrite] = []
        for table, table_rows in tables.items():
            rows = table_rows.rows
            # Rows of a table are built by the same few handlers, so their columns come in the
            # same order and most share one rules object: each rules object is read once (its
            # id is its own while its rows are alive), and a shape is its columns and its rules.
            clashes: dict[int, int] = {}  # id of a rules object -> its clash's number
            numbers: dict[ClashRules, int] = {}  # clash -> number, in order of arrival
            shapes: dict[tuple[tuple[str, ...], int], list[Any]] = {}
            keys = list(rows)
            if len(table_rows.key) > 1:  # a tuple of the key's values
                sort_by_key(keys, range(len(table_rows.key)))
            else:
                keys.sort()
            for row_key in keys:
                pending = rows[row_key]
                number = clashes.get(id(pending.rules))
                if number is None:
                    clash = tuple(pending.rules.items())
                    number = clashes[id(pending.rules)] = numbers.setdefault(clash, len(numbers))
                shape = (tuple(pending.values), number)
                group = shapes.get(shape)
                if group is None:
                    group = shapes[shape] = []
                group.append(pending.values)
            clash_of = list(numbers)
            writes += [
                TableWrite(table, columns, table_rows.key, clash_of[number], values)
                for (columns, number), values in shapes.items()
            ]
        if not self._facts.tables().isdisjoint(tables):
            raise ValueError("a table's rows are either put or added, never both")
        return writes + self._facts.take_writes()

    def _rows_of(self, table: Table, key: Sequence[str]) -> _TableRows:
        rows = self._tables.get(table)
        if rows is None:
            rows = self._tables[table] = _TableRows(tuple(key))
        elif rows.key != tuple(key):
            raise ValueError(f"rows of {table.name} are keyed by {rows.key}, not {tuple(key)}")
        return rows


def _rules(
    values: Mapping[str, Any],
    key_columns: tuple[str, ...],
    update: Sequence[str] | None,
    combine: Mapping[str, Combine] | None,
) -> Rules:
    """What a clash of this put updates, and how."""
    rules_of = combine or {}
    return {
        name: rules_of.get(name)
        for name in (update if update is not None else values)
        if name not in key_columns
    }
