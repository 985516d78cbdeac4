"""A client library that logs every reconnect attempt does not flood the service's log."""

from __future__ import annotations

import logging
import time

from storyline_platform.logging_setup import RepeatedLinesFilter

RECONNECT = "Unable connect to node with id %s"


def record(name: str, message: str, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, message, ("1",), None)


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
