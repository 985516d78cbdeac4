"""Re-extraction runs: stored article versions read again by the current extractor.

When the extractor improves, every story already built was built by the old one. A run reads
the article versions whose events stand now (filtered by when they arrived, or by story) with
the extractor installed today, and stores what it finds as a candidate stream of events beside
the published one (``reextraction_events``): the same contracts, the new ``extractor_version``,
ids deterministic per version. Nothing is published and no consumer sees it until the run is
adopted (``reextraction_adoption``); ``reextraction_diff`` says what adopting would change.

A run is resumable (articles already read are skipped) and cancellable (the running command
stops before its next batch). Near-duplicate copies are left out: they carry no events of their
own, whatever the extractor. An article the extractor fails on keeps the events that stand, with
the error noted.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_contracts import encode
from storyline_contracts.article_events import ArticleContent
from storyline_extraction import ArticleText
from storyline_extraction.extractor import extractor_version
from storyline_extraction.syntax_model import load_syntax_model
from storyline_ingest.storage.tables import (
    article_versions,
    articles,
    extraction_runs,
    reextraction_articles,
    reextraction_events,
    reextraction_runs,
)
from storyline_ingest.stories.story_tables import article_stories
from storyline_ingest.worker.article_outlets import article_outlet
from storyline_ingest.worker.extraction_runner import ExtractionFailed, ExtractionRunner
from storyline_ingest.worker.published_events import to_events

BATCH_SIZE = 20
Progress = Callable[["RunInfo"], None]


class RunError(Exception):
    """A run that cannot be started, continued, diffed or adopted as asked; the message says
    why and what to do."""


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    extractor_version: str
    state: str
    articles_total: int
    articles_done: int
    created_at: datetime
    since: datetime | None = None
    story_ids: tuple[str, ...] | None = None

    @property
    def remaining(self) -> int:
        return self.articles_total - self.articles_done


def installed_extractor_version() -> str:
    return extractor_version(load_syntax_model())


async def start_run(
    engine: AsyncEngine,
    *,
    requested_version: str | None = None,
    since: datetime | None = None,
    story_ids: Sequence[str] | None = None,
) -> RunInfo:
    """Record a new run over the articles that match; nothing is read yet."""
    installed = installed_extractor_version()
    if requested_version not in (None, installed, installed.split("+")[0]):
        raise RunError(
            f"extractor version {requested_version!r} is not the one installed ({installed}); "
            "a run reads with the installed extractor: install that version, or leave out "
            "--extractor-version"
        )
    now = datetime.now(UTC)
    run_id = f"run-{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    stories = tuple(story_ids) if story_ids else None
    async with engine.begin() as connection:
        total = len(await _pending_articles(connection, None, since, stories))
        await connection.execute(
            reextraction_runs.insert().values(
                run_id=run_id,
                extractor_version=installed,
                state="running",
                since=since,
                story_ids=list(stories) if stories else None,
                articles_total=total,
                created_at=now,
                updated_at=now,
            )
        )
    return await run_info(engine, run_id)


async def continue_run(
    engine: AsyncEngine,
    run_id: str,
    runner: ExtractionRunner,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunInfo:
    """Read the run's remaining articles, a batch at a time; stops early when the run is
    cancelled or ``stop`` is set. Returns the run as it then stands."""
    info = await run_info(engine, run_id)
    if info.state not in ("running", "complete"):
        raise RunError(f"run {run_id} is {info.state}: it cannot be continued")
    if info.extractor_version != installed_extractor_version():
        raise RunError(
            f"run {run_id} reads with {info.extractor_version}, but "
            f"{installed_extractor_version()} is installed: start a new run"
        )
    while True:
        if stop is not None and stop.is_set():
            break
        async with engine.connect() as connection:
            if await _state(connection, run_id) != "running":
                break
            batch = (await _pending_articles(connection, run_id, info.since, info.story_ids))[
                :batch_size
            ]
        if not batch:
            break
        await _read_batch(engine, run_id, batch, runner)
        info = await run_info(engine, run_id)
        if progress is not None:
            progress(info)
    async with engine.begin() as connection:
        finished = not await _pending_articles(connection, run_id, info.since, info.story_ids)
        if finished and await _state(connection, run_id) == "running":
            await _set_state(connection, run_id, "complete")
    return await run_info(engine, run_id)


async def cancel_run(engine: AsyncEngine, run_id: str) -> RunInfo:
    """Stop a run: a command reading it stops before its next batch; it cannot be adopted."""
    info = await run_info(engine, run_id)
    if info.state == "adopted":
        raise RunError(f"run {run_id} was adopted: its events are published")
    async with engine.begin() as connection:
        await _set_state(connection, run_id, "cancelled")
    return await run_info(engine, run_id)


async def run_info(engine: AsyncEngine, run_id: str) -> RunInfo:
    found = await list_runs(engine, run_id)
    if not found:
        raise RunError(f"no re-extraction run {run_id!r} (`storyline reextract status` lists them)")
    return found[0]


async def list_runs(engine: AsyncEngine, run_id: str | None = None) -> list[RunInfo]:
    done = (
        select(reextraction_articles.c.run_id, func.count().label("done"))
        .group_by(reextraction_articles.c.run_id)
        .subquery()
    )
    query = (
        select(reextraction_runs, func.coalesce(done.c.done, 0).label("done"))
        .outerjoin(done, done.c.run_id == reextraction_runs.c.run_id)
        .order_by(reextraction_runs.c.created_at.desc())
    )
    if run_id is not None:
        query = query.where(reextraction_runs.c.run_id == run_id)
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).mappings().all()
    return [
        RunInfo(
            run_id=row["run_id"],
            extractor_version=row["extractor_version"],
            state=row["state"],
            articles_total=int(row["articles_total"]),
            articles_done=int(row["done"]),
            created_at=_utc(row["created_at"]),
            since=_utc(row["since"]) if row["since"] is not None else None,
            story_ids=tuple(row["story_ids"]) if row["story_ids"] else None,
        )
        for row in rows
    ]


async def _read_batch(
    engine: AsyncEngine, run_id: str, batch: Sequence[Any], runner: ExtractionRunner
) -> None:
    """Extract a batch and store its candidate events, in one transaction."""
    texts = [_article_text(row) for row in batch]
    outcomes = await runner.extract(texts)
    now = datetime.now(UTC)
    async with engine.begin() as connection:
        for row, outcome in zip(batch, outcomes, strict=True):
            note = None
            if isinstance(outcome, ExtractionFailed):
                note = f"extraction failed: {outcome.error}"[:300]
                events = []
            else:
                events = to_events(outcome, row["story_id"], now)
            await connection.execute(
                reextraction_articles.insert().values(
                    run_id=run_id,
                    article_id=row["article_id"],
                    article_version=row["article_version"],
                    story_id=row["story_id"],
                    standing_event_ids=list(row["event_ids"]),
                    candidate_event_ids=(
                        list(row["event_ids"]) if note else [e.event_id for e in events]
                    ),
                    adopted=False,
                    note=note,
                )
            )
            if events:
                await connection.execute(
                    reextraction_events.insert(),
                    [_event_row(run_id, row["article_id"], event) for event in events],
                )
        await connection.execute(
            update(reextraction_runs)
            .where(reextraction_runs.c.run_id == run_id)
            .values(updated_at=now)
        )


async def _pending_articles(
    connection: AsyncConnection,
    run_id: str | None,
    since: datetime | None,
    story_ids: Sequence[str] | None,
) -> list[Any]:
    """Article versions whose events stand now and that the run has not read yet, oldest first."""
    query = (
        select(
            extraction_runs.c.article_id,
            extraction_runs.c.article_version,
            extraction_runs.c.story_id,
            extraction_runs.c.event_ids,
            article_versions.c.content,
            articles.c.feed_id,
        )
        .join(
            articles,
            (articles.c.article_id == extraction_runs.c.article_id)
            & (articles.c.current_version == extraction_runs.c.article_version),
        )
        .join(
            article_versions,
            (article_versions.c.article_id == extraction_runs.c.article_id)
            & (article_versions.c.version == extraction_runs.c.article_version),
        )
        .join(article_stories, article_stories.c.article_id == extraction_runs.c.article_id)
        .where(~extraction_runs.c.retracted, articles.c.status == "active")
        .where(article_stories.c.near_duplicate_of.is_(None))
        .order_by(article_versions.c.received_at, extraction_runs.c.article_id)
    )
    if since is not None:
        query = query.where(article_versions.c.received_at >= since)
    if story_ids:
        query = query.where(extraction_runs.c.story_id.in_(list(story_ids)))
    if run_id is not None:
        read = select(reextraction_articles.c.article_id).where(
            reextraction_articles.c.run_id == run_id
        )
        query = query.where(extraction_runs.c.article_id.not_in(read))
    return list((await connection.execute(query)).mappings().all())


def _article_text(row: Any) -> ArticleText:
    content = ArticleContent.model_validate(row["content"])
    return ArticleText(
        article_id=row["article_id"],
        article_version=row["article_version"],
        title=content.title,
        body=content.body,
        published_at=content.published_at,
        outlet=article_outlet(content.outlet, content.url, row["feed_id"]),
        language=content.language,
    )


def _event_row(run_id: str, article_id: str, event: Any) -> dict[str, object]:
    record = encode(event)
    return {
        "run_id": run_id,
        "event_id": event.event_id,
        "article_id": article_id,
        "story_id": event.story_id,
        "event_type": event.cloudevent_type(),
        "headers": record.header_map(),
        "payload": record.value,
    }


async def _state(connection: AsyncConnection, run_id: str) -> str:
    found = await connection.execute(
        select(reextraction_runs.c.state).where(reextraction_runs.c.run_id == run_id)
    )
    return str(found.scalar_one())


async def _set_state(connection: AsyncConnection, run_id: str, state: str) -> None:
    await connection.execute(
        update(reextraction_runs)
        .where(reextraction_runs.c.run_id == run_id)
        .values(state=state, updated_at=datetime.now(UTC))
    )


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
