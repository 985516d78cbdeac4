"""The grouping rule: one incident is one story, look-alikes are not, copies are recognised."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.story_events import ArticleAssignedToStory, StoryMerged, StoryOpened
from storyline_ingest.stories.story_assignment import StoryAssignment, assign_story
from storyline_ingest.stories.story_signals import ArticleSignals
from storyline_ingest.stories.story_tables import (
    article_band_keys,
    article_stories,
    stories,
    story_index_keys,
)
from storyline_ingest.stories.text_fingerprint import fingerprint
from tests.unit.stories.story_signals_factory import (
    KREMLIN_WIRE_BODY,
    kremlin_denial,
    kremlin_strike,
    moscow_apartments,
)

NOW = datetime(2023, 6, 1, tzinfo=UTC)


async def assign(engine: AsyncEngine, signals: ArticleSignals) -> StoryAssignment:
    async with engine.begin() as connection:
        return await assign_story(connection, signals, NOW)


async def test_first_article_of_an_incident_opens_a_story(story_engine: AsyncEngine) -> None:
    assignment = await assign(story_engine, kremlin_strike())

    assert assignment.opened
    opened, assigned = assignment.events
    assert isinstance(opened, StoryOpened)
    assert opened.story_id == assignment.story_id
    assert opened.first_article_id == "wire-kremlin"
    assert opened.places == ("Kremlin", "Moscow")
    assert isinstance(assigned, ArticleAssignedToStory)
    assert assigned.partition_key == assignment.story_id


async def test_same_incident_from_another_outlet_joins_the_story(
    story_engine: AsyncEngine,
) -> None:
    first = await assign(story_engine, kremlin_strike())

    second = await assign(story_engine, kremlin_denial())

    assert second.story_id == first.story_id
    assert not second.opened
    assert second.near_duplicate_of is None
    assert [type(event) for event in second.events] == [ArticleAssignedToStory]


async def test_same_actors_weeks_later_open_a_different_story(story_engine: AsyncEngine) -> None:
    kremlin = await assign(story_engine, kremlin_strike())

    later = await assign(story_engine, moscow_apartments())

    assert later.opened
    assert later.story_id != kremlin.story_id


async def test_same_actors_and_place_days_apart_open_a_different_story(
    story_engine: AsyncEngine,
) -> None:
    kremlin = await assign(story_engine, kremlin_strike())

    # Within the lookup window, so a candidate, but the incident is five days later.
    later = await assign(
        story_engine,
        moscow_apartments(
            incident_date=date(2023, 5, 8),
            published_at=datetime(2023, 5, 8, 9, tzinfo=UTC),
            places=frozenset({"Moscow", "Kremlin"}),
        ),
    )

    assert later.opened
    assert later.story_id != kremlin.story_id


async def test_a_strike_in_another_country_days_later_opens_its_own_story(
    story_engine: AsyncEngine,
) -> None:
    """The Kremlin reports recall last week's strikes on Odesa, so an Odesa report shares most
    names with them and falls within the date gap: where the incidents happened tells them apart."""
    kremlin = await assign(story_engine, kremlin_strike(incident_countries=frozenset({"RUS"})))

    odesa = await assign(
        story_engine,
        kremlin_strike(
            article_id="wire-odesa",
            title="Russia strikes Odesa with drones, Kyiv says, a day after the Kremlin blast",
            body=(
                "Russian drones hit the port of Odesa overnight, the regional governor said, a "
                "day after Moscow accused Ukraine of trying to kill President Vladimir Putin with "
                "drones over the Kremlin. Air defences shot down most of the drones."
            ),
            published_at=datetime(2023, 5, 4, 7, tzinfo=UTC),
            incident_date=date(2023, 5, 4),
            places=frozenset({"Odesa", "Moscow", "Kremlin"}),
            incident_places=("Odesa",),
            incident_countries=frozenset({"UKR"}),
        ),
    )

    assert odesa.opened
    assert odesa.story_id != kremlin.story_id
    opened = odesa.events[0]
    assert isinstance(opened, StoryOpened)
    assert opened.places[0] == "Odesa"  # where it happened comes first


async def test_a_report_that_places_its_incident_in_the_same_country_joins(
    story_engine: AsyncEngine,
) -> None:
    kremlin = await assign(story_engine, kremlin_strike(incident_countries=frozenset({"RUS"})))

    follow_up = await assign(
        story_engine, kremlin_denial(incident_countries=frozenset({"RUS", "USA"}))
    )
    undated_place = await assign(
        story_engine, kremlin_denial(article_id="gazette-denial", outlet="Gazette")
    )

    assert follow_up.story_id == kremlin.story_id
    assert undated_place.story_id == kremlin.story_id  # no place for its incident: no veto


async def test_naming_one_common_party_is_not_enough_to_join(story_engine: AsyncEngine) -> None:
    """Extraction often finds no place or date in a short report, and only the state behind
    it: sharing that one name with a story says little, so the report opens its own."""
    kremlin = await assign(story_engine, kremlin_strike())

    depot = await assign(
        story_engine,
        kremlin_strike(
            article_id="gazette-depot-fire",
            title="Fire at fuel depot after drone attack, governor says",
            body=(
                "A fire broke out at a fuel storage facility after a drone attack, the regional "
                "governor said. Firefighters contained the blaze by the morning and nobody was "
                "hurt, he added, without saying who launched the drone."
            ),
            published_at=datetime(2023, 5, 8, 8, tzinfo=UTC),
            actors=frozenset({"Government of Russia"}),
            places=frozenset(),
            incident_date=None,
            event_types=frozenset({"attack_reported"}),
        ),
    )

    assert depot.opened
    assert depot.story_id != kremlin.story_id


async def test_reports_sharing_only_names_the_gazetteer_lacks_join(
    story_engine: AsyncEngine,
) -> None:
    """Extraction resolved no actor or place in either report of the dam breach; the names in
    their leads (the dam, the city, the governor) still bring the second to the first's story."""
    dam = dict(
        actors=frozenset(),
        places=frozenset(),
        incident_date=None,
        event_types=frozenset({"attack_reported"}),
        published_at=datetime(2023, 6, 6, 9, tzinfo=UTC),
    )
    first = await assign(
        story_engine,
        kremlin_strike(
            article_id="wire-dam",
            title="Dam breached, flooding towns downstream",
            body="Water poured through the breached Kakhovka dam, flooding Kherson.",
            names=frozenset({"kakhovka", "kherson", "oleksandr prokudin"}),
            **dam,
        ),
    )
    unrelated_names = await assign(
        story_engine,
        kremlin_strike(
            article_id="ledger-flood-unrelated",
            title="Floods after storms close roads",
            body="Heavy rain flooded roads around Lviv and Uzhhorod, officials said.",
            names=frozenset({"lviv", "uzhhorod"}),
            **dam,
        ),
    )
    second = await assign(
        story_engine,
        kremlin_strike(
            article_id="ledger-dam",
            title="Thousands evacuated as reservoir empties",
            body="Governor Oleksandr Prokudin ordered evacuations around Kherson after the "
            "Kakhovka reservoir began to empty.",
            names=frozenset({"kakhovka", "kherson", "oleksandr prokudin"}),
            # Three days on: no incident-day key in common, only the names lead to the story.
            **(dam | {"published_at": datetime(2023, 6, 9, 9, tzinfo=UTC)}),
        ),
    )

    assert unrelated_names.story_id != first.story_id
    assert second.story_id == first.story_id


async def test_republished_wire_story_is_a_near_duplicate(story_engine: AsyncEngine) -> None:
    original = await assign(story_engine, kremlin_strike())
    edited = KREMLIN_WIRE_BODY.replace("said on Wednesday", "said on Wednesday afternoon")

    copy = await assign(
        story_engine,
        kremlin_strike(
            article_id="courier-kremlin",
            outlet="Daily Courier",
            title="Kremlin accuses Ukraine of drone attack aimed at Putin",
            body=edited + " Kyiv did not immediately respond to a request for comment.",
            published_at=datetime(2023, 5, 3, 13, 20, tzinfo=UTC),
        ),
    )

    assert copy.near_duplicate_of == "wire-kremlin"
    assert copy.story_id == original.story_id
    (assigned,) = copy.events
    assert isinstance(assigned, ArticleAssignedToStory)
    assert assigned.near_duplicate_of == "wire-kremlin"


async def test_copy_of_a_copy_points_at_the_original(story_engine: AsyncEngine) -> None:
    await assign(story_engine, kremlin_strike())
    await assign(story_engine, kremlin_strike(article_id="copy-1", outlet="Daily Courier"))

    second_copy = await assign(
        story_engine, kremlin_strike(article_id="copy-2", outlet="Riverside Post")
    )

    assert second_copy.near_duplicate_of == "wire-kremlin"


async def test_differently_worded_report_is_not_a_near_duplicate(
    story_engine: AsyncEngine,
) -> None:
    await assign(story_engine, kremlin_strike())

    denial = await assign(story_engine, kremlin_denial())

    assert denial.near_duplicate_of is None


async def test_article_linking_two_stories_merges_the_younger_into_the_older(
    story_engine: AsyncEngine,
) -> None:
    iaea = await assign(story_engine, _plant_report("iaea", {"IAEA", "Rafael Grossi"}, IAEA_BODY))
    operator = await assign(
        story_engine,
        _plant_report("operator", {"Energoatom", "Enerhodar officials"}, OPERATOR_BODY),
    )
    assert operator.opened  # no name in common: two stories so far

    roundup = await assign(
        story_engine,
        _plant_report(
            "roundup",
            {"IAEA", "Rafael Grossi", "Energoatom", "Enerhodar officials"},
            IAEA_BODY + " " + OPERATOR_BODY,
        ),
    )

    assert roundup.story_id == iaea.story_id
    assert roundup.merged == (operator.story_id,)
    merged = [event for event in roundup.events if isinstance(event, StoryMerged)]
    assert [(m.story_id, m.from_story_ids) for m in merged] == [
        (iaea.story_id, (operator.story_id,))
    ]
    async with story_engine.connect() as connection:
        merged_into = await connection.scalar(
            select(stories.c.merged_into).where(stories.c.story_id == operator.story_id)
        )
        operator_article_story = await connection.scalar(
            select(article_stories.c.story_id).where(article_stories.c.article_id == "operator")
        )
    assert merged_into == iaea.story_id
    assert operator_article_story == iaea.story_id


async def test_after_a_merge_articles_matching_the_merged_story_join_the_survivor(
    story_engine: AsyncEngine,
) -> None:
    iaea = await assign(story_engine, _plant_report("iaea", {"IAEA", "Rafael Grossi"}, IAEA_BODY))
    operator_names = {"Energoatom", "Enerhodar officials"}
    await assign(story_engine, _plant_report("operator", operator_names, OPERATOR_BODY))
    await assign(
        story_engine,
        _plant_report(
            "roundup", {"IAEA", "Rafael Grossi", *operator_names}, IAEA_BODY + OPERATOR_BODY
        ),
    )

    follow_up = await assign(
        story_engine, _plant_report("operator-2", operator_names, OPERATOR_BODY + " Update.")
    )

    assert follow_up.story_id == iaea.story_id


async def test_replaying_the_same_articles_gives_the_same_stories_and_events(
    story_engine: AsyncEngine,
) -> None:
    articles = [kremlin_strike(), kremlin_denial(), moscow_apartments()]
    first_run = [await assign(story_engine, signals) for signals in articles]
    async with story_engine.begin() as connection:  # a rebuild starts from empty tables
        for table in (stories, article_stories, story_index_keys, article_band_keys):
            await connection.execute(table.delete())

    second_run = [await assign(story_engine, signals) for signals in articles]

    assert [a.story_id for a in second_run] == [a.story_id for a in first_run]
    assert [[e.event_id for e in a.events] for a in second_run] == [
        [e.event_id for e in a.events] for a in first_run
    ]


async def test_assigning_the_same_article_again_changes_nothing(story_engine: AsyncEngine) -> None:
    first = await assign(story_engine, kremlin_strike())

    again = await assign(story_engine, kremlin_strike())

    assert again.story_id == first.story_id
    assert not again.opened
    assert [e.event_id for e in again.events] == [first.events[-1].event_id]
    async with story_engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(stories)) == 1


async def test_revision_of_an_article_keeps_its_story(story_engine: AsyncEngine) -> None:
    first = await assign(story_engine, kremlin_strike())

    revised = await assign(
        story_engine, kremlin_strike(article_version=2, title="Corrected: drones over the Kremlin")
    )

    assert revised.story_id == first.story_id
    (assigned,) = revised.events
    assert isinstance(assigned, ArticleAssignedToStory)
    assert assigned.article_version == 2
    assert assigned.event_id != first.events[-1].event_id


IAEA_BODY = (
    "Europe's largest nuclear power station lost all off-site power on Monday and is relying on "
    "diesel generators, the International Atomic Energy Agency said. Its chief Rafael Grossi "
    "called the safety situation extremely vulnerable."
)
OPERATOR_BODY = (
    "The plant operator Energoatom said shelling had cut the last power line to the station, "
    "leaving emergency diesel generators with fuel for ten days. Officials in Enerhodar blamed "
    "the other side."
)


_REPORTS = ("iaea", "operator", "roundup", "operator-2")


def _plant_report(article_id: str, actors: set[str], body: str) -> ArticleSignals:
    hours_later = _REPORTS.index(article_id)  # published one after the other, an hour apart
    return ArticleSignals(
        article_id=article_id,
        article_version=1,
        published_at=datetime(2023, 5, 22, 10, tzinfo=UTC) + timedelta(hours=hours_later),
        title="Nuclear plant loses outside power",
        body=body,
        outlet="Example Wire",
        actors=frozenset(actors),
        places=frozenset(),
        incident_date=date(2023, 5, 22),
        event_types=frozenset({"attack_reported"}),
    )


async def test_revision_replaces_the_articles_band_keys(story_engine: AsyncEngine) -> None:
    await assign(story_engine, kremlin_strike())
    revised_body = "Officials now say a single drone exploded above the Senate Palace dome."

    await assign(story_engine, kremlin_strike(article_version=2, body=revised_body))

    async with story_engine.connect() as connection:
        stored = set(
            await connection.scalars(
                select(article_band_keys.c.band_key).where(
                    article_band_keys.c.article_id == "wire-kremlin"
                )
            )
        )
    assert stored == set(fingerprint("", revised_body).band_keys)
