"""The projector's quick decoding of the common message gives exactly what the codec gives, and
hands every other message to the codec to accept, upcast or reject."""

from __future__ import annotations

import orjson

from storyline_contracts import decode, encode
from storyline_contracts.cloudevents_codec import DecodeError
from storyline_projector.consume.message_decoding import RawMessage, decode_messages
from tests.unit.test_projection import received


def message(headers: tuple[tuple[str, bytes], ...], value: bytes) -> RawMessage:
    return RawMessage("articles", 0, 0, headers, value)


def variants() -> list[RawMessage]:
    record = encode(received())
    headers, value = record.headers, record.value
    ok = message(headers, value)
    swapped = tuple((name, b"other-id" if name == "ce_id" else raw) for name, raw in headers)
    non_ascii = (*headers, ("traceparent", "é".encode()))
    not_utf8 = (*headers, ("traceparent", b"\xff"))
    old_spec = tuple((n, b"0.3" if n == "ce_specversion" else raw) for n, raw in headers)
    unknown = tuple((n, b"storyline.nothing.v1" if n == "ce_type" else raw) for n, raw in headers)
    no_type = tuple((n, raw) for n, raw in headers if n != "ce_type")
    data = orjson.loads(value)
    data["article_version"] = "not a number"
    return [
        ok,
        message(swapped, value),
        message(non_ascii, value),
        message(not_utf8, value),
        message(old_spec, value),
        message(unknown, value),
        message(no_type, value),
        message(headers, orjson.dumps(data)),
        message(headers, b"garbage"),
    ]


def codec_outcome(raw: RawMessage) -> tuple[object, str | None]:
    try:
        return decode(raw.headers, raw.value), None
    except DecodeError as error:
        return None, f"DecodeError: {error}"


def test_every_message_decodes_as_the_codec_decodes_it() -> None:
    for raw in variants():
        deliveries, dead = decode_messages([raw])
        expected, error = codec_outcome(raw)
        if error is not None:
            assert deliveries == []
            assert [letter.error for letter in dead] == [error]
            continue
        assert dead == []
        assert [delivery.event for delivery in deliveries] == [expected]
        assert type(deliveries[0].event) is type(expected)
