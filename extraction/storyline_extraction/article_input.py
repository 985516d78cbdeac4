"""Articles as JSON records (the fields the ingest API accepts) turned into ``ArticleText``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from storyline_extraction.article_text import ArticleText


class ArticleRecordError(ValueError):
    """A JSON record that is not a usable article; the message names the field."""


def article_from_record(record: Mapping[str, Any]) -> ArticleText:
    article_id = record.get("id") or record.get("external_id")
    if not isinstance(article_id, str) or not article_id:
        raise ArticleRecordError("'id' (or 'external_id') must be a non-empty string")
    body = record.get("body")
    if not isinstance(body, str):
        raise ArticleRecordError("'body' must be a string")
    published = record.get("published_at")
    if not isinstance(published, str):
        raise ArticleRecordError("'published_at' must be an ISO 8601 date-time with a time zone")
    try:
        published_at = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ArticleRecordError(f"'published_at' is not ISO 8601: {published!r}") from exc
    if published_at.tzinfo is None:
        raise ArticleRecordError("'published_at' must include a time zone offset")
    version = record.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ArticleRecordError("'version' must be an integer >= 1")
    outlet = record.get("outlet")
    language = record.get("language") or "en"
    return ArticleText(
        article_id=article_id,
        article_version=version,
        title=str(record.get("title") or ""),
        body=body,
        published_at=published_at,
        outlet=str(outlet) if outlet is not None else None,
        language=str(language),
    )
