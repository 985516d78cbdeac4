"""Raw messages in, read models changed: one transaction per batch, whatever the source.

Decode, apply what is new, keep what failed as dead letters (and forward them to the dead-letter
topic in production), move every partition past the batch: all in one transaction, so after
any crash the read models, the applied ids, the dead letters and the positions agree.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_platform import tracing
from storyline_projector import observability
from storyline_projector.consume.dead_letter_topic import DeadLetterTopic
from storyline_projector.consume.dead_letters import record_dead_letters
from storyline_projector.consume.delivery import RawMessage
from storyline_projector.consume.isolated_apply import DEFAULT_RETRY, RetryPolicy
from storyline_projector.consume.message_decoding import decode_messages
from storyline_projector.consume.projection import BatchOutcome, apply_batch, load_positions
from storyline_projector.read_models.generations import Generation, begin_generation


class MessagePipeline:
    def __init__(
        self,
        read_models: AsyncEngine,
        generation: Generation | None = None,
        dead_letter_topic: DeadLetterTopic | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        """``generation`` None: whichever is live at each batch (the projector); a fixed one:
        a rebuild. Without a ``dead_letter_topic``, letters are kept in the table only."""
        self._read_models = read_models
        self._generation = generation
        self._dead_letter_topic = dead_letter_topic
        self._retry = retry

    async def apply(self, messages: Sequence[RawMessage]) -> BatchOutcome:
        started = time.perf_counter()
        with tracing.batch_span("project batch", messages):
            outcome = await self._apply(messages)
        rebuild = self._generation is not None
        observability.observe_batch(
            started, len(messages), outcome.applied, len(outcome.dead_letters), rebuild
        )
        return outcome

    async def _apply(self, messages: Sequence[RawMessage]) -> BatchOutcome:
        async with begin_generation(self._read_models, self._generation) as connection:
            positions = await load_positions(
                connection, {(m.stream, m.partition) for m in messages}
            )
            # Drop redelivered messages before decoding: a poison message would otherwise be
            # dead-lettered (and forwarded to the topic) again at every redelivery.
            fresh = [m for m in messages if m.position >= positions.get((m.stream, m.partition), 0)]
            deliveries, undecodable = decode_messages(fresh)
            outcome = await apply_batch(connection, deliveries, self._retry, positions)
            letters = [*undecodable, *outcome.dead_letters]
            if letters:
                if self._dead_letter_topic is not None:
                    await self._dead_letter_topic.publish(letters)
                await record_dead_letters(connection, letters)
        return BatchOutcome(outcome.applied, letters)

    async def close(self) -> None:
        if self._dead_letter_topic is not None:
            await self._dead_letter_topic.close()
