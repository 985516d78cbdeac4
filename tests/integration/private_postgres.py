"""A PostgreSQL server of a test's own (own port and folder), so the test may stop and restart
it without disturbing the server every other test uses."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from storyline.free_ports import free_port

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "local" / "postgres.sh"


@dataclass
class PrivatePostgres:
    # A short folder: the server's unix socket path must fit in 107 bytes.
    run_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="slpg-")))

    def __post_init__(self) -> None:
        os.chmod(self.run_dir, 0o755)  # the server runs as an unprivileged user
        env = {k: v for k, v in os.environ.items() if k != "STORYLINE_TEST_DATABASE_URL"}
        self.env = env | {
            "STORYLINE_RUN_DIR": str(self.run_dir),
            "STORYLINE_PG_PORT": str(free_port()),
        }
        port = self.env["STORYLINE_PG_PORT"]
        self.url = f"postgresql+asyncpg://storyline:storyline@127.0.0.1:{port}/storyline"

    def _run(self, command: str, **extra: str) -> None:
        subprocess.run(
            ["bash", str(SCRIPT), command],
            env=self.env | extra,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=180,
        )

    def start(self) -> None:
        self._run("start")

    def stop(self) -> None:
        self._run("stop")

    def start_keeping_data(self) -> None:
        self._run("start", STORYLINE_PG_KEEP_DATA="1")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.run_dir, ignore_errors=True)
