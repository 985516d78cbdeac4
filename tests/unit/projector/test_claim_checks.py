"""Claims checked against each other, on the seed story and on rules taken one at a time."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from storyline.embedded import EmbeddedStoryline
from storyline_contracts.extracted_events import (
    Actor,
    ParticipationReported,
    ResponsibilityClaimed,
    SkepticismExpressed,
)
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.read_models.affiliations import load_affiliations
from storyline_projector.read_models.claim_checks import (
    Entry,
    StoryArticle,
    check_claims,
    independent_outlets,
)
from storyline_projector.read_models.generations import DEFAULT
from tests.unit.projector.random_history import messages
from tests.unit.projector.story_factory import (
    EXPERTS,
    RUSSIA,
    STORY,
    UKRAINE,
    USA,
    WIRE,
    Projector,
    accusation,
    assigned,
    extracted,
    get_json,
    kremlin_story,
    opened,
    strike,
)

TABLE = load_affiliations()
WAGNER = Actor(text="the Wagner Group", canonical="Wagner Group", kind="group", country="RUS")
UKRAINE_SIDE = Actor(text="Zelensky", canonical="Ukraine", kind="state", country="UKR")


def wagner_led_counteroffensive(**overrides: Any) -> ParticipationReported:
    fields: dict[str, Any] = {
        "source": WAGNER,
        "targets": (RUSSIA,),
        "operation": "counteroffensive",
        "on_behalf_of": UKRAINE_SIDE,
        "modality": "alleged",
        "summary": "Wagner Group said to lead Ukraine's counteroffensive against Russia",
        "minutes": 5,
    }
    fields.update(overrides)
    return extracted(
        ParticipationReported,
        "wagner-leads",
        "This will be led by the Wagner Group mercenaries, who claim they have already begun.",
        **fields,
    )


async def claims_of(storyline: EmbeddedStoryline, **params: Any) -> Any:
    async with storyline.query_client() as client:
        return await get_json(client, f"/v1/stories/{STORY}/claims", **params)


async def test_the_seed_story_is_disputed_by_both_denials_and_the_wagner_claim(
    storyline: EmbeddedStoryline,
) -> None:
    copy = "article-copy-3"
    await Projector(storyline.engine).apply(
        *kremlin_story(),
        wagner_led_counteroffensive(),
        assigned(copy, "Harbour Post", minutes=7, near_duplicate_of=WIRE),
    )

    claims = await claims_of(storyline)

    assert claims["disputed"] is True
    contested = {
        (a["accused"], a["contested"], tuple(a["denied_by"])) for a in claims["allegations"]
    }
    assert contested == {
        ("Government of Ukraine", True, ("Government of Ukraine",)),
        ("United States", True, ("United States",)),
    }
    # the wire story and its syndicated copy are one source, not two
    for allegation in claims["allegations"]:
        assert allegation["independent_outlets"] == 1
        assert allegation["independent_sources"] == ["Example Wire / Harbour Post"]
    kinds = {c["kind"]: c for c in claims["contradictions"]}
    assert set(kinds) == {"different_perpetrators", "against_known_affiliation"}
    blamed = kinds["different_perpetrators"]
    assert "Government of Ukraine" in blamed["summary"]
    assert "United States" in blamed["summary"]
    assert set(blamed["event_ids"]) == {"strike", "accuses-ukraine", "accuses-us"}
    wagner = kinds["against_known_affiliation"]
    assert wagner["event_ids"] == ["wagner-leads"]
    assert wagner["summary"].startswith("Wagner Group is said to lead Ukraine's counteroffensive")
    assert "for Russia" in wagner["summary"]
    assert "against Ukraine" in wagner["summary"]
    assert wagner["sources"]
    assert all(s["publisher"] for s in wagner["sources"])
    assert len(claims["reasons"]) == 4  # two contested allegations, two contradictions


async def test_the_story_page_shows_why_the_story_is_disputed(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story(), wagner_led_counteroffensive())

    async with storyline.query_client() as client:
        page = await client.get(f"/desk/stories/{STORY}")

    assert page.status_code == 200
    assert 'id="claims"' in page.text
    assert "Wagner Group is said to lead Ukraine&#39;s counteroffensive" in page.text


async def test_a_story_with_no_contested_claim_is_not_disputed(
    storyline: EmbeddedStoryline,
) -> None:
    story = [e for e in kremlin_story() if e.event_id not in {"us-denies", "ukraine-denies"}]
    story = [e for e in story if e.event_id not in {"experts-doubt", "accuses-ukraine"}]
    await Projector(storyline.engine).apply(*story)

    claims = await claims_of(storyline)

    assert (claims["disputed"], claims["reasons"], claims["contradictions"]) == (False, [], [])


async def test_claims_can_be_read_as_of_a_time_before_the_denials(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())
    before_denials = "2023-05-04T10:01:30Z"  # accusations at minute 1, denials at minute 2

    claims = await claims_of(storyline, as_of=before_denials)

    assert not any(a["contested"] for a in claims["allegations"])


def test_copies_and_one_outlets_articles_count_once_and_independent_outlets_each() -> None:
    articles = [
        StoryArticle("wire", "Example Wire", None),
        StoryArticle("copy-1", "Harbour Post", "wire"),
        StoryArticle("copy-2", "Valley Times", "copy-1"),  # a copy of a copy
        StoryArticle("own", "Northern Ledger", None),
        StoryArticle("own-later", "Northern Ledger", None),
        StoryArticle("unrelated", "Capital Times", None),
    ]

    assert independent_outlets(["wire"], articles) == (
        "Example Wire / Harbour Post / Valley Times",
    )
    assert independent_outlets(["copy-2", "own", "own-later"], articles) == (
        "Example Wire / Harbour Post / Valley Times",
        "Northern Ledger",
    )


def entry(event_id: str, event_type: str, source: Actor | None, **fields: Any) -> Entry:
    values: dict[str, Any] = {
        "targets": (),
        "about": (),
        "details": {},
        "summary": event_id,
        "article_id": WIRE,
        "reported_on": date(2023, 5, 4),
    }
    values.update(fields)
    return Entry(event_id, event_type, source, **values)


def test_one_claim_naming_two_perpetrators_together_is_no_contradiction() -> None:
    joint = {
        "accuser": "Government of Russia",
        "accused": "",
        "allegation": "the strike",
        "about": ["strike"],
        "accusation_event_ids": ["joint"],
        "denied_by": [],
        "denial_event_ids": [],
        "doubted_by": [],
    }
    rows = [{**joint, "accused": "Government of Ukraine"}, {**joint, "accused": "United States"}]
    articles = [StoryArticle(WIRE, "Example Wire", None)]

    checks = check_claims(rows, [entry("joint", "accusation_made", RUSSIA)], articles, TABLE)

    assert checks.contradictions == ()


def test_a_claim_of_responsibility_against_an_accusation_is_a_contradiction() -> None:
    claimed = ResponsibilityClaimed.name
    entries = [
        entry("strike", "strike_reported", None),
        entry(
            "claim",
            claimed,
            Actor(text="Freedom of Russia Legion", kind="group"),
            about=("strike",),
        ),
    ]
    rows = [
        {
            "accuser": "Government of Russia",
            "accused": "Government of Ukraine",
            "allegation": "the strike",
            "about": ["strike"],
            "accusation_event_ids": ["accuses"],
            "denied_by": [],
            "denial_event_ids": [],
            "doubted_by": [],
        }
    ]

    checks = check_claims(rows, entries, [StoryArticle(WIRE, "Example Wire", None)], TABLE)

    [contradiction] = checks.contradictions
    assert contradiction.kind == "different_perpetrators"
    assert set(contradiction.event_ids) == {"strike", "claim", "accuses"}


def test_acting_for_a_side_a_group_opposes_is_flagged_only_while_the_affiliation_holds() -> None:
    taliban = Actor(text="the Taliban", canonical="Taliban", kind="group")
    afghanistan = {"text": "Kabul", "canonical": "Afghanistan", "kind": "state", "country": "AFG"}
    details = {"operation": "offensive", "on_behalf_of": afghanistan}

    def flagged(year: int) -> bool:
        e = entry("led", "participation_reported", taliban, details=details)
        e = Entry(**{**e.__dict__, "reported_on": date(year, 6, 1)})
        return bool(check_claims([], [e], [], TABLE).contradictions)

    assert flagged(2010)  # the insurgency against the Republic
    assert not flagged(2023)  # the Taliban govern Afghanistan since 2021


def test_a_group_acting_for_its_own_side_is_no_contradiction() -> None:
    russia = {"text": "Russian", "canonical": "Russia", "kind": "state", "country": "RUS"}
    led = entry(
        "led",
        "participation_reported",
        WAGNER,
        details={"operation": "assault", "on_behalf_of": russia},
    )

    assert check_claims([], [led], [], TABLE).contradictions == ()


def test_every_group_in_the_affiliation_table_names_where_its_facts_come_from() -> None:
    table = load_affiliations()
    groups = {a.group: a for a in table.groups.values()}

    assert len(groups) >= 25
    for affiliation in groups.values():
        assert affiliation.references, affiliation.group
        assert all(r.title and r.publisher for r in affiliation.references)
        assert affiliation.fights_for or affiliation.opposes, affiliation.group
        for side in (*affiliation.fights_for, *affiliation.opposes):
            assert side in groups or table.state_codes.get(side.casefold()), side


def _responsibility(claimant: Actor) -> ResponsibilityClaimed:
    return extracted(
        ResponsibilityClaimed,
        "claims-strike",
        "A group calling itself the Free Legion said it had flown the drones.",
        source=claimant,
        about=("strike",),
        summary=f"{claimant.canonical} claims the strike",
        minutes=3,
    )


# The story before anything makes it disputed: a strike and one accusation, nobody answering.
UNANSWERED = [opened(), assigned(WIRE, "Example Wire"), strike(), accusation("accuses-us", USA)]
DISPUTING: dict[str, list[Any]] = {
    "nothing more": [],
    "a doubt": [
        extracted(
            SkepticismExpressed,
            "experts-doubt",
            "Analysts said the footage did not show who launched the drones.",
            source=EXPERTS,
            about=("accuses-us",),
            summary="Analysts doubt the accusation",
            minutes=3,
        )
    ],
    "an attacker other than the accused": [
        strike("strike-attacker", source=UKRAINE),
        accusation("accuses-us-2", USA, about=("strike-attacker",), minutes=3),
    ],
    "an accusation of another": [accusation("accuses-ukraine", UKRAINE, minutes=3)],
    "then one accusation naming both": [
        accusation("accuses-ukraine", UKRAINE, minutes=3),
        accusation("accuses-both", USA, about=(), targets=(USA, UKRAINE), minutes=4),
    ],
    "a claim of responsibility by another": [_responsibility(UKRAINE)],
    "a claim of responsibility by the accused": [_responsibility(USA)],
    "a participant against its known side": [wagner_led_counteroffensive()],
}


@pytest.mark.parametrize("what", DISPUTING)
@pytest.mark.parametrize("batches", ["one batch", "one batch each"])
async def test_the_story_list_says_disputed_exactly_when_the_claim_checks_do(
    storyline: EmbeddedStoryline, what: str, batches: str
) -> None:
    events = [*UNANSWERED, *DISPUTING[what]]
    if batches == "one batch":
        await Projector(storyline.engine).apply(*events)
    else:  # as a running projector does: the story held in memory from one batch to the next
        pipeline = MessagePipeline(storyline.engine, DEFAULT)
        for message in messages(events):
            await pipeline.apply([message])
        assert len(pipeline.stories) == 1

    async with storyline.query_client() as client:
        listed = await get_json(client, "/v1/stories")
        filtered = await get_json(client, "/v1/stories", status="disputed")
        story = await get_json(client, f"/v1/stories/{STORY}")
        claims = await get_json(client, f"/v1/stories/{STORY}/claims")

    undisputed = (
        "nothing more",
        "then one accusation naming both",
        "a claim of responsibility by the accused",
    )
    expected = "developing" if what in undisputed else "disputed"
    assert claims["disputed"] is (expected == "disputed"), claims["reasons"]
    assert [s["status"] for s in listed["items"]] == [expected]
    assert story["status"] == expected
    assert [s["story_id"] for s in filtered["items"]] == ([STORY] if expected == "disputed" else [])
