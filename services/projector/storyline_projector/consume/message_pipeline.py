"""Raw messages in, read models changed: one transaction per batch, whatever the source.

Decode, apply what is new, keep what failed as dead letters (and forward them to the dead-letter
topic in production), move every partition past the batch: all in one transaction, so after
any crash the read models, the applied ids, the dead letters and the positions agree.

On PostgreSQL, a batch whose partitions and stories this pipeline holds (``StoryStates``) is
written in one statement that checks what it assumed (``held_batch``): one round trip. Any other
batch is applied together: one statement reads what the batch needs to know (``batch_start``),
the handlers run, and one statement writes every row, the applied ids and the positions, then
the transaction commits: four round trips. Both go over a connection the pipeline keeps between
batches (a connection checked out of the pool is pinged first: three more round trips); a
connection that failed is given back, and the next batch takes a fresh one. If a handler or the
write fails, that transaction is rolled back and the batch is applied again one event at a time
(``isolated_apply``), so the events that can be applied are, and the others become dead letters.

The Kafka projector applies batches with ``apply_behind``: a batch written in one statement is
sent, and the next batch is decoded and run on the held states while the database works on it,
so that the two overlap instead of taking turns. The statement's answer is awaited before
anything else is written; if it refused the batch, everything held that was not yet stored is
forgotten (the next batch's work with it) and both batches are applied again, in order.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_platform import tracing
from storyline_projector import observability
from storyline_projector.consume.batch_start import BatchStart, read_batch_start
from storyline_projector.consume.dead_letter_topic import DeadLetterTopic
from storyline_projector.consume.dead_letters import record_dead_letters
from storyline_projector.consume.delivery import (
    DeadLetter,
    Delivery,
    PartitionKey,
    RawMessage,
    published_json,
)
from storyline_projector.consume.held_batch import (
    HeldWrite,
    Refusal,
    prepare_held,
    put_progress,
)
from storyline_projector.consume.isolated_apply import (
    DEFAULT_RETRY,
    RetryPolicy,
    raise_if_connection_lost,
)
from storyline_projector.consume.message_decoding import decode_messages
from storyline_projector.consume.projection import BatchOutcome, apply_batch, load_positions
from storyline_projector.read_models.generations import (
    DEFAULT,
    Generation,
    begin_generation,
    bind,
    live_generation,
    prepare_engine,
)
from storyline_projector.read_models.handlers import run_handlers
from storyline_projector.read_models.story_directory import story_ids_of
from storyline_projector.read_models.story_states import DEFAULT_CAPACITY, StoryStates
from storyline_projector.read_models.unit_of_work import KnownStories, ProjectionUnit

log = logging.getLogger(__name__)


class _TogetherFailed(Exception):
    """Applying the batch as one unit failed for a reason other than a lost connection."""


@dataclass
class _InFlight:
    """A batch of held stories whose statement is on its way to the database."""

    write: asyncio.Task[Any]  # the statement's answer: True if written
    deliveries: list[Delivery]
    batch: int  # its number in ``StoryStates``
    moved: dict[PartitionKey, int]  # each partition's position once it is written


_HELD_WRITE_ATTRIBUTES = {"db.system": "postgresql", "db.operation": "WITH ... INSERT"}


class MessagePipeline:
    def __init__(
        self,
        read_models: AsyncEngine,
        generation: Generation | None = None,
        dead_letter_topic: DeadLetterTopic | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        stories_held: int = DEFAULT_CAPACITY,
    ) -> None:
        """``generation`` None: whichever is live at each batch (the projector); a fixed one:
        a rebuild. Without a ``dead_letter_topic``, letters are kept in the table only.
        ``stories_held``: how many stories to keep in memory between batches."""
        self._read_models = read_models
        self._generation = generation
        self._live = DEFAULT  # the generation last seen live, tried first
        self._dead_letter_topic = dead_letter_topic
        self._retry = retry
        self.stories = StoryStates(stories_held)
        # Each partition's position as this pipeline last saved it in the live generation, or read
        # it when the partition was assigned: with every story of a batch held, the batch can
        # skip its read (``held_batch``).
        self._positions: dict[PartitionKey, int] = {}
        self.paths: Counter[str] = Counter()  # batches applied by each path, for tests and ops
        self.refusals: Counter[Refusal] = Counter()  # why batches took the path that reads
        self._connection: AsyncConnection | None = None
        self._driver: Any = None  # the kept connection's asyncpg connection
        self._flight: _InFlight | None = None  # ``apply_behind``'s batch still being written
        # batches prepared while the one before was in flight: kept, or dropped with it
        self.overlaps: Counter[str] = Counter()
        # seconds spent idle, by what was waited on ("database": a batch in flight to land)
        self.waited: dict[str, float] = {}

    def know_positions(self, positions: Mapping[PartitionKey, int]) -> None:
        """The stored positions of partitions just assigned, as read from the live generation
        (0 for a partition with none stored yet): their first batches need not read them. The
        statement that writes a batch checks them, so a position that changed since is safe."""
        if self._generation is None:
            self._positions.update(positions)

    def forget_stories(self) -> None:
        """Drop the stories held in memory (the partitions they came from may have moved)."""
        self.stories.clear()
        self._positions.clear()

    async def apply(self, messages: Sequence[RawMessage]) -> BatchOutcome:
        """Apply a batch: when this returns, it is in the database."""
        started = time.perf_counter()
        with tracing.batch_span("project batch", messages):
            await self.flush()
            outcome = await self._apply_behind(messages)
            outcome = await self._settle() or outcome
        self._observe(started, messages, outcome)
        return outcome

    async def apply_behind(self, messages: Sequence[RawMessage]) -> BatchOutcome:
        """Like ``apply``, except that a batch of held stories may still be on its way to the
        database when this returns; the next call (or ``flush``) settles it. While its statement
        is in flight, the next batch is decoded and run on the held states, so the projector's
        work and the database's overlap instead of taking turns. Should the statement be
        refused, what the next batch did to the held states is forgotten with it, and both are
        applied the usual way, in order. An error means neither batch is written."""
        started = time.perf_counter()
        with tracing.batch_span("project batch", messages):
            outcome = await self._apply_behind(messages)
        self._observe(started, messages, outcome)
        return outcome

    async def flush(self) -> None:
        """Settle the batch ``apply_behind`` left in flight, if any."""
        await self._settle()

    async def _settle(self) -> BatchOutcome | None:
        """Land the batch in flight, if any: None if it was written (or there was none), else
        what applying it the usual way did."""
        if self._flight is None:
            return None
        try:
            again = await self._land()
        except BaseException:
            self.stories.discard()
            self._positions.clear()
            raise
        self.stories.commit()
        return again

    def _observe(
        self, started: float, messages: Sequence[RawMessage], outcome: BatchOutcome
    ) -> None:
        rebuild = self._generation is not None
        observability.observe_batch(
            started, len(messages), outcome.applied, len(outcome.dead_letters), rebuild
        )

    async def _apply_behind(self, messages: Sequence[RawMessage]) -> BatchOutcome:
        deliveries, undecodable = decode_messages(messages)
        try:
            prepared = None if undecodable else await self._prepare(deliveries)
            if self._flight is not None:
                refused = await self._land() is not None
                if isinstance(prepared, HeldWrite):
                    self.overlaps["dropped" if refused else "kept"] += 1
                if refused:
                    # prepared on what the refused batch had changed: again, on what is held
                    prepared = None if undecodable else await self._prepare(deliveries)
            if isinstance(prepared, HeldWrite):
                await self._take_off(prepared, deliveries)
                return BatchOutcome(len(deliveries))
            if isinstance(prepared, Refusal):
                self.refusals[prepared] += 1
            outcome = await self._apply_read_first(deliveries, undecodable)
        except BaseException:
            await self._drop_flight()
            self.stories.discard()
            self._positions.clear()
            raise
        self.stories.commit()
        return outcome

    async def _drop_flight(self) -> None:
        """A batch failed with another still in flight: stop waiting for it and close its
        connection (whether it was written or not, the stored positions say)."""
        flight, self._flight = self._flight, None
        if flight is None:
            return
        if flight.write.done():
            if not flight.write.cancelled():
                flight.write.exception()  # seen: its outcome no longer matters
            return
        flight.write.cancel()
        await self._give_back(invalidate=True)

    async def _prepare(self, deliveries: list[Delivery]) -> HeldWrite | Refusal | None:
        """The batch made ready for one statement, on the held states and the positions the
        batch in flight (if any) will leave; None when it cannot be (``_may_hold``)."""
        if not self._may_hold():
            return None
        ahead = {**self._positions, **(self._flight.moved if self._flight else {})}
        return await prepare_held(self._live, self.stories, ahead, deliveries)

    def _may_hold(self) -> bool:
        """Whether a batch may be written in one statement: live, on PostgreSQL, with the
        partitions' positions known."""
        return (
            self._generation is None
            and bool(self._positions)
            and self._read_models.dialect.name == "postgresql"
        )

    async def _kept_driver(self) -> Any:
        if self._connection is None:
            self._connection = await self._read_models.connect()
        if self._driver is None:
            self._driver = (await self._connection.get_raw_connection()).driver_connection
        return self._driver

    async def _take_off(self, prepared: HeldWrite, deliveries: list[Delivery]) -> None:
        try:
            driver = await self._kept_driver()
        except BaseException:
            await self._give_back(invalidate=True)
            raise
        # a task of its own, made in the batch's span: the statement's span is the batch's child
        write = asyncio.ensure_future(
            tracing.client_call(
                "write held batch",
                driver.fetchval(prepared.statement, *prepared.arguments),
                **_HELD_WRITE_ATTRIBUTES,
            )
        )
        batch = self.stories.next_batch()
        self._flight = _InFlight(write, deliveries, batch, prepared.moved)
        # Let the write run up to its wait for the answer, so the statement is sent now: the
        # fetch and the next batch's work may not give the event loop a turn before it lands.
        await asyncio.sleep(0)

    async def _land(self) -> BatchOutcome | None:
        """Settle the batch in flight: None if its statement wrote it; else every held state
        not yet committed is forgotten and the batch is applied the usual way, now, and what
        that did is returned."""
        flight, self._flight = self._flight, None
        assert flight is not None
        refusal: Refusal | None = None
        try:
            with observability.waiting(self.waited, "database"):
                written = await flight.write
            if not written:
                refusal = Refusal.STALE
        except asyncpg.PostgresError:  # an id applied before, a deadlock: nothing was written
            log.debug("a batch of held stories failed to write", exc_info=True)
            refusal = Refusal.FAILED
            await self._give_back_if_closed()
        except Exception:  # the connection failed under the statement: nothing was written
            log.debug("a batch of held stories lost its connection", exc_info=True)
            await self._give_back(invalidate=True)
            refusal = Refusal.FAILED
        except BaseException:
            await self._give_back(invalidate=True)
            raise
        if refusal is None:
            self._positions.update(flight.moved)
            self._count("one statement")
            self.stories.commit(upto=flight.batch)
            return None
        self.stories.discard()
        self.refusals[refusal] += 1
        again = await self._apply_read_first(flight.deliveries, [])
        self.stories.commit()
        return again

    async def _apply_read_first(
        self, deliveries: list[Delivery], undecodable: list[DeadLetter]
    ) -> BatchOutcome:
        try:
            outcome = await self._apply_together(deliveries, undecodable)
            self._count("read first")
        except _TogetherFailed:
            self.stories.discard()
            self._positions.clear()
            log.warning("a handler failed; applying the batch one event at a time", exc_info=True)
            outcome = await self._apply_one_at_a_time(deliveries, undecodable)
            self._count("one event at a time")
        return outcome

    def _count(self, path: str) -> None:
        self.paths[path] += 1
        if self._generation is None:
            observability.count_batch_path(path)

    async def close(self) -> None:
        try:
            await self.flush()
        finally:
            await self._give_back()
            if self._dead_letter_topic is not None:
                await self._dead_letter_topic.close()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        """A transaction on the kept connection (PostgreSQL), or on a pooled one (SQLite: a
        connection is checked out per batch, so that it attaches generations created since)."""
        if self._read_models.dialect.name != "postgresql":
            prepare_engine(self._read_models)
            async with self._read_models.begin() as connection:
                yield connection
            return
        if self._connection is None:
            self._connection = await self._read_models.connect()
        try:
            async with self._connection.begin():
                yield self._connection
        except BaseException:
            await self._give_back()
            raise

    async def _give_back_if_closed(self) -> None:
        """A server that ended the session answers with an error of its own (an administrator
        shutdown): the connection is gone, not just the statement."""
        if self._driver is not None and self._driver.is_closed():
            await self._give_back(invalidate=True)

    async def _give_back(self, invalidate: bool = False) -> None:
        connection, self._connection, self._driver = self._connection, None, None
        if connection is not None:
            try:
                if invalidate:
                    await connection.invalidate()
                await connection.close()
            except Exception:  # already broken: the pool discards it
                log.debug("closing a failed connection failed", exc_info=True)

    async def _apply_together(
        self, deliveries: list[Delivery], undecodable: list[DeadLetter]
    ) -> BatchOutcome:
        async with self._transaction() as connection:
            start = await self._start(connection, deliveries, undecodable)
            new, moved = _new_deliveries(deliveries, start)
            unit = ProjectionUnit(
                connection,
                self.stories,
                KnownStories(start.revisions, start.merged_into.keys()),
                published_json(new),
            )
            unit.stories.know(
                start.merged_into,
                {d.event.event_id: d.event.event_id in start.retracted for d in deliveries},
            )
            try:
                await run_handlers(unit, [delivery.event for delivery in new])
                put_progress(unit, new, moved)
                await unit.flush()
            except Exception as error:
                raise_if_connection_lost(connection, error)
                raise _TogetherFailed from error
            letters = _fresh(undecodable, start.positions)
            await self._keep(connection, letters)
        if self._generation is None:  # committed: these are the stored positions now
            self._positions.update(start.positions)
            self._positions.update(moved)
        return BatchOutcome(len(new), letters)

    async def _start(
        self, connection: AsyncConnection, deliveries: list[Delivery], undecodable: list[DeadLetter]
    ) -> BatchStart:
        story_ids = story_ids_of(delivery.event for delivery in deliveries)
        partitions = {(d.stream, d.partition) for d in deliveries}
        partitions |= {(letter.message.stream, letter.message.partition) for letter in undecodable}
        event_ids = {d.event.event_id for d in deliveries}

        async def read(generation: Generation, lock_live: bool) -> BatchStart:
            return await read_batch_start(
                connection,
                generation,
                lock_live=lock_live,
                partitions=partitions,
                event_ids=event_ids,
                story_ids=story_ids,
            )

        follow = self._generation is None
        generation = self._generation or self._live
        start = await read(generation, follow)
        if follow and start.live != generation:
            live = start.live or await live_generation(connection, lock="share")
            log.info("read models switched", extra={"generation": live.number})
            self._live, generation = live, live
            self.forget_stories()  # they were read from another generation's tables
            start = await read(live, False)
        await bind(connection, generation)
        return start

    async def _apply_one_at_a_time(
        self, deliveries: list[Delivery], undecodable: list[DeadLetter]
    ) -> BatchOutcome:
        async with begin_generation(self._read_models, self._generation) as connection:
            partitions = {(d.stream, d.partition) for d in deliveries}
            partitions |= {
                (letter.message.stream, letter.message.partition) for letter in undecodable
            }
            positions = await load_positions(connection, partitions)
            outcome = await apply_batch(
                connection, deliveries, self._retry, positions, together=False
            )
            letters = [*_fresh(undecodable, positions), *outcome.dead_letters]
            await self._keep(connection, letters)
        return BatchOutcome(outcome.applied, letters)

    async def _keep(self, connection: AsyncConnection, letters: list[DeadLetter]) -> None:
        if not letters:
            return
        for letter in letters:
            message = letter.message
            log.warning(
                "dead letter",
                extra={
                    "topic": message.stream,
                    "partition": message.partition,
                    "offset": message.position,
                    "error": letter.error,
                },
            )
        if self._dead_letter_topic is not None:
            await self._dead_letter_topic.publish(letters)
        await record_dead_letters(connection, letters)


def _new_deliveries(
    deliveries: Sequence[Delivery], start: BatchStart
) -> tuple[list[Delivery], dict[PartitionKey, int]]:
    """The deliveries to apply (past their partition's position, never applied, first copy of
    each event), and the position each partition moves to."""
    new: list[Delivery] = []
    moved: dict[PartitionKey, int] = {}
    seen = set(start.applied)
    for delivery in deliveries:
        key = (delivery.stream, delivery.partition)
        if delivery.position < moved.get(key, start.positions.get(key, 0)):
            continue  # redelivered: this partition is already past it
        moved[key] = delivery.position + 1
        if delivery.event.event_id not in seen:  # else: the same event published twice
            seen.add(delivery.event.event_id)
            new.append(delivery)
    return new, moved


def _fresh(letters: list[DeadLetter], positions: dict[PartitionKey, int]) -> list[DeadLetter]:
    """Drop redelivered letters: they were kept (and forwarded) the first time."""
    return [
        letter
        for letter in letters
        if letter.message.position
        >= positions.get((letter.message.stream, letter.message.partition), 0)
    ]
