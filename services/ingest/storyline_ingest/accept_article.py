"""The accept use case: store one article version and its lifecycle event, atomically.

Decides whether a post is a new article, a revision, a withdrawal, a retry of something already
stored (same answer, nothing new), or an older version arriving late (ignored).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import (
    ArticleReceived,
    ArticleRevised,
    ArticleWithdrawn,
    Event,
    deterministic_event_id,
)
from storyline_contracts.article_events import ArticleContent
from storyline_ingest import event_store
from storyline_ingest.article_submission import IncomingArticle
from storyline_ingest.errors import InvalidArticle
from storyline_ingest.tables import article_versions, articles

Outcome = Literal["created", "revised", "withdrawn", "duplicate", "stale"]
ARTICLE_ID_NAMESPACE = uuid.UUID("0f5a3c52-7d0e-4c4b-a0a4-2b9d8c6e1f10")

# Built once: every post runs these, and building a statement costs more than running it.
_CURRENT_ARTICLE = (
    select(articles).where(articles.c.article_id == bindparam("article_id")).with_for_update()
)
_INSERT_ARTICLE = insert(articles)
_INSERT_VERSION = insert(article_versions)


@dataclass(frozen=True)
class AcceptResult:
    article_id: str
    version: int
    outcome: Outcome

    def as_json(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "version": self.version, "outcome": self.outcome}


def article_id_for(feed_id: str, external_id: str) -> str:
    """Storyline's article id: the same feed and external id always map to the same id."""
    return str(uuid.uuid5(ARTICLE_ID_NAMESPACE, f"{feed_id}\x1f{external_id}"))


def content_hash(content: ArticleContent) -> str:
    return hashlib.sha256(f"{content.title}\n{content.body}".encode()).hexdigest()


async def accept_article(
    connection: AsyncConnection, feed_id: str, incoming: IncomingArticle, now: datetime
) -> AcceptResult:
    """Record ``incoming`` for ``feed_id`` in the caller's transaction."""
    article_id = article_id_for(feed_id, incoming.external_id)
    current = (
        (await connection.execute(_CURRENT_ARTICLE, {"article_id": article_id})).mappings().first()
    )
    if current is None:
        return await _create(connection, feed_id, article_id, incoming, now)
    if incoming.status != "usable":
        return await _withdraw(connection, feed_id, current, incoming, now)
    assert incoming.content is not None  # guaranteed by the submission models
    new_hash = content_hash(incoming.content)
    version = int(current["current_version"])
    if new_hash == current["content_hash"] and current["status"] == "active":
        return AcceptResult(article_id, version, "duplicate")
    if _is_older(current, incoming, await _current_published_at(connection, article_id, version)):
        return AcceptResult(article_id, version, "stale")
    return await _revise(connection, feed_id, current, incoming, new_hash, now)


async def _create(
    connection: AsyncConnection,
    feed_id: str,
    article_id: str,
    incoming: IncomingArticle,
    now: datetime,
) -> AcceptResult:
    if incoming.content is None:
        raise InvalidArticle(
            f"cannot withdraw article {incoming.external_id!r}: it was never received",
            field="status",
        )
    digest = content_hash(incoming.content)
    await connection.execute(
        _INSERT_ARTICLE,
        {
            "article_id": article_id,
            "feed_id": feed_id,
            "external_id": incoming.external_id,
            "current_version": 1,
            "feed_version": incoming.feed_version,
            "status": "active",
            "content_hash": digest,
            "received_at": now,
            "updated_at": now,
        },
    )
    await _store_version(connection, article_id, 1, incoming, digest, now)
    event = ArticleReceived(
        event_id=deterministic_event_id(article_id, 1, ArticleReceived.name),
        occurred_at=now,
        article_id=article_id,
        article_version=1,
        feed_id=feed_id,
        external_id=incoming.external_id,
        content=incoming.content,
        content_hash=digest,
    )
    await _record(connection, event, now)
    return AcceptResult(article_id, 1, "created")


async def _revise(
    connection: AsyncConnection,
    feed_id: str,
    current: Any,
    incoming: IncomingArticle,
    digest: str,
    now: datetime,
) -> AcceptResult:
    assert incoming.content is not None
    article_id = str(current["article_id"])
    previous = int(current["current_version"])
    version = previous + 1
    await connection.execute(
        update(articles)
        .where(articles.c.article_id == article_id)
        .values(
            current_version=version,
            feed_version=incoming.feed_version,
            status="active",
            content_hash=digest,
            updated_at=now,
        )
    )
    await _store_version(connection, article_id, version, incoming, digest, now)
    event = ArticleRevised(
        event_id=deterministic_event_id(article_id, version, ArticleRevised.name),
        occurred_at=now,
        article_id=article_id,
        article_version=version,
        feed_id=feed_id,
        external_id=incoming.external_id,
        content=incoming.content,
        content_hash=digest,
        previous_version=previous,
    )
    await _record(connection, event, now)
    return AcceptResult(article_id, version, "revised")


async def _withdraw(
    connection: AsyncConnection,
    feed_id: str,
    current: Any,
    incoming: IncomingArticle,
    now: datetime,
) -> AcceptResult:
    article_id = str(current["article_id"])
    version = int(current["current_version"])
    if current["status"] == "withdrawn":
        return AcceptResult(article_id, version, "duplicate")
    await connection.execute(
        update(articles)
        .where(articles.c.article_id == article_id)
        .values(status="withdrawn", updated_at=now)
    )
    event = ArticleWithdrawn(
        event_id=deterministic_event_id(article_id, version, ArticleWithdrawn.name),
        occurred_at=now,
        article_id=article_id,
        article_version=version,
        feed_id=feed_id,
        external_id=incoming.external_id,
        reason=incoming.status,
    )
    await _record(connection, event, now)
    return AcceptResult(article_id, version, "withdrawn")


def _is_older(current: Any, incoming: IncomingArticle, current_published: datetime | None) -> bool:
    """An earlier version delivered after a later one (feeds retry out of order)."""
    stored_version = current["feed_version"]
    if incoming.feed_version is not None and stored_version is not None:
        return bool(incoming.feed_version <= stored_version)
    if incoming.content is not None and current_published is not None:
        return incoming.content.published_at < current_published
    return False


async def _current_published_at(
    connection: AsyncConnection, article_id: str, version: int
) -> datetime | None:
    content = (
        await connection.execute(
            select(article_versions.c.content).where(
                article_versions.c.article_id == article_id, article_versions.c.version == version
            )
        )
    ).scalar()
    if content is None:
        return None
    return ArticleContent.model_validate(content).published_at


async def _store_version(
    connection: AsyncConnection,
    article_id: str,
    version: int,
    incoming: IncomingArticle,
    digest: str,
    now: datetime,
) -> None:
    assert incoming.content is not None
    await connection.execute(
        _INSERT_VERSION,
        {
            "article_id": article_id,
            "version": version,
            "feed_version": incoming.feed_version,
            "content": incoming.content.model_dump(mode="json"),
            "content_hash": digest,
            "received_at": now,
        },
    )


async def _record(connection: AsyncConnection, event: Event, now: datetime) -> None:
    await event_store.append(connection, [event], now)
