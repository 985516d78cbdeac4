"""IPTC ninjs (News in JSON) 2.x and 1.x documents, mapped to the same ``IncomingArticle`` as
Storyline's own format.

Only the subset the accept path uses is modelled; every other ninjs property is accepted and
ignored, so a feed can post its documents unchanged. Where 1.x and 2.x name a property
differently (``headline``/``headlines``, ``body_text``/``bodies``, ``byline``/``by``,
``subject``/``subjects``) both are read, the 2.x name first. Errors name the ninjs property.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal, NoReturn

from pydantic import (
    AnyHttpUrl,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)

from storyline_contracts.article_events import ArticleContent
from storyline_ingest.accept.errors import InvalidBody
from storyline_ingest.accept.incoming_article import ArticleStatus, IncomingArticle
from storyline_ingest.http.article_submission import check_publication_date
from storyline_ingest.http.canonical_input import Identifier, LanguageTag
from storyline_ingest.http.html_text import html_to_text
from storyline_ingest.http.validation_errors import invalid_field, validation_details

NINJS_MEDIA_TYPE = "application/vnd.iptc.ninjs+json"
MAX_VERSION = 1_000_000
MAX_SUBJECTS = 100
PLAIN_TEXT = "text/plain"
HTML = "text/html"
TEXT_TYPES = frozenset({PLAIN_TEXT, HTML})
# ninjs has no "withdrawn": "withheld" (do not use until further notice) is the closest.
STATUS_FOR_PUBSTATUS: dict[str, ArticleStatus] = {
    "usable": "usable",
    "withheld": "withdrawn",
    "canceled": "canceled",
}
_HTTP_URL: TypeAdapter[AnyHttpUrl] = TypeAdapter(AnyHttpUrl)


class NinjsText(BaseModel):
    """One entry of ``headlines`` or ``bodies``: a text with its role and media type."""

    model_config = ConfigDict(extra="ignore")

    role: str | None = None
    contenttype: str | None = Field(default=None, description="text/plain (default) or text/html")
    value: str


class NinjsConcept(BaseModel):
    """A subject or info source; only its name is used."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=300)


class NinjsDocument(BaseModel):
    """The part of a ninjs 2.x (or 1.x) news item that Storyline reads."""

    model_config = ConfigDict(
        extra="ignore",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json",
                    "uri": "https://wire.example.org/items/2023-05-04-kremlin-drone",
                    "type": "text",
                    "version": "2",
                    "versioncreated": "2023-05-04T11:02:00Z",
                    "pubstatus": "usable",
                    "language": "en",
                    "headlines": [{"role": "main", "value": "Moscow blames Washington"}],
                    "bodies": [
                        {"role": "main", "contenttype": "text/html", "value": "<p>Moscow ...</p>"}
                    ],
                    "by": "Example Wire staff",
                    "located": "Moscow",
                    "subjects": [{"name": "armed conflict"}],
                    "copyrightholder": "Example Wire",
                }
            ]
        },
    )

    uri: Identifier | None = Field(
        default=None,
        min_length=1,
        max_length=1024,
        description="Identifies the news item; kept exactly as sent.",
    )
    guid: Identifier | None = Field(
        default=None, min_length=1, max_length=1024, description="Used when uri is absent."
    )
    type: str | None = Field(default=None, description="Only 'text' items carry an article.")
    version: str | int | None = Field(
        default=None, description="A positive integer orders versions; other values are ignored."
    )
    firstcreated: AwareDatetime | None = None
    versioncreated: AwareDatetime | None = Field(
        default=None, description="Publication time of this version (firstcreated if absent)."
    )
    pubstatus: Literal["usable", "withheld", "canceled"] = "usable"
    language: LanguageTag = "en"
    headlines: list[NinjsText] | None = Field(default=None, description="ninjs 2.x")
    headline: str | None = Field(default=None, description="ninjs 1.x")
    bodies: list[NinjsText] | None = Field(default=None, description="ninjs 2.x")
    body_text: str | None = Field(default=None, description="ninjs 1.x")
    body_html: str | None = Field(default=None, description="ninjs 1.x")
    by: str | None = Field(default=None, max_length=1000, description="ninjs 2.x")
    byline: str | None = Field(default=None, max_length=1000, description="ninjs 1.x")
    located: str | None = Field(default=None, max_length=300)
    subjects: list[NinjsConcept] = Field(default_factory=list, description="ninjs 2.x")
    subject: list[NinjsConcept] = Field(default_factory=list, description="ninjs 1.x")
    infosources: list[NinjsConcept] = Field(default_factory=list)
    copyrightholder: str | None = Field(default=None, max_length=300)


def looks_like_ninjs(document: dict[str, Any]) -> bool:
    """Whether a JSON object declares itself ninjs (by schema, standard, or uri+versioncreated).

    Unambiguous: Storyline's own format forbids every one of these properties.
    """
    schema = document.get("$schema")
    standard = document.get("standard")
    return (
        (isinstance(schema, str) and "ninjs" in schema.lower())
        or (isinstance(standard, dict) and standard.get("name") == "ninjs")
        or ("uri" in document and "versioncreated" in document)
    )


def incoming_from_ninjs(document: dict[str, Any], location: str = "body") -> IncomingArticle:
    """Validate a ninjs document and map it; ``InvalidBody`` names the ninjs property."""
    try:
        ninjs = NinjsDocument.model_validate(document)
    except ValidationError as error:
        details = validation_details(error, location)
        raise InvalidBody("the ninjs document is invalid", details) from None
    return _Mapper(ninjs, location).incoming()


class _Mapper:
    def __init__(self, ninjs: NinjsDocument, location: str) -> None:
        self.ninjs = ninjs
        self.location = location

    def incoming(self) -> IncomingArticle:
        ninjs = self.ninjs
        if ninjs.type not in (None, "text"):
            self._fail("type", f"a {ninjs.type!r} item carries no article; only 'text' is accepted")
        external_id = ninjs.uri or ninjs.guid
        if external_id is None:
            self._fail("uri", "uri (or guid) is required to identify the article")
        status = STATUS_FOR_PUBSTATUS[ninjs.pubstatus]
        content = self._content(external_id) if status == "usable" else None
        return IncomingArticle(
            external_id=external_id,
            feed_version=self._feed_version(),
            status=status,
            content=content,
        )

    def _content(self, uri: str) -> ArticleContent:
        ninjs = self.ninjs
        # Built from plain values so that the contract parses the byline as it does for every
        # feed format.
        return ArticleContent.model_validate(
            {
                "title": self._headline(),
                "body": self._body(),
                "language": ninjs.language,
                "url": _http_url(uri),
                "outlet": self._outlet(),
                "byline": ninjs.by or ninjs.byline,
                "published_at": self._published_at(),
                "located": ninjs.located,
                "subjects": _names(ninjs.subjects or ninjs.subject)[:MAX_SUBJECTS],
            }
        )

    def _headline(self) -> str:
        if self.ninjs.headlines:
            index, entry = _preferred(self.ninjs.headlines)
            return self._text(entry, f"headlines.{index}", limit=1000)
        if self.ninjs.headline:
            return self._checked_text(self.ninjs.headline, "headline", limit=1000)
        return self._fail("headlines", "a usable item needs a headline (headlines or headline)")

    def _body(self) -> str:
        if self.ninjs.bodies:
            index, entry = _preferred(self.ninjs.bodies)
            return self._text(entry, f"bodies.{index}", limit=None)
        if self.ninjs.body_text:
            return self._checked_text(self.ninjs.body_text, "body_text", limit=None)
        if self.ninjs.body_html:
            return self._checked_text(html_to_text(self.ninjs.body_html), "body_html", limit=None)
        return self._fail("bodies", "a usable item needs a body (bodies, body_text or body_html)")

    def _text(self, entry: NinjsText, field: str, limit: int | None) -> str:
        kind = (entry.contenttype or PLAIN_TEXT).split(";")[0].strip().lower()
        if kind not in TEXT_TYPES:
            self._fail(
                f"{field}.contenttype", f"{kind!r} is not supported; use text/plain or text/html"
            )
        text = html_to_text(entry.value) if kind == HTML else entry.value.strip()
        return self._checked_text(text, f"{field}.value", limit)

    def _checked_text(self, text: str, field: str, limit: int | None) -> str:
        if not text:
            self._fail(field, "has no text")
        if limit is not None and len(text) > limit:
            self._fail(field, f"is {len(text)} characters long; the limit is {limit}")
        return text

    def _published_at(self) -> datetime:
        ninjs = self.ninjs
        field = "versioncreated" if ninjs.versioncreated else "firstcreated"
        published = ninjs.versioncreated or ninjs.firstcreated
        if published is None:
            return self._fail("versioncreated", "a usable item needs versioncreated")
        try:
            check_publication_date(published)
        except ValueError as error:
            self._fail(field, str(error).replace("published_at", field))
        return published.astimezone(UTC)

    def _feed_version(self) -> int | None:
        version = self.ninjs.version
        if isinstance(version, str):
            version = int(version) if version.strip().isdigit() else None
        if version is not None and not 1 <= version <= MAX_VERSION:
            self._fail("version", f"must be between 1 and {MAX_VERSION}")
        return version

    def _outlet(self) -> str | None:
        sources = _names(self.ninjs.infosources)
        return sources[0] if sources else self.ninjs.copyrightholder

    def _fail(self, field: str, problem: str) -> NoReturn:
        raise invalid_field("the ninjs document is invalid", f"{self.location}.{field}", problem)


def _preferred(entries: list[NinjsText]) -> tuple[int, NinjsText]:
    """The main entry (role 'main', else no role, else the first), plain text before HTML."""

    def rank(item: tuple[int, NinjsText]) -> tuple[int, int, int]:
        index, entry = item
        role = 0 if entry.role == "main" else 1 if entry.role is None else 2
        return role, _kind_rank(entry), index

    return min(enumerate(entries), key=rank)


def _kind_rank(entry: NinjsText) -> int:
    kind = (entry.contenttype or PLAIN_TEXT).split(";")[0].strip().lower()
    return 0 if kind == PLAIN_TEXT else 1 if kind == HTML else 2


def _names(concepts: Iterable[NinjsConcept]) -> tuple[str, ...]:
    names = (concept.name for concept in concepts if concept.name)
    return tuple(dict.fromkeys(names))  # de-duplicated, in order


def _http_url(uri: str) -> str | None:
    if not uri.lower().startswith(("http://", "https://")):
        return None  # a URN or tag URI identifies the item but is no link
    try:
        return str(_HTTP_URL.validate_python(uri))
    except ValidationError:
        return None
