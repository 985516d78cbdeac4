"""Handlers that keep the articles read model: one per article lifecycle event."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import ArticleReceived, ArticleRevised, ArticleWithdrawn
from storyline_projector.sql_upsert import upsert
from storyline_projector.tables import read_articles


async def record_article(
    connection: AsyncConnection, event: ArticleReceived | ArticleRevised
) -> None:
    content = event.content
    await upsert(
        connection,
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
        key=["article_id"],
        update=[
            "version",
            "status",
            "title",
            "outlet",
            "url",
            "language",
            "published_at",
            "word_count",
            "updated_at",
        ],
    )


async def record_withdrawal(connection: AsyncConnection, event: ArticleWithdrawn) -> None:
    await connection.execute(
        update(read_articles)
        .where(read_articles.c.article_id == event.article_id)
        .values(status="withdrawn", updated_at=event.occurred_at)
    )
