"""What the ops view adds to ``ops_status``: the outbox, each stage's latest work, every letter.

The ingest service's figures are read from its database in the shape that service writes them
(``outbox``, ``event_store``, ``extraction_runs``, ``stage_dead_letters``), the way the ops
status and the candidate runs already read it; the query service imports nothing of the ingest
service. Until the processes report heartbeats of their own, a stage's state is what its tables
say: when it last did its work (the relay's last send, the worker's last extraction, the
projector's newest applied event) and its latest dead letter.

The ingest database may be away while the read models are up: its figures are then unknown
(``None``) and the page says so, rather than failing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, Integer, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_platform.stage_dead_letters import StageLetter, list_letters
from storyline_projector.consume.dead_letters import StoredLetter, list_dead_letters
from storyline_projector.query.read_side import ReadModels
from storyline_projector.read_models.tables import story_events
from storyline_projector.read_models.utc import as_utc, as_utc_or_none

log = logging.getLogger(__name__)

LETTERS_SHOWN = 50
RECENT = timedelta(hours=1)

_OUTBOX = text(
    "SELECT count(*) AS depth, min(e.recorded_at) AS oldest FROM outbox o "
    "JOIN event_store e ON e.position = o.position WHERE o.sent_at IS NULL"
).columns(depth=Integer, oldest=DateTime(timezone=True))
_LAST_SENT = text("SELECT max(sent_at) AS last FROM outbox").columns(last=DateTime(timezone=True))
_LAST_EXTRACTED = text("SELECT max(processed_at) AS last FROM extraction_runs").columns(
    last=DateTime(timezone=True)
)


@dataclass(frozen=True)
class StageActivity:
    """One stage as its tables show it."""

    stage: str
    last_worked_at: datetime | None
    what: str  # what ``last_worked_at`` is, in words
    letters: int | None
    recent_letters: int | None  # failures within the last hour
    last_error: str | None


@dataclass(frozen=True)
class PipelineActivity:
    checked_at: datetime
    outbox_depth: int | None
    outbox_oldest: datetime | None
    stages: list[StageActivity]
    projector_letters: list[StoredLetter]
    stage_letters: list[StageLetter]
    ingest_readable: bool

    @property
    def outbox_age_seconds(self) -> float | None:
        if self.outbox_oldest is None:
            return None
        return max(0.0, (self.checked_at - self.outbox_oldest).total_seconds())


async def pipeline_activity(read_models: ReadModels, ingest_store: AsyncEngine) -> PipelineActivity:
    now = datetime.now(UTC)
    async with read_models.connect() as connection:
        projector_letters = await list_dead_letters(connection)
        newest = (await connection.execute(select(func.max(story_events.c.occurred_at)))).scalar()
    projector_letters.sort(key=lambda item: as_utc(item.recorded_at), reverse=True)
    recent = [item for item in projector_letters if as_utc(item.recorded_at) > now - RECENT]
    projector = StageActivity(
        stage="projector",
        last_worked_at=as_utc_or_none(newest),
        what="newest story event applied (its time)",
        letters=len(projector_letters),
        recent_letters=len(recent),
        last_error=projector_letters[0].letter.error if projector_letters else None,
    )
    try:
        async with ingest_store.connect() as connection:
            ingest = await _ingest_figures(connection, now)
    except SQLAlchemyError:
        log.warning("ingest database unreadable for the ops view", exc_info=True)
        ingest = None
    if ingest is None:
        unknown = [
            StageActivity(stage, None, "ingest database unreadable", None, None, None)
            for stage in ("extraction", "relay")
        ]
        return PipelineActivity(
            now, None, None, [*unknown, projector], projector_letters[:LETTERS_SHOWN], [], False
        )
    depth, oldest, stages, letters = ingest
    return PipelineActivity(
        now, depth, oldest, [*stages, projector], projector_letters[:LETTERS_SHOWN], letters, True
    )


async def _ingest_figures(
    connection: AsyncConnection, now: datetime
) -> tuple[int, datetime | None, list[StageActivity], list[StageLetter]]:
    outbox = (await connection.execute(_OUTBOX)).one()
    last_sent = (await connection.execute(_LAST_SENT)).scalar()
    last_extracted = (await connection.execute(_LAST_EXTRACTED)).scalar()
    letters = await list_letters(connection)
    stages = []
    for stage, last, what in (
        ("extraction", last_extracted, "last article extracted"),
        ("relay", last_sent, "last event sent to Kafka"),
    ):
        own = [letter for letter in letters if letter.stage == stage]  # newest first
        stages.append(
            StageActivity(
                stage=stage,
                last_worked_at=as_utc_or_none(last),
                what=what,
                letters=len(own),
                recent_letters=sum(1 for letter in own if letter.last_failed_at > now - RECENT),
                last_error=own[0].error if own else None,
            )
        )
    return int(outbox.depth or 0), as_utc_or_none(outbox.oldest), stages, letters[:LETTERS_SHOWN]
