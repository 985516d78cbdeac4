"""Readiness: whether the servers a process needs answer now.

``/healthz`` says the process lives (its event loop answers); ``/readyz`` runs these checks, each
bounded in time, and answers 503 naming what did not answer. A database answers when ``SELECT 1``
returns; a broker when one of the bootstrap servers accepts a connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_platform.stage_metrics import READY

Check = Callable[[], Awaitable[None]]  # raises when the dependency does not answer
CHECK_TIMEOUT_SECONDS = 2.0


def database_check(engine: AsyncEngine) -> Check:
    async def check() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    return check


def broker_check(bootstrap_servers: str) -> Check:
    addresses = [_host_and_port(server) for server in bootstrap_servers.split(",") if server]

    async def check() -> None:
        failures = []
        for host, port in addresses:
            try:
                _reader, writer = await asyncio.open_connection(host, port)
            except OSError as error:
                failures.append(f"{host}:{port}: {error}")
                continue
            writer.close()
            return
        raise ConnectionError("; ".join(failures) or "no bootstrap server configured")

    return check


def _host_and_port(server: str) -> tuple[str, int]:
    host, _, port = server.strip().rpartition(":")
    return host.strip("[]") or "localhost", int(port or 9092)


@dataclass(frozen=True)
class ReadinessReport:
    ready: bool
    checks: dict[str, str]  # dependency: "ok", or why it is not

    def body(self) -> dict[str, object]:
        return {"status": "ready" if self.ready else "not ready", "checks": self.checks}


@dataclass
class Readiness:
    """The checks of one process, by the name of what they check ("database", "broker")."""

    checks: Mapping[str, Check] = field(default_factory=dict)
    timeout: float = CHECK_TIMEOUT_SECONDS

    async def report(self) -> ReadinessReport:
        names = list(self.checks)
        outcomes = await asyncio.gather(*(self._run(name) for name in names))
        results = dict(zip(names, outcomes, strict=True))
        return ReadinessReport(all(value == "ok" for value in results.values()), results)

    async def _run(self, name: str) -> str:
        try:
            await asyncio.wait_for(self.checks[name](), self.timeout)
        except Exception as error:
            READY.labels(name).set(0)
            return f"{type(error).__name__}: {error}"[:300] or type(error).__name__
        READY.labels(name).set(1)
        return "ok"
