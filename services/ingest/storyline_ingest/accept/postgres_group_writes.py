"""On PostgreSQL, a group's writes in one statement: one round trip, one execution.

Each table's rows go to the server as arrays, one per column, and are unnested there; the
tables are written by the data-modifying parts of one ``WITH`` statement. Foreign keys are
checked at the end of the statement, so versions may name articles inserted beside them and
the outbox the events. Events get their positions in the order given (``ORDER BY`` the array
index: the ordered ``INSERT ... SELECT`` SQLAlchemy itself relies on), which the relay needs to
keep each key's order.

The statement runs through ``exec_driver_sql``, so its errors are SQLAlchemy's, as any other
statement's (an ``IntegrityError`` for a row written meanwhile by another process, a
connection error that invalidates the connection).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Enum, String, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_ingest.accept.group_writes import UPDATED_ARTICLE_COLUMNS, GroupRows, Row
from storyline_ingest.storage.tables import (
    article_versions,
    articles,
    event_store,
    idempotency_keys,
    outbox,
)

_CHANGED = ("article_id", *UPDATED_ARTICLE_COLUMNS)
_EVENT_COLUMNS = tuple(column.name for column in event_store.c if column.name != "position")


@dataclass(frozen=True)
class _Part:
    """One table's rows as column arrays: the names, each value's conversion, the casts."""

    table: Table
    names: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]
    casts: tuple[str, ...]

    @classmethod
    def of(cls, table: Table, names: Sequence[str], dialect: Dialect) -> _Part:
        types = [table.c[name].type for name in names]
        return cls(
            table,
            tuple(names),
            tuple(type_.dialect_impl(dialect).bind_processor(dialect) for type_ in types),
            tuple(f"{_array_type(type_, dialect)}[]" for type_ in types),
        )

    def arrays(self, rows: Sequence[Row]) -> list[list[Any]]:
        return [
            [row[name] for row in rows] if convert is None else [convert(row[name]) for row in rows]
            for name, convert in zip(self.names, self.converters, strict=True)
        ]


def _array_type(type_: Any, dialect: Dialect) -> str:
    """Strings travel as ``text``: an explicit cast to ``varchar(n)`` would cut a longer value
    without a word, where the insert into the column refuses it."""
    if isinstance(type_, String) and not isinstance(type_, Enum):
        return "TEXT"
    return str(type_.compile(dialect=dialect))


@dataclass(frozen=True)
class _GroupStatement:
    sql: str
    new_articles: _Part
    changed_articles: _Part
    versions: _Part
    remembered: _Part
    events: _Part

    @classmethod
    def of(cls, dialect: Dialect) -> _GroupStatement:
        new_articles = _Part.of(articles, [column.name for column in articles.c], dialect)
        changed_articles = _Part.of(articles, _CHANGED, dialect)
        versions = _Part.of(article_versions, [c.name for c in article_versions.c], dialect)
        remembered = _Part.of(idempotency_keys, [c.name for c in idempotency_keys.c], dialect)
        events = _Part.of(event_store, _EVENT_COLUMNS, dialect)
        number = count(1)
        quote = dialect.identifier_preparer.quote

        def unnest(part: _Part) -> str:
            return "unnest(" + ", ".join(f"${next(number)}::{cast}" for cast in part.casts) + ")"

        def names(part: _Part) -> str:
            return ", ".join(quote(name) for name in part.names)

        def insert(part: _Part) -> str:
            return f"INSERT INTO {part.table.name} ({names(part)}) SELECT * FROM {unnest(part)}"

        updated = ", ".join(f"{quote(n)} = changed.{quote(n)}" for n in _CHANGED[1:])
        sql = (
            f"WITH new_articles AS ({insert(new_articles)}), "
            f"changed_articles AS (UPDATE articles SET {updated} "
            f"FROM {unnest(changed_articles)} AS changed({names(changed_articles)}) "
            "WHERE articles.article_id = changed.article_id), "
            f"versions AS ({insert(versions)}), "
            f"remembered AS ({insert(remembered)}), "
            f"events AS (INSERT INTO {event_store.name} ({names(events)}) "
            f"SELECT {names(events)} FROM {unnest(events)} "
            f"WITH ORDINALITY AS event({names(events)}, ordinal) ORDER BY ordinal "
            "RETURNING position) "
            f"INSERT INTO {outbox.name} (position, sent_at) SELECT position, NULL FROM events"
        )
        return cls(sql, new_articles, changed_articles, versions, remembered, events)


async def write_on_postgres(connection: AsyncConnection, rows: GroupRows) -> None:
    """Every write of the group in one statement, in the caller's transaction."""
    statement = _statement(connection.dialect)
    parameters = [
        *statement.new_articles.arrays(rows.new_articles),
        *statement.changed_articles.arrays(rows.changed_articles),
        *statement.versions.arrays(rows.versions),
        *statement.remembered.arrays(rows.remembered),
        *statement.events.arrays(rows.events),
    ]
    await connection.exec_driver_sql(statement.sql, tuple(parameters))


# Built once per engine: the same text every time, so the driver prepares it once too.
_statements: WeakKeyDictionary[Dialect, _GroupStatement] = WeakKeyDictionary()


def _statement(dialect: Dialect) -> _GroupStatement:
    found = _statements.get(dialect)
    if found is None:
        found = _statements[dialect] = _GroupStatement.of(dialect)
    return found
