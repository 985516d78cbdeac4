"""Logging for the services: readable lines on a terminal, JSON lines in deployment.

Context such as ``event_id``, ``story_id``, ``topic``, ``partition`` and ``offset`` is passed with
``extra=`` and ends up as fields of the JSON line.
"""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime
from typing import Any

from storyline_platform.kafka_outage_log import KafkaClientOutages
from storyline_platform.settings_errors import BadSetting

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class RepeatedLinesFilter(logging.Filter):
    """Lets the first of a run of identical warnings through, then one per ``window`` seconds.

    The Kafka client logs every failed reconnect (ten a second while a broker is down); our own
    loops already say when an outage starts and ends (``outage_log``). Lines are the same when
    their logger and message template are. A line let through after a quiet spell says how many
    were held back.
    """

    def __init__(self, prefixes: tuple[str, ...] = ("aiokafka",), window: float = 60.0) -> None:
        super().__init__()
        self._prefixes = prefixes
        self._window = window
        self._last: dict[tuple[str, object], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or not record.name.startswith(self._prefixes):
            return True
        key = (record.name, record.msg)
        now = time.monotonic()
        shown_at, held = self._last.get(key, (float("-inf"), 0))
        if now - shown_at < self._window:
            self._last[key] = (shown_at, held + 1)
            return False
        self._last[key] = (now, 0)
        if held:
            record.msg = f"{record.msg} ({held} similar lines held back)"
        return True


LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMATS = ("text", "json")


def configure_logging(level: str | None = None, json_lines: bool | None = None) -> None:
    """Set up the root logger once; ``STORYLINE_LOG_FORMAT=json`` and ``STORYLINE_LOG_LEVEL``.

    Raises ``BadSetting`` naming the variable and what it accepts, for a value it does not."""
    level = level or os.environ.get("STORYLINE_LOG_LEVEL", "INFO")
    if level.upper() not in LEVELS:
        raise BadSetting("STORYLINE_LOG_LEVEL", level, ", ".join(LEVELS))
    if json_lines is None:
        log_format = os.environ.get("STORYLINE_LOG_FORMAT", "text")
        if log_format not in FORMATS:
            raise BadSetting("STORYLINE_LOG_FORMAT", log_format, ", ".join(FORMATS))
        json_lines = log_format == "json"
    handler = logging.StreamHandler()
    # The client's connection trouble becomes one outage (two lines); what else it says about
    # the same thing again and again is thinned out.
    handler.addFilter(KafkaClientOutages())
    handler.addFilter(RepeatedLinesFilter())
    handler.setFormatter(
        JsonFormatter() if json_lines else logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
