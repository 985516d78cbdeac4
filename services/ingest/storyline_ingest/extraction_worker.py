"""The extraction worker: each new article version becomes events in a story.

For every ``ArticleReceived`` or ``ArticleRevised`` it runs extraction (CPU-heavy, in a process
pool, never on the event loop), assigns the article to a story, and appends the story events and
the extracted events to the event store and outbox in one transaction. A revision retracts the
events drawn from the earlier version; a withdrawal retracts them all.

Processing is idempotent: a processed article version is recorded in ``extraction_runs`` in the
same transaction, and event ids are deterministic, so a redelivered article changes nothing.
That lets the worker acknowledge its input after the fact (at-least-once in, exactly-once effect).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import Executor
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_contracts import ArticleReceived, ArticleRevised, ArticleWithdrawn, Event
from storyline_contracts.event_base import deterministic_event_id
from storyline_contracts.retraction_events import EventsRetracted
from storyline_ingest import event_store
from storyline_ingest.extraction.article_text import ArticleText
from storyline_ingest.extraction.extraction_records import ArticleExtraction
from storyline_ingest.extraction.extractor import extract_batch, to_events
from storyline_ingest.stories.story_assignment import assign_story
from storyline_ingest.stories.story_signals import signals_from_extraction
from storyline_ingest.tables import extraction_runs

log = logging.getLogger(__name__)

ArticleVersionEvent = ArticleReceived | ArticleRevised


class ExtractionWorker:
    """Turns article lifecycle events into story events; safe to run in several processes."""

    def __init__(self, engine: AsyncEngine, executor: Executor | None = None) -> None:
        self._engine = engine
        self._executor = executor

    async def handle(self, event: Event) -> int:
        """Process one article event; returns how many new events were appended."""
        return await self.handle_batch([event])

    async def handle_batch(self, events: Sequence[Event]) -> int:
        """Process article events in order; extraction runs once for the whole batch.

        The parser costs most per call, not per sentence, so extracting a batch in one call is
        several times faster than one article at a time. Each article is then stored in its own
        transaction, in the order the events came.
        """
        extractions = await self._extract_all(
            [e for e in events if isinstance(e, ArticleReceived | ArticleRevised)]
        )
        appended = 0
        for event in events:
            if isinstance(event, ArticleReceived | ArticleRevised):
                key = (event.article_id, event.article_version)
                if key in extractions:
                    appended += await self._store(event, *extractions[key])
            elif isinstance(event, ArticleWithdrawn):
                async with self._engine.begin() as connection:
                    appended += await _retract_latest(
                        connection, event.article_id, event.article_version, "withdrawn"
                    )
        return appended  # story events and others need nothing from this worker

    async def _extract_all(
        self, events: Sequence[ArticleVersionEvent]
    ) -> dict[tuple[str, int], tuple[ArticleText, ArticleExtraction]]:
        articles: dict[tuple[str, int], ArticleText] = {}
        for event in events:
            key = (event.article_id, event.article_version)
            if key not in articles and not await self._already_processed(*key):
                articles[key] = _article_text(event)
        if not articles:
            return {}
        loop = asyncio.get_running_loop()
        texts = list(articles.values())
        extracted = await loop.run_in_executor(self._executor, extract_batch, texts)
        return {
            key: (text, result)
            for (key, text), result in zip(articles.items(), extracted, strict=True)
        }

    async def _store(
        self, event: ArticleVersionEvent, article: ArticleText, extraction: ArticleExtraction
    ) -> int:
        now = datetime.now(UTC)
        async with self._engine.begin() as connection:
            # Checked again under the transaction: another worker may have finished it meanwhile.
            if await _processed(connection, event.article_id, event.article_version):
                return 0
            appended = 0
            if event.article_version > 1:
                appended += await _retract_latest(
                    connection, event.article_id, event.article_version, "revised"
                )
            return appended + await _record_extraction(connection, article, extraction, now)

    async def _already_processed(self, article_id: str, version: int) -> bool:
        async with self._engine.connect() as connection:
            return await _processed(connection, article_id, version)


def _article_text(event: ArticleVersionEvent) -> ArticleText:
    return ArticleText(
        article_id=event.article_id,
        article_version=event.article_version,
        title=event.content.title,
        body=event.content.body,
        published_at=event.content.published_at,
        outlet=event.content.outlet,
        language=event.content.language,
    )


async def _record_extraction(
    connection: AsyncConnection, article: ArticleText, extraction: ArticleExtraction, now: datetime
) -> int:
    assignment = await assign_story(connection, signals_from_extraction(article, extraction), now)
    extracted: list[Event] = []
    if assignment.near_duplicate_of is None:
        # A near-duplicate is another source for the original's events, not new events.
        extracted = list(to_events(extraction, assignment.story_id, now))
    events = [*assignment.events, *extracted]
    await connection.execute(
        extraction_runs.insert().values(
            article_id=article.article_id,
            article_version=article.article_version,
            extractor_version=extraction.extractor_version,
            story_id=assignment.story_id,
            event_ids=[event.event_id for event in extracted],
            retracted=False,
            processed_at=now,
        )
    )
    log.info(
        "article extracted",
        extra={
            "article_id": article.article_id,
            "story_id": assignment.story_id,
            "events": len(extracted),
        },
    )
    return await event_store.append(connection, events, now)


async def _processed(connection: AsyncConnection, article_id: str, version: int) -> bool:
    found = await connection.execute(
        select(extraction_runs.c.article_id).where(
            extraction_runs.c.article_id == article_id,
            extraction_runs.c.article_version == version,
        )
    )
    return found.first() is not None


async def _retract_latest(
    connection: AsyncConnection, article_id: str, version: int, reason: str
) -> int:
    """Retract the events of the article's latest processed version, if any still stand."""
    run = (
        (
            await connection.execute(
                select(extraction_runs)
                .where(extraction_runs.c.article_id == article_id, ~extraction_runs.c.retracted)
                .order_by(extraction_runs.c.article_version.desc())
                .limit(1)
            )
        )
        .mappings()
        .first()
    )
    if run is None:
        return 0
    await connection.execute(
        update(extraction_runs)
        .where(
            extraction_runs.c.article_id == article_id,
            extraction_runs.c.article_version == run["article_version"],
        )
        .values(retracted=True)
    )
    if not run["event_ids"]:
        return 0
    retraction = EventsRetracted(
        event_id=deterministic_event_id(article_id, version, reason, EventsRetracted.name),
        occurred_at=datetime.now(UTC),
        story_id=run["story_id"],
        article_id=article_id,
        article_version=version,
        retracted_event_ids=tuple(run["event_ids"]),
        reason="withdrawn" if reason == "withdrawn" else "revised",
    )
    return await event_store.append(connection, [retraction], datetime.now(UTC))
