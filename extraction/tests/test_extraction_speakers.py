"""Who speaks when a sentence does not name its speaker: a pronoun that goes on from the
sentence before ("He said ..."), and an institution named bare after it was named with its
state ("Russia's defence ministry said ... The ministry added ...")."""

from __future__ import annotations

from dataclasses import replace

from extraction_articles import MakeArticle, found_in
from storyline_extraction.statement_context import is_itself
from storyline_extraction.values import Actor


def test_he_said_is_who_spoke_the_sentence_before_not_whom_he_named(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article,
        "RSF commander Mohamed Hamdan Dagalo told supporters in Nyala on Monday that army chief "
        "Abdel Fattah al-Burhan had lost the capital. He said his men would hunt Burhan down.",
    )

    assert ("threat_issued", "Mohamed Hamdan Dagalo", ["Abdel Fattah al-Burhan"]) in found
    assert not [f for f in found if f[0] == "threat_issued" and f[1] == "Abdel Fattah al-Burhan"]


def test_a_speaker_named_after_the_verb_goes_on_speaking(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "The convoy was never in danger from Burhan's men, said Mohamed Hamdan Dagalo on "
        "Tuesday. He said his fighters would hunt Burhan down.",
    )

    assert ("threat_issued", "Mohamed Hamdan Dagalo", ["Abdel Fattah al-Burhan"]) in found


def test_it_said_is_the_body_that_spoke_before_not_the_state_it_named(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article,
        "Russia's defence ministry said on Friday that a Ukrainian drone had come down near "
        "Kursk. It said Ukraine would pay a heavy price for the raid.",
    )

    assert ("threat_issued", "Russia", ["Ukraine"]) in found


def test_a_person_named_after_the_last_speaker_is_the_next_he(
    make_article: MakeArticle,
) -> None:
    # the speaker of a sentence outranks whom it names, not whom later sentences name
    found = found_in(
        make_article,
        "Mohamed Hamdan Dagalo said on Monday that his men held the airport. "
        "Army chief Abdel Fattah al-Burhan visited troops in Omdurman on Tuesday. "
        "He said the army would hunt the RSF down.",
    )

    assert ("threat_issued", "Abdel Fattah al-Burhan", ["Rapid Support Forces"]) in found


def test_the_ministry_is_the_state_that_owns_it_not_the_state_named_most(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article,
        "KYIV, May 3 (Wire) - Ukraine said on Friday that Ukrainian air defences had downed "
        "drones over Kyiv and that Ukraine's power grid had held. Russia's defence ministry said "
        "its forces had hit military targets. The ministry accused Ukraine of shelling "
        "Belgorod.",
    )

    assert ("accusation_made", "Russia", ["Ukraine"]) in found


def test_an_institution_named_with_of_is_owned_by_that_state(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "The defence ministry of Azerbaijan said on Sunday that Armenian troops had moved to the "
        "border. Armenia said the claim was false and that Armenia wanted calm. Armenia's "
        "leaders met in Yerevan. The ministry accused Armenia of shelling Tovuz.",
    )

    assert ("accusation_made", "Azerbaijan", ["Armenia"]) in found


def test_the_souths_military_owns_the_military_named_later(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "A South Korean missile fell near an air base in Gangneung after a night launch, the "
        "South's military said. North Korea has fired missiles all week, and North Korea's "
        "leader watched one launch. Lawmakers accused the military of hiding the accident.",
    )

    assert ("accusation_made", None, ["South Korea"]) in found


def test_an_army_named_bare_is_the_army_of_the_country_the_story_is_in(
    make_article: MakeArticle,
) -> None:
    # the states named are the mediators'; every place is in Sudan
    found = found_in(
        make_article,
        "Fighting in Sudan: live\n"
        "Key points:\n"
        "- Mediators from the United States and Saudi Arabia urged both sides to hold the truce\n"
        "11:05 - Shelling was heard in Omdurman and Bahri through the morning, residents say.\n"
        "10:15 - The RSF accuses the army of shelling its positions in Bahri.\n"
        "09:40 - The army says it will respect the ceasefire as long as the RSF does.",
    )

    assert ("accusation_made", "Rapid Support Forces", ["Sudan"]) in found
    assert ("pledge_made", "Sudan", []) in found


def test_an_army_named_bare_after_a_foreign_states_strikes_is_that_states(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article,
        "GAZA, May 3 (Wire) - Israeli air strikes killed 20 people in Rafah and Khan Younis "
        "overnight, health officials in Gaza said. The army accused Hamas of hiding in schools.",
    )

    assert ("accusation_made", "Israel", ["Hamas"]) in found


def test_a_quotation_split_at_its_question_mark_is_spoken_by_the_next_sentences_speaker(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article,
        '"We never fired on the bridge. Why would we cut our own supply line?" Bosnian Serb '
        "leader Radovan Karadzic said in Pale on Monday.",
    )

    assert ("denial_issued", "Radovan Karadzic", []) in found


def test_a_person_named_after_a_quotation_speaks_it_not_their_side(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article,
        '"We never fired on the bridge. We have no guns near it," Bosnian Serb leader Radovan '
        "Karadzic said in Pale on Monday.",
    )

    assert ("denial_issued", "Radovan Karadzic", []) in found


def test_a_body_named_with_its_states_possessive_is_that_states(
    make_article: MakeArticle,
) -> None:
    # not the state of the dateline, as a body named without its state would be
    found = found_in(
        make_article,
        "SEOUL, June 2 (Wire) - North Korea's National Defence Commission rejected the report "
        "as a fabrication on Wednesday.",
    )

    assert ("denial_issued", "North Korea", []) in found


def test_her_government_is_the_state_of_the_one_who_speaks(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "Myanmar's leader Aung San Suu Kyi spoke in Naypyitaw on Tuesday. She said her "
        "government was ready to take the refugees back.",
    )

    assert ("pledge_made", "Myanmar", []) in found


def test_the_statement_speaks_for_whoever_issued_it(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "KYIV, May 3 (Wire) - The Russian foreign ministry issued a statement on Friday about "
        "the talks with Ukraine in Istanbul. The statement said Kyiv was behind the attack on "
        "the bridge.",
    )

    assert ("accusation_made", "Russia", ["Ukraine"]) in found


def test_a_country_named_as_a_place_does_not_make_the_story_happen_there(
    make_article: MakeArticle,
) -> None:
    # the dateline and "the United States" name a country; Omdurman is where it happens
    found = found_in(
        make_article,
        "WASHINGTON, April 20 (Wire) - A U.S. aid convoy came under fire in Omdurman on "
        "Thursday, the United States said. The army said it would open a safe corridor for aid "
        "trucks.",
    )

    assert ("pledge_made", "Sudan", []) in found


def test_the_government_in_a_lead_is_the_state_the_lead_names(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "Crowds filled the streets of Bogota on Saturday to mourn the cadets killed in the "
        "bombing of a police school, which the government blamed on ELN rebels.",
    )

    assert ("accusation_made", "Colombia", ["National Liberation Army"]) in found


def test_a_states_own_media_speak_for_it(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "Iran made no official comment on the blast, but its state media accused Israel of "
        "sabotage at the plant.",
    )

    assert ("accusation_made", "Iran", ["Israel"]) in found


def test_he_who_speaks_is_the_person_named_before_him_in_the_sentence(
    make_article: MakeArticle,
) -> None:
    # not the one who spoke the sentence before, who would then accuse his own state
    found = found_in(
        make_article,
        "Dmitry Medvedev said on Friday that Russian troops would stay in the region. Georgian "
        "President Mikheil Saakashvili signed the ceasefire in Tbilisi, though he told reporters "
        "that Russia had invaded his country.",
    )

    assert ("accusation_made", "Mikheil Saakashvili", ["Russia"]) in found
    assert not [f for f in found if f[1] == "Dmitry Medvedev" and "Russia" in f[2]]


def test_a_person_whose_role_names_their_state_is_on_its_side() -> None:
    russia = Actor(text="Russia", canonical="Russia", kind="state", country="RUS")
    official = Actor(
        text="Ivan Petrov",
        canonical="Ivan Petrov",
        kind="person",
        country="RUS",
        role="Deputy chairman of Russia's Security Council",
    )
    dissident = replace(official, role="Leader of the exiled opposition movement")

    assert is_itself(russia, official)
    assert not is_itself(russia, dissident)


def test_he_after_an_unnamed_official_is_that_officials_state(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "KYIV, June 6 (Wire) - A senior Ukrainian official said on Tuesday that water was pouring "
        "through the breach in the dam. He added that Russia was behind the attack on the dam.",
    )

    assert ("accusation_made", "Ukraine", ["Russia"]) in found


def test_the_official_is_the_unnamed_official_who_spoke_last(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "KYIV, June 6 (Wire) - A senior Ukrainian official said on Tuesday that water was pouring "
        "through the breach in the dam. The official added that Russia was behind the attack on "
        "the dam.",
    )

    assert ("accusation_made", "Ukraine", ["Russia"]) in found


def test_the_government_named_bare_is_the_dateline_states_once_it_is_named(
    make_article: MakeArticle,
) -> None:
    # the state it accuses is named more often, but the story is filed from Khartoum
    found = found_in(
        make_article,
        "KHARTOUM, Aug 21 (Wire) - Thousands marched in Sudan on Friday against the American "
        "missile strike on a factory in Khartoum North. American officials said the plant made "
        "nerve gas, and American diplomats repeated the charge at the United Nations. The "
        "Government said the American evidence was a fabrication.",
    )

    assert ("denial_issued", "Sudan", ["United States"]) in found


def test_a_separatist_regime_is_not_the_dateline_states_government(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article,
        "BAKU, Oct 11 (Wire) - Armenia shelled the Azerbaijani city of Ganja overnight, "
        "Azerbaijan said. Armenia denied it. An aide to President Ilham Aliyev said the "
        "separatist regime had threatened to strike Azerbaijani cities.",
    )

    assert not [f for f in found if f[0] == "threat_issued" and f[1] == "Azerbaijan"]


def test_he_after_a_groups_unnamed_spokesman_is_the_group(make_article: MakeArticle) -> None:
    # the last person named is no one who spoke; the spokesman spoke for the movement
    found = found_in(
        make_article,
        "A plane carrying Rwanda's president was shot down over Kigali on Wednesday, a U.N. "
        "official said. A spokesman for the Rwandan Patriotic Front, speaking by telephone from "
        "Kampala, denied that the movement had downed the plane. He said the government army was "
        "to blame for the crash.",
    )

    assert ("accusation_made", "Rwandan Patriotic Front", ["Rwanda"]) in found


def test_he_after_a_states_envoy_named_in_full_is_the_envoy(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "Georgia accused Russia of bombing the port of Poti. Russia's envoy to NATO, Dmitry "
        "Rogozin, brushed the accusation aside. Speaking in Brussels, he said Georgian troops were "
        "to blame for the destruction of Tskhinvali.",
    )

    assert ("accusation_made", "Dmitry Rogozin", ["Georgia"]) in found
