"""Insert-or-update that works on both SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import ColumnElement, Table, case, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

# How a clashing row's column takes in the new value. Each rule is order-free (the result does
# not depend on which of two writes came first), which is what makes handlers order-tolerant.
Combine = Literal["min", "max", "coalesce"]


async def upsert(
    connection: AsyncConnection,
    table: Table,
    values: dict[str, Any],
    key: Sequence[str],
    update: Sequence[str] | None = None,
    combine: Mapping[str, Combine] | None = None,
) -> None:
    """Insert ``values``; on a clash on ``key`` update the ``update`` columns (default: all).

    Columns named in ``combine`` are merged with the existing value by that rule instead of
    overwritten.
    """
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**values)
    columns = [name for name in (update if update is not None else values) if name not in key]
    if columns:
        rules = combine or {}
        statement = statement.on_conflict_do_update(
            index_elements=list(key),
            set_={
                name: combined_column(table.c[name], statement.excluded[name], rules.get(name))
                for name in columns
            },
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(key))
    await connection.execute(statement)


def combined_column(
    current: ColumnElement[Any], new: ColumnElement[Any], rule: Combine | None
) -> ColumnElement[Any]:
    """The SQL for a clashing row's column: ``current`` (stored) merged with ``new``."""
    if rule == "coalesce":
        return func.coalesce(current, new)
    if rule == "min":
        return case((new < current, new), else_=current)
    if rule == "max":
        return case((new > current, new), else_=current)
    return new


def combined_value(current: Any, new: Any, rule: Combine | None) -> Any:
    """``combined_column`` in Python, NULLs included: what the database would store."""
    if rule is None:
        return new
    if rule == "coalesce":
        return new if current is None else current
    if current is None or new is None:
        return current  # a comparison with NULL is not true: the CASE keeps the stored value
    if rule == "min":
        return new if new < current else current
    return new if new > current else current
