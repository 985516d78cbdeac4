"""One log line when an outage starts and one when it ends, however many retries lie between.

A loop that retries every few hundred milliseconds while the broker or the database is away
would otherwise write thousands of identical errors; operators need to know that it started,
why, and how long it lasted.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable


class OutageLog:
    """Tracks one kind of outage of one loop (``what`` names it: "broker", "database").

    A retry loop calls ``recovered`` when an attempt succeeds. Where nothing retries (an API
    meets an outage only through requests), ``quiet_seconds`` ends an outage that has had no
    failure for that long, so that the next one is logged again.
    """

    def __init__(
        self,
        log: logging.Logger,
        what: str,
        quiet_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._log = log
        self._clock = clock
        self._what = what
        self._quiet_seconds = quiet_seconds
        self._since: float | None = None
        self._last = 0.0
        self._attempts = 0

    @property
    def ongoing(self) -> bool:
        return self._since is not None

    def failed(self, error: BaseException) -> None:
        """A retry failed: logged (with the error) only when it starts an outage."""
        now = self._clock()
        quiet = self._quiet_seconds
        if self._since is not None and quiet is not None and now - self._last > quiet:
            self.recovered(at=self._last)
        self._attempts += 1
        self._last = now
        if self._since is None:
            self._since = now
            self._log.error(
                "%s unavailable; retrying until it is back",
                self._what,
                extra={"error": f"{type(error).__name__}: {error}"},
            )
        else:
            self._log.debug("%s still unavailable", self._what, exc_info=error)

    def recovered(self, at: float | None = None) -> None:
        """A retry succeeded: logged with the outage's length if there was one."""
        if self._since is None:
            return
        seconds = (at if at is not None else self._clock()) - self._since
        self._log.warning(
            "%s available again after %.1f s",
            self._what,
            seconds,
            extra={"outage_seconds": round(seconds, 1), "failed_attempts": self._attempts},
        )
        self._since = None
        self._attempts = 0
