"""What story assignment needs to know about one article version: its signals.

Extraction fills them (canonical actors and places, the incident date, the event types it
found); the labelled story set gives them explicitly, so the grouping rule can be scored
independently of extraction quality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from storyline_ingest.stories.proper_names import proper_names

if TYPE_CHECKING:  # the extraction package loads its language tooling on import
    from storyline_extraction.article_text import ArticleText
    from storyline_extraction.extraction_records import ArticleExtraction


@dataclass(frozen=True)
class ArticleSignals:
    article_id: str
    article_version: int
    published_at: datetime
    title: str
    body: str
    outlet: str | None
    actors: frozenset[str]
    places: frozenset[str]
    incident_date: date | None
    event_types: frozenset[str]
    # The lead incident's places, as named, and their ISO countries (empty when unknown).
    incident_places: tuple[str, ...] = ()
    incident_countries: frozenset[str] = frozenset()
    # Proper names in the lead that are neither actors nor places (``proper_names``), casefolded.
    names: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.published_at.tzinfo is None:
            raise ValueError("published_at must be timezone-aware")
        # Stored and compared in UTC on every backend (SQLite keeps no offset).
        object.__setattr__(self, "published_at", self.published_at.astimezone(UTC))

    @property
    def reference_date(self) -> date:
        """The incident date, or the publication date when the article gives none."""
        return self.incident_date or self.published_at.date()


def signals_from_extraction(article: ArticleText, extraction: ArticleExtraction) -> ArticleSignals:
    """The signals of an extracted article: its normalised actors and places, incident date."""
    facts = extraction.facts
    named = [(actor.text, actor.canonical) for actor in facts.actors]
    named += [(place.text, place.canonical) for place in facts.places]
    known = [name for pair in named for name in pair if name]
    return ArticleSignals(
        article_id=article.article_id,
        article_version=article.article_version,
        published_at=article.published_at,
        title=article.title,
        body=article.body,
        outlet=article.outlet,
        actors=frozenset(actor.canonical or actor.text for actor in facts.actors),
        places=frozenset(place.canonical or place.text for place in facts.places),
        incident_date=facts.incident_date,
        event_types=frozenset(event.kind for event in extraction.events),
        incident_places=facts.incident_places,
        incident_countries=frozenset(facts.incident_countries),
        # Capitals mark names in English; German capitalises every noun, for one.
        names=proper_names(article.title, article.body, known)
        if _english(article)
        else frozenset(),
    )


def _english(article: ArticleText) -> bool:
    return article.primary_language == "en"
