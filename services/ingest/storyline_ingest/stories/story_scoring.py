"""The grouping rule: how strongly an article belongs to a candidate story.

A score in [0, 1] from entity overlap (actors and places, each weighted by rarity), incident
date distance and content-term similarity, scaled down when the event types do not fit
together. Thresholds and the reasons for them: ``README.md`` beside this file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from storyline_ingest.stories.story_signals import ArticleSignals
from storyline_ingest.stories.text_fingerprint import cosine

# Incidents more than this many days apart are different incidents, whatever else they share.
MAX_INCIDENT_GAP_DAYS = 3
WEIGHT_ENTITIES = 0.5
WEIGHT_DATE = 0.2
WEIGHT_TEXT = 0.3
JOIN_THRESHOLD = 0.45
# An article links two stories only when it fits both clearly better than a plain join needs.
MERGE_THRESHOLD = 0.6
# Without a shared actor or place, only text this close (and a near date) can join a story.
TEXT_ONLY_THRESHOLD = 0.5
UNKNOWN_DATE_RECENT_DAYS = 3
# Rarity weight an article's names must add up to before sharing all of them counts in full:
# one rare name (weight 1) and a common one, or three countries most recent stories name.
MIN_ENTITY_EVIDENCE = 1.5
# A pledge is not a strike: an article of another kind of incident needs far more in common.
DIFFERENT_KIND_FACTOR = 0.75

EVENT_FAMILIES: Mapping[str, str] = {
    "strike_reported": "violence",
    "attack_reported": "violence",
    "interception_reported": "violence",
    "casualties_reported": "violence",
    "accusation_made": "statement",
    "denial_issued": "statement",
    "threat_issued": "statement",
    "skepticism_expressed": "statement",
    "responsibility_claimed": "statement",
    "participation_reported": "statement",
    "statistic_reported": "figure",
    "pledge_made": "policy",
    "sanction_imposed": "policy",
}
NEUTRAL_FAMILIES = frozenset({"statement", "figure"})


@dataclass(frozen=True)
class StoryProfile:
    """What a story is about so far: the union of its articles' signals."""

    story_id: str
    opened_at: datetime
    last_seen: datetime
    incident_first: date | None
    incident_last: date | None
    actors: Mapping[str, int]
    places: Mapping[str, int]
    event_types: Mapping[str, int]
    terms: Mapping[str, float]
    # Countries where its articles' lead incidents happened, with how many articles said so.
    incident_countries: Mapping[str, int] = field(default_factory=dict)
    names: Mapping[str, int] = field(default_factory=dict)  # other proper names


@dataclass(frozen=True)
class CandidateScore:
    story: StoryProfile
    score: float
    shares_entity: bool


def rarity_weight(stories_with_key: int) -> float:
    """1 for a key only one story carries, falling slowly for common ones (a country)."""
    return 1.0 / math.log2(1 + max(stories_with_key, 1))


def score_candidate(
    signals: ArticleSignals,
    terms: Mapping[str, float],
    story: StoryProfile,
    weights: Mapping[str, float],
) -> CandidateScore:
    """Score ``story`` for the article; ``weights`` maps normalised entity names to rarity."""
    date_part = date_score(signals, story)
    if date_part is None or elsewhere(signals, story):
        return CandidateScore(story, 0.0, shares_entity=False)
    entities, shares_entity = entity_score(signals, story, weights)
    text = cosine(terms, story.terms)
    score = WEIGHT_ENTITIES * entities + WEIGHT_DATE * date_part + WEIGHT_TEXT * text
    score *= event_type_factor(signals.event_types, story.event_types.keys())
    if not shares_entity and text < TEXT_ONLY_THRESHOLD:
        score = min(score, JOIN_THRESHOLD / 2)
    return CandidateScore(story, round(score, 6), shares_entity)


def date_score(signals: ArticleSignals, story: StoryProfile) -> float | None:
    """1 for the same incident day, falling with distance; None when too far apart to join."""
    if signals.incident_date is not None and story.incident_first and story.incident_last:
        gap = _gap_days(signals.incident_date, story.incident_first, story.incident_last)
        if gap > MAX_INCIDENT_GAP_DAYS:
            return None
        return 1.0 - gap / (MAX_INCIDENT_GAP_DAYS + 1)
    days_apart = abs((signals.published_at - story.last_seen).days)
    return 0.5 if days_apart <= UNKNOWN_DATE_RECENT_DAYS else 0.25


def elsewhere(signals: ArticleSignals, story: StoryProfile) -> bool:
    """True when the article's lead incident and the story's happened in different countries:
    a strike on Odesa is not the strike on the Kremlin, however many names the reports share."""
    ours, theirs = signals.incident_countries, story.incident_countries.keys()
    return bool(ours) and bool(theirs) and not ours & theirs


def _gap_days(day: date, first: date, last: date) -> int:
    if day < first:
        return (first - day).days
    if day > last:
        return (day - last).days
    return 0


def entity_score(
    signals: ArticleSignals, story: StoryProfile, weights: Mapping[str, float]
) -> tuple[float, bool]:
    """Share of the article's actors and places, by rarity weight, that the story carries too.
    Other proper names count when the story carries them and are left out when it does not.

    The share is taken of at least ``MIN_ENTITY_EVIDENCE``: an article that names only two
    common parties ("Russia", "Ukraine") shares all of them with most war stories, which says
    little; it needs the text or the date to join one.
    Returns the share and whether any name is shared at all.
    """
    total = shared = 0.0
    for kind, names, story_names in (
        ("actor", signals.actors, story.actors),
        ("place", signals.places, story.places),
        ("name", signals.names, story.names),
    ):
        for name in names:
            key = normalised_name(name)
            weight = weights.get(f"{kind}:{key}", 1.0)
            if key in story_names:
                shared += weight
                total += weight
            elif kind != "name":  # an unresolved name the story lacks is no evidence against
                total += weight
    total = max(total, MIN_ENTITY_EVIDENCE)
    return shared / total, shared > 0


def normalised_name(name: str) -> str:
    return " ".join(name.casefold().split())


def event_type_factor(article_types: frozenset[str], story_types: Iterable[str]) -> float:
    """1 unless the article and the story report different kinds of incident.

    Statements (accusations, denials, threats) and figures follow every kind of incident, so
    they say nothing about the kind; violence and policy (pledges, sanctions) do.
    """
    article_kinds = _incident_kinds(article_types)
    story_kinds = _incident_kinds(story_types)
    if not article_kinds or not story_kinds or article_kinds & story_kinds:
        return 1.0
    return DIFFERENT_KIND_FACTOR


def _incident_kinds(event_types: Iterable[str]) -> set[str]:
    families = {EVENT_FAMILIES.get(event_type, "other") for event_type in event_types}
    return families - NEUTRAL_FAMILIES
