"""A downstream team reads Storyline's topics with clients Storyline did not write.

Every event type, current and superseded, is stored through the event store, published by the
real outbox relay to the real broker, read back with confluent-kafka (librdkafka), decoded with
the CloudEvents Python SDK, and its data validated against the committed JSON Schema named by
its ``ce_dataschema``. Nothing here uses Storyline's codec to read, except to show that old
versions found on a topic decode to the current classes.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pytest
from cloudevents.core.bindings.kafka import KafkaMessage, from_binary
from cloudevents.core.formats.json import JSONFormat
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, TopicPartition
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts import Event, decode, deterministic_event_id
from storyline_contracts.registry import EVENTS
from storyline_contracts.schema_export import SCHEMAS_DIR, default_root
from storyline_contracts.topics import ALL_TOPICS, ARTICLES_TOPIC
from storyline_ingest.outbox import event_store
from storyline_ingest.outbox.relay import OutboxRelay, kafka_producer, pending
from storyline_ingest.storage.tables import outbox
from tests.event_examples import EXAMPLES, RECORDED

pytestmark = pytest.mark.integration

OTHER_STORY_ID = "5d4c3b2a-1f0e-5d9c-8b7a-6f5e4d3c2b1a"
REDELIVERED = 3  # events published again after a simulated relay crash
# Guards against a hang when a server is unreachable; no test measures speed.
GIVE_UP_AFTER_SECONDS = 120


@dataclass(frozen=True)
class Read:
    """One message as the downstream consumer saw it."""

    topic: str
    key: str
    ce_id: str
    ce_type: str
    subject: str | None
    dataschema: str | None
    data: dict[str, Any]
    headers: dict[str, bytes]
    value: bytes


def recorded_events() -> list[Event]:
    """Every example, plus the story examples again for a second story, interleaved."""
    story_events = [event for event in EXAMPLES.values() if event.topic != ARTICLES_TOPIC]
    second_story = [
        event.model_copy(
            update={
                "story_id": OTHER_STORY_ID,
                "event_id": deterministic_event_id(event.event_id, OTHER_STORY_ID),
            }
        )
        for event in story_events
    ]
    article_events = [event for event in EXAMPLES.values() if event.topic == ARTICLES_TOPIC]
    interleaved = [event for pair in zip(story_events, second_story, strict=True) for event in pair]
    return [*article_events, *interleaved]


async def publish_with_the_outbox_relay(engine: AsyncEngine, servers: str, prefix: str) -> None:
    relay = OutboxRelay(engine, lambda: kafka_producer(servers), topic_prefix=prefix)
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        async with asyncio.timeout(GIVE_UP_AFTER_SECONDS):
            while not running.done():  # a relay that stopped early re-raises in `finally`
                if not await pending(engine, 1):
                    break
                await asyncio.sleep(0.1)
    finally:
        stop.set()
        await running


def read_everything(servers: str, topics: list[str]) -> list[Read]:
    """Every message on ``topics``, read with librdkafka from the start to the end offsets."""
    consumer = Consumer(
        {
            "bootstrap.servers": servers,
            "group.id": f"downstream-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    try:
        metadata = consumer.list_topics(timeout=10)
        partitions = [
            TopicPartition(topic, partition, OFFSET_BEGINNING)
            for topic in topics
            for partition in sorted(metadata.topics[topic].partitions)
        ]
        unread = {
            (tp.topic, tp.partition): high
            for tp in partitions
            if (high := consumer.get_watermark_offsets(tp, timeout=10)[1]) > 0
        }
        consumer.assign(partitions)
        return _poll_until_read(consumer, unread)
    finally:
        consumer.close()


def _poll_until_read(consumer: Consumer, unread: dict[tuple[str, int], int]) -> list[Read]:
    read: list[Read] = []
    polls_left = GIVE_UP_AFTER_SECONDS
    while unread and polls_left:
        message = consumer.poll(1.0)
        polls_left -= 1
        if message is None:
            continue
        if message.error():
            raise KafkaException(message.error())
        read.append(as_cloudevent(message))
        place = (message.topic(), message.partition())
        if message.offset() + 1 >= unread.get(place, 0):
            unread.pop(place, None)
    assert not unread, f"partitions not read to their end: {unread}"
    return read


def as_cloudevent(message: Any) -> Read:
    """Decode with the CloudEvents SDK's Kafka binding: no Storyline code involved."""
    headers = dict(message.headers())
    event = from_binary(
        KafkaMessage(headers=headers, key=message.key(), value=message.value()), JSONFormat()
    )
    data = event.get_data()
    assert isinstance(data, dict)
    return Read(
        topic=message.topic(),
        key=message.key().decode(),
        ce_id=event.get_id(),
        ce_type=event.get_type(),
        subject=event.get_subject(),
        dataschema=event.get_dataschema(),
        data=data,
        headers=headers,
        value=message.value(),
    )


def committed_schemas() -> dict[str, dict[str, Any]]:
    """The committed JSON Schemas, by ``$id``: what a downstream team would vendor."""
    schemas = [
        json.loads(path.read_text()) for path in (default_root() / SCHEMAS_DIR).glob("*.json")
    ]
    return {schema["$id"]: schema for schema in schemas}


@pytest.fixture
async def published(engine: AsyncEngine, kafka_servers: str, topic_prefix: str) -> list[Event]:
    events = recorded_events()
    async with engine.begin() as connection:
        assert await event_store.append(connection, events, RECORDED) == len(events)
    await publish_with_the_outbox_relay(engine, kafka_servers, topic_prefix)
    return events


@pytest.fixture
async def read(published: list[Event], kafka_servers: str, topic_prefix: str) -> list[Read]:
    topics = [topic_prefix + topic for topic in ALL_TOPICS]
    return await asyncio.to_thread(read_everything, kafka_servers, topics)


async def test_every_event_type_and_version_arrives_exactly_once(
    published: list[Event], read: list[Read]
) -> None:
    ce_ids = [message.ce_id for message in read]

    assert sorted(ce_ids) == sorted(event.event_id for event in published)
    assert len(set(ce_ids)) == len(ce_ids)
    assert {message.ce_type for message in read} == {
        cls.cloudevent_type() for cls in EVENTS.all_versions()
    }


async def test_each_event_validates_against_the_schema_its_dataschema_names(
    read: list[Read],
) -> None:
    schemas = committed_schemas()

    for message in read:
        assert message.dataschema in schemas, message.ce_type
        validator = Draft202012Validator(
            schemas[message.dataschema], format_checker=FormatChecker()
        )
        errors = [error.message for error in validator.iter_errors(message.data)]
        assert errors == [], f"{message.ce_type}: {errors}"
        assert schemas[message.dataschema]["title"] == message.ce_type


async def test_keys_are_the_article_id_or_the_story_id_and_match_the_subject(
    topic_prefix: str, read: list[Read]
) -> None:
    for message in read:
        id_field = "article_id" if message.topic.endswith(ARTICLES_TOPIC) else "story_id"

        assert message.key == message.data[id_field], message.ce_type
        assert message.subject == message.key
        assert message.ce_id == message.data["event_id"]


async def test_events_of_each_key_arrive_in_the_order_they_were_recorded(
    published: list[Event], read: list[Read]
) -> None:
    recorded: dict[str, list[str]] = defaultdict(list)
    for event in published:
        recorded[event.partition_key].append(event.event_id)
    arrived: dict[str, list[str]] = defaultdict(list)
    for message in read:
        arrived[message.key].append(message.ce_id)

    assert arrived == recorded
    assert len(arrived) == 4  # two articles and two stories


async def test_a_redelivered_event_carries_the_same_ce_id_so_dedupe_restores_the_log(
    engine: AsyncEngine, kafka_servers: str, topic_prefix: str, published: list[Event]
) -> None:
    # As if the relay crashed after the broker acknowledged, before marking the rows sent.
    async with engine.begin() as connection:
        await connection.execute(
            update(outbox).where(outbox.c.position <= REDELIVERED).values(sent_at=None)
        )
    await publish_with_the_outbox_relay(engine, kafka_servers, topic_prefix)

    read = await asyncio.to_thread(
        read_everything, kafka_servers, [topic_prefix + topic for topic in ALL_TOPICS]
    )

    copies: dict[str, set[bytes]] = defaultdict(set)
    for message in read:
        copies[message.ce_id].add(message.value)
    assert len(read) == len(published) + REDELIVERED
    assert sorted(copies) == sorted(event.event_id for event in published)
    assert all(len(values) == 1 for values in copies.values())  # each copy is identical


async def test_every_version_on_the_topic_decodes_to_the_current_class(read: list[Read]) -> None:
    decoded = [decode(list(message.headers.items()), message.value) for message in read]

    assert {type(event) for event in decoded} == set(EVENTS.current_classes())
    assert [event.event_id for event in decoded] == [message.ce_id for message in read]
