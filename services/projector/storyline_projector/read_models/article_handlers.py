"""Handlers that keep the articles read model: one per article lifecycle event."""

from __future__ import annotations

from storyline_contracts import ArticleReceived, ArticleRevised, ArticleWithdrawn
from storyline_projector.read_models.tables import read_articles
from storyline_projector.read_models.unit_of_work import ProjectionUnit

_ARTICLE_KEY = ("article_id",)
# What a later version of the article changes in its row.
_REVISED_COLUMNS = (
    "version",
    "status",
    "title",
    "outlet",
    "url",
    "language",
    "published_at",
    "word_count",
    "updated_at",
)


async def record_article(unit: ProjectionUnit, event: ArticleReceived | ArticleRevised) -> None:
    content = event.content
    unit.rows.put(
        read_articles,
        {
            "article_id": event.article_id,
            "feed_id": event.feed_id,
            "external_id": event.external_id,
            "version": event.article_version,
            "status": "active",
            "title": content.title,
            "outlet": content.outlet,
            "url": content.url,
            "language": content.language,
            "published_at": content.published_at,
            "word_count": len(content.body.split()),
            "first_received_at": event.occurred_at,
            "updated_at": event.occurred_at,
        },
        key=_ARTICLE_KEY,
        update=_REVISED_COLUMNS,
    )


async def record_withdrawal(unit: ProjectionUnit, event: ArticleWithdrawn) -> None:
    await unit.rows.update(
        unit.connection,
        read_articles,
        {"article_id": event.article_id},
        {"status": "withdrawn", "updated_at": event.occurred_at},
    )
