"""The accept use case: store article versions and their lifecycle events, atomically.

Decides whether a post is a new article, a revision, a withdrawal, a retry of something already
stored (same answer, nothing new), or an older version arriving late (ignored). Posts that share
a transaction are decided in order against the same rows (see ``article_changes``), so a post
sees what the posts before it in the group did.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import (
    ArticleReceived,
    ArticleRevised,
    ArticleWithdrawn,
    deterministic_event_id,
)
from storyline_contracts.article_events import ArticleContent
from storyline_contracts.event_base import uuid5_text
from storyline_ingest.accept.article_changes import (
    ArticleChanges,
    StoredArticle,
    load_articles,
    published_at,
)
from storyline_ingest.accept.errors import InvalidArticle
from storyline_ingest.accept.incoming_article import IncomingArticle

Outcome = Literal["created", "revised", "withdrawn", "duplicate", "stale"]
ARTICLE_ID_NAMESPACE = uuid.UUID("0f5a3c52-7d0e-4c4b-a0a4-2b9d8c6e1f10")


@dataclass(frozen=True)
class AcceptResult:
    article_id: str
    version: int
    outcome: Outcome

    def as_json(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "version": self.version, "outcome": self.outcome}


def article_id_for(feed_id: str, external_id: str) -> str:
    """Storyline's article id: the same feed and external id always map to the same id."""
    return uuid5_text(ARTICLE_ID_NAMESPACE, f"{feed_id}\x1f{external_id}")


def content_hash(content: ArticleContent) -> str:
    return hashlib.sha256(f"{content.title}\n{content.body}".encode()).hexdigest()


async def decide_articles(
    connection: AsyncConnection,
    posts: Sequence[tuple[str, IncomingArticle]],
    now: datetime,
    traces: Sequence[Mapping[str, str]] = (),
) -> tuple[list[AcceptResult | InvalidArticle], ArticleChanges]:
    """Decide each (feed id, article) post in the caller's transaction, in order: the results,
    and the changes that store them (for ``write_changes``, in the same transaction).

    ``traces``: each post's trace context, for the events it yields (posts that share a
    transaction come from different requests).

    A post that cannot be accepted gets its ``InvalidArticle`` in its place and changes
    nothing; the others are decided all the same.
    """
    ids = [article_id_for(feed_id, incoming.external_id) for feed_id, incoming in posts]
    changes = await load_articles(connection, ids) if ids else ArticleChanges({})
    results: list[AcceptResult | InvalidArticle] = []
    for index, (article_id, (feed_id, incoming)) in enumerate(zip(ids, posts, strict=True)):
        decided = len(changes.events)
        try:
            results.append(await _decide(connection, changes, article_id, feed_id, incoming, now))
        except InvalidArticle as refused:
            results.append(refused)
        if index < len(traces) and traces[index]:
            changes.traces.update((e.event_id, traces[index]) for e in changes.events[decided:])
    return results, changes


async def _decide(
    connection: AsyncConnection,
    changes: ArticleChanges,
    article_id: str,
    feed_id: str,
    incoming: IncomingArticle,
    now: datetime,
) -> AcceptResult:
    current = changes.articles.get(article_id)
    if current is None:
        return _create(changes, feed_id, article_id, incoming, now)
    if incoming.status != "usable":
        return _withdraw(changes, current, incoming, now)
    assert incoming.content is not None  # guaranteed by the submission models
    new_hash = content_hash(incoming.content)
    if new_hash == current.content_hash and current.status == "active":
        return AcceptResult(article_id, current.current_version, "duplicate")
    if await _is_older(connection, current, incoming):
        return AcceptResult(article_id, current.current_version, "stale")
    return _revise(changes, current, incoming, new_hash, now)


def _create(
    changes: ArticleChanges,
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
    article = StoredArticle(
        article_id=article_id,
        feed_id=feed_id,
        external_id=incoming.external_id,
        current_version=1,
        feed_version=incoming.feed_version,
        status="active",
        content_hash=digest,
        received_at=now,
        updated_at=now,
        is_new=True,
    )
    changes.articles[article_id] = article
    _add_version(changes, article, incoming.content, now)
    changes.events.append(
        ArticleReceived(
            event_id=deterministic_event_id(article_id, 1, ArticleReceived.name),
            occurred_at=now,
            article_id=article_id,
            article_version=1,
            feed_id=feed_id,
            external_id=incoming.external_id,
            content=incoming.content,
            content_hash=digest,
        )
    )
    return AcceptResult(article_id, 1, "created")


def _revise(
    changes: ArticleChanges,
    article: StoredArticle,
    incoming: IncomingArticle,
    digest: str,
    now: datetime,
) -> AcceptResult:
    assert incoming.content is not None
    previous = article.current_version
    article.current_version = previous + 1
    article.feed_version = incoming.feed_version
    article.status = "active"
    article.content_hash = digest
    article.updated_at = now
    article.changed = True
    _add_version(changes, article, incoming.content, now)
    changes.events.append(
        ArticleRevised(
            event_id=deterministic_event_id(
                article.article_id, article.current_version, ArticleRevised.name
            ),
            occurred_at=now,
            article_id=article.article_id,
            article_version=article.current_version,
            feed_id=article.feed_id,
            external_id=incoming.external_id,
            content=incoming.content,
            content_hash=digest,
            previous_version=previous,
        )
    )
    return AcceptResult(article.article_id, article.current_version, "revised")


def _withdraw(
    changes: ArticleChanges, article: StoredArticle, incoming: IncomingArticle, now: datetime
) -> AcceptResult:
    version = article.current_version
    if article.status == "withdrawn":
        return AcceptResult(article.article_id, version, "duplicate")
    article.status = "withdrawn"
    article.updated_at = now
    article.changed = True
    changes.events.append(
        ArticleWithdrawn(
            event_id=deterministic_event_id(article.article_id, version, ArticleWithdrawn.name),
            occurred_at=now,
            article_id=article.article_id,
            article_version=version,
            feed_id=article.feed_id,
            external_id=incoming.external_id,
            reason=incoming.status,
        )
    )
    return AcceptResult(article.article_id, version, "withdrawn")


async def _is_older(
    connection: AsyncConnection, current: StoredArticle, incoming: IncomingArticle
) -> bool:
    """An earlier version delivered after a later one (feeds retry out of order)."""
    if incoming.feed_version is not None and current.feed_version is not None:
        return incoming.feed_version <= current.feed_version
    if incoming.content is None:
        return False
    current_published = await published_at(connection, current)
    return current_published is not None and incoming.content.published_at < current_published


def _add_version(
    changes: ArticleChanges, article: StoredArticle, content: ArticleContent, now: datetime
) -> None:
    article.published_at = content.published_at
    article.published_at_known = True
    changes.versions.append(
        {
            "article_id": article.article_id,
            "version": article.current_version,
            "feed_version": article.feed_version,
            "content": content.model_dump(mode="json"),
            "content_hash": article.content_hash,
            "received_at": now,
        }
    )
