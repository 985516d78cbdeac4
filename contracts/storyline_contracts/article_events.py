"""Article lifecycle events, published on the articles topic and keyed by article id.

``ArticleReceived`` and ``ArticleRevised`` are at version 2: their content's byline became a
``Byline`` (the text as written and the authors it credits). Version 1 and its upcasters live in
``article_events_v1``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from storyline_contracts.bylines import authors_in_byline
from storyline_contracts.event_base import Event
from storyline_contracts.registry import register
from storyline_contracts.topics import ARTICLES_TOPIC


class Byline(BaseModel):
    """A byline as the feed wrote it, and the people it credits."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    text: str = Field(description="As written, e.g. 'By Jane Doe and John Roe in Kyiv'.")
    authors: tuple[str, ...] = Field(
        description="The people it credits, in order, e.g. ['Jane Doe', 'John Roe']; empty when "
        "it names no person ('Staff writer')."
    )

    @classmethod
    def from_text(cls, text: str) -> Byline:
        return cls(text=text, authors=authors_in_byline(text))


class ArticleContent(BaseModel):
    """What one version of an article says, as the feed sent it (normalised to one shape)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    title: str
    body: str
    language: str = Field(default="en", description="BCP 47 language tag.")
    url: str | None = None
    outlet: str | None = Field(default=None, description="Who published it, e.g. a newspaper.")
    byline: Byline | None = None
    published_at: AwareDatetime = Field(
        description="Publication time of this version; relative dates in the text resolve to it."
    )
    located: str | None = Field(default=None, description="Dateline place, e.g. 'Kyiv'.")
    subjects: tuple[str, ...] = ()

    @field_validator("byline", mode="before")
    @classmethod
    def _parse_byline_text(cls, value: object) -> object:
        # Feeds send a byline as text: whoever builds the content (any feed format) gets the same
        # authors, parsed once here. What is written and published is always a Byline object.
        if isinstance(value, str):
            return Byline.from_text(value) if value.strip() else None
        return value


class ArticleEvent(Event):
    """Fields every article lifecycle event shares."""

    topic: ClassVar[str] = ARTICLES_TOPIC

    article_id: str = Field(description="Storyline's id for the article, stable across versions.")
    article_version: int = Field(ge=1, description="1 for the first version, then 2, 3, ...")
    feed_id: str
    external_id: str = Field(description="The feed's own id (or URL) for the article.")

    @property
    def partition_key(self) -> str:
        return self.article_id


@register
class ArticleReceived(ArticleEvent):
    """A feed delivered a new article; it is stored durably."""

    name: ClassVar[str] = "article_received"
    version: ClassVar[int] = 2
    content: ArticleContent
    content_hash: str = Field(description="SHA-256 of the normalised title and body.")


@register
class ArticleRevised(ArticleEvent):
    """A feed delivered a new version of an article it had sent before (a correction)."""

    name: ClassVar[str] = "article_revised"
    version: ClassVar[int] = 2
    content: ArticleContent
    content_hash: str
    previous_version: int = Field(ge=1)


@register
class ArticleWithdrawn(ArticleEvent):
    """A feed withdrew (canceled) an article; events drawn from it no longer stand."""

    name: ClassVar[str] = "article_withdrawn"
    reason: str | None = None
