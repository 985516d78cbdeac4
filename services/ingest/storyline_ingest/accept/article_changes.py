"""The articles a group of posts touches: read once before deciding, written once after.

Deciding article by article and writing each one as it is decided costs a handful of statements
per article. Instead the accept path reads every article of a group in one statement (locking
the rows on PostgreSQL), decides each post against those rows in memory (so two posts of the
same article in one group see each other), and writes what it decided in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event
from storyline_contracts.article_events import ArticleContent
from storyline_ingest.accept.group_writes import UPDATED_ARTICLE_COLUMNS, GroupRows
from storyline_ingest.accept.postgres_group_writes import write_on_postgres
from storyline_ingest.accept.sqlite_group_writes import write_on_sqlite
from storyline_ingest.outbox import event_store
from storyline_ingest.storage.tables import article_versions, articles

# Built once: they run for every group, and building a statement costs more than running it.
# Rows are locked in id order, so two writers locking overlapping groups cannot deadlock.
_STORED_COLUMNS = (
    "article_id",
    "feed_id",
    "external_id",
    "current_version",
    "feed_version",
    "status",
    "content_hash",
    "received_at",
    "updated_at",
)
_CURRENT_ARTICLES = (
    select(*(articles.c[name] for name in _STORED_COLUMNS))
    .where(articles.c.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(articles.c.article_id)
    .with_for_update()
)
_PUBLISHED_AT = select(article_versions.c.content).where(
    article_versions.c.article_id == bindparam("article_id"),
    article_versions.c.version == bindparam("version"),
)


@dataclass
class StoredArticle:
    """One article's row, kept up to date in memory while a group is decided."""

    article_id: str
    feed_id: str
    external_id: str
    current_version: int
    feed_version: int | None
    status: str
    content_hash: str
    received_at: datetime
    updated_at: datetime
    is_new: bool = False  # not in the database yet: inserted, not updated
    changed: bool = False
    # Publication time of the current version, once known (read lazily: rarely needed).
    published_at: datetime | None = None
    published_at_known: bool = False

    def row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _STORED_COLUMNS}


@dataclass
class ArticleChanges:
    """Everything a group decided to write, in the order it was decided."""

    articles: dict[str, StoredArticle]
    versions: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    traces: dict[str, Mapping[str, str]] = field(default_factory=dict)  # by event id
    # Responses stored for the idempotency keys of the group's posts (idempotency_keys rows).
    remembered: list[dict[str, Any]] = field(default_factory=list)


async def load_articles(connection: AsyncConnection, article_ids: Iterable[str]) -> ArticleChanges:
    """The stored rows of ``article_ids`` (locked until commit), as a group's starting point."""
    ids = sorted(set(article_ids))
    rows = (await connection.execute(_CURRENT_ARTICLES, {"ids": ids})).mappings()
    stored = {str(row["article_id"]): StoredArticle(**row) for row in rows}
    return ArticleChanges(stored)


async def published_at(connection: AsyncConnection, article: StoredArticle) -> datetime | None:
    """When the article's current version was published, read from its stored content once."""
    if not article.published_at_known:
        parameters = {"article_id": article.article_id, "version": article.current_version}
        content = (await connection.execute(_PUBLISHED_AT, parameters)).scalar()
        stored = None if content is None else ArticleContent.model_validate(content)
        article.published_at = None if stored is None else stored.published_at
        article.published_at_known = True
    return article.published_at


async def write_changes(
    connection: AsyncConnection, changes: ArticleChanges, now: datetime
) -> None:
    """Write what was decided, all of it in one trip to the database (see ``group_writes``)."""
    touched = sorted(changes.articles.values(), key=lambda article: article.article_id)
    rows = GroupRows(
        new_articles=[article.row() for article in touched if article.is_new],
        changed_articles=[
            _update_row(article) for article in touched if article.changed and not article.is_new
        ],
        versions=changes.versions,
        events=event_store.event_rows(changes.events, now, changes.traces),
        remembered=changes.remembered,
    )
    await write_rows(connection, rows)


async def write_rows(connection: AsyncConnection, rows: GroupRows) -> None:
    """Write a group's rows in the caller's transaction, in one trip to the database."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        await write_on_sqlite(connection, rows)
    else:
        await write_on_postgres(connection, rows)


def _update_row(article: StoredArticle) -> dict[str, Any]:
    return {name: getattr(article, name) for name in ("article_id", *UPDATED_ARTICLE_COLUMNS)}
