"""The input of extraction: one version of one article, as plain values a process pool pickles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleText:
    """What extraction reads from an article. ``published_at`` anchors relative dates ("on
    Tuesday", "last week"); ``article_id`` and ``article_version`` go into every event id."""

    body: str
    published_at: datetime
    title: str = ""
    article_id: str = "article"
    article_version: int = 1
    outlet: str | None = None
    language: str = "en"  # a BCP 47 tag, any case: "en", "en-GB", "EN"

    @property
    def primary_language(self) -> str:
        """The language subtag alone, lower case: "en-GB" -> "en" (what the parser needs)."""
        return self.language.replace("_", "-").split("-")[0].lower()

    def __post_init__(self) -> None:
        # A naive datetime would silently shift "yesterday" by the server's time zone.
        if self.published_at.tzinfo is None or self.published_at.utcoffset() is None:
            raise ValueError("published_at must be timezone-aware")
        if self.article_version < 1:
            raise ValueError("article_version starts at 1")
