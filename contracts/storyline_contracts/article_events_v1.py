"""Version 1 of ``ArticleReceived`` and ``ArticleRevised``, and the upcasters to version 2.

Version 1 carried the byline as one string ("By Jane Doe and John Roe"); version 2 carries a
``Byline`` with the text as written and the authors it credits, so that every consumer gets the
same list of people instead of parsing bylines its own way. Records written as v1 stay in the
event store and on the topics; decoding one upcasts it to v2. These classes are never decoded
into: they are kept so that the v1 JSON Schemas stay published.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from storyline_contracts.article_events import ArticleEvent, Byline
from storyline_contracts.registry import JsonObject, superseded, upcaster


class ArticleContentV1(BaseModel):
    """What one version of an article says, as the feed sent it (normalised to one shape)."""

    model_config = ConfigDict(frozen=True, extra="ignore", title="ArticleContent")

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


@superseded
class ArticleReceivedV1(ArticleEvent):
    """A feed delivered a new article; it is stored durably."""

    name: ClassVar[str] = "article_received"
    version: ClassVar[int] = 1
    content: ArticleContentV1
    content_hash: str = Field(description="SHA-256 of the normalised title and body.")


@superseded
class ArticleRevisedV1(ArticleEvent):
    """A feed delivered a new version of an article it had sent before (a correction)."""

    name: ClassVar[str] = "article_revised"
    version: ClassVar[int] = 1
    content: ArticleContentV1
    content_hash: str
    previous_version: int = Field(ge=1)


@upcaster("article_received", from_version=1)
def structure_received_byline(data: JsonObject) -> JsonObject:
    return _with_structured_byline(data)


@upcaster("article_revised", from_version=1)
def structure_revised_byline(data: JsonObject) -> JsonObject:
    return _with_structured_byline(data)


def _with_structured_byline(data: JsonObject) -> JsonObject:
    """v1 data with ``content.byline`` as a string -> v2 data with a ``Byline`` object.

    Anything that is not v1-shaped is passed on unchanged, so that validating it as v2 reports
    what is wrong with the record instead of this step failing halfway.
    """
    content = data.get("content")
    if not isinstance(content, dict) or not isinstance(content.get("byline"), str):
        return data
    byline = Byline.from_text(content["byline"]).model_dump(mode="json")
    return {**data, "content": {**content, "byline": byline}}
