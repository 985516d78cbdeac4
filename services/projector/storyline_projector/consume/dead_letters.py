"""Dead letters: messages the projector could not decode or apply, kept so nothing is lost.

Each letter is stored with its original key, value and headers and the error, in the same
transaction that moves its partition past it. Once the cause is fixed (a handler corrected, an
upcaster added), ``replay_dead_letters`` runs the letters through the normal apply path: a letter
that now applies is removed, one that still fails stays with its new error. Replaying never
applies an event twice: the applied-event ids guard it as they guard every delivery.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, delete, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import decode
from storyline_contracts.cloudevents_codec import DecodeError
from storyline_projector.consume.delivery import DeadLetter, Delivery, PartitionKey, RawMessage
from storyline_projector.consume.isolated_apply import DEFAULT_RETRY, RetryPolicy
from storyline_projector.consume.projection import apply_new_events, save_positions
from storyline_projector.read_models.tables import dead_letters

# (stream, partition, position): how a letter is named on the command line and in the table.
LetterId = tuple[str, int, int]

KEY_HEADER = "storyline-dlq-key"  # the original key, kept among the stored headers


@dataclass(frozen=True)
class StoredLetter:
    letter: DeadLetter
    recorded_at: datetime

    @property
    def letter_id(self) -> LetterId:
        message = self.letter.message
        return (message.stream, message.partition, message.position)


@dataclass(frozen=True)
class ReplayOutcome:
    replayed: list[LetterId]
    still_failing: list[LetterId]


async def record_dead_letters(connection: AsyncConnection, letters: Sequence[DeadLetter]) -> None:
    """Keep the poison messages and move their partitions past them, in the caller's transaction."""
    if not letters:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(dead_letters)
    now = datetime.now(UTC)
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=["stream", "partition", "position"],
            set_={"error": statement.excluded.error, "recorded_at": statement.excluded.recorded_at},
        ),
        [_row(letter, now) for letter in letters],
    )
    moved: dict[PartitionKey, int] = {}
    for letter in letters:
        key = (letter.message.stream, letter.message.partition)
        moved[key] = max(moved.get(key, 0), letter.message.position + 1)
    await save_positions(connection, moved)


async def list_dead_letters(
    connection: AsyncConnection, wanted: Sequence[LetterId] | None = None
) -> list[StoredLetter]:
    """The stored letters (all, or the ``wanted`` ones), oldest partition position first."""
    query = select(dead_letters).order_by(
        dead_letters.c.stream, dead_letters.c.partition, dead_letters.c.position
    )
    if wanted is not None:
        query = query.where(
            tuple_(dead_letters.c.stream, dead_letters.c.partition, dead_letters.c.position).in_(
                list(wanted)
            )
        )
    rows = (await connection.execute(query)).mappings()
    return [_stored(row) for row in rows]


async def replay_dead_letters(
    connection: AsyncConnection,
    wanted: Sequence[LetterId] | None = None,
    retry: RetryPolicy = DEFAULT_RETRY,
) -> ReplayOutcome:
    """Re-apply letters through the normal path, in the caller's transaction."""
    stored = await list_dead_letters(connection, wanted)
    deliveries: list[Delivery] = []
    failing: dict[LetterId, str] = {}
    for item in stored:
        message = item.letter.message
        try:
            event = decode(message.headers, message.value)
        except DecodeError as error:
            failing[item.letter_id] = f"DecodeError: {error}"
            continue
        deliveries.append(
            Delivery(message.stream, message.partition, message.position, event, message)
        )
    outcome = await apply_new_events(connection, deliveries, retry)
    for letter in outcome.dead_letters:
        message = letter.message
        failing[(message.stream, message.partition, message.position)] = letter.error
    replayed = [item.letter_id for item in stored if item.letter_id not in failing]
    await _forget(connection, replayed)
    for letter_id, reason in failing.items():
        await connection.execute(
            update(dead_letters)
            .where(_is(letter_id))
            .values(error=reason, recorded_at=datetime.now(UTC))
        )
    return ReplayOutcome(replayed=replayed, still_failing=sorted(failing))


async def _forget(connection: AsyncConnection, letter_ids: Sequence[LetterId]) -> None:
    if letter_ids:
        await connection.execute(
            delete(dead_letters).where(
                tuple_(
                    dead_letters.c.stream, dead_letters.c.partition, dead_letters.c.position
                ).in_(list(letter_ids))
            )
        )


def _is(letter_id: LetterId) -> ColumnElement[bool]:
    stream, partition, position = letter_id
    return (
        (dead_letters.c.stream == stream)
        & (dead_letters.c.partition == partition)
        & (dead_letters.c.position == position)
    )


def _row(letter: DeadLetter, now: datetime) -> dict[str, object]:
    message = letter.message
    headers = {name: value.decode("utf-8", "replace") for name, value in message.headers}
    if message.key is not None:
        headers[KEY_HEADER] = message.key.decode("utf-8", "replace")
    return {
        "stream": message.stream,
        "partition": message.partition,
        "position": message.position,
        "error": letter.error,
        "headers": headers,
        "payload": message.value,
        "recorded_at": now,
    }


def _stored(row: object) -> StoredLetter:
    mapping = dict(row)  # type: ignore[call-overload]
    headers: dict[str, str] = dict(mapping["headers"])
    key = headers.pop(KEY_HEADER, None)
    message = RawMessage(
        stream=mapping["stream"],
        partition=int(mapping["partition"]),
        position=int(mapping["position"]),
        headers=tuple((name, value.encode()) for name, value in headers.items()),
        value=bytes(mapping["payload"]),
        key=None if key is None else key.encode(),
    )
    return StoredLetter(DeadLetter(message, mapping["error"]), mapping["recorded_at"])
