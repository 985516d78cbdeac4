"""Story-level handlers: opening, article assignment, merges, retractions; all idempotent."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline.embedded import EmbeddedStoryline
from storyline_projector.read_models.handlers import apply_event
from storyline_projector.read_models.story_identity import note_story_article
from storyline_projector.read_models.story_states import StoryStates
from storyline_projector.read_models.tables import story_articles
from storyline_projector.read_models.unit_of_work import KnownStories, ProjectionUnit
from tests.unit.projector.story_factory import (
    OTHER,
    STORY,
    UKRAINE,
    USA,
    WIRE,
    Projector,
    accusation,
    assigned,
    canonical,
    denial,
    get_json,
    kremlin_story,
    merged,
    opened,
    retracted,
    story_answers,
    strike,
)

LATER = "story-kremlin-second"


async def test_events_before_the_opening_land_in_the_same_story(
    storyline: EmbeddedStoryline,
) -> None:
    projector = Projector(storyline.engine)

    await projector.apply(strike(), partition=1)
    await projector.apply(opened(), partition=0)

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")
    assert story["title"] == "Moscow blames Washington for drone strike on the Kremlin"
    assert (story["event_count"], story["article_count"]) == (1, 1)
    assert story["key_actors"] == ["Government of Russia", "United States", "Government of Ukraine"]


async def test_a_story_never_opened_takes_its_title_and_date_from_its_first_incident(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(strike(), accusation("accuses-us", USA))

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")

    assert story["title"] == "A drone strike on the Kremlin, allegedly aimed at President Putin"
    assert (story["incident_date"], story["incident_place"]) == ("2023-04-29", "Kremlin, Moscow")
    assert story["key_actors"][0] == "Government of Russia"  # the most involved actor
    assert story["status"] == "developing"


async def test_every_handler_applied_twice_changes_nothing(
    storyline: EmbeddedStoryline,
) -> None:
    events = [*kremlin_story(), merged([LATER]), retracted(["car-sales"])]
    async with storyline.engine.begin() as connection:
        for event in events:
            await apply_event(connection, event)
    async with storyline.query_client() as client:
        once = await story_answers(client)

    async with storyline.engine.begin() as connection:
        for event in events:  # bypassing the applied-ids check: the handlers alone must hold
            await apply_event(connection, event)
    async with storyline.query_client() as client:
        twice = await story_answers(client)

    assert canonical(twice) == canonical(once)


async def test_near_duplicates_count_as_more_sources_not_more_events(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(
        assigned(WIRE, "Example Wire"),
        accusation("accuses-us", USA),
        assigned(OTHER, "Other Times", minutes=30, near_duplicate_of=WIRE),
    )

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")
        articles = await get_json(client, f"/v1/stories/{STORY}/articles")

    assert (story["event_count"], story["article_count"], story["outlet_count"]) == (1, 2, 2)
    [allegation] = story["allegations"]
    assert allegation["accusing_sources"] == {"articles": 2, "outlets": 2}
    assert [(a["article_id"], a["near_duplicate_of"]) for a in articles["items"]] == [
        (WIRE, None),
        (OTHER, WIRE),
    ]


async def test_a_merged_story_shows_under_the_survivor_and_points_to_it(
    storyline: EmbeddedStoryline,
) -> None:
    projector = Projector(storyline.engine)
    await projector.apply(opened(), strike(), accusation("accuses-us", USA), partition=0)
    await projector.apply(
        opened(LATER, minutes=40, title="Ukraine denies Kremlin drone attack"),
        denial("us-denies", USA, about=("accuses-us",), story_id=LATER, minutes=41),
        partition=1,
    )

    await projector.apply(merged([LATER], minutes=50), partition=0)

    async with storyline.query_client() as client:
        survivor = await get_json(client, f"/v1/stories/{STORY}")
        pointer = await client.get(f"/v1/stories/{LATER}/timeline", params={"as_of": "2030-01-01"})
        listing = await get_json(client, "/v1/stories")
    assert survivor["status"] == "disputed"  # the denial filed under the other story counts
    assert (survivor["event_count"], survivor["merged_from"]) == (3, [LATER])
    assert pointer.status_code == 308
    assert pointer.json() == {"story_id": LATER, "merged_into": STORY}
    assert pointer.headers["location"].endswith(f"/v1/stories/{STORY}/timeline?as_of=2030-01-01")
    assert [item["story_id"] for item in listing["items"]] == [STORY]


async def test_events_of_a_merged_story_arriving_after_the_merge_join_the_survivor(
    storyline: EmbeddedStoryline,
) -> None:
    projector = Projector(storyline.engine)
    await projector.apply(opened(), merged([LATER]), partition=0)

    await projector.apply(accusation("late-accusation", UKRAINE, story_id=LATER), partition=1)

    async with storyline.query_client() as client:
        timeline = await get_json(client, f"/v1/stories/{STORY}/timeline")
    assert [(e["event_id"], e["story_id"]) for e in timeline["items"]] == [
        ("late-accusation", STORY)
    ]


async def test_chained_merges_applied_backwards_still_end_in_the_last_survivor(
    storyline: EmbeddedStoryline,
) -> None:
    first, second = "story-a", "story-b"
    events = [
        strike(story_id=first),
        accusation("accuses-us", USA, story_id=second),
        merged([first], into=second, minutes=10),
        merged([second], into=STORY, minutes=20),
    ]
    projector = Projector(storyline.engine)
    for partition, event in enumerate(reversed(events)):
        await projector.apply(event, partition=partition)

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")
        moved = await client.get(f"/v1/stories/{first}")
    assert (story["event_count"], story["merged_from"]) == (2, [first, second])
    assert moved.json() == {"story_id": first, "merged_into": STORY}


async def test_retracted_events_leave_the_read_models_and_stay_out(
    storyline: EmbeddedStoryline,
) -> None:
    projector = Projector(storyline.engine)
    await projector.apply(
        strike(),
        accusation("accuses-us", USA),
        denial("us-denies", USA, about=("accuses-us",)),
    )

    await projector.apply(retracted(["us-denies"]))

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")
        gone = await client.get("/v1/events/us-denies")
    assert (story["status"], story["event_count"]) == ("developing", 2)
    assert story["allegations"][0]["denied_by"] == []
    assert gone.status_code == 410


async def test_an_event_arriving_after_its_retraction_is_not_projected(
    storyline: EmbeddedStoryline,
) -> None:
    projector = Projector(storyline.engine)
    await projector.apply(accusation("accuses-us", USA), retracted(["us-denies"]), partition=0)

    await projector.apply(denial("us-denies", USA, about=("accuses-us",)), partition=1)

    async with storyline.query_client() as client:
        story = await get_json(client, f"/v1/stories/{STORY}")
    assert (story["status"], story["event_count"]) == ("developing", 1)


def test_an_article_noted_again_in_a_batch_ends_as_if_every_note_were_merged() -> None:
    """Each of an article's events notes it; a repeat seen no earlier than a note already made
    is skipped, as it changes nothing, while a note seen earlier, or with an outlet the first
    lacked, still merges into the row and into the story's state."""
    states = StoryStates()
    unit = ProjectionUnit(cast(AsyncConnection, None), states, KnownStories({}, frozenset({STORY})))
    at = [datetime(2023, 5, 3, hour, tzinfo=UTC) for hour in range(5)]
    note_story_article(unit, STORY, "article-1", 1, None, at[2])
    note_story_article(unit, STORY, "article-1", 1, WIRE, at[3])
    note_story_article(unit, STORY, "article-1", 1, None, at[4])  # a repeat of the first
    note_story_article(unit, STORY, "article-1", 1, None, at[1])  # earlier: still counts
    assert unit.take_in_held()

    (write,) = [w for w in unit.rows.take_writes() if w.table is story_articles]
    (row,) = write.rows
    assert (row["outlet"], row["assigned_at"]) == (WIRE, at[1])
    state = states.get(STORY)
    assert state is not None
    assert state.articles.outlets == {"article-1": WIRE}
    assert state.articles.assigned == {"article-1": at[1]}
    assert state.row()["first_reported"] == state.row()["last_reported"] == at[1]
