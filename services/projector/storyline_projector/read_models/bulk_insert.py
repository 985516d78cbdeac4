"""Many rows into one table with one statement, whatever the backend.

SQLite takes them as an executemany. PostgreSQL takes them as one array per column, unnested
into rows by the server (``INSERT ... SELECT unnest($1), unnest($2), ...``): a single prepared
statement with a fixed text, however many rows. An executemany would instead render a fresh
multi-row ``VALUES`` statement per thousand rows, which PostgreSQL must parse and plan each
time; for the projector, which writes thousands of rows per batch, that was most of the cost.

An upsert's clashing rows are merged by the same rules either way (``sql_upsert``).

A string column travels as ``text[]``, never as an array of the column's own ``varchar(n)``: an
explicit cast to ``varchar(n)`` cuts a longer value without a word, while the insert's own
assignment to the column stores it whole, or fails when it is longer than the column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Column, String, Table, Text, bindparam, cast, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.sql_upsert import Combine, combined_column

# A clash's rules: the columns it updates, each with its merge rule or None (overwrite).
# None instead of rules: insert only (no conflict handling); empty rules: skip clashing rows.
ClashRules = tuple[tuple[str, Combine | None], ...]


async def insert_rows(
    connection: AsyncConnection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    key: Sequence[str] = (),
    rules: Mapping[str, Combine | None] | None = None,
) -> None:
    """Insert ``rows`` (all with the same columns). With a ``key``: on a clash update the
    columns named in ``rules`` by their rule (skip the row when ``rules`` is empty)."""
    if not rows:
        return
    columns = tuple(rows[0])
    clash = None if not key else tuple(sorted((rules or {}).items()))
    if connection.dialect.name != "postgresql":
        statement = _upsert(sqlite.insert(table), table, tuple(key), clash)
        await connection.execute(statement, list(rows))
        return
    arrays = {}
    for name in columns:
        values = [row[name] for row in rows]
        if isinstance(table.c[name].type, JSON):  # sent as text, the way SQLAlchemy sends it
            serialize = table.c[name].type.bind_processor(connection.dialect)
            values = [serialize(value) for value in values] if serialize else values
        arrays[f"array_{name}"] = values
    await connection.execute(_array_statement(table, columns, tuple(key), clash), arrays)


@lru_cache(maxsize=256)
def _array_statement(
    table: Table, columns: tuple[str, ...], key: tuple[str, ...], clash: ClashRules | None
) -> Any:
    # Several unnest() calls in one select list advance in step (PostgreSQL 10 and later).
    source = select(*(_unnested(table.c[name]) for name in columns))
    return _upsert(postgresql.insert(table).from_select(columns, source), table, key, clash)


def _unnested(column: Column[Any]) -> Any:
    if isinstance(column.type, JSON):
        # A JSON array parameter would be read as nested arrays: send text, cast on the server.
        array = bindparam(f"array_{column.name}", type_=postgresql.ARRAY(Text))
        return cast(func.unnest(array), column.type).label(column.name)
    # Strings as text[]: an array of varchar(n) would be cut to n characters by its cast.
    element = Text() if isinstance(column.type, String) else column.type
    array = bindparam(f"array_{column.name}", type_=postgresql.ARRAY(element))
    return func.unnest(array).label(column.name)


def _upsert(statement: Any, table: Table, key: tuple[str, ...], clash: ClashRules | None) -> Any:
    if clash is None:
        return statement
    if not clash:
        return statement.on_conflict_do_nothing(index_elements=list(key))
    return statement.on_conflict_do_update(
        index_elements=list(key),
        set_={
            name: combined_column(table.c[name], statement.excluded[name], rule)
            for name, rule in clash
        },
    )
