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
            "word_count": word_count(content.body),
            "first_received_at": event.occurred_at,
            "updated_at": event.occurred_at,
        },
        key=_ARTICLE_KEY,
        update=_REVISED_COLUMNS,
    )


def word_count(text: str) -> int:
    """``len(text.split())``, without making a string of every word (most of the handler's
    time): in ASCII text, each word is a non-space byte that follows a space or opens the text.
    Any other text is split, so the count is the same whatever the text holds."""
    if not text.isascii():
        return len(text.split())
    marks = text.encode().translate(_SPACE_OR_NOT)
    return marks.count(b" x") + marks.startswith(b"x")


# Each byte as b" " if ``str.split`` splits on it (ASCII whitespace and separators), else b"x".
_SPACE_OR_NOT = bytes(32 if chr(byte).isspace() else 120 for byte in range(256))


async def record_withdrawal(unit: ProjectionUnit, event: ArticleWithdrawn) -> None:
    await unit.rows.update(
        unit.connection,
        read_articles,
        {"article_id": event.article_id},
        {"status": "withdrawn", "updated_at": event.occurred_at},
    )
