"""What the accept use case takes in: an article as posted, whatever format it came in.

The HTTP edge turns Storyline's own JSON and IPTC ninjs into ``IncomingArticle``; a batch becomes
``BatchItem``s, each holding its article or the reason it was refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storyline_contracts.article_events import ArticleContent
from storyline_ingest.accept.errors import IngestError

ArticleStatus = Literal["usable", "canceled", "withdrawn"]


@dataclass(frozen=True)
class IncomingArticle:
    """One article as the accept path sees it, whatever format it arrived in."""

    external_id: str
    feed_version: int | None
    status: ArticleStatus
    content: ArticleContent | None  # None only for a withdrawal that sends no text


@dataclass(frozen=True)
class BatchItem:
    """One item of a batch: the article it holds, or why it was refused."""

    index: int
    article: IncomingArticle | None = None
    error: IngestError | None = None
