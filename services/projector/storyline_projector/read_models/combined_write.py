"""All of a batch's rows, in every table, written with one statement on PostgreSQL.

Each table's rows travel as one JSON document, expanded by the server (``json_to_recordset``),
and each table's insert is one data-modifying ``WITH`` clause of a single statement: one round
trip whatever the number of tables and rows. The statement's text depends only on the tables,
columns and clash rules, so it is built once and prepared once per connection. Python's share is
one ``orjson.dumps`` per table (the element-by-element encoding of array parameters was most of
the cost of the statement per table this replaces).

``guarded_statement`` is the same statement behind a check: the rows are written only if a
guard query says the batch's assumptions stand (see ``consume.held_batch``).

A JSON column is sent nested in the document and stored as it was given, with a JSON ``null``
kept as such, as SQLAlchemy stores it. Every other backend takes the rows table by table
(``bulk_insert``), by the same clash rules.

A text column that holds JSON texts (``info={"json_text": True}``: an event as it was published)
travels beside its table's document rather than in it: its values joined by the record
separator (U+001E) in a text parameter of their own, which the server splits again
(``string_to_table``, PostgreSQL 14 and later) and pairs with the document's rows in order
(``ROWS FROM``). No JSON text holds a raw control character (RFC 8259 escapes them all; RFC 7464
separates JSON texts with this one for that reason), so a value never splits in two, and one
that does hold it is refused. Nested in the document, every quote of such a value was escaped
by the client and parsed back by the server: inserting a batch's event-history rows took the
server 9 to 10 µs of CPU per row that way, 5 to 7 µs this way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.bulk_insert import ClashRules, insert_rows

Shape = tuple[Table, tuple[str, ...], tuple[str, ...], ClashRules | None]
RECORD_SEPARATOR = "\x1e"


@dataclass(frozen=True)
class TableWrite:
    """Rows of one table, all with the same columns; ``rules`` None: a plain insert (a clash
    fails); empty: skip a clashing row; else the columns a clash updates, each by its rule."""

    table: Table
    columns: tuple[str, ...]
    key: tuple[str, ...]
    rules: ClashRules | None
    rows: Sequence[Mapping[str, Any]]


async def write_tables(connection: AsyncConnection, writes: Sequence[TableWrite]) -> None:
    if not writes:
        return
    if connection.dialect.name != "postgresql":
        for write in writes:
            key = () if write.rules is None else write.key
            await insert_rows(connection, write.table, write.rows, key, dict(write.rules or ()))
        return
    schema = _bound_schema(connection)
    await connection.exec_driver_sql(_statement(schema, shapes_of(writes)), documents_of(writes))


def shapes_of(writes: Sequence[TableWrite]) -> tuple[Shape, ...]:
    """What the statement's text depends on: tables, columns and clash rules."""
    return tuple((w.table, w.columns, w.key, w.rules) for w in writes)


def documents_of(writes: Sequence[TableWrite]) -> tuple[str | None, ...]:
    """The statement's parameters in order: each table's rows as one JSON document, followed by
    the values of each of its JSON-text columns joined by the record separator (None for none).
    """
    parameters: list[str | None] = []
    for write in writes:
        texts = json_text_columns(write.table, write.columns)
        if not texts:
            parameters.append(_document(write.rows))
            continue
        parameters.append(_document([_without(row, texts) for row in write.rows]))
        parameters += [
            _joined(write.table, name, [row[name] for row in write.rows]) for name in texts
        ]
    return tuple(parameters)


def _without(row: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    trimmed = dict(row)  # a copy, then deletions: cheaper than building a dict of the rest
    for name in names:
        del trimmed[name]
    return trimmed


def _document(rows: Sequence[Mapping[str, Any]]) -> str:
    return orjson.dumps(list(rows), option=orjson.OPT_NAIVE_UTC).decode()


def _joined(table: Table, column: str, values: list[str]) -> str | None:
    if not values:
        return None  # no rows: the split gives none either ("" would give one empty row)
    # ``in`` scans each value at memchr speed; counting the joined text went byte by byte
    if any(RECORD_SEPARATOR in value for value in values):
        raise ValueError(f"{table.name}.{column}: a JSON text holds a raw record separator")
    return RECORD_SEPARATOR.join(values)


@lru_cache(maxsize=256)
def json_text_columns(table: Table, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The columns among ``columns`` that travel as JSON texts beside the document."""
    return tuple(column for column in columns if table.c[column].info.get("json_text"))


def _bound_schema(connection: AsyncConnection) -> str | None:
    sync = connection.sync_connection
    assert sync is not None, "the connection is open: a statement is being written on it"
    translate = sync.get_execution_options().get("schema_translate_map") or {}
    schema: str | None = translate.get(None)
    return schema


@lru_cache(maxsize=512)
def _statement(schema: str | None, shapes: tuple[Shape, ...]) -> str:
    clauses = [
        _insert(schema, *shape, parameter=number)
        for number, shape in zip(_first_parameters(shapes, 1), shapes, strict=True)
    ]
    *ctes, last = clauses
    if not ctes:
        return last
    return "WITH " + ", ".join(f"w{n} AS ({cte})" for n, cte in enumerate(ctes)) + " " + last


@lru_cache(maxsize=512)
def guarded_statement(
    schema: str | None, guard: str, parameters: int, shapes: tuple[Shape, ...]
) -> str:
    """One statement that evaluates ``guard`` (a query of one boolean column ``ok``, on
    parameters ``$1`` to ``$parameters``) and writes the rows only if it is true; it returns
    ``ok``. The rows' parameters (``documents_of``) follow the guard's."""
    inserts = [
        _insert(schema, *shape, parameter=number, condition="(SELECT ok FROM guard)")
        for number, shape in zip(_first_parameters(shapes, parameters + 1), shapes, strict=True)
    ]
    ctes = [f"guard AS ({guard})", *(f"w{n} AS ({insert})" for n, insert in enumerate(inserts))]
    # The writes are not read by the main query: PostgreSQL runs them once it has the guard's
    # answer, so its row locks are taken first, in the order the guard takes them.
    return "WITH " + ", ".join(ctes) + " SELECT ok FROM guard"


def _first_parameters(shapes: tuple[Shape, ...], first: int) -> list[int]:
    """The number of each table's first parameter: its document, then one per JSON-text column
    (as ``documents_of`` orders them)."""
    numbers = []
    for table, columns, _, _ in shapes:
        numbers.append(first)
        first += 1 + len(json_text_columns(table, columns))
    return numbers


def _insert(
    schema: str | None,
    table: Table,
    columns: tuple[str, ...],
    key: tuple[str, ...],
    rules: ClashRules | None,
    parameter: int,
    condition: str | None = None,
) -> str:
    name = qualified(schema, table.name)
    names = ", ".join(_quoted(column) for column in columns)
    values = ", ".join(_read(table.c[column]) for column in columns)
    texts = json_text_columns(table, columns)
    in_document = [column for column in columns if column not in texts]
    shape = ", ".join(f"{_quoted(column)} {_type(table.c[column])}" for column in in_document)
    source = f"json_to_recordset(${parameter}::json) AS r({shape})"
    if texts:
        # row n of the document with value n of each text: the functions run side by side
        splits = [f"string_to_table(${parameter + n}, chr(30))" for n in range(1, len(texts) + 1)]
        aliases = ", ".join(_quoted(column) for column in (*in_document, *texts))
        source = (
            f"ROWS FROM (json_to_recordset(${parameter}::json) AS ({shape}), "
            f"{', '.join(splits)}) AS r({aliases})"
        )
    sql = f"INSERT INTO {name} AS t ({names}) SELECT {values} FROM {source}"
    if condition is not None:
        sql += f" WHERE {condition}"
    if rules is None:
        return sql
    target = ", ".join(_quoted(column) for column in key)
    if not rules:
        return f"{sql} ON CONFLICT ({target}) DO NOTHING"
    updates = ", ".join(f"{_quoted(column)} = {_combined(column, rule)}" for column, rule in rules)
    return f"{sql} ON CONFLICT ({target}) DO UPDATE SET {updates}"


def _read(column: Column[Any]) -> str:
    value = f"r.{_quoted(column.name)}"
    # json_to_recordset reads a JSON null as SQL NULL; SQLAlchemy stores None as JSON null.
    return f"coalesce({value}, 'null'::json)" if isinstance(column.type, JSON) else value


def _combined(column: str, rule: str | None) -> str:
    """``sql_upsert.combined_column`` as text."""
    current, new = f"t.{_quoted(column)}", f"EXCLUDED.{_quoted(column)}"
    if rule == "coalesce":
        return f"coalesce({current}, {new})"
    if rule in ("min", "max"):
        # a NULL stored value takes the new one, as SQL's aggregates skip NULLs
        wins = "<" if rule == "min" else ">"
        return (
            f"CASE WHEN {current} IS NULL THEN {new} "
            f"WHEN {new} {wins} {current} THEN {new} ELSE {current} END"
        )
    return new


def _type(column: Column[Any]) -> str:
    """How the document's field is read: lengths are left to the insert, which checks them."""
    kind = column.type
    for python_type, sql in _TYPES:
        if isinstance(kind, python_type):
            if isinstance(kind, DateTime) and not kind.timezone:
                return "timestamp"
            return sql
    raise TypeError(f"{column.table}.{column.name}: {kind!r} cannot be sent in a JSON document")


# Subclasses before their bases (BigInteger is an Integer, Text a String).
_TYPES: tuple[tuple[type[Any], str], ...] = (
    (JSON, "json"),
    (BigInteger, "bigint"),
    (Integer, "integer"),
    (Float, "double precision"),
    (Boolean, "boolean"),
    (DateTime, "timestamptz"),
    (Date, "date"),
    (String, "text"),
)


def qualified(schema: str | None, table: str) -> str:
    """A table's name in SQL text, in ``schema`` when one is given."""
    return _quoted(table) if schema is None else f"{_quoted(schema)}.{_quoted(table)}"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
