"""tests/event_examples.py holds one valid instance of every event class the contracts define."""

from __future__ import annotations

from storyline_contracts import decode, encode
from storyline_contracts.registry import EVENTS
from tests.event_examples import EXAMPLES


def test_every_event_class_and_version_has_an_example() -> None:
    missing = [cls.cloudevent_type() for cls in EVENTS.all_versions() if cls not in EXAMPLES]

    assert missing == [], "add an instance to tests/event_examples.py"


def test_examples_have_distinct_event_ids() -> None:
    ids = [event.event_id for event in EXAMPLES.values()]

    assert len(set(ids)) == len(ids)


def test_every_current_example_survives_an_encode_decode_round_trip() -> None:
    for cls in EVENTS.current_classes():
        record = encode(EXAMPLES[cls])

        assert decode(record.headers, record.value) == EXAMPLES[cls]
