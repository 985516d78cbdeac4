"""The CloudEvents codec: what goes on Kafka decodes back to the same event."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from storyline_contracts import ArticleReceived, Event, decode, encode
from storyline_contracts.article_events import ArticleContent
from storyline_contracts.cloudevents_codec import DecodeError
from storyline_contracts.extracted_events import ExtractedEvent, StrikeReported
from storyline_contracts.registry import upcast
from tests.event_examples import EXAMPLES

NOW = datetime(2023, 5, 4, 10, 15, tzinfo=UTC)


def received() -> ArticleReceived:
    return ArticleReceived(
        event_id="evt-1",
        occurred_at=NOW,
        article_id="art-1",
        article_version=1,
        feed_id="wire",
        external_id="wire-0001",
        content=ArticleContent(title="Title", body="Body text.", published_at=NOW),
        content_hash="0" * 64,
    )


def test_encoded_event_decodes_to_the_same_event() -> None:
    event = received()

    record = encode(event)

    assert decode(record.headers, record.value) == event


def test_binary_mode_headers_carry_the_cloudevents_attributes() -> None:
    headers = encode(received()).header_map()

    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_id"] == "evt-1"
    assert headers["ce_type"] == "storyline.article_received.v2"
    assert headers["ce_subject"] == "art-1"
    assert headers["content-type"] == "application/json"


def test_article_events_are_keyed_by_article_id() -> None:
    assert encode(received()).key == b"art-1"


@pytest.mark.parametrize(
    ("headers", "value", "problem"),
    [
        (
            {"ce_specversion": "0.3", "ce_type": "storyline.article_received.v1"},
            b"{}",
            "specversion",
        ),
        ({"ce_specversion": "1.0"}, b"{}", "ce_type"),
        (
            {"ce_specversion": "1.0", "ce_type": "storyline.nonsense.v1"},
            b"{}",
            "unknown event type",
        ),
        (
            {"ce_specversion": "1.0", "ce_type": "storyline.article_received.v1"},
            b"{not json",
            "JSON",
        ),
        ({"ce_specversion": "1.0", "ce_type": "storyline.article_received.v9"}, b"{}", "newer"),
        ({"ce_specversion": "1.0", "ce_type": "storyline.article_received.v1"}, b"[]", "object"),
        # The current version goes through the fast path first; its errors read the same.
        (
            {"ce_specversion": "1.0", "ce_type": "storyline.article_received.v2"},
            b"{not json",
            "not JSON",
        ),
        ({"ce_specversion": "1.0", "ce_type": "storyline.article_received.v2"}, b"[]", "object"),
        (
            {"ce_specversion": "1.0", "ce_type": "storyline.article_received.v2"},
            b'{"event_id": "evt-1"}',
            "article_id",
        ),
    ],
)
def test_invalid_messages_raise_decode_error(
    headers: dict[str, str], value: bytes, problem: str
) -> None:
    with pytest.raises(DecodeError, match=problem):
        decode(headers, value)


@pytest.mark.parametrize("event", list(EXAMPLES.values()), ids=lambda e: e.cloudevent_type())
def test_every_type_decodes_from_bytes_as_from_parsed_json(event: Event) -> None:
    """Current versions are validated straight from the bytes (pydantic's JSON mode); the
    result must be what validating the parsed data gives, as older versions are read."""
    record = encode(event)
    cls, data = upcast(event.cloudevent_type(), json.loads(record.value))

    assert decode(record.headers, record.value) == cls.model_validate(data)


def test_mismatched_ce_id_is_rejected() -> None:
    record = encode(received())
    headers = dict(record.header_map(), ce_id="another")

    with pytest.raises(DecodeError, match="disagree"):
        decode(headers, record.value)


def test_fields_added_later_are_ignored_by_older_readers() -> None:
    record = encode(received())
    data = json.loads(record.value) | {"added_in_a_later_release": 1}

    assert decode(record.header_map(), json.dumps(data).encode()) == received()


def test_data_missing_a_required_field_is_rejected() -> None:
    record = encode(received())
    data = json.loads(record.value)
    del data["article_id"]

    with pytest.raises(DecodeError, match="article_id"):
        decode(record.header_map(), json.dumps(data).encode())


@pytest.mark.parametrize(
    "event",
    [e for e in EXAMPLES.values() if isinstance(e, ExtractedEvent)],
    ids=lambda e: e.name,
)
def test_extracted_events_publish_their_plover_and_cameo_codes(event: ExtractedEvent) -> None:
    record = encode(event)
    data = json.loads(record.value)

    assert (data["plover"], data["cameo"]) == (event.plover_type, event.cameo_code)
    assert decode(record.headers, record.value) == event  # readers accept them back


def test_a_strike_is_an_aerial_assault_in_plover_and_cameo_195() -> None:
    strike = next(e for e in EXAMPLES.values() if isinstance(e, StrikeReported))

    assert (strike.plover, strike.cameo) == ("ASSAULT", "195")
