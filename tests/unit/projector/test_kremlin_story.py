"""The seed scenario at a glance: the Kremlin drone strike story, through the query API."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from storyline.embedded import EmbeddedStoryline
from tests.unit.projector.story_factory import (
    STORY,
    Projector,
    canonical,
    get_json,
    kremlin_story,
    story_answers,
)


async def test_kremlin_story_shows_the_strike_the_blame_the_denials_and_the_threats(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")

    assert story["title"] == "Moscow blames Washington for drone strike on the Kremlin"
    assert story["status"] == "disputed"
    assert (story["incident_date"], story["incident_place"]) == ("2023-04-29", "Kremlin, Moscow")
    [strike] = story["incidents"]
    assert (strike["event_type"], strike["details"]["weapon"]) == ("strike_reported", "drone")
    assert strike["when"]["start"] == "2023-04-29"
    assert strike["evidence"]["sentence"].startswith("Moscow has accused the United States")
    assert blame(story) == [
        ("Government of Russia", "Government of Ukraine", ["Government of Ukraine"], True),
        ("Government of Russia", "United States", ["United States"], True),
    ]
    assert [(t["threatener"], t["threatened"], t["threat"]) for t in story["threats"]] == [
        ("Government of Russia", ["United States"], "to retaliate against the US"),
        (
            "Dmitry Medvedev",
            ["Volodymyr Zelensky"],
            "calling for Zelensky to be physically eliminated",
        ),
    ]
    [against_us] = [a for a in story["allegations"] if a["accused"] == "United States"]
    assert against_us["doubted_by"] == ["various security experts"]


async def test_shuffled_and_repeated_deliveries_give_the_same_story(
    storyline: EmbeddedStoryline, tmp_path: Path
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())
    events = kremlin_story()
    random.Random(5).shuffle(events)

    async with EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'shuffled.db'}") as other:
        projector = Projector(other.engine)
        for partition, event in enumerate(events):  # as if every event came on its own partition
            await projector.apply(event, partition=partition % 3)
        await projector.apply(*reversed(events), partition=3)  # everything once more
        async with other.query_client() as client:
            shuffled = await story_answers(client)
    async with storyline.query_client() as client:
        in_order = await story_answers(client)

    assert canonical(shuffled) == canonical(in_order)
    assert shuffled[f"/v1/stories/{STORY}"]["status"] == "disputed"


def blame(story: dict[str, Any]) -> list[tuple[str, str, list[str], bool]]:
    return [
        (a["accuser"], a["accused"], a["denied_by"], a["disputed"]) for a in story["allegations"]
    ]
