"""Forward dead letters to the projector's dead-letter topic (production mode only).

Each letter goes out with its original key, value and headers, plus headers saying what failed
and where the message came from. Letters are sent, and acknowledged by the broker, before the
database transaction that moves the partition past them commits: a crash between the two sends
a letter again on the next attempt (at least once), so a reader of the dead-letter topic dedupes
on (``storyline-dlq-original-topic``, ``-partition``, ``-offset``). The table keeps each letter
once whatever happens.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer

from storyline_contracts.topics import PROJECTOR_DEAD_LETTER_TOPIC
from storyline_platform.kafka_clients import producer_options
from storyline_projector.consume.delivery import DeadLetter

ERROR_HEADER = "storyline-dlq-error"
MAX_ERROR_BYTES = 4000  # headers are not the place for a full traceback


def dead_letter_headers(letter: DeadLetter, failed_at: datetime) -> list[tuple[str, bytes]]:
    """The original headers followed by the dead-letter ones."""
    message = letter.message
    return [
        *message.headers,
        (ERROR_HEADER, letter.error.encode()[:MAX_ERROR_BYTES]),
        ("storyline-dlq-original-topic", message.stream.encode()),
        ("storyline-dlq-original-partition", str(message.partition).encode()),
        ("storyline-dlq-original-offset", str(message.position).encode()),
        ("storyline-dlq-failed-at", failed_at.isoformat().encode()),
    ]


class DeadLetterTopic:
    """A producer for the dead-letter topic, started lazily: most runs never need it."""

    def __init__(self, bootstrap_servers: str, topic_prefix: str = "") -> None:
        self.topic = topic_prefix + PROJECTOR_DEAD_LETTER_TOPIC
        self._bootstrap_servers = bootstrap_servers
        self._producer: Any = None

    async def publish(self, letters: Sequence[DeadLetter]) -> None:
        """Send ``letters`` and wait until the broker has them all (acks=all)."""
        if not letters:
            return
        producer = await self._started()
        failed_at = datetime.now(UTC)
        sent = [
            await producer.send(
                self.topic,
                value=letter.message.value,
                key=letter.message.key,
                headers=dead_letter_headers(letter, failed_at),
            )
            for letter in letters
        ]
        for delivery in sent:
            await delivery

    async def close(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            await producer.stop()

    async def _started(self) -> Any:
        if self._producer is None:
            producer = AIOKafkaProducer(
                bootstrap_servers=self._bootstrap_servers, **producer_options()
            )
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer
