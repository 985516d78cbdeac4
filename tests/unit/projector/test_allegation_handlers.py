"""Allegations: who accused whom, who denied it, disputed or not, sources on each side."""

from __future__ import annotations

from typing import Any

from storyline.embedded import EmbeddedStoryline
from storyline_contracts.extracted_events import Actor, SkepticismExpressed
from tests.unit.projector.story_factory import (
    EXPERTS,
    OTHER,
    STORY,
    UKRAINE,
    USA,
    Projector,
    accusation,
    denial,
    extracted,
    get_json,
    strike,
)

SPOKESMAN = Actor(text="Dmitry Peskov", canonical="Dmitry Peskov", kind="person", country="RUS")


async def allegations(storyline: EmbeddedStoryline) -> list[dict[str, Any]]:
    async with storyline.query_client() as client:
        answer = await get_json(client, f"/v1/stories/{STORY}/allegations")
    items: list[dict[str, Any]] = answer["items"]
    return items


async def test_a_denial_that_arrives_first_is_linked_when_its_accusation_arrives(
    storyline: EmbeddedStoryline,
) -> None:
    projector = Projector(storyline.engine)
    await projector.apply(denial("us-denies", USA, about=("accuses-us",)), partition=1)
    assert await allegations(storyline) == []

    await projector.apply(accusation("accuses-us", USA), partition=0)

    [allegation] = await allegations(storyline)
    assert (allegation["accuser"], allegation["accused"]) == (
        "Government of Russia",
        "United States",
    )
    assert (allegation["denied_by"], allegation["denial_event_ids"]) == (
        ["United States"],
        ["us-denies"],
    )
    assert allegation["disputed"] is True


async def test_a_denial_naming_no_accusation_answers_the_allegations_against_the_denier(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(
        accusation("accuses-us", USA),
        accusation("accuses-ukraine", UKRAINE),
        denial("ukraine-denies-involvement", UKRAINE, about=()),
    )

    assert [(a["accused"], a["denied_by"]) for a in await allegations(storyline)] == [
        ("Government of Ukraine", ["Government of Ukraine"]),
        ("United States", []),
    ]


async def test_an_undenied_accusation_is_not_disputed(storyline: EmbeddedStoryline) -> None:
    await Projector(storyline.engine).apply(strike(), accusation("accuses-us", USA))

    [allegation] = await allegations(storyline)

    assert (allegation["disputed"], allegation["about"]) == (False, ["strike"])
    assert allegation["allegation"] == "being behind the drone strike on the Kremlin"


async def test_each_side_counts_its_distinct_articles_and_outlets(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(
        accusation("accuses-us", USA),
        accusation("accuses-us-again", USA, article_id=OTHER, outlet="Other Times"),
        accusation("accuses-us-third", USA, article_id="article-3", outlet="Other Times"),
        denial("us-denies", USA, about=("accuses-us-again",)),
    )

    [allegation] = await allegations(storyline)

    assert allegation["accusation_event_ids"] == [
        "accuses-us",
        "accuses-us-again",
        "accuses-us-third",
    ]
    assert allegation["accusing_sources"] == {"articles": 3, "outlets": 2}
    assert allegation["denying_sources"] == {"articles": 1, "outlets": 1}


async def test_skepticism_about_the_claim_is_listed_without_making_it_disputed(
    storyline: EmbeddedStoryline,
) -> None:
    doubt = extracted(
        SkepticismExpressed,
        "experts-doubt",
        "Various security experts have poured scorn on the veracity of this claim.",
        source=EXPERTS,
        about=("strike",),
    )
    await Projector(storyline.engine).apply(strike(), accusation("accuses-us", USA), doubt)

    [allegation] = await allegations(storyline)

    assert (allegation["doubted_by"], allegation["disputed"]) == (
        ["various security experts"],
        False,
    )


async def test_denying_one_accusation_of_an_act_answers_every_accusation_of_it(
    storyline: EmbeddedStoryline,
) -> None:
    """Russia and its spokesman both accuse the United States of the strike; "the United States
    denied the accusation" names the spokesman's, and answers Russia's too. An accusation of
    another act against the same party stays undisputed."""
    await Projector(storyline.engine).apply(
        strike(),
        strike("shelling", summary="Shelling of a power station"),
        accusation("russia-accuses-us", USA),
        accusation("peskov-accuses-us", USA, source=SPOKESMAN),
        accusation("ukraine-accuses-us-of-shelling", USA, about=("shelling",), source=UKRAINE),
        denial("us-denies", USA, about=("peskov-accuses-us",)),
    )

    denied = {a["accuser"]: a["denied_by"] for a in await allegations(storyline)}
    assert denied == {
        "Government of Russia": ["United States"],
        "Dmitry Peskov": ["United States"],
        "Government of Ukraine": [],
    }
