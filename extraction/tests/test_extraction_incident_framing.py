"""Incident words that report no new incident: conditions, simulations and weapon names, counts
of nobody, campaigns spanning years, acts inside a claim about an incident already reported,
tolls told again; and the dates that make a retold incident background."""

from __future__ import annotations

from datetime import date

import pytest

from extraction_articles import MakeArticle
from storyline_extraction import extract
from storyline_extraction.dates import find_dates

INCIDENT_KINDS = {
    "strike_reported",
    "attack_reported",
    "interception_reported",
    "casualties_reported",
}

LEAD = "Missiles struck a fuel depot in the port city of Odesa on Monday, the governor said. "


def kinds_in(make_article: MakeArticle, body: str, sentence_start: str) -> list[str]:
    """The incident kinds extracted from the sentence of ``body`` beginning ``sentence_start``."""
    article = make_article(body, published_at="2023-05-09T10:00:00+00:00")
    start = body.index(sentence_start)
    return [
        e.kind
        for e in extract(article).events
        if e.kind in INCIDENT_KINDS and e.evidence.start == start
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # a condition, however far before the trigger
        "The minister warned that Kyiv would respond if it took part in any Russian "
        "counter-strike on the coast.",
        # "any" makes the attack a hypothesis
        "Officials said Moscow would answer any Ukrainian attack on its territory.",
        # a future passive is a threat's content, not a strike
        "The envoy said the bases would be targeted.",
        # a simulation, and a weapon named for what it does
        "Allied jets fired missiles into an empty range, simulating precision strikes on "
        "launch sites.",
        "Fighter jets shot down a number of attack drones near the border.",
        # a weapon's purpose
        "The plant assembles drones for use against Ukraine, Western officials say.",
        # a campaign spanning years is background
        "The town has endured shelling for more than four years, residents said.",
    ],
)
def test_incident_words_that_report_no_new_incident_give_no_event(
    make_article: MakeArticle, sentence: str
) -> None:
    kinds = kinds_in(make_article, LEAD + sentence, sentence[:20])

    assert not set(kinds) & {"strike_reported", "attack_reported", "casualties_reported"}


@pytest.mark.parametrize(
    "sentence",
    ["No one was reported hurt.", "Officials said nobody had been injured in the blast."],
)
def test_nobody_hurt_is_no_toll(make_article: MakeArticle, sentence: str) -> None:
    assert "casualties_reported" not in kinds_in(make_article, LEAD + sentence, sentence[:15])


@pytest.mark.parametrize(
    "sentence",
    [
        "Kyiv rejected Russian claims that its forces had fired at the convoy first.",
        "The ministry accused the rebels of sending fighters to attack the depot.",
        "Local media said a militia had been behind a bombing at the depot.",
    ],
)
def test_an_act_inside_a_claim_after_the_incident_was_reported_is_not_a_second_incident(
    make_article: MakeArticle, sentence: str
) -> None:
    kinds = kinds_in(make_article, LEAD + sentence, sentence[:20])

    assert not set(kinds) & {"strike_reported", "attack_reported"}


def test_an_act_inside_an_accusation_is_an_incident_when_the_article_has_not_reported_it(
    make_article: MakeArticle,
) -> None:
    sentence = "Local media said a militia had been behind a bombing at the depot on Monday."

    kinds = kinds_in(make_article, sentence, sentence[:20])

    assert {"strike_reported", "attack_reported"} & set(kinds)


def test_a_toll_that_only_repeats_an_earlier_toll_is_not_a_second_event(
    make_article: MakeArticle,
) -> None:
    first = "A car bomb exploded outside a police station in Mosul on Tuesday, killing 12 people."
    again = "The blast, which killed 12 people, was the deadliest in the city this year."
    body = f"{first} {again}"

    assert kinds_in(make_article, body, again[:20]).count("casualties_reported") == 0
    assert kinds_in(make_article, body, first[:20]).count("casualties_reported") == 1


def test_a_toll_that_adds_a_figure_is_a_new_event(make_article: MakeArticle) -> None:
    first = "A car bomb exploded outside a police station in Mosul on Tuesday, killing 12 people."
    update = "Hospital officials said on Wednesday the number of dead had risen to 19."
    body = f"{first} {update}"

    assert kinds_in(make_article, body, update[:20]).count("casualties_reported") == 1


def test_a_toll_of_the_strikes_takes_their_date_not_that_of_an_earlier_killing(
    make_article: MakeArticle,
) -> None:
    body = (
        "India carried out missile strikes on nine sites in Pakistan early on Wednesday, two "
        "weeks after militants killed 26 tourists in Kashmir. India's defence ministry said the "
        "strikes hit militant camps. Pakistan said 26 civilians were killed in the strikes."
    )
    article = make_article(body, published_at="2025-05-07T10:00:00+00:00")
    toll_start = body.index("Pakistan said")

    tolls = [
        e
        for e in extract(article).events
        if e.kind == "casualties_reported" and e.evidence.start == toll_start
    ]

    assert [t.when.start if t.when else None for t in tolls] == [date(2025, 5, 7)]


def test_a_month_opening_a_sentence_is_a_date() -> None:
    found = find_dates("In May, drones struck two pumping stations.", 0, date(2019, 9, 15))

    assert [(d.time.start, d.time.precision) for d in found] == [(date(2019, 5, 1), "month")]


def test_months_after_an_incident_date_it_months_before() -> None:
    found = find_dates(
        "The sale came three months after drone attacks on the plant.", 0, date(2019, 12, 11)
    )

    assert [d.time.start for d in found] == [date(2019, 9, 12)]


def test_an_incident_months_before_the_report_is_background(make_article: MakeArticle) -> None:
    sentence = "The sale came three months after drone attacks on the Abqaiq plant."
    body = "Aramco shares rose 10% on their debut in Riyadh on Wednesday. " + sentence
    article = make_article(body, published_at="2019-12-11T10:00:00+00:00")
    start = body.index(sentence)

    kinds = [e.kind for e in extract(article).events if e.evidence.start == start]

    assert "strike_reported" not in kinds
    assert "attack_reported" not in kinds


@pytest.mark.parametrize(
    ("body", "source"),
    [
        # a possessive's owner is named before it in the same sentence
        (
            "China protested to Serbia's neighbours on Saturday. NATO acknowledged on Saturday "
            "that its aircraft had hit the embassy.",
            "NATO",
        ),
        ("Russia's military said its warplanes had hit a depot near Gori on Tuesday.", "Russia"),
        # the air force is its state's, the state of the dateline here
        (
            "KHARTOUM, April 16 - The air force carried out strikes on Sunday against militia "
            "positions in Omdurman.",
            "Sudan",
        ),
    ],
)
def test_who_flies_or_fires_the_weapons_is_the_source_of_the_strike(
    make_article: MakeArticle, body: str, source: str
) -> None:
    article = make_article(body, published_at="2023-04-16T10:00:00+00:00")

    strikes = [e for e in extract(article).events if e.kind == "strike_reported"]

    assert [e.source.canonical if e.source else None for e in strikes] == [source]


def test_a_strike_told_again_with_nothing_new_is_not_a_second_event(
    make_article: MakeArticle,
) -> None:
    body = LEAD + "Firefighters said the missiles struck the fuel depot."

    assert kinds_in(make_article, body, "Firefighters") == []


@pytest.mark.parametrize(
    "sentence",
    [
        # something hit that the first report did not name
        "Russian missiles struck a grain terminal in Odesa, the governor added.",
        # a word that says it is another incident
        "Missiles also struck the fuel depot.",
    ],
)
def test_a_strike_on_something_new_or_told_as_another_is_an_event(
    make_article: MakeArticle, sentence: str
) -> None:
    assert kinds_in(make_article, LEAD + sentence, sentence[:15]) == ["strike_reported"]


def test_attacking_a_policy_is_no_incident(make_article: MakeArticle) -> None:
    body = LEAD + "Kremlin officials have been attacking Kyiv's grain export policy for weeks."

    assert kinds_in(make_article, body, "Kremlin officials") == []


def test_calling_the_known_incident_an_attack_is_not_a_second_attack(
    make_article: MakeArticle,
) -> None:
    body = (
        "Two farmers were killed after a rocket hit a Jordanian village near the border. "
        "The minister said he believed it was a deliberate attack on Jordan."
    )

    assert kinds_in(make_article, body, "The minister") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The envoy promised to halt a threatened bombing assault on the port.",
        "It was the latest in a series of bomb attacks in the region, police said.",
        "The man, freed last month, is suspected of having taken part in several attacks.",
    ],
)
def test_an_incident_still_to_come_one_of_many_or_only_suspected_is_not_news(
    make_article: MakeArticle, sentence: str
) -> None:
    assert kinds_in(make_article, sentence, sentence[:12]) == []


def test_an_estimated_toll_is_still_a_toll(make_article: MakeArticle) -> None:
    body = (
        "Thousands of people may have been killed in the capital since Wednesday, aid groups said."
    )

    assert kinds_in(make_article, body, "Thousands") == ["casualties_reported"]


def test_a_negation_does_not_reach_past_and_into_the_next_clause(
    make_article: MakeArticle,
) -> None:
    body = "The plant was not damaged and shelling killed two guards nearby, the ministry said."

    assert "strike_reported" in kinds_in(make_article, body, "The plant")


def test_an_opening_as_clause_reports_an_incident_of_its_own(make_article: MakeArticle) -> None:
    body = (
        "As drones struck in and around Tehran, Iranian drones targeted Haifa for a third "
        "straight day."
    )

    assert kinds_in(make_article, body, "As drones") == ["strike_reported", "strike_reported"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Repeated shelling of the plant has raised fears of a disaster.",
        "European leaders say they suspect sabotage in the leaks in the pipeline.",
        "The president had wanted the balloon downed even earlier, on Wednesday.",
    ],
)
def test_a_campaign_a_suspicion_or_a_wish_is_not_an_incident(
    make_article: MakeArticle, sentence: str
) -> None:
    assert kinds_in(make_article, sentence, sentence[:12]) == []


def test_what_the_told_incident_hit_named_again_is_not_a_new_strike(
    make_article: MakeArticle,
) -> None:
    body = LEAD + "The mayor said that no residents of the buildings hit by the drones were hurt."

    assert kinds_in(make_article, body, "The mayor") == []


def test_an_owned_incident_named_after_its_report_is_no_new_incident(
    make_article: MakeArticle,
) -> None:
    body = (
        "Hezbollah fighters attacked an Israeli border post on Wednesday, killing three "
        "soldiers. The UN chief condemned Hezbollah's attack on Israel."
    )

    assert kinds_in(make_article, body, "The UN chief") == []
    assert "attack_reported" in kinds_in(make_article, body, "Hezbollah fighters")


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials did not know who fired the rocket at the base on Monday.",
        "It was unclear who fired the missile at the village on Tuesday.",
    ],
)
def test_who_fired_as_an_open_question_is_no_strike(
    make_article: MakeArticle, sentence: str
) -> None:
    assert kinds_in(make_article, sentence, sentence[:10]) == []


def test_those_who_fired_still_fired(make_article: MakeArticle) -> None:
    sentence = "Gunmen who fired on the army convoy on Monday killed two soldiers."

    assert "strike_reported" in kinds_in(make_article, sentence, "Gunmen")


def test_blasts_that_shook_a_plant_in_a_story_of_shelling_are_strikes(
    make_article: MakeArticle,
) -> None:
    body = (
        "Energoatom accused Russian forces of shelling the nuclear plant. More than a dozen "
        "blasts shook the plant on Saturday evening, the IAEA said."
    )

    assert kinds_in(make_article, body, "More than") == ["strike_reported"]


@pytest.mark.parametrize(
    ("body", "opening"),
    [
        # no strikes in the story: the blasts are what happened
        ("More than a dozen blasts shook the plant on Saturday evening, the IAEA said.", "More"),
        # a blast that went off somewhere, not one that landed
        (
            "Israel accused Hamas of firing rockets at Ashkelon. An explosion at a hospital in "
            "Gaza City on Tuesday killed hundreds of people.",
            "An explosion",
        ),
    ],
)
def test_blasts_elsewhere_stay_attacks(make_article: MakeArticle, body: str, opening: str) -> None:
    kinds = kinds_in(make_article, body, opening)

    assert "attack_reported" in kinds
    assert "strike_reported" not in kinds
