"""``as_of``: a story as Storyline knew it at a time, folded from its events."""

from __future__ import annotations

from typing import Any

from storyline.embedded import EmbeddedStoryline
from tests.unit.projector.story_factory import (
    STORY,
    USA,
    Projector,
    accusation,
    at,
    denial,
    get_json,
    kremlin_story,
    merged,
    opened,
    strike,
)

LATER = "story-kremlin-second"


async def test_before_the_denial_the_story_was_not_yet_disputed(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(
        opened(),
        strike(),
        accusation("accuses-us", USA, minutes=1),
        denial("us-denies", USA, about=("accuses-us",), minutes=30),
    )

    async with storyline.query_client() as client:
        before = await get_json(client, f"/v1/stories/{STORY}", as_of=at(10).isoformat())
        after = await get_json(client, f"/v1/stories/{STORY}", as_of=at(31).isoformat())

    assert (before["status"], before["event_count"], before["as_of"]) == (
        "developing",
        2,
        "2023-05-04T10:10:00Z",
    )
    assert (after["status"], after["event_count"]) == ("disputed", 3)


async def test_the_state_as_of_now_is_the_current_state(storyline: EmbeddedStoryline) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())
    now = "2030-01-01T00:00:00+00:00"

    async with storyline.query_client() as client:
        current = await answers(client, {})
        folded = await answers(client, {"as_of": now})

    for path, answer in folded.items():
        assert answer.pop("as_of", None) in (None, "2030-01-01T00:00:00Z"), path
        current[path].pop("as_of", None)
    assert folded == current


async def test_before_a_merge_the_merged_story_answers_for_itself(
    storyline: EmbeddedStoryline,
) -> None:
    projector = Projector(storyline.engine)
    await projector.apply(opened(), strike(), partition=0)
    await projector.apply(accusation("accuses-us", USA, story_id=LATER, minutes=5), partition=1)
    await projector.apply(merged([LATER], minutes=50), partition=0)

    async with storyline.query_client() as client:
        then = await get_json(client, f"/v1/stories/{LATER}", as_of=at(20).isoformat())
        survivor_then = await get_json(client, f"/v1/stories/{STORY}", as_of=at(20).isoformat())
        survivor_now = await get_json(client, f"/v1/stories/{STORY}", as_of=at(60).isoformat())

    assert (then["status"], then["event_count"]) == ("developing", 1)
    assert (survivor_then["event_count"], survivor_then["merged_from"]) == (1, [])
    assert (survivor_now["event_count"], survivor_now["merged_from"]) == (2, [LATER])


async def test_before_the_story_existed_it_is_not_found(storyline: EmbeddedStoryline) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())

    async with storyline.query_client() as client:
        response = await client.get(f"/v1/stories/{STORY}", params={"as_of": "2023-05-01"})

    assert response.status_code == 404


async def answers(client: Any, params: dict[str, str]) -> dict[str, Any]:
    base = f"/v1/stories/{STORY}"
    paths = (base, f"{base}/timeline", f"{base}/allegations", f"{base}/articles")
    return {path: await get_json(client, path, **params) for path in paths}
