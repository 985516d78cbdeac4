"""One story as the projector holds it in memory: what its derived row and allegations come from.

A state is built from the story's facts (``story_loading``) or starts empty for a new story, and
each event's change is then applied to it (``apply``): the count and window of its events, its
first incident, how often each actor takes part, its articles (``article_ledger``) and its
claims (``allegation_book``). The story's row is read off the state (``row``) in a time that
does not depend on how many events the story has.

Row rules:

- ``status``: ``merged`` when the story turned out to be part of another one (``merged_into``
  points to it); ``disputed`` when the claim checks would say so (an accusation in it denied or
  doubted, or a contradiction: ``dispute_signals``); else ``developing``.
- What the story's ``StoryOpened`` said (title, incident date, places, key actors) wins; when a
  story was never opened, or its opening left a field empty, the field is taken from its events:
  the first incident reported (a strike or an attack), and the actors most often involved. A
  story never opened itself takes the earliest opening of the stories merged into it. The title
  is cut to a readable length (``story_titles``).
- ``first_reported`` and ``last_reported``: the earliest and latest publication times of the
  story's articles (an article whose events never said when it was published counts from when
  it was assigned); a story with no article yet counts by when its events were recorded.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storyline_projector.read_models.allegation_book import (
    CLAIM_TYPES,
    AllegationBook,
    claim_from_row,
)
from storyline_projector.read_models.article_ledger import ArticleLedger
from storyline_projector.read_models.dispute_signals import SIGNAL_TYPES, DisputeSignals
from storyline_projector.read_models.story_titles import short_title

DEVELOPING = "developing"
MERGED = "merged"
DISPUTED = "disputed"
INCIDENT_TYPES = ("strike_reported", "attack_reported")
KEY_ACTOR_LIMIT = 5


# The changes are not frozen, though nothing changes them once made: one is made per event, and
# a frozen dataclass's ``__init__`` costs about four times as much.


@dataclass(slots=True)
class Filed:
    """An extracted event filed in the story: its timeline row and its actor rows."""

    timeline_row: Mapping[str, Any]
    actor_rows: Sequence[Mapping[str, Any]]


@dataclass(slots=True)
class ArticleNoted:
    article_id: str
    outlet: str | None
    near_duplicate_of: str | None
    seen_at: datetime  # UTC
    published_at: datetime | None = None  # UTC; None when the event does not say


@dataclass(slots=True)
class OpeningKept:
    opening: dict[str, Any]
    opened_at: datetime  # UTC


Change = Filed | ArticleNoted | OpeningKept


class StoryState:
    __slots__ = (
        "allegations",
        "articles",
        "disputes",
        "event_count",
        "first_event",
        "incident",
        "last_event",
        "mentions",
        "merged_into",
        "merged_openings",
        "names",
        "opened_at",
        "opening",
        "revision",
        "story_id",
    )

    def __init__(self, story_id: str, revision: int = 0) -> None:
        self.story_id = story_id
        self.revision = revision  # of the stored row this state matches
        self.merged_into: str | None = None
        self.opening: dict[str, Any] | None = None
        self.opened_at: datetime | None = None
        # (opened_at, story id, opening) of every story merged into this one that was opened
        self.merged_openings: list[tuple[datetime, str, dict[str, Any]]] = []
        self.incident: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self.mentions: dict[str, int] = {}  # actor key -> rows in read_event_actors
        self.names: dict[str, str] = {}  # actor key -> the smallest name it was given
        self.event_count = 0
        self.first_event: datetime | None = None
        self.last_event: datetime | None = None
        self.articles = ArticleLedger()
        self.allegations = AllegationBook(story_id, self.articles)
        self.disputes = DisputeSignals()

    def apply(self, changes: Sequence[Change]) -> None:
        claims = []
        for change in changes:
            if isinstance(change, Filed):
                row = change.timeline_row
                self.count_event(row)
                self.count_actors(change.actor_rows)
                if row["event_type"] in CLAIM_TYPES:
                    claims.append(claim_from_row(row))
                if row["event_type"] in SIGNAL_TYPES:
                    self.disputes.note(row)
            elif isinstance(change, ArticleNoted):
                self.note_article(change)
            else:
                self.opening, self.opened_at = change.opening, change.opened_at
        self.allegations.add(claims)
        self.disputes.settle(self.allegations)

    def count_event(self, row: Mapping[str, Any]) -> None:
        """A timeline row (the claim in it, if any, goes to ``allegations`` separately)."""
        self.event_count += 1
        at: datetime = row["occurred_at"]
        if self.first_event is None or at < self.first_event:
            self.first_event = at
        if self.last_event is None or at > self.last_event:
            self.last_event = at
        if row["event_type"] in INCIDENT_TYPES:
            self.note_incident(row)

    def note_incident(self, row: Mapping[str, Any]) -> None:
        """A strike or attack in the timeline: the story's first incident, if none came before."""
        happened: date | None = row["happened_on"]
        rank = (happened is None, happened or date.min, row["occurred_at"], row["event_id"])
        if self.incident is None or rank < self.incident[0]:
            summary, places = row["summary"], row["places"]
            self.incident = (rank, {"summary": summary, "happened_on": happened, "places": places})

    def count_actors(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """One event's actor rows; a role and actor given twice is stored (and counted) once."""
        seen: set[tuple[str, str]] = set()
        for row in rows:
            key = row["actor_key"]
            if (row["role"], key) in seen:
                continue
            seen.add((row["role"], key))
            self.count_mentions(key, row["name"], 1)

    def count_mentions(self, key: str, name: str, mentions: int) -> None:
        self.mentions[key] = self.mentions.get(key, 0) + mentions
        known = self.names.get(key)
        if known is None or name < known:  # Python's order, not a collation: same everywhere
            self.names[key] = name

    def note_article(self, note: ArticleNoted) -> None:
        change = self.articles.note(
            note.article_id, note.outlet, note.near_duplicate_of, note.seen_at, note.published_at
        )
        if change:
            self.allegations.article_changed(note.article_id, change)

    def row(self) -> dict[str, Any]:
        """The story's derived columns (and its id), as they stand."""
        opening = self._opening()
        incident = self.incident[1] if self.incident is not None else {}
        articles = self.articles
        # Reported means published: the articles' own times. A story known only from its events
        # (no assignment applied yet) counts by when those were recorded until then.
        if len(articles):
            first, last = articles.first_reported(), articles.last_reported()
        else:
            first, last = self.first_event, self.last_event
        return {
            "story_id": self.story_id,
            "status": self._status(),
            "title": short_title(opening.get("title") or incident.get("summary")),
            "incident_date": _incident_date(opening, incident),
            "incident_place": _incident_place(opening, incident),
            "key_actors": list(opening.get("key_actors") or ()) or self._busiest_actors(),
            "event_count": self.event_count,
            "article_count": len(articles),
            "outlet_count": len(articles.outlet_articles),
            "first_reported": first,
            "last_reported": last,
        }

    def _status(self) -> str:
        if self.merged_into is not None:
            return MERGED
        if self.allegations.contested or self.disputes.contradicted(self.articles):
            return DISPUTED
        return DEVELOPING

    def _opening(self) -> dict[str, Any]:
        if self.opening is not None:
            return dict(self.opening)
        if self.merged_openings:
            return dict(min(self.merged_openings, key=lambda entry: entry[:2])[2])
        return {}

    def _busiest_actors(self) -> list[str]:
        mentions = self.mentions
        ranked = heapq.nsmallest(KEY_ACTOR_LIMIT, mentions, key=lambda key: (-mentions[key], key))
        return [self.names[key] for key in ranked]


def _incident_date(opening: dict[str, Any], incident: dict[str, Any]) -> date | None:
    opened: str | None = opening.get("incident_date")
    if opened:
        return date.fromisoformat(opened)
    happened: date | None = incident.get("happened_on")
    return happened


def _incident_place(opening: dict[str, Any], incident: dict[str, Any]) -> str | None:
    if opening.get("places"):
        return str(opening["places"][0])
    places = incident.get("places") or []
    if not places:
        return None
    return str(places[0].get("canonical") or places[0]["text"])
