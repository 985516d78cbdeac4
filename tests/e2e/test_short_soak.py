"""A short soak (bench/soak): the whole pipeline as real processes on a three-broker cluster and
a PostgreSQL server of its own, under load, with every fault injected once; nothing may be lost
or doubled, and no request may get a 5xx other than a 503 with Retry-After while PostgreSQL is
down. The soak runs its own servers: the shared ones are only what tells this is `make test`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SHORT_SOAK_MINUTES = "3"

pytestmark = pytest.mark.integration


@pytest.mark.timeout(1500)
def test_a_short_soak_with_every_fault_loses_nothing_doubles_nothing_and_answers_no_stray_5xx(
    kafka_servers: str, tmp_path: Path
) -> None:
    verdict_file = tmp_path / "verdict.json"

    soak = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.soak",
            "--minutes",
            SHORT_SOAK_MINUTES,
            "--json",
            str(verdict_file),
        ],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=1400,
        check=False,
    )

    output = soak.stdout[-6000:] + soak.stderr[-3000:]
    assert soak.returncode == 0, output
    verdict = json.loads(verdict_file.read_text())
    assert verdict["passed"], output
    assert len(verdict["faults"]) == 7, output
    for row in verdict["faults"]:
        assert (row["lost"], row["doubled"], row["unexpected"]) == (0, 0, 0), row
        assert row["recovery"] is not None, row
    assert verdict["accepted"] > 0
    assert verdict["stored"] == verdict["on_topic"] == verdict["projected"], output
