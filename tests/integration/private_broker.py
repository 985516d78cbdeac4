"""A Kafka broker of a test's own (own ports and folders), so the test may stop and restart it."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from storyline.free_ports import free_ports

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "local" / "kafka.sh"


@dataclass
class PrivateBroker:
    run_dir: Path

    def __post_init__(self) -> None:
        broker_port, controller_port = free_ports(2)
        self.env = os.environ | {
            "STORYLINE_RUN_DIR": str(self.run_dir),
            "STORYLINE_KAFKA_PORT": str(broker_port),
            "STORYLINE_KAFKA_CONTROLLER_PORT": str(controller_port),
        }
        self.bootstrap_servers = f"127.0.0.1:{self.env['STORYLINE_KAFKA_PORT']}"

    def _run(self, command: str, **extra: str) -> None:
        subprocess.run(
            ["bash", str(SCRIPT), command],
            env=self.env | extra,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=180,
        )

    def start(self) -> None:
        self._run("start")

    def stop(self) -> None:
        self._run("stop")

    def start_keeping_data(self) -> None:
        self._run("start", STORYLINE_KAFKA_KEEP_DATA="1")
