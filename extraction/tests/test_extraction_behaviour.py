"""What the extractor reports for the hard cases: reported speech, compound subjects,
negation, history, and the metonyms of the gazetteer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extraction_articles import MakeArticle
from storyline_extraction import ExtractedEvent, extract


def kinds_and_actors(events: tuple[ExtractedEvent, ...]) -> list[tuple[str, str | None, list[str]]]:
    return [
        (
            e.kind,
            e.source.canonical if e.source else None,
            sorted(t.canonical or t.text for t in e.targets),
        )
        for e in events
    ]


def test_reported_speech_is_an_accusation_by_the_speaker(make_article: MakeArticle) -> None:
    article = make_article(
        "Despite initially blaming Ukraine, Kremlin spokesman Dmitry Peskov claimed that "
        "evidence pointed towards American involvement."
    )

    found = kinds_and_actors(extract(article).events)

    assert ("accusation_made", "Dmitry Peskov", ["Ukraine"]) in found
    assert ("accusation_made", "Dmitry Peskov", ["United States"]) in found


def test_said_someone_was_behind_it_accuses_them(make_article: MakeArticle) -> None:
    article = make_article("Israel's foreign ministry said Hezbollah was behind the plot.")

    found = kinds_and_actors(extract(article).events)

    assert found == [("accusation_made", "Israel", ["Hezbollah"])]


def test_compound_denial_gives_one_event_per_denier(make_article: MakeArticle) -> None:
    article = make_article(
        "Moscow has accused the United States of being behind the attack. "
        "The US and Ukraine both denied the allegation."
    )

    denials = [e for e in extract(article).events if e.kind == "denial_issued"]

    assert sorted(e.source.canonical for e in denials if e.source) == ["Ukraine", "United States"]
    accusation = next(e for e in extract(article).events if e.kind == "accusation_made")
    assert all(d.about == (accusation.event_id,) for d in denials)
    assert all([t.canonical for t in d.targets] == ["Russia"] for d in denials)


def test_negated_denial_is_not_a_denial(make_article: MakeArticle) -> None:
    article = make_article("The ministry did not deny the report.")

    assert [e.kind for e in extract(article).events] == []


def test_no_casualties_reported_is_not_a_casualty_report(make_article: MakeArticle) -> None:
    article = make_article("No casualties were reported after the blast in Kyiv on Tuesday.")

    kinds = [e.kind for e in extract(article).events]

    assert "casualties_reported" not in kinds


def test_questions_and_hypotheticals_are_not_events(make_article: MakeArticle) -> None:
    article = make_article(
        "Could Iran launch a second wave of drones at Israel? "
        "If Israel hits Iranian territory, analysts said, Tehran might target US bases."
    )

    assert extract(article).events == ()


def test_history_is_not_a_new_accusation(make_article: MakeArticle) -> None:
    article = make_article("Israel has previously accused the group of planning attacks abroad.")

    assert [e.kind for e in extract(article).events] == []


def test_passive_accusation_names_the_accused(make_article: MakeArticle) -> None:
    article = make_article("Russian forces have been accused of shelling civilians in Donetsk.")

    events = extract(article).events

    accusation = next(e for e in events if e.kind == "accusation_made")
    assert accusation.source is None
    assert [t.canonical for t in accusation.targets] == ["Russia"]
    strike = next(e for e in events if e.kind == "strike_reported")
    assert strike.modality == "alleged"


def test_metonyms_and_demonyms_name_the_state(make_article: MakeArticle) -> None:
    article = make_article(
        "The Kremlin threatened to retaliate against Washington. "
        "Russian officials accused Kyiv of the attack."
    )

    found = kinds_and_actors(extract(article).events)

    assert ("threat_issued", "Russia", ["United States"]) in found
    assert ("accusation_made", "Russia", ["Ukraine"]) in found


def test_people_carry_role_and_country(make_article: MakeArticle) -> None:
    article = make_article("Kremlin spokesman Dmitry Peskov denied the claims.")

    denial = extract(article).events[0]

    assert denial.source is not None
    assert (denial.source.kind, denial.source.country) == ("person", "RUS")
    assert denial.source.role == "Kremlin spokesman"


def test_unknown_titled_person_keeps_their_name(make_article: MakeArticle) -> None:
    article = make_article("Health Minister Firas Abiad said 12 people were killed in the strike.")

    casualties = next(e for e in extract(article).events if e.kind == "casualties_reported")

    assert casualties.source is not None
    assert casualties.source.canonical == "Firas Abiad"
    assert [f.value for f in casualties.figures] == [12.0]


def test_definite_mention_of_a_reported_attack_is_not_a_new_one(make_article: MakeArticle) -> None:
    article = make_article(
        "A drone strike hit the Kremlin on Tuesday. In response to the attack, Zelensky pledged "
        "a counteroffensive."
    )

    kinds = [e.kind for e in extract(article).events]

    assert kinds.count("strike_reported") == 1
    assert "attack_reported" not in kinds


def test_statistic_has_value_unit_and_reporter(make_article: MakeArticle) -> None:
    article = make_article(
        "New car sales in Russia rose 170% year on year in April, according to Autostat."
    )

    stat = next(e for e in extract(article).events if e.kind == "statistic_reported")

    assert stat.figures[0].value == 170.0
    assert stat.figures[0].unit == "percent"
    assert stat.source is not None
    assert stat.source.canonical == "Autostat"
    assert stat.when is not None
    assert stat.when.precision == "month"


def test_sport_and_business_words_are_not_attacks(make_article: MakeArticle) -> None:
    article = make_article(
        "A late strike from substitute Leo Marsh fired City to the top of the table. "
        "Marsh struck the ball from 20 yards after United's attack faded."
    )

    assert extract(article).events == ()


def test_other_languages_are_left_alone(make_article: MakeArticle) -> None:
    article = replace(make_article("Moskau beschuldigte Kiew des Angriffs."), language="de")

    assert extract(article).events == ()


def test_definite_description_stands_for_the_last_actor_of_its_kind(
    make_article: MakeArticle,
) -> None:
    article = make_article(
        "Hamas accused Israel of committing a massacre in Gaza City.\n"
        "The military rejected the accusation."
    )

    denial = next(e for e in extract(article).events if e.kind == "denial_issued")

    assert denial.source is not None
    assert denial.source.canonical == "Israel"
    assert denial.source.text == "The military"
    assert [t.canonical for t in denial.targets] == ["Hamas"]


@pytest.mark.parametrize(
    ("body", "accused"),
    [
        (
            "South Korea's navy said it had fired warning shots at a North Korean patrol boat.\n"
            "Seoul's defence ministry said the North had deliberately violated the maritime "
            "border.",
            "North Korea",
        ),
        (
            "Bosnian Serbs rejected the accusations on Sunday.\n"
            "The Bosnian foreign minister said the Serbs were guilty of the massacre.",
            "Bosnian Serbs",
        ),
    ],
)
def test_a_short_name_after_the_full_one_stands_for_it(
    make_article: MakeArticle, body: str, accused: str
) -> None:
    accusations = [e for e in extract(make_article(body)).events if e.kind == "accusation_made"]

    assert [[t.canonical for t in e.targets] for e in accusations] == [[accused]]


def test_state_reference_before_any_state_is_the_datelines(make_article: MakeArticle) -> None:
    article = make_article(
        "NIAMEY, June 4 (Wire) - Gunmen killed 34 soldiers in an ambush on Sunday, "
        "the defence ministry said."
    )

    casualties = next(e for e in extract(article).events if e.kind == "casualties_reported")

    assert casualties.source is not None
    assert casualties.source.canonical == "Niger"


def test_an_unnamed_spokesman_speaks_for_the_datelines_state(make_article: MakeArticle) -> None:
    article = make_article(
        "HAVANA, July 12 (Wire) - The spokesman said the United States had violated Cuban "
        "airspace with a surveillance plane."
    )

    accusation = next(e for e in extract(article).events if e.kind == "accusation_made")

    assert accusation.source is not None
    assert accusation.source.canonical == "Cuba"
    assert [t.canonical for t in accusation.targets] == ["United States"]


def test_the_armed_forces_are_a_states_unless_named_with_one(make_article: MakeArticle) -> None:
    accused = make_article(
        "BOGOTA, Jan 3 (Wire) - The ELN accused the armed forces of bombing its camps during "
        "the truce."
    )
    named = make_article(
        "BAKU, Oct 17 (Wire) - The armed forces of Armenia fired missiles at Ganja overnight, "
        "the Azerbaijani defence ministry said."
    )

    accusation = next(e for e in extract(accused).events if e.kind == "accusation_made")
    strike = next(e for e in extract(named).events if e.kind == "strike_reported")

    assert [t.canonical for t in accusation.targets] == ["Colombia"]
    assert strike.source is not None
    assert strike.source.canonical == "Armenia"


def test_coordinated_attackers_give_one_strike_each(make_article: MakeArticle) -> None:
    article = make_article("US and British warplanes struck Houthi radar sites near Hodeidah.")

    strikes = [e for e in extract(article).events if e.kind == "strike_reported"]

    assert sorted(e.source.canonical for e in strikes if e.source) == [
        "United Kingdom",
        "United States",
    ]


def test_strike_given_as_the_reason_is_a_second_incident(make_article: MakeArticle) -> None:
    article = make_article(
        "Hezbollah said it launched dozens of rockets at an Israeli army base on Saturday "
        "in response to an Israeli strike that killed two of its fighters."
    )

    strikes = [e for e in extract(article).events if e.kind == "strike_reported"]

    assert sorted(e.source.canonical for e in strikes if e.source) == ["Hezbollah", "Israel"]


def test_act_inside_an_accusation_about_a_reported_strike_is_not_new(
    make_article: MakeArticle,
) -> None:
    article = make_article(
        "A Russian missile hit a children's hospital in Kyiv on Monday.\n"
        "Zelensky accused Russia of deliberately targeting children."
    )

    kinds = [e.kind for e in extract(article).events]

    assert kinds.count("strike_reported") == 1
    assert "attack_reported" not in kinds


def test_people_neutralised_are_casualties_not_interceptions(make_article: MakeArticle) -> None:
    article = make_article(
        "A Turkish defence ministry official said 32 militants had been neutralised in "
        "northern Syria."
    )

    kinds = [e.kind for e in extract(article).events]

    assert kinds == ["casualties_reported"]


def test_a_long_allegation_is_cut_before_a_phrase_not_inside_it(make_article: MakeArticle) -> None:
    events = extract(
        make_article(
            "Russia on Thursday accused the United States of directing a drone strike on the "
            "Kremlin on 29 April, which Moscow says was an attempt to kill President Putin."
        )
    ).events

    accusation = next(e for e in events if e.kind == "accusation_made")
    assert accusation.text == "accused the United States of directing a drone strike on the Kremlin"


def test_where_a_weapon_was_made_is_not_who_used_it(make_article: MakeArticle) -> None:
    events = extract(
        make_article(
            "Ukraine's air force said it shot down 21 of 26 Iranian-made drones launched "
            "overnight, while Iranian-backed militias were blamed for a separate attack."
        )
    ).events

    actors = {e.source.canonical for e in events if e.source} | {
        t.canonical for e in events for t in e.targets
    }
    assert "Iran" not in actors


def test_a_call_for_someone_to_be_killed_is_a_threat_worded_in_full(
    make_article: MakeArticle,
) -> None:
    events = extract(
        make_article(
            "Former president Dmitry Medvedev, one of the most hawkish Russian officials, called "
            "for Ukrainian President Volodymyr Zelensky to be physically eliminated."
        )
    ).events

    threat = next(e for e in events if e.kind == "threat_issued")
    assert threat.source is not None
    assert threat.source.canonical == "Dmitry Medvedev"
    assert [t.canonical for t in threat.targets] == ["Volodymyr Zelensky"]
    assert (
        threat.text
        == "called for Ukrainian President Volodymyr Zelensky to be physically eliminated"
    )


def test_people_neutralised_in_quotation_marks_are_no_interception(
    make_article: MakeArticle,
) -> None:
    body = (
        'A Turkish defence ministry official said 32 "terrorists" had been "neutralised" in '
        "northern Syria in the past week."
    )

    kinds = {e.kind for e in extract(make_article(body)).events}
    assert "interception_reported" not in kinds


def test_aerial_targets_neutralised_are_still_an_interception(make_article: MakeArticle) -> None:
    body = "Air defence systems neutralised ten aerial targets over Belgorod, the ministry said."

    kinds = {e.kind for e in extract(make_article(body)).events}
    assert "interception_reported" in kinds
