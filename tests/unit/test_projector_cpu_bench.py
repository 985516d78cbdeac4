"""``bench/projector_cpu.py`` still runs the projector's own work on the benchmark's mix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_projector_cpu_benchmark_prepares_every_batch_as_held() -> None:
    # It exits with an error if a batch would take the usual path (a read first): then it no
    # longer measures what the live projector does with a steady stream.
    done = subprocess.run(
        [sys.executable, str(REPOSITORY / "bench" / "projector_cpu.py"), "3000", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "3,000 events" in done.stdout
