"""CPU seconds of the PostgreSQL backends serving one database, for benchmarks on this machine,
and what those backends were doing while they ran a statement (``WaitSampler``).

Read from /proc (the server runs on the same machine), for the backends of the run's own
database only: other work on a shared server neither adds to the figure nor, when its
backends end, makes it go backwards.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


def own_cpu_seconds(pid: int) -> float | None:
    """CPU seconds of one process (not its children); None once it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class BackendWatch:
    """CPU seconds of the PostgreSQL backends serving one database, sampled from /proc. A
    backend that ends between two samples loses its last share: the figure is a lower bound.
    The server's shared work (WAL writer, checkpoints) is not in it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._started = False

    async def sample(self) -> None:
        async with self._engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            pids = [int(row[0]) for row in rows]
        for pid in pids:
            used = own_cpu_seconds(pid)
            if used is None:
                continue
            # a backend seen first after the start was born in the window: all its time counts
            self._first.setdefault(pid, used if not self._started else 0.0)
            self._last[pid] = used
        self._started = True

    def seconds(self) -> float:
        return sum(self._last[pid] - self._first[pid] for pid in self._last)


class WaitSampler:
    """What the backends of one database were doing while running a statement, sampled from
    ``pg_stat_activity`` as often as asked: on CPU (no wait event), or waiting, by the kind of
    wait (extending a file, writing WAL, reading the client's message, a lock, ...). Tells a
    statement bounded by the server's CPU from one held up by its I/O. It looks from another
    database of the server (``engine``), so that its own backend is not among those it watches
    nor in their CPU (``BackendWatch``)."""

    def __init__(self, engine: AsyncEngine, database: str) -> None:
        self._engine = engine
        self._database = database
        self.samples: Counter[str] = Counter()

    async def run(self, every: float) -> None:
        """Sample until cancelled."""
        async with self._engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            statement = text(
                "SELECT coalesce(wait_event_type || ': ' || wait_event, 'on CPU') "
                "FROM pg_stat_activity WHERE datname = :database AND state = 'active'"
            )
            while True:
                rows = await connection.execute(statement, {"database": self._database})
                for (what,) in rows:
                    self.samples[str(what)] += 1
                await asyncio.sleep(every)

    def shares(self, shown: int = 5) -> str:
        total = sum(self.samples.values())
        if not total:
            return "no statement seen running"
        top = self.samples.most_common(shown)
        rest = total - sum(count for _, count in top)
        parts = [f"{what} {count / total:.0%}" for what, count in top]
        return ", ".join(parts + ([f"other {rest / total:.0%}"] if rest else []))
