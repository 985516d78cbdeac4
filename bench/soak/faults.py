"""The faults a soak injects, and when: each is injected, held for its duration, then lifted
(the server or process started again, as a supervisor would), one after the other, spread
evenly between a warm-up and a quiet tail so the pipeline is under load for every one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from .load import Clock
from .processes import Fleet
from .servers import SoakServers


@dataclass(frozen=True)
class Fault:
    name: str
    nominal_seconds: float  # how long it is held in a long soak
    inject: Callable[[], None]
    lift: Callable[[], None]
    database_down: bool = False  # while it is held, 503 with Retry-After is the right answer


@dataclass
class Injected:
    name: str
    started: float  # clock seconds
    lifted: float
    database_down: bool

    @property
    def held(self) -> float:
        return self.lifted - self.started


def every_fault(servers: SoakServers, fleet: Fleet) -> list[Fault]:
    """Every fault of the soak, in the order it injects them."""
    return [
        Fault(
            "broker 1 killed (SIGKILL)",
            60,
            lambda: servers.kill_broker(1),
            lambda: servers.start_broker(1),
        ),
        Fault(
            "relay killed (SIGKILL)",
            10,
            lambda: fleet.kill("relay"),
            lambda: _start(fleet, "relay"),
        ),
        Fault(
            "extraction worker killed mid-batch (SIGKILL)",
            10,
            lambda: fleet.kill("extract-worker-1"),
            lambda: _start(fleet, "extract-worker-1"),
        ),
        Fault(
            "PostgreSQL stopped",
            30,
            servers.stop_database,
            servers.start_database,
            database_down=True,
        ),
        Fault(
            "projector killed (SIGKILL)",
            10,
            lambda: fleet.kill("project-1"),
            lambda: _start(fleet, "project-1"),
        ),
        Fault(
            "rebalance: a third projector joins, then leaves",
            60,
            lambda: _start(fleet, "project-3"),
            lambda: fleet.stop("project-3"),
        ),
        Fault(
            "broker 2 killed (SIGKILL)",
            60,
            lambda: servers.kill_broker(2),
            lambda: servers.start_broker(2),
        ),
    ]


def _start(fleet: Fleet, name: str) -> None:
    fleet.start(name)


def schedule(total_seconds: float, count: int) -> tuple[list[float], float]:
    """When each of ``count`` faults starts, and the longest any may be held."""
    warm_up = max(20.0, 0.075 * total_seconds)
    tail = max(20.0, 0.10 * total_seconds)
    spacing = (total_seconds - warm_up - tail) / count
    return [warm_up + i * spacing for i in range(count)], 0.5 * spacing


async def inject_all(
    faults: list[Fault], total_seconds: float, clock: Clock, injected: list[Injected]
) -> None:
    """Inject the faults on schedule; a fault starts no earlier than the last one was lifted."""
    starts, longest = schedule(total_seconds, len(faults))
    for fault, start in zip(faults, starts, strict=True):
        if (delay := start - clock.now()) > 0:
            await asyncio.sleep(delay)
        began = clock.now()
        print(f"[{began:7.1f} s] inject: {fault.name}", flush=True)
        await asyncio.to_thread(fault.inject)
        await asyncio.sleep(min(fault.nominal_seconds, longest))
        await asyncio.to_thread(fault.lift)
        lifted = clock.now()
        print(f"[{lifted:7.1f} s] lifted: {fault.name} (held {lifted - began:.1f} s)", flush=True)
        injected.append(Injected(fault.name, began, lifted, fault.database_down))
