"""Article lifecycle events, published on the articles topic and keyed by article id."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from storyline_contracts.event_base import Event
from storyline_contracts.registry import register
from storyline_contracts.topics import ARTICLES_TOPIC


class ArticleContent(BaseModel):
    """What one version of an article says, as the feed sent it (normalised to one shape)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    title: str
    body: str
    language: str = Field(default="en", description="BCP 47 language tag.")
    url: str | None = None
    outlet: str | None = Field(default=None, description="Who published it, e.g. a newspaper.")
    byline: str | None = None
    published_at: AwareDatetime = Field(
        description="Publication time of this version; relative dates in the text resolve to it."
    )
    located: str | None = Field(default=None, description="Dateline place, e.g. 'Kyiv'.")
    subjects: tuple[str, ...] = ()


class _ArticleEvent(Event):
    topic: ClassVar[str] = ARTICLES_TOPIC

    article_id: str = Field(description="Storyline's id for the article, stable across versions.")
    article_version: int = Field(ge=1, description="1 for the first version, then 2, 3, ...")
    feed_id: str
    external_id: str = Field(description="The feed's own id (or URL) for the article.")

    @property
    def partition_key(self) -> str:
        return self.article_id


@register
class ArticleReceived(_ArticleEvent):
    """A feed delivered a new article; it is stored durably."""

    name: ClassVar[str] = "article_received"
    content: ArticleContent
    content_hash: str = Field(description="SHA-256 of the normalised title and body.")


@register
class ArticleRevised(_ArticleEvent):
    """A feed delivered a new version of an article it had sent before (a correction)."""

    name: ClassVar[str] = "article_revised"
    content: ArticleContent
    content_hash: str
    previous_version: int = Field(ge=1)


@register
class ArticleWithdrawn(_ArticleEvent):
    """A feed withdrew (canceled) an article; events drawn from it no longer stand."""

    name: ClassVar[str] = "article_withdrawn"
    reason: str | None = None
