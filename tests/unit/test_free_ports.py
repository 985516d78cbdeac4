"""Ports handed to the servers a test starts are distinct, free, and outside the range the kernel
draws outgoing connections' local ports from."""

from __future__ import annotations

import socket

import pytest

from storyline import free_ports as ports


def test_ports_of_one_call_are_distinct_even_when_a_candidate_comes_up_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = ports.free_ports(2)
    monkeypatch.setattr(ports.random, "sample", lambda _range, k: [first, first, second])
    assert ports.free_ports(2) == [first, second]


def test_ports_are_free_and_below_the_ephemeral_range() -> None:
    chosen = ports.free_ports(5)
    assert len(set(chosen)) == 5
    first_ephemeral = int(ports.EPHEMERAL_RANGE.read_text().split()[0])
    assert all(ports.LOWEST <= port < first_ephemeral for port in chosen)
    for port in chosen:
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", port))


def test_a_port_in_use_is_never_handed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        busy = taken.getsockname()[1]
        taken.listen()
        free = ports.free_port()
        monkeypatch.setattr(ports.random, "sample", lambda _range, k: [busy, free])
        assert ports.free_ports(1) == [free]
