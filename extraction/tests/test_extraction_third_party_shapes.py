"""Shapes of copy on conflicts where a third party reports, names or answers the act: a
government calling the other side's act by the name of a wrong, asking that it own the act,
saying where the attackers came from, finding the other side's claim unsupported; and the
incidents such sentences carry, whose target is never the government that speaks. Each positive
case fails if the rule that reads its shape is removed; each guard, if its condition is."""

from __future__ import annotations

import pytest

from extraction_articles import Found, MakeArticle, found_in, kinds_and_actors, kinds_found
from storyline_extraction import extract


@pytest.mark.parametrize(
    ("published_at", "body", "expected"),
    [
        (
            "1983-09-03T10:00:00+00:00",
            "The United States called the Soviet action a massacre.",
            ("accusation_made", "United States", ["Soviet Union"]),
        ),
        (
            "2015-11-25T10:00:00+00:00",
            "Putin called the Turkish action a stab in the back.",
            ("accusation_made", "Vladimir Putin", ["Turkey"]),
        ),
        (
            "2023-05-04T10:00:00+00:00",
            "Kyiv called the Russian strike a war crime.",
            ("accusation_made", "Ukraine", ["Russia"]),
        ),
        (
            "2017-04-07T10:00:00+00:00",
            "Syria called the American strike a blatant aggression.",
            ("accusation_made", "Syria", ["United States"]),
        ),
    ],
)
def test_naming_an_act_told_by_its_owner_a_wrong_accuses_the_owner(
    make_article: MakeArticle, published_at: str, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body, published_at)


def test_the_name_given_to_an_act_is_no_second_act(make_article: MakeArticle) -> None:
    body = "The United States called the Soviet attack a massacre."
    found = kinds_found(make_article, body, "1983-09-03T10:00:00+00:00")
    assert found == [("accusation_made", "United States", ["Soviet Union"])]


@pytest.mark.parametrize(
    ("published_at", "body", "expected"),
    [
        (
            "1983-09-03T10:00:00+00:00",
            "Tokyo said the Soviet Union must take full responsibility for the tragedy.",
            ("accusation_made", "Japan", ["Soviet Union"]),
        ),
        (
            "2023-05-04T10:00:00+00:00",
            "Washington urged Moscow to accept responsibility for the downing.",
            ("accusation_made", "United States", ["Russia"]),
        ),
    ],
)
def test_responsibility_asked_of_a_party_accuses_it_and_claims_nothing(
    make_article: MakeArticle, published_at: str, body: str, expected: Found
) -> None:
    assert kinds_found(make_article, body, published_at) == [expected]


def test_responsibility_taken_is_still_a_claim(make_article: MakeArticle) -> None:
    found = found_in(make_article, "Hamas took responsibility for the bombing.")
    assert ("responsibility_claimed", "Hamas", []) in found
    assert not [f for f in found if f[0] == "accusation_made"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "India said the gunmen had crossed from Pakistan.",
            ("accusation_made", "India", ["Pakistan"]),
        ),
        (
            "The Indian army said the four attackers were foreign terrorists who had crossed "
            "from Pakistan.",
            ("accusation_made", "India", ["Pakistan"]),
        ),
    ],
)
def test_saying_where_the_attackers_came_from_accuses_that_state(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        # the article's own voice: the report of an attack, not an accusation
        "Gunmen who crossed from Pakistan attacked the base.",
        # people who are no attackers
        "India said the refugees had crossed from Pakistan.",
    ],
)
def test_an_origin_not_said_of_attackers_by_a_named_party_accuses_no_one(
    make_article: MakeArticle, body: str
) -> None:
    assert not [f for f in found_in(make_article, body) if f[0] == "accusation_made"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Pakistan's foreign office said India had provided no evidence linking it to the "
            "attack.",
            ("skepticism_expressed", "Pakistan", ["India"]),
        ),
        (
            "Islamabad said New Delhi had offered no proof of its claims.",
            ("skepticism_expressed", "Pakistan", ["India"]),
        ),
    ],
)
def test_a_party_said_to_give_no_evidence_is_doubted_by_the_speaker(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert found_in(make_article, body) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "North Korea called the charges a smear campaign.",
        "The Kremlin called the claims slander.",
        "Moscow called the accusations a fairy tale.",
    ],
)
def test_charges_called_a_smear_or_a_hoax_are_denied(make_article: MakeArticle, body: str) -> None:
    assert [f[0] for f in found_in(make_article, body)] == ["denial_issued"]


@pytest.mark.parametrize(
    "body",
    [
        "Reagan said the United States would not let the attack go unanswered.",
        "India said it would not allow the attack to go unpunished.",
    ],
)
def test_not_letting_an_attack_go_unanswered_is_a_threat(
    make_article: MakeArticle, body: str
) -> None:
    assert [f[0] for f in found_in(make_article, body)] == ["threat_issued"]


def test_strikes_that_hit_something_are_these_strikes_by_the_nearest_owner(
    make_article: MakeArticle,
) -> None:
    body = "Syrian state media said Israeli strikes hit a military airport near Homs."
    assert ("strike_reported", "Israel", ["Syria"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Washington blamed the Syrian government for the chemical attack on the town.",
        "Officials in Yemen blamed al-Qaeda for the bombing of the destroyer.",
        "U.S. officials said the bombing appeared to be a terrorist attack.",
    ],
)
def test_the_government_that_speaks_is_not_the_place_hit(
    make_article: MakeArticle, body: str
) -> None:
    incidents = [f for f in found_in(make_article, body) if f[0] == "attack_reported"]
    assert incidents == [("attack_reported", None, [])]


@pytest.mark.parametrize(
    ("published_at", "doer"),
    [
        ("1994-06-01T10:00:00+00:00", "Bosnian Serbs"),  # Bosnia's war
        ("1999-04-01T10:00:00+00:00", "Yugoslavia"),  # Kosovo
        ("2008-04-01T10:00:00+00:00", "Serbia"),
    ],
)
def test_serb_forces_are_whose_they_were_when_the_report_was_written(
    make_article: MakeArticle, published_at: str, doer: str
) -> None:
    body = "Serb forces shelled the village."
    assert kinds_found(make_article, body, published_at) == [("strike_reported", doer, [])]


@pytest.mark.parametrize(
    ("body", "incident"),
    [
        (
            "Ukraine blamed Russia for the blast, which flooded dozens of villages.",
            ("attack_reported", "Russia", []),
        ),
        (
            "Russia's foreign ministry said Kyiv was behind the sabotage.",
            ("attack_reported", "Ukraine", []),
        ),
    ],
)
def test_an_incident_blamed_on_a_party_is_its_alleged_act_and_never_hits_it(
    make_article: MakeArticle, body: str, incident: Found
) -> None:
    events = extract(make_article(body)).events
    assert incident in kinds_and_actors(events)
    act = next(e for e in events if e.kind == incident[0])
    assert act.modality == "alleged"


def test_no_indication_that_an_act_was_an_attack_doubts_it_and_reports_no_attack(
    make_article: MakeArticle,
) -> None:
    body = "Warsaw said there was no indication that the blast was an intentional attack on Poland."
    assert found_in(make_article, body) == [("skepticism_expressed", "Poland", [])]


@pytest.mark.parametrize(
    "body",
    [
        "The Kremlin said Ukraine had tried to kill the president with two drones.",
        "Moscow said Kyiv had attempted to assassinate the governor.",
    ],
)
def test_an_attempt_on_a_life_said_of_a_party_accuses_it(
    make_article: MakeArticle, body: str
) -> None:
    assert ("accusation_made", "Russia", ["Ukraine"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("published_at", "body", "expected"),
    [
        (
            "2015-11-24T10:00:00+00:00",
            "Turkey's military said two of its F-16 jets shot down the warplane.",
            [("attack_reported", "Turkey", [])],
        ),
        (
            "1983-09-10T10:00:00+00:00",
            "The Soviet Union admitted that its fighter had shot down the airliner.",
            [("attack_reported", "Soviet Union", [])],
        ),
    ],
)
def test_a_warplane_shot_down_by_the_speakers_own_jets_is_their_attack(
    make_article: MakeArticle, published_at: str, body: str, expected: list[Found]
) -> None:
    assert kinds_found(make_article, body, published_at) == expected


def test_a_base_used_to_launch_an_attack_accuses_the_user(make_article: MakeArticle) -> None:
    body = "Washington said the Syrian air force had used the base to launch the attack."
    assert ("accusation_made", "United States", ["Syria"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("published_at", "body", "denier"),
    [
        (
            "1983-09-03T10:00:00+00:00",
            "The Soviet Union refused to accept responsibility for the downing.",
            "Soviet Union",
        ),
        ("2023-05-04T10:00:00+00:00", "Moscow declined to take responsibility.", "Russia"),
    ],
)
def test_responsibility_refused_is_a_denial(
    make_article: MakeArticle, published_at: str, body: str, denier: str
) -> None:
    assert kinds_found(make_article, body, published_at) == [("denial_issued", denier, [])]


def test_a_party_warned_against_an_act_is_threatened(make_article: MakeArticle) -> None:
    body = "Washington warned Damascus against any further use of chemical weapons."
    assert found_in(make_article, body) == [("threat_issued", "United States", ["Syria"])]


@pytest.mark.parametrize(
    "body",
    [
        # the speaker's own name is neither the attack's owner nor the party it hit, and the
        # group the attackers are tied to did it rather than suffered it
        "Mali's junta said the attack was the work of jihadists linked to al-Qaeda.",
        "The junta said the attack was the work of al-Qaeda.",
    ],
)
def test_an_attack_called_the_work_of_others_is_neither_the_speakers_nor_theirs_to_suffer(
    make_article: MakeArticle, body: str
) -> None:
    attacks = [f for f in found_in(make_article, body) if f[0] == "attack_reported"]
    assert attacks == [("attack_reported", None, [])]


def test_a_base_tied_to_a_state_is_that_states(make_article: MakeArticle) -> None:
    body = "Rockets struck a base linked to Iran."
    assert found_in(make_article, body) == [("strike_reported", None, ["Iran"])]


def test_a_toll_given_by_gazas_health_ministry_is_palestines(make_article: MakeArticle) -> None:
    body = "Gaza's health ministry said Israeli airstrikes killed 15 people overnight."
    assert ("casualties_reported", "Palestine", []) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Pyongyang blamed the South for provoking the clash by firing first.",
            ("accusation_made", "North Korea", ["South Korea"]),
        ),
        (
            "Seoul said the North had fired artillery shells at the island, killing two marines.",
            ("strike_reported", "North Korea", []),
        ),
    ],
)
def test_the_north_or_the_south_is_the_half_of_korea_not_yet_named(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_an_incident_of_a_year_named_at_the_sentences_start_is_background(
    make_article: MakeArticle,
) -> None:
    published = "2017-04-07T10:00:00+00:00"
    body = "In 2013, a sarin attack near Damascus killed hundreds of people."
    assert kinds_found(make_article, body, published) == []
    # the same sentence on a day of its own is news: what the year changed is the date alone
    news = "On Tuesday, a sarin attack near Damascus killed hundreds of people."
    assert "attack_reported" in [f[0] for f in kinds_found(make_article, news, published)]


def test_the_state_firing_is_not_the_place_an_attack_it_answers_hit(
    make_article: MakeArticle,
) -> None:
    body = (
        "The United States fired dozens of cruise missiles at a Syrian air base on Friday in "
        "response to a chemical weapons attack that killed dozens of civilians."
    )
    attacks = [f for f in found_in(make_article, body) if f[0] == "attack_reported"]
    assert attacks
    assert all("United States" not in f[2] for f in attacks)


def test_witnesses_named_by_their_country_do_not_speak_for_its_state(
    make_article: MakeArticle,
) -> None:
    body = "Ukrainian witnesses said Russian jets bombed the town."
    assert found_in(make_article, body) == [("strike_reported", "Russia", [])]
