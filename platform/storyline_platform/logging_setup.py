"""Logging for the services: readable lines on a terminal, JSON lines in deployment.

Context such as ``event_id``, ``story_id``, ``topic``, ``partition`` and ``offset`` is passed with
``extra=`` and ends up as fields of the JSON line.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from typing import Any

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


def configure_logging(level: str | None = None, json_lines: bool | None = None) -> None:
    """Set up the root logger once; ``STORYLINE_LOG_FORMAT=json`` and ``STORYLINE_LOG_LEVEL``."""
    level = level or os.environ.get("STORYLINE_LOG_LEVEL", "INFO")
    if json_lines is None:
        json_lines = os.environ.get("STORYLINE_LOG_FORMAT", "text") == "json"
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if json_lines else logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
