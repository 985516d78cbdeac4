"""The Kafka client's connection trouble, told as one outage: when it started, and how long it
lasted.

While a broker is away, aiokafka logs every failed reconnect, heartbeat, fetch and metadata
refresh from several of its modules (hundreds of lines a minute, each worded differently), and a
consumer's own loop sees none of it: ``getmany`` just returns nothing. This filter, on the log
handler of every Storyline process, holds those lines back and logs one line when the first of
them comes and one when none has come for ``quiet_seconds`` (the client reaches the cluster
again), with the outage's length. The lines held back are still logged at DEBUG level.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from storyline_platform.outage_log import OutageLog

log = logging.getLogger("storyline_platform.kafka")

# What aiokafka says, in any of its modules, when it cannot reach a broker or the broker it
# needs (group coordinator, partition leader) is gone.
CONNECTION_TROUBLE = (
    "Unable connect",
    "Unable to update metadata",
    "Connect call failed",
    "Connection at",
    "NodeNotReadyError",
    "KafkaConnectionError",
    "coordinator dead",
    "coordinator (node",
    "CoordinatorNotAvailable",
    "NotCoordinator",
    "Heartbeat session expired",
    "Heartbeat send request failed",
    "Error sending HeartbeatRequest",
    "Group Coordinator Request failed",
    "Failed fetch messages",
    "Got error produce response",
    "NotLeaderForPartition",
    "LeaderNotAvailable",
    "RequestTimedOut",
    "KafkaTimeoutError",
)


class KafkaClientTrouble(ConnectionError):
    """What the client said first, carried into the outage's opening line."""


def is_connection_trouble(record: logging.LogRecord) -> bool:
    if record.levelno < logging.WARNING or not record.name.startswith("aiokafka"):
        return False
    message = record.getMessage()
    if record.exc_info and record.exc_info[1] is not None:
        message += f" {type(record.exc_info[1]).__name__}"
    return any(marker in message for marker in CONNECTION_TROUBLE)


class KafkaClientOutages(logging.Filter):
    def __init__(
        self, quiet_seconds: float = 10.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.quiet_seconds = quiet_seconds
        self._clock = clock
        self._outage = OutageLog(log, "Kafka broker", clock=clock)
        self._lock = threading.Lock()
        self._last_trouble = 0.0
        self._timer: threading.Timer | None = None

    @property
    def ongoing(self) -> bool:
        return self._outage.ongoing

    def filter(self, record: logging.LogRecord) -> bool:
        if not is_connection_trouble(record):
            return True
        with self._lock:
            self._last_trouble = self._clock()
            starting = not self._outage.ongoing
            # Logged through our own logger: this filter lets that line through.
            self._outage.failed(KafkaClientTrouble(record.getMessage()))
            if starting:
                self._check_later(self.quiet_seconds)
        return False

    def check(self) -> bool:
        """End the outage if the client has been quiet long enough; True if it has ended."""
        with self._lock:
            if not self._outage.ongoing:
                return True
            quiet_for = self._clock() - self._last_trouble
            if quiet_for < self.quiet_seconds:
                self._check_later(self.quiet_seconds - quiet_for)
                return False
            # The outage lasted until the last complaint, not until the quiet spell was noticed.
            self._outage.recovered(at=self._last_trouble)
            return True

    def _check_later(self, seconds: float) -> None:
        # A daemon timer: nothing else runs when a quiet process logs nothing.
        self._timer = threading.Timer(max(seconds, 0.01), self.check)
        self._timer.daemon = True
        self._timer.start()
