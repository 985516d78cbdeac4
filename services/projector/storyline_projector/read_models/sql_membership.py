"""``column IN (values)`` for many values, written the way each backend handles best.

PostgreSQL gets the values as one array parameter (``column = ANY($1)``): one statement text
whatever their number, prepared once. A plain ``IN`` would have SQLAlchemy render one
placeholder per value and PostgreSQL parse and plan a new statement at every batch. SQLite keeps
the ``IN`` list (it has no arrays).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection


def one_of(
    connection: AsyncConnection, column: ColumnElement[Any], values: Collection[Any]
) -> ColumnElement[bool]:
    if connection.dialect.name != "postgresql":
        return column.in_(values)
    array = bindparam(None, list(values), type_=postgresql.ARRAY(column.type))
    return column == any_(array)
