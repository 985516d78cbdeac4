"""The results of extraction before a story is known: events with ids, and article facts.

``Extraction`` holds everything an extracted event carries except the story id and the time it
is recorded, so story assignment can run between extraction and publishing. ``ArticleFacts``
summarises an article for story assignment: its normalised actors, places and incident date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storyline_contracts.extracted_events import (
    Actor,
    EventTime,
    Evidence,
    Figure,
    Modality,
    Place,
)

# Bump on any change to rules or data that can change what is extracted: it is part of every
# event id, so a new version yields new events instead of silently replacing old ones.
EXTRACTOR_VERSION = "storyline-rules-1.0.0"


@dataclass(frozen=True, slots=True)
class Extraction:
    """One extracted event, identified, with no story yet."""

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
    article_id: str
    article_version: int
    outlet: str | None
    extractor_version: str
    events: tuple[Extraction, ...]
    facts: ArticleFacts
    # Why nothing was read from the article, when nothing could be ("unsupported language 'de'").
    note: str | None = None
