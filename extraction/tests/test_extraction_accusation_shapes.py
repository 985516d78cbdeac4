"""Accusations the plain verbs miss: a party said to have prepared, steered or been complicit in
an act, and accused parties named by what they are rather than by name. Each positive case fails
if the rule that reads its shape is removed; the guards keep preparing something harmless from
reading as a wrong."""

from __future__ import annotations

import pytest

from extraction_articles import Found, MakeArticle, found_in, kinds_and_actors
from storyline_extraction import extract


def accusations_in(make_article: MakeArticle, body: str) -> list[Found]:
    return [f for f in found_in(make_article, body) if f[0] == "accusation_made"]


@pytest.mark.parametrize(
    ("body", "accuser", "accused"),
    [
        ("Tehran said Riyadh had helped plan the bombing.", "Iran", "Saudi Arabia"),
        (
            "Moscow said London had directed the drone strikes on the port.",
            "Russia",
            "United Kingdom",
        ),
        (
            "Beijing said the attack on its consulate had been organised by Washington.",
            "China",
            "United States",
        ),
        (
            "Caracas said Bogota was complicit in the attack on the president.",
            "Venezuela",
            "Colombia",
        ),
    ],
)
def test_preparing_steering_or_abetting_an_act_is_an_accusation(
    make_article: MakeArticle, body: str, accuser: str, accused: str
) -> None:
    assert ("accusation_made", accuser, [accused]) in found_in(make_article, body)


def test_an_act_named_and_its_organiser_named_are_one_accusation(
    make_article: MakeArticle,
) -> None:
    body = "The Kremlin described the blast as a terrorist act organised by Kyiv."
    assert accusations_in(make_article, body) == [("accusation_made", "Russia", ["Ukraine"])]


@pytest.mark.parametrize(
    "body",
    [
        "Kyiv said the evacuation of the city had been organised by the Red Cross.",
        "Seoul said Washington had planned the joint drills for months.",
        "Ankara said Baghdad had directed aid convoys to the border.",
    ],
)
def test_preparing_something_harmless_accuses_no_one(make_article: MakeArticle, body: str) -> None:
    assert accusations_in(make_article, body) == []


@pytest.mark.parametrize(
    ("body", "accused"),
    [
        ("Police accused protesters of throwing stones at officers.", "protesters"),
        ("Minsk accused foreign agents of stirring up the riots.", "foreign agents"),
        ("The government blamed the opposition for the unrest.", "the opposition"),
        ("The rebels blamed the junta for the massacre in the village.", "the junta"),
    ],
)
def test_a_party_accused_by_what_it_is_is_accused_by_those_words(
    make_article: MakeArticle, body: str, accused: str
) -> None:
    assert [f[2] for f in accusations_in(make_article, body)] == [[accused]]


def test_backing_an_attack_told_with_its_day_is_an_accusation_all_the_same(
    make_article: MakeArticle,
) -> None:
    # an act with a day of its own is an incident report, accusing only where the sides blame
    # each other; backing it is no incident, so the speaker accuses whoever backed it
    body = "Bamako said Algerian officers backed the rebels during an attack on Monday near Kidal."
    assert ("accusation_made", "Mali", ["Algeria"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "accuser", "accused"),
    [
        (
            "Tshisekedi called Kagame a war criminal in his address.",
            "Felix Tshisekedi",
            "Paul Kagame",
        ),
        ("Tehran branded Washington a state sponsor of terrorism.", "Iran", "United States"),
        ("Ankara described the Syrian leadership as terrorists.", "Turkey", "Syria"),
        ("Maduro was branded a criminal by Duque.", "Ivan Duque", "Nicolas Maduro"),
    ],
)
def test_calling_someone_a_wrongdoer_accuses_them(
    make_article: MakeArticle, body: str, accuser: str, accused: str
) -> None:
    assert ("accusation_made", accuser, [accused]) in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Gunmen described as terrorists by witnesses stormed the hotel.",
        "Protesters in the square called Lukashenko a criminal.",
        "A criminal court in Lyon sentenced the two men on Friday.",
        "Biden called Putin a dictator during the speech.",
    ],
)
def test_a_name_not_given_by_a_named_party_or_naming_no_wrong_accuses_no_one(
    make_article: MakeArticle, body: str
) -> None:
    assert accusations_in(make_article, body) == []


@pytest.mark.parametrize(
    ("body", "accuser", "accused"),
    [
        # state-media wording: an attempt at a wrong, said of the other side
        (
            "The Kiev regime attempted to carry out a terrorist attack on a power plant in the "
            "Kursk region, Moscow said.",
            "Russia",
            "Ukraine",
        ),
        ("Beijing strongly deplored the US use of force against a civilian airship.", "China",
         "United States"),
    ],
)  # fmt: skip
def test_an_attempted_wrong_or_a_deplored_act_accuses_its_doer(
    make_article: MakeArticle, body: str, accuser: str, accused: str
) -> None:
    assert ("accusation_made", accuser, [accused]) in found_in(make_article, body)


def test_carrying_out_patrols_is_no_wrong(make_article: MakeArticle) -> None:
    body = "The Chinese coast guard will continue to carry out patrols near the shoal, Manila said."
    assert accusations_in(make_article, body) == []


@pytest.mark.parametrize(
    ("body", "accuser", "accused"),
    [
        ("Abu Dhabi said the drones used in the strike were Iranian-made.", "United Arab Emirates",
         "Iran"),
        ("Kyiv said the missile debris was of North Korean origin.", "Ukraine", "North Korea"),
        ("Washington said the rockets fired at the base were made in Iran.", "United States",
         "Iran"),
    ],
)  # fmt: skip
def test_saying_where_the_weapons_came_from_accuses_that_state(
    make_article: MakeArticle, body: str, accuser: str, accused: str
) -> None:
    assert ("accusation_made", accuser, [accused]) in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        # told in the article's own voice, the origin describes the weapon
        "The Iranian-made drones hit a fuel depot near the port.",
        # where the weapons went is no origin; nor are goods that are no weapons
        "Berlin said the weapons promised after the attack were sent to Ukraine.",
        "Berlin said the cars were made in Japan.",
    ],
)
def test_an_origin_not_said_of_weapons_by_a_named_party_accuses_no_one(
    make_article: MakeArticle, body: str
) -> None:
    assert accusations_in(make_article, body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Saddam accused Kuwait of stealing oil from the Rumaila field.",
            ("accusation_made", "Saddam Hussein", ["Kuwait"]),
        ),
        (
            "Musharraf said Indian troops had fired across the line of control.",
            ("accusation_made", "Pervez Musharraf", ["India"]),
        ),
        (
            "Gadhafi denied any role in the bombing of the airliner.",
            ("denial_issued", "Muammar Gaddafi", []),
        ),
        # and the states of those wars, by their capitals
        (
            "Monrovia accused Freetown of sheltering the rebels.",
            ("accusation_made", "Liberia", ["Sierra Leone"]),
        ),
    ],
)
def test_leaders_and_states_of_earlier_decades_and_other_theatres_are_named(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_naming_a_sinking_a_wrong_accuses_whoever_sank_the_ship(make_article: MakeArticle) -> None:
    body = (
        "A North Korean torpedo sank the corvette on Friday. The White House called the sinking "
        "an act of aggression."
    )
    assert ("accusation_made", "United States", ["North Korea"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("published_at", "body", "expected"),
    [
        (
            "1985-06-01T10:00:00+00:00",
            "Moscow accused Washington of spying on its fleet.",
            ("accusation_made", "Soviet Union", ["United States"]),
        ),
        (
            "1995-06-01T10:00:00+00:00",
            "Belgrade accused Zagreb of shelling Serb villages.",
            ("accusation_made", "Yugoslavia", ["Croatia"]),
        ),
        (
            "1990-06-01T10:00:00+00:00",
            "Kinshasa accused Kigali of backing the rebels.",
            ("accusation_made", "Zaire", ["Rwanda"]),
        ),
        # the same seat today is today's state
        (
            "2023-06-01T10:00:00+00:00",
            "Moscow accused Washington of spying on its fleet.",
            ("accusation_made", "Russia", ["United States"]),
        ),
    ],
)
def test_a_seat_of_government_is_the_state_seated_there_when_the_report_was_written(
    make_article: MakeArticle, published_at: str, body: str, expected: Found
) -> None:
    events = extract(make_article(body, published_at=published_at)).events
    assert expected in kinds_and_actors(events)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a suspicion nobody in particular voices
        ("Suspicion fell on the Houthis.", ("accusation_made", None, ["Houthis"])),
        # a wrong named of an act whose doer the article has told
        (
            "Syrian troops shelled the market on Monday. Paris called the shelling a crime "
            "against humanity.",
            ("accusation_made", "France", ["Syria"]),
        ),
        # gunners are accused by what they are
        (
            "The Bosnian government blamed rebel gunners for the shelling.",
            ("accusation_made", "Bosnia and Herzegovina", ["rebel gunners"]),
        ),
    ],
)
def test_suspicion_a_crime_against_humanity_and_gunners_blamed_are_accusations(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)
