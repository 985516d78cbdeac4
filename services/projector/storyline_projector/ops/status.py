"""The figures ops watch: health, projector positions and lag, dead letters, newest stories.

Lag is measured against the head of what the projector follows: in Kafka mode each partition's
end offset (``kafka_lag``); embedded, the event store's last position. When the head cannot be
read the positions are still shown, with the lag unknown and the reason in ``lag_source``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_contracts.topics import ALL_TOPICS
from storyline_platform.stage_dead_letters import count_letters, list_letters
from storyline_projector.consume.delivery import PartitionKey
from storyline_projector.consume.kafka_lag import end_offsets
from storyline_projector.query.read_side import ReadModels
from storyline_projector.query.story_listing import StoryFilters, list_stories
from storyline_projector.query.views import StorySummary
from storyline_projector.read_models.tables import dead_letters, projector_positions
from storyline_projector.read_models.utc import as_utc
from storyline_projector.settings import ProjectorSettings

log = logging.getLogger(__name__)

EVENT_STORE_STREAM = "event_store"
LAG_TIMEOUT_SECONDS = 2.0
NEWEST_STORIES = 10
LATEST_DEAD_LETTERS = 5


class OpsModel(BaseModel):
    model_config = ConfigDict(frozen=True)


class PartitionLag(OpsModel):
    stream: str
    partition: int
    next_position: int | None
    head: int | None
    lag: int | None


class DeadLetterSummary(OpsModel):
    stream: str
    partition: int
    position: int
    error: str
    recorded_at: datetime


class StageLetterSummary(OpsModel):
    """An input an ingest stage (relay, extraction) set aside."""

    stage: str
    subject: str
    error: str
    attempts: int
    last_failed_at: datetime


class OpsStatus(OpsModel):
    status: str
    mode: str
    checked_at: datetime
    lag_source: str
    total_lag: int | None
    partitions: list[PartitionLag]
    dead_letter_count: int
    latest_dead_letters: list[DeadLetterSummary]
    # None when the ingest database cannot be read (its error is logged).
    stage_dead_letter_counts: dict[str, int] | None
    latest_stage_dead_letters: list[StageLetterSummary]
    newest_stories: list[StorySummary]


async def ops_status(
    read_models: ReadModels, settings: ProjectorSettings, ingest_store: AsyncEngine
) -> OpsStatus:
    async with read_models.connect() as connection:
        positions = await _positions(connection)
        count, latest = await _dead_letters(connection)
        newest = await list_stories(connection, StoryFilters(), NEWEST_STORIES, None)
        if settings.embedded:
            heads, source = await _store_head(connection)
    if not settings.embedded:
        heads, source = await _kafka_heads(settings)
    stage_counts, stage_latest = await _stage_letters(ingest_store)
    partitions = _lag(positions, heads)
    # Streams the projector no longer follows (another mode, an old prefix) have no head.
    total = None if heads is None else sum(p.lag for p in partitions if p.lag is not None)
    return OpsStatus(
        status="ok" if heads is not None else "degraded",
        mode="embedded" if settings.embedded else "kafka",
        checked_at=datetime.now(UTC),
        lag_source=source,
        total_lag=total,
        partitions=partitions,
        dead_letter_count=count,
        latest_dead_letters=latest,
        stage_dead_letter_counts=stage_counts,
        latest_stage_dead_letters=stage_latest,
        newest_stories=newest.items,
    )


async def _positions(connection: AsyncConnection) -> dict[PartitionKey, int]:
    rows = await connection.execute(select(projector_positions))
    return {(row.stream, row.partition): int(row.next_position) for row in rows}


async def _dead_letters(connection: AsyncConnection) -> tuple[int, list[DeadLetterSummary]]:
    count = (await connection.execute(select(func.count()).select_from(dead_letters))).scalar()
    rows = await connection.execute(
        select(dead_letters)
        .order_by(dead_letters.c.recorded_at.desc(), dead_letters.c.position.desc())
        .limit(LATEST_DEAD_LETTERS)
    )
    latest = [
        DeadLetterSummary(
            stream=row.stream,
            partition=row.partition,
            position=row.position,
            error=row.error,
            recorded_at=as_utc(row.recorded_at),
        )
        for row in rows
    ]
    return int(count or 0), latest


async def _stage_letters(
    ingest_store: AsyncEngine,
) -> tuple[dict[str, int] | None, list[StageLetterSummary]]:
    """What the relay and the extraction worker set aside (the ingest service's table)."""
    try:
        async with ingest_store.connect() as connection:
            counts = await count_letters(connection)
            latest = await list_letters(connection, limit=LATEST_DEAD_LETTERS)
    except SQLAlchemyError:
        log.warning("stage dead letters unreadable", exc_info=True)
        return None, []
    summaries = [
        StageLetterSummary(
            stage=letter.stage,
            subject=letter.subject,
            error=letter.error,
            attempts=letter.attempts,
            last_failed_at=letter.last_failed_at,
        )
        for letter in latest
    ]
    return {str(stage): count for stage, count in counts.items()}, summaries


async def _store_head(
    connection: AsyncConnection,
) -> tuple[dict[PartitionKey, int] | None, str]:
    """Embedded: the last position in the event store (the ingest service's table)."""
    try:
        head = (await connection.execute(text("SELECT max(position) FROM event_store"))).scalar()
    except SQLAlchemyError as error:
        log.warning("event store head unreadable", exc_info=True)
        return None, f"event store unreadable: {type(error).__name__}"
    # Positions start at 1 and the follower's next position is the one after the last applied.
    return {(EVENT_STORE_STREAM, 0): int(head or 0) + 1}, "event store head"


async def _kafka_heads(settings: ProjectorSettings) -> tuple[dict[PartitionKey, int] | None, str]:
    assert settings.kafka_bootstrap_servers is not None
    topics = [settings.topic_prefix + topic for topic in ALL_TOPICS]
    try:
        heads = await end_offsets(settings.kafka_bootstrap_servers, topics, LAG_TIMEOUT_SECONDS)
    except Exception as error:  # the page must render whatever the broker does
        log.warning("kafka end offsets unavailable", exc_info=True)
        return None, f"kafka end offsets unavailable: {type(error).__name__}"
    return heads, "kafka end offsets"


def _lag(
    positions: dict[PartitionKey, int], heads: dict[PartitionKey, int] | None
) -> list[PartitionLag]:
    keys = sorted(set(positions) | set(heads or {}))
    first = {EVENT_STORE_STREAM: 1}  # Kafka offsets start at 0, event store positions at 1
    result = []
    for stream, partition in keys:
        position = positions.get((stream, partition))
        head = None if heads is None else heads.get((stream, partition))
        read_from = position if position is not None else first.get(stream, 0)
        lag = None if head is None else max(0, head - read_from)
        result.append(
            PartitionLag(
                stream=stream, partition=partition, next_position=position, head=head, lag=lag
            )
        )
    return result
