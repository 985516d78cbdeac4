"""Kafka's committed offsets feed lag figures only: sent at most once per interval, never lost.
Assigned partitions start where the read models say, and the pipeline learns those positions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from aiokafka import TopicPartition

from storyline.embedded import EmbeddedStoryline
from storyline_projector.consume.kafka_consumer import KafkaOffsets, SeekToStoredPositions
from storyline_projector.consume.projection import save_positions
from storyline_projector.read_models.generations import begin_generation

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


class SeekingConsumer:
    def __init__(self) -> None:
        self.seeks: dict[TopicPartition, int | None] = {}  # None: from the beginning

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks[tp] = offset

    async def seek_to_beginning(self, tp: TopicPartition) -> None:
        self.seeks[tp] = None


class KnowingPipeline:
    def __init__(self) -> None:
        self.known: dict[tuple[str, int], int] = {}

    def know_positions(self, positions: dict[tuple[str, int], int]) -> None:
        self.known.update(positions)


async def test_assigned_partitions_start_at_their_stored_positions_which_the_pipeline_learns(
    storyline: EmbeddedStoryline,
) -> None:
    async with begin_generation(storyline.engine) as connection:
        await save_positions(connection, {(STORIES.topic, STORIES.partition): 42})
    consumer, pipeline = SeekingConsumer(), KnowingPipeline()
    listener = SeekToStoredPositions(
        cast(Any, consumer), storyline.engine, cast(Any, pipeline), KafkaOffsets()
    )

    await listener.on_partitions_assigned([ARTICLES, STORIES])

    # no stored position: offset 0 at once, not a look-up of the start after a first fetch
    assert consumer.seeks == {ARTICLES: 0, STORIES: 42}
    # no stored position counts as 0, as a batch that reads it takes it
    assert pipeline.known == {(ARTICLES.topic, ARTICLES.partition): 0, (STORIES.topic, 2): 42}
