"""`storyline demo` shows Storyline doing its job on the example articles, with no servers."""

from __future__ import annotations

import asyncio
import io
import re

import pytest

from storyline.demo import run_demo


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = io.StringIO()
    database = tmp_path_factory.mktemp("demo") / "demo.db"
    asyncio.run(run_demo(out=out, database=database))
    return out.getvalue()


def kremlin_story(report: str) -> str:
    blocks = report.split("■ ")
    return next(block for block in blocks if block.startswith("Moscow blames Washington"))


def test_every_example_is_accepted_and_the_retry_changes_nothing(report: str) -> None:
    assert re.search(r"202 example-wire-0001 +created", report)
    assert re.search(r"202 example-wire-0001 +duplicate", report)
    assert report.count(" created\n") == 5


def test_the_seed_story_shows_the_strike_the_blame_the_denial_and_the_threats(report: str) -> None:
    story = kremlin_story(report)

    assert story.splitlines()[1].strip().startswith("disputed")
    assert "strike on the Kremlin" in story
    assert re.search(r"accuses Ukraine: .* — denied by Ukraine", story)
    assert re.search(r"accuses United States: .* — denied by United States", story)
    assert re.search(r"Russia → United States: threatened to retaliate", story)
    assert "170%" in story


def test_reports_of_one_incident_from_two_outlets_share_a_story_and_others_stay_apart(
    report: str,
) -> None:
    """The Example Daily follow-up (a denial, no new incident) joins the seed story; the Odesa
    strike it mentions in passing and the car-sales figure are stories of their own."""
    story = kremlin_story(report)
    headlines = [block.splitlines()[0] for block in report.split("■ ")[1:]]

    assert re.search(r"incident 2023-04-29 in Kremlin · 3 article\(s\) from 3 outlet\(s\)", story)
    assert len(headlines) == 3
    assert sum(h.startswith("Moscow blames Washington") for h in headlines) == 1
    assert sum(h.startswith("Drones hit Odesa overnight") for h in headlines) == 1
    assert sum(h.startswith("Russian car market rebounds") for h in headlines) == 1


def test_the_seed_story_is_disputed_with_its_reasons_and_counts_the_syndicated_copy_once(
    report: str,
) -> None:
    """The Harbour Post republishes the wire story: one independent source, not two."""
    story = kremlin_story(report)
    claims = story.split("Claims checked:")[1].split("Threats:")[0]
    flat = " ".join(claims.split())

    assert "accusation against Ukraine is denied by Ukraine" in flat
    assert "accusation against United States is denied by United States" in flat
    assert "The strike on Russia is blamed on different perpetrators: United States" in flat
    assert "Wagner Group is said to lead Ukraine's counteroffensive, but is known to fight" in flat
    assert re.search(
        r"Russia accuses United States: 1 independent source\(s\) \(Example Wire / Harbour Post\)",
        flat,
    )
