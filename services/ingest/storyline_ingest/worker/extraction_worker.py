"""The extraction worker: each new article version becomes events in a story.

For every ``ArticleReceived`` or ``ArticleRevised`` it runs extraction (CPU-heavy, in a process
pool, never on the event loop: ``extraction_runner``), assigns the article to a story, and
appends the story events and the extracted events to the event store and outbox in one
transaction. A revision retracts the events drawn from the earlier version; a withdrawal retracts
them all.

Processing is idempotent: a processed article version is recorded in ``extraction_runs`` in the
same transaction, and event ids are deterministic, so a redelivered article changes nothing.
That lets the worker acknowledge its input after the fact (at-least-once in, exactly-once effect).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_contracts import ArticleReceived, ArticleRevised, ArticleWithdrawn, Event
from storyline_contracts.article_events import ArticleEvent
from storyline_contracts.event_base import deterministic_event_id
from storyline_contracts.retraction_events import EventsRetracted
from storyline_extraction.article_text import ArticleText
from storyline_extraction.extraction_records import ArticleExtraction
from storyline_ingest import observability
from storyline_ingest.outbox import event_store
from storyline_ingest.outbox.key_clocks import stamp_in_key_order
from storyline_ingest.storage.tables import extraction_runs
from storyline_ingest.stories.story_assignment import assign_story
from storyline_ingest.stories.story_signals import signals_from_extraction
from storyline_ingest.worker.article_outlets import article_outlet
from storyline_ingest.worker.batch_order import publication_order
from storyline_ingest.worker.extraction_runner import (
    ExtractionFailed,
    ExtractionOutcome,
    ExtractionRunner,
)
from storyline_ingest.worker.published_events import to_events
from storyline_platform import tracing
from storyline_platform.failures import is_transient
from storyline_platform.stage_dead_letters import forget_letters, record_letter
from storyline_platform.stage_metrics import count_dead_letters

log = logging.getLogger(__name__)

ArticleVersionEvent = ArticleReceived | ArticleRevised
Headers = Sequence[tuple[str, bytes]]


class ExtractionWorker:
    """Turns article lifecycle events into story events; safe to run in several processes.

    One article never stops the others: an article extraction fails on, or whose events cannot
    be stored (after a few attempts), is set aside as a dead letter and the batch goes on. Only a
    database that is away stops the batch, for the caller to retry it as a whole.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        runner: ExtractionRunner | None = None,
        retry: StoreRetry | None = None,
    ) -> None:
        self._engine = engine
        self._runner = runner or ExtractionRunner()
        self._retry = retry or StoreRetry()

    async def handle(self, event: Event) -> int:
        """Process one article event; returns how many new events were appended."""
        return await self.handle_batch([event])

    async def handle_batch(
        self, events: Sequence[Event], headers: Mapping[str, Headers] | None = None
    ) -> int:
        """Process article events; extraction runs once for the whole batch.

        The parser costs most per call, not per sentence, so extracting a batch in one call is
        several times faster than one article at a time. Each article is then stored in its own
        transaction, in the order the articles were published (``publication_order``).
        ``headers``: each event's message headers by event id, so that its trace goes on
        through the events stored from it.
        """
        events = publication_order(events)
        headers = headers or {}
        extractions = await self._extract_all(
            [e for e in events if isinstance(e, ArticleReceived | ArticleRevised)]
        )
        appended = 0
        for event in events:
            if isinstance(event, ArticleReceived | ArticleRevised):
                key = (event.article_id, event.article_version)
                if key not in extractions:
                    continue  # processed before
                article, outcome = extractions[key]
                if isinstance(outcome, ExtractionFailed):
                    await self.set_aside(event.event_id, f"extraction failed: {outcome.error}")
                    continue
                with tracing.consumer_span(
                    "extract article", headers.get(event.event_id), article_id=event.article_id
                ):
                    appended += await self._isolated(
                        event, partial(_store, event=event, article=article, extraction=outcome)
                    )
            elif isinstance(event, ArticleWithdrawn):
                appended += await self._isolated(
                    event,
                    partial(
                        _retract_latest,
                        article_id=event.article_id,
                        version=event.article_version,
                        reason="withdrawn",
                    ),
                )
        return appended  # story events and others need nothing from this worker

    async def set_aside(self, subject: str, error: str) -> None:
        """Record a dead letter for ``subject`` (an event id, or where an undecodable message
        was) so the batch can go on without it."""
        async with self._engine.begin() as connection:
            await record_letter(connection, "extraction", subject, error)
        count_dead_letters("extraction")
        log.error("article set aside", extra={"subject": subject, "error": error})

    async def replay(self, events: Sequence[ArticleEvent]) -> tuple[list[str], list[str]]:
        """Run set-aside article events again; (ids now processed, ids still failing).

        A letter whose article goes through is removed; one that fails again keeps its letter,
        with the new error."""
        await self.handle_batch(events)
        done, failing = [], []
        async with self._engine.begin() as connection:
            for event in events:
                if isinstance(event, ArticleWithdrawn) or await _processed(
                    connection, event.article_id, event.article_version
                ):
                    done.append(event.event_id)
                else:
                    failing.append(event.event_id)
            await forget_letters(connection, "extraction", done)
        return done, failing

    async def _isolated(self, event: ArticleEvent, unit: StoreUnit) -> int:
        """Run ``unit`` in a transaction of its own, a few times; set the event aside if it
        keeps failing for a reason other than the database being away."""
        delay = self._retry.backoff_seconds
        failure = ""
        for attempt in range(1, self._retry.attempts + 1):
            try:
                async with self._engine.begin() as connection:
                    return await unit(connection)
            except Exception as error:
                if is_transient(error):
                    raise
                failure = f"{type(error).__name__}: {error}"
                log.warning(
                    "storing an article's events failed",
                    extra={"event_id": event.event_id, "attempt": attempt, "error": failure},
                )
            if attempt < self._retry.attempts:
                await asyncio.sleep(delay)
                delay *= 2
        await self.set_aside(event.event_id, f"storing failed: {failure}")
        return 0

    async def _extract_all(
        self, events: Sequence[ArticleVersionEvent]
    ) -> dict[tuple[str, int], tuple[ArticleText, ExtractionOutcome]]:
        articles: dict[tuple[str, int], ArticleText] = {}
        for event in events:
            key = (event.article_id, event.article_version)
            if key not in articles and not await self._already_processed(*key):
                articles[key] = _article_text(event)
        if not articles:
            return {}
        started = time.perf_counter()
        outcomes = await self._runner.extract(list(articles.values()))
        observability.observe_extraction(outcomes, time.perf_counter() - started)
        return {
            key: (text, outcome)
            for (key, text), outcome in zip(articles.items(), outcomes, strict=True)
        }

    async def _already_processed(self, article_id: str, version: int) -> bool:
        async with self._engine.connect() as connection:
            return await _processed(connection, article_id, version)


@dataclass(frozen=True)
class StoreRetry:
    """How hard to try storing one article's events before setting the article aside."""

    attempts: int = 3
    backoff_seconds: float = 0.1  # doubled after each failed attempt


StoreUnit = Callable[[AsyncConnection], Awaitable[int]]


async def _store(
    connection: AsyncConnection,
    *,
    event: ArticleVersionEvent,
    article: ArticleText,
    extraction: ArticleExtraction,
) -> int:
    # Checked again under the transaction: another worker may have finished it meanwhile.
    if await _processed(connection, event.article_id, event.article_version):
        return 0
    now = datetime.now(UTC)
    events: list[Event] = []
    if event.article_version > 1:
        events += await _retraction_of_latest(
            connection, article_id=event.article_id, version=event.article_version, reason="revised"
        )
    events += await _record_extraction(connection, article, extraction, now)
    return await _append_in_key_order(connection, events, now)


async def _append_in_key_order(
    connection: AsyncConnection, events: Sequence[Event], now: datetime
) -> int:
    """Append ``events`` with one time, never before what their keys were last given: within
    a key, times never go back in the order events are published (``key_clocks``)."""
    stamped = await stamp_in_key_order(connection, events, now)
    return await event_store.append(connection, stamped, now)


def _article_text(event: ArticleVersionEvent) -> ArticleText:
    return ArticleText(
        article_id=event.article_id,
        article_version=event.article_version,
        title=event.content.title,
        body=event.content.body,
        published_at=event.content.published_at,
        outlet=article_outlet(event.content.outlet, event.content.url, event.feed_id),
        language=event.content.language,
    )


async def _record_extraction(
    connection: AsyncConnection, article: ArticleText, extraction: ArticleExtraction, now: datetime
) -> list[Event]:
    """Assign the article to a story and record the run; returns the events to append."""
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
            note=extraction.note,
        )
    )
    log.info(
        "article extracted",
        extra={
            "article_id": article.article_id,
            "story_id": assignment.story_id,
            "events": len(extracted),
            "note": extraction.note,
        },
    )
    return events


async def _processed(connection: AsyncConnection, article_id: str, version: int) -> bool:
    found = await connection.execute(
        select(extraction_runs.c.article_id).where(
            extraction_runs.c.article_id == article_id,
            extraction_runs.c.article_version == version,
        )
    )
    return found.first() is not None


async def _retract_latest(
    connection: AsyncConnection, *, article_id: str, version: int, reason: str
) -> int:
    """Retract the events of the article's latest processed version, if any still stand."""
    retraction = await _retraction_of_latest(
        connection, article_id=article_id, version=version, reason=reason
    )
    return await _append_in_key_order(connection, retraction, datetime.now(UTC))


async def _retraction_of_latest(
    connection: AsyncConnection, *, article_id: str, version: int, reason: str
) -> list[Event]:
    """Mark the article's latest standing run retracted; returns the retraction to append (if
    the run had events). Its time is set when it is appended."""
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
        return []
    await connection.execute(
        update(extraction_runs)
        .where(
            extraction_runs.c.article_id == article_id,
            extraction_runs.c.article_version == run["article_version"],
        )
        .values(retracted=True)
    )
    if not run["event_ids"]:
        return []
    retraction = EventsRetracted(
        event_id=deterministic_event_id(article_id, version, reason, EventsRetracted.name),
        occurred_at=datetime.now(UTC),
        story_id=run["story_id"],
        article_id=article_id,
        article_version=version,
        retracted_event_ids=tuple(run["event_ids"]),
        reason="withdrawn" if reason == "withdrawn" else "revised",
    )
    return [retraction]
