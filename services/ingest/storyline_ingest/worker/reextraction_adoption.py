"""Adopting a re-extraction run: its reading becomes the published one, in order, as events.

For each article of the run, in one transaction: an ``EventsRetracted`` (reason
``reextracted``) names the standing events the run did not find again, the run's events follow
it (stamped now), and the article's extraction record points at them, so a later revision or
withdrawal retracts the new reading. Everything goes through the event store and the outbox like
any other event: downstream consumers and the read models move over in order, per story, and a
rebuild from the log gives the same read models as a fresh extraction by the new version would.

Adoption is resumable (adopted articles are skipped) and safe to repeat (deterministic ids). An
article revised or withdrawn since the run read it is left as it is, and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_contracts import Event, decode
from storyline_contracts.event_base import deterministic_event_id
from storyline_contracts.retraction_events import EventsRetracted
from storyline_ingest.outbox import event_store
from storyline_ingest.storage.tables import (
    extraction_runs,
    reextraction_articles,
    reextraction_events,
    reextraction_runs,
)
from storyline_ingest.worker.reextraction import RunError, run_info


@dataclass
class Adoption:
    run_id: str
    articles: int = 0
    retracted: int = 0
    published: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (article id, why)


async def adopt_run(engine: AsyncEngine, run_id: str) -> Adoption:
    info = await run_info(engine, run_id)
    if info.state == "cancelled":
        raise RunError(f"run {run_id} was cancelled: start a new run")
    if info.state == "running" or info.remaining > 0:
        raise RunError(
            f"run {run_id} has {info.remaining} article(s) left to read: finish it with "
            f"`storyline reextract --run {run_id}` before adopting it"
        )
    adoption = Adoption(run_id)
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(reextraction_articles)
                .where(reextraction_articles.c.run_id == run_id, ~reextraction_articles.c.adopted)
                .order_by(reextraction_articles.c.article_id)
            )
        ).mappings()
        pending = list(rows)
    for row in pending:
        async with engine.begin() as connection:
            await _adopt_article(connection, info.extractor_version, row, adoption)
    async with engine.begin() as connection:
        await connection.execute(
            update(reextraction_runs)
            .where(reextraction_runs.c.run_id == run_id)
            .values(state="adopted", updated_at=datetime.now(UTC))
        )
    return adoption


async def _adopt_article(
    connection: AsyncConnection, version: str, row: object, adoption: Adoption
) -> None:
    article = dict(row)  # type: ignore[call-overload]
    article_id, article_version = article["article_id"], article["article_version"]
    standing = await _standing_run(connection, article_id, article_version)
    if standing is None or standing["event_ids"] != article["standing_event_ids"]:
        adoption.skipped.append((article_id, "revised or withdrawn since the run read it"))
    else:
        now = datetime.now(UTC)
        candidates = set(article["candidate_event_ids"])
        gone = tuple(i for i in article["standing_event_ids"] if i not in candidates)
        events: list[Event] = []
        if gone:
            events.append(
                EventsRetracted(
                    event_id=deterministic_event_id(
                        article_id, article_version, "reextracted", version, EventsRetracted.name
                    ),
                    occurred_at=now,
                    story_id=article["story_id"],
                    article_id=article_id,
                    article_version=article_version,
                    retracted_event_ids=gone,
                    reason="reextracted",
                    extractor_version=version,
                )
            )
        events += await _candidates(
            connection, adoption.run_id, article["candidate_event_ids"], now
        )
        added = await event_store.append(connection, events, now)
        adoption.retracted += len(gone)
        adoption.published += added - (1 if gone else 0)
        await connection.execute(
            update(extraction_runs)
            .where(
                extraction_runs.c.article_id == article_id,
                extraction_runs.c.article_version == article_version,
            )
            .values(extractor_version=version, event_ids=list(article["candidate_event_ids"]))
        )
    adoption.articles += 1
    await connection.execute(
        update(reextraction_articles)
        .where(
            reextraction_articles.c.run_id == adoption.run_id,
            reextraction_articles.c.article_id == article_id,
        )
        .values(adopted=True)
    )


async def _standing_run(
    connection: AsyncConnection, article_id: str, article_version: int
) -> dict[str, Any] | None:
    found = (
        (
            await connection.execute(
                select(extraction_runs).where(
                    extraction_runs.c.article_id == article_id,
                    extraction_runs.c.article_version == article_version,
                    ~extraction_runs.c.retracted,
                )
            )
        )
        .mappings()
        .first()
    )
    return dict(found) if found is not None else None


async def _candidates(
    connection: AsyncConnection, run_id: str, event_ids: list[str], now: datetime
) -> list[Event]:
    """The run's events for an article, in the order it found them, stamped with ``now``."""
    if not event_ids:
        return []
    rows = await connection.execute(
        select(reextraction_events).where(
            reextraction_events.c.run_id == run_id,
            reextraction_events.c.event_id.in_(event_ids),
        )
    )
    by_id: dict[str, Event] = {}
    for found in rows.mappings():
        headers = tuple((name, value.encode()) for name, value in found["headers"].items())
        event = decode(headers, bytes(found["payload"]))
        by_id[event.event_id] = event.model_copy(update={"occurred_at": now})
    return [by_id[event_id] for event_id in event_ids if event_id in by_id]
