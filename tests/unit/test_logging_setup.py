"""A client library that logs every reconnect attempt does not flood the service's log."""

from __future__ import annotations

import logging
import time

import pytest

from storyline_platform.kafka_outage_log import KafkaClientOutages
from storyline_platform.logging_setup import RepeatedLinesFilter

RECONNECT = "Unable connect to node with id %s"


def record(name: str, message: str, level: int = logging.ERROR) -> logging.LogRecord:
    arguments = ("1",) if "%s" in message else ()
    return logging.LogRecord(name, level, __file__, 1, message, arguments, None)


def test_a_repeated_client_warning_is_shown_once_per_window() -> None:
    lines = RepeatedLinesFilter(window=3600)

    shown = [lines.filter(record("aiokafka.conn", RECONNECT)) for _ in range(200)]

    assert shown.count(True) == 1
    assert lines.filter(record("aiokafka.cluster", "Unable to request metadata from %s"))


def test_the_line_after_a_quiet_spell_says_how_many_were_held_back() -> None:
    lines = RepeatedLinesFilter(window=0.2)
    for _ in range(6):
        lines.filter(record("aiokafka.conn", RECONNECT))
    time.sleep(0.25)

    again = record("aiokafka.conn", RECONNECT)
    assert lines.filter(again)
    assert again.getMessage() == "Unable connect to node with id 1 (5 similar lines held back)"


def test_our_own_lines_and_info_lines_are_never_held_back() -> None:
    lines = RepeatedLinesFilter(window=3600)

    ours = [lines.filter(record("storyline_ingest.outbox.relay", "set aside %s")) for _ in range(5)]
    info = [lines.filter(record("aiokafka.consumer", "joined %s", logging.INFO)) for _ in range(5)]

    assert all(ours)
    assert all(info)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


CLIENT_TROUBLE = [
    ("aiokafka", "Unable connect to node with id %s"),
    ("aiokafka.consumer.group_coordinator", "Heartbeat session expired - marking coordinator dead"),
    ("aiokafka.consumer.fetcher", "Failed fetch messages from %s: NodeNotReadyError"),
    ("aiokafka.producer.sender", "Got error produce response: NodeNotReadyError"),
]


def test_the_kafka_clients_connection_trouble_is_one_outage_with_its_length(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    outages = KafkaClientOutages(quiet_seconds=10, clock=clock)

    with caplog.at_level(logging.INFO, logger="storyline_platform.kafka"):
        shown = []
        for second in range(14):  # a broker away for 14 s: every module complains, often
            clock.now = 1000.0 + second
            shown += [outages.filter(record(name, text)) for name, text in CLIENT_TROUBLE * 10]
        clock.now = 1013.0 + 9
        assert not outages.check()  # 9 s of quiet: the outage may not be over yet
        clock.now = 1013.0 + 10
        assert outages.check()

    assert not any(shown)
    assert [r.getMessage() for r in caplog.records] == [
        "Kafka broker unavailable; retrying until it is back",
        "Kafka broker available again after 13.0 s",
    ]
    assert "Unable connect to node with id 1" in caplog.records[0].__dict__["error"]


def test_other_client_lines_pass_the_outage_filter() -> None:
    outages = KafkaClientOutages(quiet_seconds=10, clock=Clock())

    assert outages.filter(record("aiokafka.consumer", "Heartbeat failed: member id unknown"))
    assert outages.filter(record("storyline_ingest.outbox.relay", "Unable connect to %s"))
    assert outages.filter(record("aiokafka", "Unable connect to %s", level=logging.INFO))
    assert not outages.ongoing
