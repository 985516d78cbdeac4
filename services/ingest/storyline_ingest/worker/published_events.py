"""What extraction found, as the events Storyline publishes: the contract classes, with a story.

The extraction package describes an event with plain values; the contracts describe the same
fields as pydantic models. An event's id comes from extraction (the article version and the
reading), never from the story, so a re-run publishes nothing new.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from storyline_contracts.extracted_events import (
    AccusationMade,
    AttackReported,
    CasualtiesReported,
    DenialIssued,
    ExtractedEvent,
    InterceptionReported,
    ParticipationReported,
    PledgeMade,
    ResponsibilityClaimed,
    SanctionImposed,
    SkepticismExpressed,
    StatisticReported,
    StrikeReported,
    ThreatIssued,
)
from storyline_extraction import ArticleExtraction
from storyline_extraction import ExtractedEvent as Reading

_CLASSES: dict[str, type[ExtractedEvent]] = {
    cls.name: cls
    for cls in (
        StrikeReported,
        AttackReported,
        AccusationMade,
        DenialIssued,
        ThreatIssued,
        PledgeMade,
        CasualtiesReported,
        StatisticReported,
        SkepticismExpressed,
        InterceptionReported,
        ResponsibilityClaimed,
        SanctionImposed,
        ParticipationReported,
    )
}


def to_events(
    extraction: ArticleExtraction, story_id: str, occurred_at: datetime
) -> list[ExtractedEvent]:
    """Contract events for a story; ids are those of the extraction, whatever the story."""
    return [_event(e, extraction, story_id, occurred_at) for e in extraction.events]


def _event(
    e: Reading, x: ArticleExtraction, story_id: str, occurred_at: datetime
) -> ExtractedEvent:
    common: dict[str, Any] = {
        "event_id": e.event_id,
        "occurred_at": occurred_at,
        "story_id": story_id,
        "article_id": x.article_id,
        "article_version": x.article_version,
        "outlet": x.outlet,
        "source": _values(e.source),
        "targets": _values(e.targets),
        "when": _values(e.when),
        "where": _values(e.where),
        "modality": e.modality,
        "about": e.about,
        "summary": e.summary,
        "evidence": _values(e.evidence),
        "confidence": e.confidence,
        "extractor_version": e.extractor_version,
    }
    figures = _values(e.figures)
    extra: dict[str, Any] = {}
    if e.kind == "strike_reported":
        extra = {"weapon": e.weapon, "figures": figures}
    elif e.kind == "attack_reported":
        extra = {"method": e.method}
    elif e.kind == "accusation_made":
        extra = {"allegation": e.text}
    elif e.kind == "threat_issued":
        extra = {"threat": e.text}
    elif e.kind == "pledge_made":
        extra = {"pledge": e.text}
    elif e.kind in {"casualties_reported", "interception_reported"}:
        extra = {"figures": figures}
    elif e.kind == "statistic_reported":
        extra = {"figure": figures[0]}
    elif e.kind == "skepticism_expressed":
        extra = {"doubted": e.text}
    elif e.kind == "participation_reported":
        extra = {"operation": e.text, "on_behalf_of": _values(e.on_behalf_of)}
    return _CLASSES[e.kind].model_validate({**common, **extra})


def _values(value: Any) -> Any:
    """ExtractedEvent's dataclass values as plain dicts, which the contract models validate."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return [asdict(item) for item in value]
    return asdict(value)
