"""What a feed may post: Storyline's own article JSON, validated field by field.

These are HTTP request models, not events: ``to_incoming`` turns one into the feed-agnostic
``IncomingArticle`` that the accept use case works with (the ninjs mapper produces the same).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from storyline_contracts.article_events import ArticleContent
from storyline_ingest.accept.incoming_article import ArticleStatus, IncomingArticle
from storyline_ingest.http.canonical_input import Identifier, LanguageTag, UrlText

# Earliest date we believe a news article can carry, and how far in the future a clock may be off.
EARLIEST_PUBLICATION = datetime(1900, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=2)


class ArticleSubmission(BaseModel):
    """An article in Storyline's own JSON format."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "external_id": "wire-2024-0001",
                    "url": "https://news.example.org/world/kremlin-drone",
                    "version": 1,
                    "title": "Moscow blames Washington for drone strike on Kremlin",
                    "body": "Moscow accused the United States on Thursday of ...",
                    "language": "en",
                    "outlet": "Example Wire",
                    "published_at": "2023-05-04T09:30:00Z",
                }
            ]
        },
    )

    external_id: Identifier | None = Field(
        default=None,
        min_length=1,
        max_length=1024,
        description="The feed's own id for the article, kept exactly as sent (surrounding "
        "whitespace or a control character is refused); the URL is used when absent.",
    )
    url: UrlText | None = Field(default=None, description="An http(s) URL, kept as written.")
    feed: Identifier | None = Field(
        default=None,
        max_length=64,
        description="The feed posting the article. Optional; when given it must be the API "
        "key's feed, otherwise the post is refused with 403.",
    )
    version: int | None = Field(
        default=None, ge=1, le=1_000_000, description="The feed's version number, if it has one."
    )
    status: ArticleStatus = "usable"
    title: str | None = Field(default=None, min_length=1, max_length=1000)
    body: str | None = Field(default=None, min_length=1)
    language: LanguageTag = Field(
        default="en",
        description="BCP 47, any case ('en', 'en-GB', 'EN', 'en_gb'); stored in canonical case. "
        "Articles in a language Storyline does not read are stored, not extracted.",
    )
    outlet: str | None = Field(default=None, max_length=300)
    byline: str | None = Field(default=None, max_length=1000)
    located: str | None = Field(default=None, max_length=300)
    subjects: list[str] = Field(default_factory=list, max_length=100)
    published_at: AwareDatetime | None = Field(
        default=None, description="Required for a usable article; must carry a time zone."
    )

    @model_validator(mode="after")
    def _check_consistency(self) -> ArticleSubmission:
        if self.external_id is None and self.url is None:
            raise ValueError("external_id or url is required to identify the article")
        if self.status == "usable":
            missing = [
                name for name in ("title", "body", "published_at") if not getattr(self, name)
            ]
            if missing:
                raise ValueError(f"a usable article needs {', '.join(missing)}")
        if self.published_at is not None:
            check_publication_date(self.published_at)
        return self

    def to_incoming(self) -> IncomingArticle:
        content = None
        if self.title and self.body and self.published_at:
            content = ArticleContent(
                title=self.title,
                body=self.body,
                language=self.language,
                url=self.url,
                outlet=self.outlet,
                byline=self.byline,
                published_at=self.published_at.astimezone(UTC),
                located=self.located,
                subjects=tuple(self.subjects),
            )
        return IncomingArticle(
            external_id=self.external_id or str(self.url),  # one of the two is set
            feed_version=self.version,
            status=self.status,
            content=content,
        )


def check_publication_date(value: datetime) -> None:
    """Reject dates no real article carries (a year 1 or 9999 from a broken CMS)."""
    if value < EARLIEST_PUBLICATION:
        raise ValueError(f"published_at {value.isoformat()} is before 1900")
    if value > datetime.now(UTC) + CLOCK_SKEW:
        raise ValueError(f"published_at {value.isoformat()} is in the future")
