"""Read one story's state from the read models (live tables, or a time-travel fold of them).

Lists whose order a person reads (timeline, allegations, actors) are sorted here rather than in
SQL, so SQLite and PostgreSQL answer byte for byte alike whatever their collation and NULL order.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.query.actor_queries import actor_activity
from storyline_projector.query.views import (
    AllegationView,
    CasualtyFigure,
    CasualtyReport,
    SideSources,
    StatisticView,
    StoryArticle,
    StoryState,
    StorySummary,
    ThreatView,
    TimelineEntry,
)
from storyline_projector.read_models.allegation_book import ACCUSING, DENYING
from storyline_projector.read_models.story_state import INCIDENT_TYPES
from storyline_projector.read_models.tables import (
    allegation_events,
    allegations,
    casualty_figures,
    statistics,
    stories,
    story_articles,
    threats,
    timeline,
)
from storyline_projector.read_models.utc import as_utc, as_utc_or_none


async def story_summary(connection: AsyncConnection, story_id: str) -> StorySummary | None:
    row = (await connection.execute(select(stories).where(stories.c.story_id == story_id))).first()
    return None if row is None else summary_from_row(row._mapping)


def summary_from_row(row: RowMapping) -> StorySummary:
    return StorySummary(
        story_id=row["story_id"],
        title=row["title"],
        status=row["status"],
        merged_into=row["merged_into"],
        incident_date=row["incident_date"],
        incident_place=row["incident_place"],
        key_actors=list(row["key_actors"]),
        article_count=row["article_count"],
        outlet_count=row["outlet_count"],
        event_count=row["event_count"],
        first_reported=as_utc_or_none(row["first_reported"]),
        last_reported=as_utc_or_none(row["last_reported"]),
    )


async def story_state(
    connection: AsyncConnection, summary: StorySummary, as_of: datetime | None
) -> StoryState:
    story_id = summary.story_id
    entries = await story_timeline(connection, story_id)
    return StoryState(
        **summary.model_dump(),
        as_of=as_of,
        merged_from=await merged_from(connection, story_id),
        incidents=[entry for entry in entries if entry.event_type in INCIDENT_TYPES],
        allegations=await story_allegations(connection, story_id),
        threats=await story_threats(connection, story_id),
        casualties=await story_casualties(connection, story_id),
        statistics=await story_statistics(connection, story_id),
        actors=await actor_activity(connection, story_id=story_id),
    )


async def merged_from(connection: AsyncConnection, story_id: str) -> list[str]:
    rows = await connection.execute(
        select(stories.c.story_id).where(stories.c.merged_into == story_id)
    )
    return sorted(rows.scalars())


async def story_timeline(connection: AsyncConnection, story_id: str) -> list[TimelineEntry]:
    """The story's events in the order they happened; undated ones last, by when recorded."""
    rows = await connection.execute(select(timeline).where(timeline.c.story_id == story_id))
    entries = [timeline_entry(row._mapping) for row in rows]
    return sorted(
        entries,
        key=lambda entry: (
            entry.when.start is None,
            entry.when.start or date.min,
            entry.recorded_at,
            entry.event_id,
        ),
    )


async def event_entry(connection: AsyncConnection, event_id: str) -> TimelineEntry | None:
    row = (
        await connection.execute(select(timeline).where(timeline.c.event_id == event_id))
    ).first()
    return None if row is None else timeline_entry(row._mapping)


def timeline_entry(row: RowMapping) -> TimelineEntry:
    return TimelineEntry.model_validate(
        {
            "event_id": row["event_id"],
            "story_id": row["story_id"],
            "event_type": row["event_type"],
            "summary": row["summary"],
            "source": row["source"],
            "targets": row["targets"],
            "when": {
                "text": row["when_text"],
                "start": row["happened_on"],
                "end": row["happened_until"],
                "precision": row["when_precision"],
            },
            "places": row["places"],
            "modality": row["modality"],
            "about": row["about"],
            "details": row["details"],
            "evidence": {
                "sentence": row["evidence_sentence"],
                "start": row["evidence_start"],
                "end": row["evidence_end"],
            },
            "article_id": row["article_id"],
            "article_version": row["article_version"],
            "outlet": row["outlet"],
            "confidence": row["confidence"],
            "extractor_version": row["extractor_version"],
            "recorded_at": as_utc(row["occurred_at"]),
        }
    )


async def story_allegations(connection: AsyncConnection, story_id: str) -> list[AllegationView]:
    rows = await connection.execute(select(allegations).where(allegations.c.story_id == story_id))
    ordered = sorted(
        (row._mapping for row in rows), key=lambda r: (r["accuser_key"], r["accused_key"])
    )
    events: dict[tuple[str, str, str], list[str]] = {}
    for event in await connection.execute(
        select(allegation_events).where(allegation_events.c.story_id == story_id)
    ):
        events.setdefault((event.accuser_key, event.accused_key, event.side), []).append(
            event.event_id
        )
    return [
        AllegationView(
            accuser=row["accuser"],
            accused=row["accused"],
            allegation=row["allegation"],
            about=row["about"],
            accusation_event_ids=sorted(
                events.get((row["accuser_key"], row["accused_key"], ACCUSING), [])
            ),
            denied_by=row["denied_by"],
            denial_event_ids=sorted(
                events.get((row["accuser_key"], row["accused_key"], DENYING), [])
            ),
            doubted_by=row["doubted_by"],
            disputed=row["disputed"],
            accusing_sources=SideSources(
                articles=row["accusing_articles"], outlets=row["accusing_outlets"]
            ),
            denying_sources=SideSources(
                articles=row["denying_articles"], outlets=row["denying_outlets"]
            ),
        )
        for row in ordered
    ]


async def story_threats(connection: AsyncConnection, story_id: str) -> list[ThreatView]:
    rows = await connection.execute(select(threats).where(threats.c.story_id == story_id))
    views = [
        ThreatView(
            event_id=row.event_id,
            threatener=row.threatener,
            threatened=row.threatened,
            threat=row.threat,
            modality=row.modality,
            article_id=row.article_id,
            outlet=row.outlet,
            recorded_at=as_utc(row.occurred_at),
        )
        for row in rows
    ]
    return sorted(views, key=lambda view: (view.recorded_at, view.event_id))


async def story_casualties(connection: AsyncConnection, story_id: str) -> list[CasualtyFigure]:
    """Figures grouped by what they count, with the range across every source."""
    rows = await connection.execute(
        select(casualty_figures).where(casualty_figures.c.story_id == story_id)
    )
    groups: dict[tuple[str, str | None], list[Any]] = {}
    for row in rows:
        groups.setdefault((row.counts, row.unit), []).append(row)
    figures = []
    for (counts, unit), reported in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        reports = sorted(
            (
                CasualtyReport(
                    event_id=row.event_id,
                    value=row.value,
                    low=row.low,
                    high=row.high,
                    text=row.text,
                    reported_by=row.reported_by,
                    article_id=row.article_id,
                    outlet=row.outlet,
                )
                for row in reported
            ),
            key=lambda report: (report.value, report.event_id),
        )
        figures.append(
            CasualtyFigure(
                counts=counts,
                unit=unit,
                low=min(r.value if r.low is None else r.low for r in reports),
                high=max(r.value if r.high is None else r.high for r in reports),
                reports=reports,
            )
        )
    return figures


async def story_statistics(connection: AsyncConnection, story_id: str) -> list[StatisticView]:
    rows = await connection.execute(select(statistics).where(statistics.c.story_id == story_id))
    views = [StatisticView.model_validate(dict(row._mapping)) for row in rows]
    return sorted(views, key=lambda view: view.event_id)


async def story_article_list(connection: AsyncConnection, story_id: str) -> list[StoryArticle]:
    rows = await connection.execute(
        select(story_articles).where(story_articles.c.story_id == story_id)
    )
    views = [
        StoryArticle(
            article_id=row.article_id,
            article_version=row.article_version,
            outlet=row.outlet,
            near_duplicate_of=row.near_duplicate_of,
            first_seen=as_utc(row.assigned_at),
            published_at=as_utc_or_none(row.published_at),
        )
        for row in rows
    ]
    return sorted(views, key=lambda view: (view.first_seen, view.article_id))
