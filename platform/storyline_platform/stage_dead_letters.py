"""Dead letters of the ingest stages: what the relay or the extraction worker set aside.

A stage that meets an input it cannot process (an event too large to publish, an article that
makes extraction fail) records it here, with the error, and goes on with the next one. The input
itself stays where it was (the event store), so a letter names it by ``subject``: the event id,
or ``topic:partition:offset`` for a message that could not even be decoded. ``storyline
dead-letters`` lists and replays them; the ops page shows them.

Recording the same subject again (a replay that failed once more) updates the error and counts
the attempt; it never makes a second letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    tuple_,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

Stage = Literal["relay", "extraction"]
STAGES: tuple[Stage, ...] = ("relay", "extraction")
MAX_ERROR_CHARS = 4000  # the first lines of a traceback say enough; a letter is not a log file

metadata = MetaData(naming_convention={"pk": "pk_%(table_name)s"})

stage_dead_letters = Table(
    "stage_dead_letters",
    metadata,
    Column("stage", String(32), primary_key=True),
    Column("subject", String(300), primary_key=True),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("first_failed_at", DateTime(timezone=True), nullable=False),
    Column("last_failed_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class StageLetter:
    stage: Stage
    subject: str
    error: str
    attempts: int
    first_failed_at: datetime
    last_failed_at: datetime

    @property
    def letter_id(self) -> str:
        """How the letter is named on the command line: ``STAGE:SUBJECT``."""
        return f"{self.stage}:{self.subject}"


async def record_letter(
    connection: AsyncConnection, stage: Stage, subject: str, error: str
) -> None:
    """Set ``subject`` aside for ``stage``, in the caller's transaction."""
    now = datetime.now(UTC)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(stage_dead_letters).values(
        stage=stage,
        subject=subject,
        # An error may quote the input, and PostgreSQL cannot store a NUL in text.
        error=error[:MAX_ERROR_CHARS].replace("\x00", "\\x00"),
        attempts=1,
        first_failed_at=now,
        last_failed_at=now,
    )
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=["stage", "subject"],
            set_={
                "error": statement.excluded.error,
                "last_failed_at": statement.excluded.last_failed_at,
                "attempts": stage_dead_letters.c.attempts + 1,
            },
        )
    )


async def list_letters(
    connection: AsyncConnection, stage: Stage | None = None, limit: int | None = None
) -> list[StageLetter]:
    """Letters, newest failure first (all stages unless ``stage`` is given)."""
    query = select(stage_dead_letters).order_by(
        stage_dead_letters.c.last_failed_at.desc(), stage_dead_letters.c.subject
    )
    if stage is not None:
        query = query.where(stage_dead_letters.c.stage == stage)
    if limit is not None:
        query = query.limit(limit)
    rows = (await connection.execute(query)).mappings()
    return [
        StageLetter(
            stage=row["stage"],
            subject=row["subject"],
            error=row["error"],
            attempts=int(row["attempts"]),
            first_failed_at=_utc(row["first_failed_at"]),
            last_failed_at=_utc(row["last_failed_at"]),
        )
        for row in rows
    ]


async def count_letters(connection: AsyncConnection) -> dict[Stage, int]:
    """How many letters each stage holds (every stage named, zero included)."""
    rows = await connection.execute(
        select(stage_dead_letters.c.stage, func.count()).group_by(stage_dead_letters.c.stage)
    )
    counts: dict[Stage, int] = dict.fromkeys(STAGES, 0)
    for stage, count in rows:
        counts[stage] = int(count)
    return counts


async def forget_letters(
    connection: AsyncConnection, stage: Stage, subjects: Sequence[str]
) -> None:
    """Remove letters whose subjects went through (a replay that succeeded)."""
    if subjects:
        await connection.execute(
            delete(stage_dead_letters).where(
                tuple_(stage_dead_letters.c.stage, stage_dead_letters.c.subject).in_(
                    [(stage, subject) for subject in subjects]
                )
            )
        )


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time stored here is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
