"""A group's writes, all of them in one go: one trip to SQLite's thread, one PostgreSQL statement.

A group writes to up to five tables (new articles, changed articles, their versions, the event
store with its outbox, the stored responses of idempotency keys). Run one by one through
SQLAlchemy, each costs a database trip and an execution on top of the writing itself, together
more than the writing: so each backend gets them at once (see ``sqlite_group_writes`` and
``postgres_group_writes``), inside the caller's transaction. Values are converted by the
columns' own types, so the rows stored are the ones ``connection.execute`` would store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Row = Mapping[str, Any]

# The columns of ``articles`` a revision or a withdrawal changes (rows also hold the id).
UPDATED_ARTICLE_COLUMNS = (
    "current_version",
    "feed_version",
    "status",
    "content_hash",
    "updated_at",
)


@dataclass
class GroupRows:
    """Everything one group writes, table by table, each list in the order it was decided."""

    new_articles: Sequence[Row] = ()
    changed_articles: Sequence[Row] = ()  # article_id and UPDATED_ARTICLE_COLUMNS
    versions: Sequence[Row] = ()
    events: Sequence[Row] = ()  # positions are given in this order, each queued in the outbox
    remembered: Sequence[Row] = ()  # idempotency_keys rows

    def __bool__(self) -> bool:
        parts = (self.new_articles, self.changed_articles, self.versions, self.events)
        return any(parts) or bool(self.remembered)
