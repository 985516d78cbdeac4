"""`storyline demo` shows Storyline doing its job on the example articles, with no servers."""

from __future__ import annotations

import io
from pathlib import Path

from storyline.demo import run_demo


async def test_demo_posts_the_examples_and_prints_the_read_model(tmp_path: Path) -> None:
    out = io.StringIO()

    await run_demo(out=out, database=tmp_path / "demo.db")

    report = out.getvalue()
    assert "202 example-wire-0001            created" in report
    assert "202 example-wire-0001            duplicate" in report  # the retried post
    assert "Moscow blames Washington for drone attack on the Kremlin" in report
    assert report.count(" v1  ") == 4  # four distinct articles, the retry stored once
