"""What articles report happened: threats, casualty figures across sources, statistics, actors."""

from __future__ import annotations

from storyline.embedded import EmbeddedStoryline
from storyline_contracts.extracted_events import Figure
from tests.unit.projector.story_factory import (
    OTHER,
    STORY,
    Projector,
    casualties,
    get_json,
    kremlin_story,
)


async def test_casualty_figures_keep_every_source_and_the_range_across_them(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(
        casualties("kyiv-dead-wire", 3),
        casualties("kyiv-dead-other", 5, article_id=OTHER, outlet="Other Times"),
        casualties(
            "kyiv-dead-range",
            4,
            article_id="article-3",
            figures=(Figure(value=4, low=2, high=7, unit="people", counts="killed"),),
        ),
    )

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")

    [killed] = story["casualties"]
    assert (killed["counts"], killed["low"], killed["high"]) == ("killed", 2, 7)
    assert [(r["value"], r["outlet"]) for r in killed["reports"]] == [
        (3, "Example Wire"),
        (4, "Example Wire"),
        (5, "Other Times"),
    ]


async def test_statistics_keep_the_figure_and_who_reported_it(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")

    [statistic] = story["statistics"]
    assert (statistic["value"], statistic["unit"], statistic["reported_by"]) == (
        170,
        "percent",
        "Autostat",
    )


async def test_actors_show_what_they_did_by_event_type(storyline: EmbeddedStoryline) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())

    async with storyline.query_client() as client:
        russia = await get_json(client, "/v1/actors/government of russia")
        listing = await get_json(client, "/v1/actors", story_id=STORY, limit=2)
        missing = await client.get("/v1/actors/Atlantis")

    assert russia["as_source"] == {"accusation_made": 2, "threat_issued": 1}
    assert russia["as_target"] == {"strike_reported": 1}
    assert (russia["kind"], russia["country"], russia["stories"]) == ("state", "RUS", 1)
    assert [actor["name"] for actor in listing["items"]] == [
        "Government of Russia",
        "United States",
    ]
    assert missing.status_code == 404


async def test_an_event_is_found_by_id_in_its_story(storyline: EmbeddedStoryline) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())

    async with storyline.query_client() as client:
        event = await get_json(client, "/v1/events/retaliation")
        unknown = await client.get("/v1/events/no-such-event")

    assert (event["story_id"], event["event_type"]) == (STORY, "threat_issued")
    assert event["details"]["threat"] == "to retaliate against the US"
    assert event["evidence"]["sentence"].endswith("threatening to retaliate against the US.")
    assert unknown.status_code == 404
