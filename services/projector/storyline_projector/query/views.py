"""What the query API answers with: the response models, documented in its OpenAPI schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from storyline_contracts.extracted_events import Actor, EventTime, Evidence, Place


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class StorySummary(View):
    story_id: str
    title: str | None = Field(description="From the story's opening, else its first incident.")
    status: str = Field(
        description="merged (part of another story), disputed (what `/claims` says: a claim in it "
        "contested or contradicted, see its reasons) or developing"
    )
    merged_into: str | None = Field(description="For a merged story: the story it is part of.")
    incident_date: date | None
    incident_place: str | None
    key_actors: list[str]
    article_count: int
    outlet_count: int
    event_count: int
    first_reported: datetime | None = Field(
        description="When the story's earliest article was published (not when it was received)."
    )
    last_reported: datetime | None = Field(
        description="When the story's latest article was published."
    )


class StoryList(View):
    items: list[StorySummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class TimelineEntry(View):
    event_id: str
    story_id: str
    event_type: str
    summary: str
    source: Actor | None
    targets: list[Actor]
    when: EventTime
    places: list[Place]
    modality: str = Field(description="asserted | alleged | denied | hypothetical | historical")
    about: list[str] = Field(description="Ids of the events this one answers or is about.")
    details: dict[str, Any] = Field(description="Fields of this event type (weapon, figures...).")
    evidence: Evidence
    article_id: str
    article_version: int
    outlet: str | None
    confidence: float
    extractor_version: str
    recorded_at: datetime


class Timeline(View):
    story_id: str
    as_of: datetime | None
    items: list[TimelineEntry]


class SideSources(View):
    articles: int = Field(description="Distinct articles, near-duplicates included.")
    outlets: int


class AllegationView(View):
    accuser: str
    accused: str
    allegation: str
    about: list[str] = Field(description="The acts alleged (event ids in the timeline).")
    accusation_event_ids: list[str]
    denied_by: list[str]
    denial_event_ids: list[str]
    doubted_by: list[str]
    disputed: bool
    accusing_sources: SideSources
    denying_sources: SideSources


class Allegations(View):
    story_id: str
    as_of: datetime | None
    items: list[AllegationView]


class AffiliationSource(View):
    title: str
    publisher: str
    url: str | None
    date: str | None


class CheckedAllegation(View):
    accuser: str
    accused: str
    allegation: str
    accusation_event_ids: list[str]
    denied_by: list[str]
    doubted_by: list[str]
    contested: bool = Field(description="Denied or doubted by someone in the story.")
    independent_outlets: int = Field(
        description="Independent sources carrying the accusation: a syndicated or near-duplicate "
        "copy counts with the article it copies, and one outlet counts once."
    )
    independent_sources: list[str] = Field(
        description="One entry per independent source: its outlet, or the outlets sharing one "
        "copy joined by ' / '."
    )
    denying_independent_outlets: int


class ContradictionView(View):
    kind: str = Field(description="different_perpetrators | against_known_affiliation")
    summary: str
    event_ids: list[str] = Field(description="The claims that conflict (timeline event ids).")
    sources: list[AffiliationSource] = Field(
        description="Where the known affiliation comes from (against_known_affiliation)."
    )


class StoryClaims(View):
    story_id: str
    as_of: datetime | None
    disputed: bool = Field(description="Some claim in the story is contested or contradicted.")
    reasons: list[str] = Field(description="Why the story is disputed, one line per reason.")
    allegations: list[CheckedAllegation]
    contradictions: list[ContradictionView]


class ThreatView(View):
    event_id: str
    threatener: str | None
    threatened: list[str]
    threat: str
    modality: str
    article_id: str
    outlet: str | None
    recorded_at: datetime


class CasualtyReport(View):
    event_id: str
    value: float
    low: float | None
    high: float | None
    text: str | None
    reported_by: str | None
    article_id: str
    outlet: str | None


class CasualtyFigure(View):
    counts: str = Field(description="What is counted, e.g. 'killed', 'injured'.")
    unit: str | None
    low: float = Field(description="Lowest figure any source gives.")
    high: float = Field(description="Highest figure any source gives.")
    reports: list[CasualtyReport]


class StatisticView(View):
    event_id: str
    summary: str
    value: float
    low: float | None
    high: float | None
    unit: str | None
    counts: str | None
    text: str | None
    reported_by: str | None
    article_id: str
    outlet: str | None


class ActorActivity(View):
    name: str
    kind: str
    country: str | None
    stories: int
    as_source: dict[str, int] = Field(description="Events it did, by event type.")
    as_target: dict[str, int] = Field(description="Events done to it, by event type.")


class ActorList(View):
    items: list[ActorActivity]


class StoryArticle(View):
    article_id: str
    article_version: int
    outlet: str | None
    near_duplicate_of: str | None
    first_seen: datetime = Field(description="When Storyline assigned it to the story.")
    published_at: datetime | None = Field(
        description="When the article was published; null for an assignment recorded before "
        "Storyline kept it."
    )


class StoryArticles(View):
    story_id: str
    as_of: datetime | None
    items: list[StoryArticle]


class StoryState(StorySummary):
    """A story at a glance: what happened, who blamed whom, who denied it, threats, figures."""

    as_of: datetime | None = Field(description="Set when the state was computed as of a time.")
    merged_from: list[str]
    incidents: list[TimelineEntry]
    allegations: list[AllegationView]
    threats: list[ThreatView]
    casualties: list[CasualtyFigure]
    statistics: list[StatisticView]
    actors: list[ActorActivity]


class MergedStory(View):
    story_id: str
    merged_into: str
