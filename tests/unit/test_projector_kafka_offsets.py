"""Kafka's committed offsets feed lag figures only: sent at most once per interval, never lost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiokafka import TopicPartition

from storyline_projector.consume.kafka_consumer import KafkaOffsets

ARTICLES = TopicPartition("storyline.articles.v1", 0)
STORIES = TopicPartition("storyline.stories.v1", 2)


@dataclass
class Record:
    offset: int


class RecordingConsumer:
    def __init__(self, fail: bool = False) -> None:
        self.commits: list[dict[TopicPartition, int]] = []
        self._fail = fail

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        if self._fail:
            raise RuntimeError("the coordinator is away")
        self.commits.append(dict(offsets))


def batch(tp: TopicPartition, *offsets: int) -> dict[TopicPartition, list[Any]]:
    return {tp: [Record(offset) for offset in offsets]}


async def test_one_event_batches_within_the_interval_are_committed_to_kafka_once() -> None:
    offsets = KafkaOffsets(interval=3600.0)
    consumer = RecordingConsumer()
    offsets.applied(batch(ARTICLES, 0))
    await offsets.commit_if_due(consumer)  # the first is due at once
    for offset in (1, 2, 3):
        offsets.applied(batch(ARTICLES, offset))
        await offsets.commit_if_due(consumer)
    offsets.applied(batch(STORIES, 7))
    await offsets.commit_if_due(consumer)
    assert consumer.commits == [{ARTICLES: 1}]


async def test_offsets_held_back_are_committed_when_due_and_on_a_forced_commit() -> None:
    consumer = RecordingConsumer()
    offsets = KafkaOffsets(interval=0.0)
    offsets.applied(batch(ARTICLES, 0, 1))
    await offsets.commit_if_due(consumer)
    offsets.applied(batch(STORIES, 4))
    offsets.applied(batch(ARTICLES, 2))
    await offsets.commit_if_due(consumer)
    held = KafkaOffsets(interval=3600.0)
    held.applied(batch(STORIES, 9))
    await held.commit(consumer)  # a revocation or a stop does not wait for the interval
    await held.commit(consumer)  # nothing new: no request
    assert consumer.commits == [{ARTICLES: 2}, {STORIES: 5, ARTICLES: 3}, {STORIES: 10}]


async def test_a_failed_commit_to_kafka_is_logged_and_does_not_stop_the_projector() -> None:
    offsets = KafkaOffsets(interval=0.0)
    offsets.applied(batch(ARTICLES, 0))
    await offsets.commit(RecordingConsumer(fail=True))
    consumer = RecordingConsumer()
    offsets.applied(batch(ARTICLES, 1))
    await offsets.commit(consumer)
    assert consumer.commits == [{ARTICLES: 2}]
