"""Schema evolution: v1 article events written long ago are read as v2, through upcasters."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import (
    ArticleContent,
    ArticleReceived,
    ArticleRevised,
    Byline,
    Event,
    decode,
    encode,
)
from storyline_contracts.article_events_v1 import ArticleReceivedV1, ArticleRevisedV1
from storyline_contracts.bylines import authors_in_byline
from storyline_contracts.cloudevents_codec import DecodeError
from storyline_contracts.registry import EVENTS, EventRegistry, JsonObject, UnknownEventType
from storyline_contracts.retraction_events import EventsRetracted
from storyline_contracts.retraction_events_v1 import EventsRetractedV1
from storyline_ingest.outbox import event_store
from tests.article_factory import article
from tests.conftest import Feed
from tests.event_examples import BYLINE, EXAMPLES, RECORDED


def test_encoder_writes_version_2_with_a_structured_byline() -> None:
    record = encode(EXAMPLES[ArticleReceived])

    assert record.header_map()["ce_type"] == "storyline.article_received.v2"
    assert json.loads(record.value)["content"]["byline"] == {
        "text": BYLINE,
        "authors": ["Jane Doe", "John Roe"],
    }


@pytest.mark.parametrize(
    ("old", "current"), [(ArticleReceivedV1, ArticleReceived), (ArticleRevisedV1, ArticleRevised)]
)
def test_v1_record_decodes_to_the_v2_event_the_encoder_would_write_today(
    old: type[Event], current: type[Event]
) -> None:
    v1_event = EXAMPLES[old]
    record = encode(v1_event)
    assert record.header_map()["ce_type"] == f"storyline.{old.name}.v1"

    decoded = decode(record.headers, record.value)

    fields = v1_event.model_dump()
    fields["content"]["byline"] = Byline.from_text(fields["content"]["byline"])
    assert type(decoded) is current
    assert decoded == current.model_validate(fields)


def test_upcast_v1_data_carries_the_byline_text_and_its_authors() -> None:
    data = json.loads(encode(EXAMPLES[ArticleRevisedV1]).value)

    _, upcast = EVENTS.upcast("storyline.article_revised.v1", data)

    assert upcast["content"]["byline"] == {
        "text": "By Jane Doe, John Roe and Ann Poe",
        "authors": ["Jane Doe", "John Roe", "Ann Poe"],
    }
    assert upcast["event_id"] == data["event_id"]


def test_v1_record_without_a_byline_decodes_with_none() -> None:
    old = EXAMPLES[ArticleReceivedV1]
    data = json.loads(encode(old).value)
    data["content"]["byline"] = None

    decoded = decode(encode(old).headers, json.dumps(data).encode())

    assert isinstance(decoded, ArticleReceived)
    assert decoded.content.byline is None


def test_malformed_v1_record_is_a_decode_error_not_a_crash() -> None:
    old = EXAMPLES[ArticleReceivedV1]
    data = json.loads(encode(old).value)
    data["content"] = "not an object"

    with pytest.raises(DecodeError, match="content"):
        decode(encode(old).headers, json.dumps(data).encode())


def test_a_version_newer_than_the_contracts_is_refused_with_a_clear_error() -> None:
    record = encode(EXAMPLES[ArticleReceived])
    headers = dict(record.header_map(), ce_type="storyline.article_received.v3")

    with pytest.raises(DecodeError, match=r"newer than these contracts.*up to v2.*upgrade"):
        decode(headers, record.value)


def test_every_current_event_has_the_upcasters_to_read_its_earlier_versions() -> None:
    assert EVENTS.missing_upcasters() == []


class Sighting(Event):
    """A test event at version 3: v1 said ``place``, v2 ``places``, v3 ``locations``."""

    name: ClassVar[str] = "sighting"
    version: ClassVar[int] = 3
    topic: ClassVar[str] = "test"
    locations: tuple[str, ...]


def v1_to_v2(data: JsonObject) -> JsonObject:
    return {**data, "places": [data.pop("place")]}


def v2_to_v3(data: JsonObject) -> JsonObject:
    return {**data, "locations": data.pop("places")}


def test_upcasters_apply_one_step_after_another_up_to_the_current_version() -> None:
    registry = EventRegistry()
    registry.register(Sighting)
    registry.upcaster("sighting", from_version=1)(v1_to_v2)
    registry.upcaster("sighting", from_version=2)(v2_to_v3)
    v1_data = {"event_id": "s-1", "occurred_at": RECORDED.isoformat(), "place": "Odesa"}

    cls, data = registry.upcast("storyline.sighting.v1", v1_data)

    assert cls.model_validate(data) == Sighting(
        event_id="s-1", occurred_at=RECORDED, locations=("Odesa",)
    )


def test_a_missing_upcaster_step_is_a_clear_error() -> None:
    registry = EventRegistry()
    registry.register(Sighting)
    registry.upcaster("sighting", from_version=1)(v1_to_v2)

    with pytest.raises(UnknownEventType, match="no upcaster from sighting v2 to v3"):
        registry.upcast("storyline.sighting.v1", {"place": "Odesa"})
    assert registry.missing_upcasters() == ["sighting v2 -> v3"]


def test_an_upcaster_registered_twice_is_refused() -> None:
    registry = EventRegistry()
    registry.upcaster("sighting", from_version=1)(v1_to_v2)

    with pytest.raises(ValueError, match="registered twice"):
        registry.upcaster("sighting", from_version=1)(v1_to_v2)


async def test_v1_event_already_in_the_event_store_projects_as_v2(
    storyline: EmbeddedStoryline,
) -> None:
    old = EXAMPLES[ArticleReceivedV1]
    assert isinstance(old, ArticleReceivedV1)
    async with storyline.engine.begin() as connection:
        await event_store.append(connection, [old], RECORDED)

    await storyline.settle()

    async with storyline.query_client() as client:
        shown = await client.get(f"/v1/articles/{old.article_id}")
    assert shown.status_code == 200
    assert shown.json()["title"] == old.content.title


async def test_posted_byline_is_stored_as_a_v2_event_with_its_authors(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        posted = await client.post(
            "/v1/articles",
            json=article(byline="By Jane Doe in Kyiv and John Roe"),
            headers=feed.headers,
        )
    assert posted.status_code == 202

    async with storyline.engine.connect() as connection:
        stored = await event_store.read_after(connection, 0, limit=100)
    [received] = [
        row
        for row in stored
        if dict(row.headers)["ce_type"].startswith(b"storyline.article_received.")
    ]
    assert dict(received.headers)["ce_type"] == b"storyline.article_received.v2"
    event = decode(received.headers, received.payload)
    assert isinstance(event, ArticleReceived)
    assert event.content.byline == Byline(
        text="By Jane Doe in Kyiv and John Roe", authors=("Jane Doe", "John Roe")
    )


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("By Jane Doe, John Roe and Ann Poe", ("Jane Doe", "John Roe", "Ann Poe")),
        ("Jane Doe in Kyiv and John Roe in Moscow", ("Jane Doe", "John Roe")),
        ("By: Ann Poe with additional reporting by Tom Lee", ("Ann Poe", "Tom Lee")),
        ("By Jane Doe, Kyiv correspondent", ("Jane Doe",)),
        ("Jane Doe & John Roe.", ("Jane Doe", "John Roe")),
        ("BY BRANDON ANDREWS", ("BRANDON ANDREWS",)),
        ("Staff writer", ()),
        ("By Jane Doe and Jane Doe", ("Jane Doe",)),
    ],
)
def test_byline_names_the_people_it_credits(byline: str, authors: tuple[str, ...]) -> None:
    assert authors_in_byline(byline) == authors


def test_content_built_from_byline_text_carries_the_parsed_byline() -> None:
    content = ArticleContent(
        title="t", body="b", published_at=RECORDED, byline="By Jane Doe and John Roe"
    )

    assert content.byline == Byline(
        text="By Jane Doe and John Roe", authors=("Jane Doe", "John Roe")
    )


def test_a_v1_retraction_decodes_to_v2_with_the_same_meaning() -> None:
    v1_event = EXAMPLES[EventsRetractedV1]
    record = encode(v1_event)

    decoded = decode(record.headers, record.value)

    assert isinstance(decoded, EventsRetracted)
    assert decoded.model_dump(exclude={"extractor_version"}) == v1_event.model_dump()
    assert decoded.extractor_version is None
