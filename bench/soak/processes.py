"""Storyline's processes as an operator runs them (``storyline serve ingest``, ``extract-worker``,
``relay``, ``project``, ``serve query``), several of each, each in its own session so that a
kill reaches its whole process group (the extraction worker's NLP pool too).

The fleet remembers which processes the soak itself killed or stopped: any other exit is a
process that would have needed a restart by hand, and fails the soak.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

STORYLINE = [sys.executable, "-m", "storyline.cli"]
# Every worker serves /healthz and /metrics on a health port: several on one machine need any
# free one, not the default.
ANY_HEALTH_PORT = ("--health-port", "0")


@dataclass
class Member:
    name: str
    arguments: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    expected_exit: bool = False


@dataclass
class Fleet:
    environment: dict[str, str]
    log_dir: Path
    members: dict[str, Member] = field(default_factory=dict)
    unexpected_exits: list[str] = field(default_factory=list)

    def add(self, name: str, *arguments: str) -> None:
        self.members[name] = Member(name, list(arguments), self.log_dir / f"{name}.log")

    def start(self, name: str) -> None:
        member = self.members[name]
        log = member.log_path.open("ab")
        member.process = subprocess.Popen(
            [*STORYLINE, *member.arguments],
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        member.expected_exit = False

    def start_all(self) -> None:
        for name in self.members:
            self.start(name)

    def kill(self, name: str) -> None:
        """SIGKILL the process and everything it started, as a crash or an OOM kill would."""
        self._signal(name, signal.SIGKILL)

    def stop(self, name: str, seconds: float = 30.0) -> None:
        """SIGTERM, as an orchestrator scaling down does; SIGKILL if it does not leave in time."""
        self._signal(name, signal.SIGTERM, seconds)

    def _signal(self, name: str, signum: int, seconds: float = 30.0) -> None:
        member = self.members[name]
        process = member.process
        if process is None or process.poll() is not None:
            return
        member.expected_exit = True
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def check(self) -> list[str]:
        """Names of processes that exited without being told to since the last check."""
        exited = []
        for member in self.members.values():
            process = member.process
            if process is not None and process.poll() is not None and not member.expected_exit:
                exited.append(f"{member.name} (exit {process.returncode})")
                member.expected_exit = True  # reported once
        self.unexpected_exits.extend(exited)
        return exited

    def stop_all(self) -> None:
        for name in self.members:
            member = self.members[name]
            if member.process is not None and member.process.poll() is None:
                member.expected_exit = True
                os.killpg(member.process.pid, signal.SIGTERM)
        for member in self.members.values():
            if member.process is None:
                continue
            try:
                member.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(member.process.pid, signal.SIGKILL)
                member.process.wait()

    def log_tail(self, name: str, characters: int = 3000) -> str:
        path = self.members[name].log_path
        return path.read_text(errors="replace")[-characters:] if path.exists() else ""


def wait_until_answering(url: str, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")
