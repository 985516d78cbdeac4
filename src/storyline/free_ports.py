"""Free TCP ports on 127.0.0.1 for the servers that tests and benchmarks start.

A port is chosen here and bound later by another process, so two things can take it in between:
this helper handing out the same port twice, and the kernel giving it to an outgoing connection
as its local port. Every port a call returns is held until the call has chosen them all, so they
are distinct, and they are drawn from below the kernel's ephemeral range, which outgoing
connections never use.
"""

from __future__ import annotations

import random
import socket
from contextlib import ExitStack
from pathlib import Path

EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
LOWEST = 20000  # clear of the fixed ports the local servers use by default (19092-19197)


def _below_ephemeral() -> range:
    try:
        first_ephemeral = int(EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        first_ephemeral = 32768
    return range(LOWEST, max(first_ephemeral, LOWEST + 1000))


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports that nothing listens on now."""
    candidates = random.sample(_below_ephemeral(), k=min(200 + count, 10000))
    chosen: list[int] = []
    with ExitStack() as held:
        for port in candidates:
            probe = held.enter_context(socket.socket())
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            chosen.append(port)
            if len(chosen) == count:
                return chosen
    raise RuntimeError(f"found only {len(chosen)} of {count} free ports")


def free_port() -> int:
    return free_ports(1)[0]
