"""A story's history copy of an event is the JSON the event was published as, when the message
was read as the current version straight from it; otherwise (an older version, upcast) it is the
current version's JSON, as the codec writes it today."""

from __future__ import annotations

from datetime import UTC, date, datetime

import orjson
from sqlalchemy import select

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import Event, encode
from storyline_contracts.retraction_events import EventsRetracted
from storyline_contracts.retraction_events_v1 import EventsRetractedV1
from storyline_contracts.story_events import StoryOpened
from storyline_projector.consume.delivery import RawMessage
from storyline_projector.consume.message_decoding import decode_messages
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.read_models.tables import story_events

NOW = datetime(2023, 5, 3, 12, tzinfo=UTC)
OPENED = StoryOpened(
    event_id="opened-1",
    occurred_at=NOW,
    story_id="story-1",
    title="Drones over the Kremlin",
    first_article_id="a1",
    first_article_version=1,
    incident_date=date(2023, 5, 3),
    key_actors=("Government of Russia",),
    places=("Moscow",),
)
RETRACTED_V1 = EventsRetractedV1(
    event_id="retracted-1",
    occurred_at=NOW,
    story_id="story-1",
    article_id="a1",
    article_version=1,
    retracted_event_ids=("gone-1",),
    reason="revised",
)


def message(position: int, event: Event, value: bytes | None = None) -> RawMessage:
    record = encode(event)
    value = record.value if value is None else value
    return RawMessage("stories", 0, position, record.headers, value, record.key)


async def history(storyline: EmbeddedStoryline) -> dict[str, str]:
    async with storyline.engine.connect() as connection:
        rows = await connection.execute(select(story_events.c.event_id, story_events.c.data))
        return {row.event_id: row.data for row in rows}


def test_only_a_current_version_read_from_its_bytes_is_taken_as_published() -> None:
    deliveries, dead = decode_messages([message(0, OPENED), message(1, RETRACTED_V1)])

    assert dead == []
    assert [delivery.as_published for delivery in deliveries] == [True, False]


async def test_the_history_keeps_the_published_json_of_a_current_event(
    storyline: EmbeddedStoryline,
) -> None:
    # the same event, laid out otherwise than the codec would: kept as it came
    published = orjson.dumps(orjson.loads(encode(OPENED).value), option=orjson.OPT_INDENT_2)
    pipeline = MessagePipeline(storyline.engine)

    await pipeline.apply([message(0, OPENED, published)])

    assert (await history(storyline))[OPENED.event_id] == published.decode()


async def test_the_history_keeps_an_upcast_event_as_its_current_version(
    storyline: EmbeddedStoryline,
) -> None:
    pipeline = MessagePipeline(storyline.engine)

    await pipeline.apply([message(0, OPENED), message(1, RETRACTED_V1)])

    kept = await history(storyline)
    assert kept[OPENED.event_id] == OPENED.model_dump_json()
    current = EventsRetracted.model_validate(RETRACTED_V1.model_dump())
    assert kept[RETRACTED_V1.event_id] == current.model_dump_json()
