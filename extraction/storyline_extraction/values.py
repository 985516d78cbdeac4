"""The values an extracted event is made of: who, when, where, the evidence and the figures.

Plain frozen dataclasses, so the package needs nothing beyond its parser. Their fields match the
value types of Storyline's published event contracts field for field (a test in the service
checks it), so an extracted event becomes a published one without translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

ActorKind = Literal["person", "organisation", "state", "group", "unknown"]
Modality = Literal["asserted", "alleged", "denied", "hypothetical", "historical"]
Precision = Literal["day", "week", "month", "year", "unknown"]


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as written (``text``, e.g. "the Kremlin") and what it stands for."""

    text: str
    canonical: str | None = None  # e.g. "Russia"
    kind: ActorKind = "unknown"
    country: str | None = None  # ISO 3166-1 alpha-3, e.g. "RUS"
    role: str | None = None  # e.g. "Kremlin spokesman"


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    canonical: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3


@dataclass(frozen=True, slots=True)
class EventTime:
    """When the happening took place, resolved against the publication date."""

    text: str | None = None  # the words in the article, e.g. "on 29 April"
    start: date | None = None
    end: date | None = None  # last day of a range ("last week")
    precision: Precision = "unknown"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence an event came from, with character offsets into the article body."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported number: "170%", "at least 12 dead", "two dozen drones"."""

    value: float
    low: float | None = None
    high: float | None = None
    unit: str | None = None  # e.g. "percent", "people", "drones"
    counts: str | None = None  # what is counted, e.g. "killed"
    text: str | None = None
