"""What extraction gives for an article: its events, with ids, and facts about the article.

``ExtractedEvent`` is one event as the article reports it: its type, who did it to whom, when,
where, how sure the article is, and the sentence it came from, with an id that the same article
version always gives again. ``ArticleFacts`` summarises the article for grouping articles into
stories: its normalised actors, places and incident date. ``ArticleExtraction`` holds both, and
iterates over its events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from storyline_extraction.values import (
    Actor,
    EventTime,
    Evidence,
    Figure,
    Modality,
    Place,
)

# Bump on any change to rules or data that can change what is extracted: it is part of every
# event id, so a new version yields new events instead of silently replacing old ones.
EXTRACTOR_VERSION = "storyline-rules-1.14.0"


@dataclass(frozen=True, slots=True)
class ExtractedEvent:
    """One extracted event, identified. ``kind`` is its type, e.g. "denial_issued"; ``text`` is
    the allegation, threat, pledge or doubted claim in the article's words."""

    event_id: str
    kind: str  # the contract event name, e.g. "denial_issued"
    source: Actor | None
    targets: tuple[Actor, ...]
    when: EventTime | None
    where: tuple[Place, ...]
    modality: Modality
    about: tuple[str, ...]
    summary: str
    evidence: Evidence
    confidence: float
    extractor_version: str
    weapon: str | None = None
    method: str | None = None
    text: str = ""
    figures: tuple[Figure, ...] = ()
    # The side a participant is said to fight for ("participation_reported").
    on_behalf_of: Actor | None = None

    def as_json(self) -> dict[str, Any]:
        """The event as JSON-ready values: dates as ISO 8601, the type under ``type``."""
        record = asdict(self)
        record["type"] = record.pop("kind")
        if self.when is not None:
            record["when"] = {
                **record["when"],
                "start": self.when.start.isoformat() if self.when.start else None,
                "end": self.when.end.isoformat() if self.when.end else None,
            }
        return record


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What story assignment compares between articles."""

    article_id: str
    article_version: int
    published: date
    actors: tuple[Actor, ...]  # normalised, most frequent first
    places: tuple[Place, ...]
    incident_date: date | None  # the lead strike or attack, else the earliest dated incident
    # Where the lead strike or attack happened: its places (as named, below country level when
    # there are any), and the countries of those below country level.
    incident_places: tuple[str, ...] = ()
    incident_countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """Everything read from one article version; iterating over it gives its events."""

    article_id: str
    article_version: int
    outlet: str | None
    extractor_version: str
    events: tuple[ExtractedEvent, ...]
    facts: ArticleFacts
    # Why nothing was read from the article, when nothing could be ("unsupported language 'de'").
    note: str | None = None

    def __iter__(self) -> Iterator[ExtractedEvent]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)
