"""Read what the claim checks need from one story's read models, and answer with their result.

The checks themselves (``read_models.claim_checks``) are plain functions of the story's
allegations, timeline and articles, so a story read as of a time or under a candidate
re-extraction run is checked exactly like the live one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts.extracted_events import Actor
from storyline_projector.query.views import (
    AffiliationSource,
    CheckedAllegation,
    ContradictionView,
    StoryClaims,
)
from storyline_projector.read_models.affiliations import load_affiliations
from storyline_projector.read_models.allegation_book import ACCUSING, DENYING
from storyline_projector.read_models.claim_checks import (
    ClaimChecks,
    Entry,
    StoryArticle,
    check_claims,
)
from storyline_projector.read_models.tables import (
    allegation_events,
    allegations,
    story_articles,
    timeline,
)
from storyline_projector.read_models.utc import as_utc


async def story_claim_checks(connection: AsyncConnection, story_id: str) -> ClaimChecks:
    alleged = await connection.execute(
        select(allegations).where(allegations.c.story_id == story_id)
    )
    rows = sorted(
        (dict(r._mapping) for r in alleged), key=lambda r: (r["accuser_key"], r["accused_key"])
    )
    # An allegation's events are rows of their own (read_allegation_events), one per side.
    events: dict[tuple[str, str, str], list[str]] = {}
    for event in await connection.execute(
        select(allegation_events).where(allegation_events.c.story_id == story_id)
    ):
        events.setdefault((event.accuser_key, event.accused_key, event.side), []).append(
            event.event_id
        )
    for row in rows:
        pair = (row["accuser_key"], row["accused_key"])
        row["accusation_event_ids"] = sorted(events.get((*pair, ACCUSING), []))
        row["denial_event_ids"] = sorted(events.get((*pair, DENYING), []))
    listed = await connection.execute(
        select(
            story_articles.c.article_id,
            story_articles.c.outlet,
            story_articles.c.near_duplicate_of,
            story_articles.c.published_at,
        ).where(story_articles.c.story_id == story_id)
    )
    article_rows = sorted((r._mapping for r in listed), key=lambda r: r["article_id"])
    articles = [
        StoryArticle(r["article_id"], r["outlet"], r["near_duplicate_of"]) for r in article_rows
    ]
    published = {
        r["article_id"]: as_utc(r["published_at"]).date()
        for r in article_rows
        if r["published_at"] is not None
    }
    found = await connection.execute(select(timeline).where(timeline.c.story_id == story_id))
    entries = [
        _entry(r._mapping, published)
        for r in sorted(found, key=lambda r: (r.occurred_at, r.evidence_start, r.event_id))
    ]
    return check_claims(rows, entries, articles, load_affiliations())


def claims_view(story_id: str, as_of: Any, checks: ClaimChecks) -> StoryClaims:
    return StoryClaims(
        story_id=story_id,
        as_of=as_of,
        disputed=checks.disputed,
        reasons=list(checks.reasons),
        allegations=[
            CheckedAllegation(
                accuser=a.accuser,
                accused=a.accused,
                allegation=a.allegation,
                accusation_event_ids=list(a.accusation_event_ids),
                denied_by=list(a.denied_by),
                doubted_by=list(a.doubted_by),
                contested=a.contested,
                independent_outlets=len(a.independent_outlets),
                independent_sources=list(a.independent_outlets),
                denying_independent_outlets=len(a.denying_independent_outlets),
            )
            for a in checks.allegations
        ],
        contradictions=[
            ContradictionView(
                kind=c.kind,
                summary=c.summary,
                event_ids=list(c.event_ids),
                sources=[
                    AffiliationSource(title=r.title, publisher=r.publisher, url=r.url, date=r.date)
                    for r in c.references
                ],
            )
            for c in checks.contradictions
        ],
    )


def _entry(row: Any, published: dict[str, date]) -> Entry:
    return Entry(
        event_id=row["event_id"],
        event_type=row["event_type"],
        source=Actor.model_validate(row["source"]) if row["source"] else None,
        targets=tuple(Actor.model_validate(t) for t in row["targets"]),
        about=tuple(row["about"]),
        details=row["details"] or {},
        summary=row["summary"],
        article_id=row["article_id"],
        reported_on=published.get(row["article_id"]) or as_utc(row["occurred_at"]).date(),
    )
