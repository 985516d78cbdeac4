"""What every long-running process without an API gets: a health and metrics port, and traces.

``--health-port`` / ``--health-host`` pick where ``/healthz``, ``/readyz`` and ``/metrics`` are
served (each process has its own default port, so that several run side by side on one machine);
``--health-port 0`` takes any free port, ``--no-health-port`` serves none.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

# Default health ports: one per kind of process, beside the APIs' 8000 and 8001.
HEALTH_PORTS = {"extract-worker": 9101, "relay": 9102, "project": 9103, "rebuild": 9104}


@dataclass(frozen=True)
class HealthAddress:
    host: str
    port: int | None  # None: no health port

    @classmethod
    def of(cls, args: argparse.Namespace) -> HealthAddress:
        return cls(args.health_host, None if args.no_health_port else args.health_port)


def add_health_options(parser: argparse.ArgumentParser, process: str) -> None:
    port = HEALTH_PORTS[process]
    parser.add_argument(
        "--health-port",
        type=int,
        default=port,
        help=f"port serving /healthz, /readyz and /metrics (default: {port}; 0: any free port)",
    )
    parser.add_argument(
        "--health-host",
        default="127.0.0.1",
        help="address the health port listens on (default: 127.0.0.1; 0.0.0.0 in a container)",
    )
    parser.add_argument(
        "--no-health-port", action="store_true", help="serve no health and metrics port"
    )


@asynccontextmanager
async def observed_process(
    health: HealthAddress,
    database: AsyncEngine,
    bootstrap_servers: str | None = None,
) -> AsyncIterator[None]:
    """Serve the health port while the process runs: ready when its database (and its broker,
    when it has one) answer."""
    from storyline_platform.health_server import health_port
    from storyline_platform.readiness import Readiness, broker_check, database_check

    checks = {"database": database_check(database)}
    if bootstrap_servers:
        checks["broker"] = broker_check(bootstrap_servers)
    async with health_port(Readiness(checks), health.port, health.host):
        yield


def start_tracing(service: str) -> None:
    """Traces over OTLP when the OTEL_* variables ask for them (before engines are made)."""
    from storyline_platform.tracing import configure_tracing

    configure_tracing(service)
