"""The soak's own servers: a three-broker Kafka cluster and a PostgreSQL server, each started by
the deploy/local scripts on ports and in a run folder of the soak's own, so the soak may kill
and restart them without touching any server someone else uses."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from storyline.free_ports import free_ports

SCRIPTS = Path(__file__).resolve().parents[2] / "deploy" / "local"
# Variables that would point the scripts at a shared server instead of the soak's own.
SHARED = ("STORYLINE_TEST_DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "STORYLINE_RUN_DIR")


def own_environment(run_dir: Path, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in SHARED}
    return environment | {"STORYLINE_RUN_DIR": str(run_dir)} | extra


def run_script(script: str, environment: dict[str, str], *arguments: str) -> str:
    """Run a deploy/local script; its last line of output (the ``NAME=value`` line of start)."""
    result = subprocess.run(
        ["bash", str(SCRIPTS / script), *arguments],
        env=environment,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{script} {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


@dataclass
class SoakServers:
    """The cluster and the database server, in one short run folder (the server's unix socket
    path must fit in 107 bytes)."""

    run_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="slsoak-")))

    def __post_init__(self) -> None:
        os.chmod(self.run_dir, 0o755)  # PostgreSQL runs as an unprivileged user
        ports = free_ports(7)
        brokers, controllers, database = ports[:3], ports[3:6], ports[6]
        self.environment = own_environment(
            self.run_dir,
            STORYLINE_KAFKA_CLUSTER_PORTS=",".join(map(str, brokers)),
            STORYLINE_KAFKA_CLUSTER_CONTROLLER_PORTS=",".join(map(str, controllers)),
            STORYLINE_PG_PORT=str(database),
        )
        self.bootstrap_servers = ",".join(f"127.0.0.1:{port}" for port in brokers)
        port = self.environment["STORYLINE_PG_PORT"]
        self.database_url = f"postgresql+asyncpg://storyline:storyline@127.0.0.1:{port}/storyline"

    def start(self) -> None:
        run_script("kafka-cluster.sh", self.environment, "start")
        run_script("postgres.sh", self.environment, "start")

    def kill_broker(self, node: int) -> None:
        run_script("kafka-cluster.sh", self.environment, "kill-node", str(node))

    def start_broker(self, node: int) -> None:
        run_script("kafka-cluster.sh", self.environment, "start-node", str(node))

    def stop_database(self) -> None:
        run_script("postgres.sh", self.environment, "stop")

    def start_database(self) -> None:
        environment = self.environment | {"STORYLINE_PG_KEEP_DATA": "1"}
        run_script("postgres.sh", environment, "start")

    def stop(self, keep_run_dir: bool = False) -> None:
        for script in ("kafka-cluster.sh", "postgres.sh"):
            try:
                run_script(script, self.environment, "stop")
            except RuntimeError as error:
                print(error)
        if not keep_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)
