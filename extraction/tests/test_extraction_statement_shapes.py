"""Statements in the shapes real wire copy gives them and the plain verbs miss: threats worded as
pursuit or as harm held open, accusations made through another's act, denials and doubts said
other ways. Each case fails if the rule that reads its shape is removed."""

from __future__ import annotations

from datetime import date

import pytest

from extraction_articles import Found, MakeArticle, found_in
from storyline_extraction import extract


def kinds_in(make_article: MakeArticle, body: str) -> set[str]:
    return {found[0] for found in found_in(make_article, body)}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Colombian President Ivan Duque vowed that those responsible would be caught.",
            ("threat_issued", "Ivan Duque", []),
        ),
        (
            "Mohamed Hamdan Dagalo said his fighters would hunt Burhan down within days.",
            ("threat_issued", "Mohamed Hamdan Dagalo", ["Abdel Fattah al-Burhan"]),
        ),
        (
            "Narendra Modi said the bombing was a cowardly act that will not go unanswered.",
            ("threat_issued", "Narendra Modi", []),
        ),
        (
            "Juan Guaido urged his allies to keep all options open, including force, to remove "
            "Maduro.",
            ("threat_issued", "Juan Guaido", ["Nicolas Maduro"]),
        ),
    ],
)
def test_threat_worded_as_pursuit_is_a_threat(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_harm_to_come_unless_a_demand_is_met_threatens_the_one_who_suffers_it(
    make_article: MakeArticle,
) -> None:
    body = "Ali Mohamud Rage said Kenya would face more attacks unless it withdrew its troops."

    assert ("threat_issued", "Ali Mohamud Rage", ["Kenya"]) in found_in(make_article, body)


def test_those_responsible_remembered_is_no_threat(make_article: MakeArticle) -> None:
    body = "Narendra Modi said those responsible for the rescue would be remembered."

    assert "threat_issued" not in kinds_in(make_article, body)


def test_a_vow_to_bring_those_responsible_to_justice_is_a_threat_not_a_pledge(
    make_article: MakeArticle,
) -> None:
    body = "Ivan Duque vowed that security forces would bring those responsible to justice."

    kinds = [f[0] for f in found_in(make_article, body)]

    assert "threat_issued" in kinds
    assert "pledge_made" not in kinds


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Dmytro Kuleba described the killings as a deliberate massacre by the Russian army.",
            ("accusation_made", "Dmytro Kuleba", ["Russia"]),
        ),
        (
            "China's official news agency said the bombing of the embassy was a deliberate act by "
            "NATO.",
            ("accusation_made", "China", ["NATO"]),
        ),
        (
            "Leonid Slutsky called the incident a hijacking staged by Kyiv.",
            ("accusation_made", "Leonid Slutsky", ["Ukraine"]),
        ),
    ],
)
def test_a_wrong_named_with_its_doer_accuses_the_doer(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_a_wrong_named_in_the_articles_own_voice_accuses_nobody(make_article: MakeArticle) -> None:
    body = "The massacre by the Russian army shocked the town."

    assert "accusation_made" not in kinds_in(make_article, body)


def test_seeing_no_grounds_to_blame_is_a_denial(make_article: MakeArticle) -> None:
    body = "Dmitry Peskov said the Kremlin saw no grounds to blame the Russian state."

    assert ("denial_issued", "Russia", []) in found_in(make_article, body)


def test_no_grounds_for_something_other_than_blame_is_no_denial(make_article: MakeArticle) -> None:
    body = "Dmitry Peskov said there were no grounds for new talks."

    assert "denial_issued" not in kinds_in(make_article, body)


def test_neither_account_verified_is_a_doubt(make_article: MakeArticle) -> None:
    body = "Neither side's version of the clash could be independently verified."

    assert [f[0] for f in found_in(make_article, body)] == ["skepticism_expressed"]


def test_a_denial_quoted_before_the_accusation_answers_that_accuser(
    make_article: MakeArticle,
) -> None:
    body = (
        "Iran on Monday rejected the accusations as baseless. "
        "Britain had accused Iran of seizing the tanker in the Strait of Hormuz."
    )

    denials = [f for f in found_in(make_article, body) if f[0] == "denial_issued"]

    assert denials == [("denial_issued", "Iran", ["United Kingdom"])]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Zhu Bangzao said the U.S. plane had suddenly veered into the Chinese jet.",
            ("accusation_made", "Zhu Bangzao", ["United States"]),
        ),
        (
            "China said the Philippine vessels had intruded into Chinese waters without "
            "permission.",
            ("accusation_made", "China", ["Philippines"]),
        ),
        (
            "Donald Trump said Soleimani had been plotting attacks on American diplomats.",
            ("accusation_made", "Donald Trump", ["Qassem Soleimani"]),
        ),
        (
            "Tokyo said Chinese fighter jets had flown recklessly close to a Japanese patrol "
            "plane.",
            ("accusation_made", "Japan", ["China"]),
        ),
        (
            "The Estonian foreign ministry said Russian military aircraft had entered Estonian "
            "airspace without permission.",
            ("accusation_made", "Estonia", ["Russia"]),
        ),
        (
            "Georgia said Russian soldiers had burned houses in the villages around the town.",
            ("accusation_made", "Georgia", ["Russia"]),
        ),
        (
            "Colombia said the supply trucks were set alight by Venezuelan troops.",
            ("accusation_made", "Colombia", ["Venezuela"]),
        ),
    ],
)
def test_a_wrong_that_is_no_incident_said_of_another_is_an_accusation(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_a_wrong_act_with_no_actor_accuses_nobody(make_article: MakeArticle) -> None:
    body = "The storm caused heavy damage in Manila, officials said."

    assert found_in(make_article, body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Amir Ali Hajizadeh said he accepts full responsibility for the downing of the "
            "airliner.",
            ("responsibility_claimed", "Amir Ali Hajizadeh", []),
        ),
        (
            "The ELN said on Monday that it carried out last week's car bombing at the police "
            "academy.",
            ("responsibility_claimed", "National Liberation Army", []),
        ),
        (
            "Yahya Saree said the Yemeni forces had carried out the operation with ten drones.",
            ("responsibility_claimed", "Yahya Saree", []),
        ),
        (
            "A Ukrainian intelligence source said Kyiv was behind the operation.",
            ("responsibility_claimed", "Ukraine", []),
        ),
    ],
)
def test_an_act_owned_by_the_speakers_own_side_is_a_claim_of_responsibility(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    found = found_in(make_article, body)

    assert expected in found
    assert not [f for f in found if f[0] == "accusation_made"]


def test_a_promise_to_defeat_an_enemy_is_a_threat(make_article: MakeArticle) -> None:
    body = "Debretsion Gebremichael vowed that Tigray would defeat the invasion."

    kinds = [f[0] for f in found_in(make_article, body)]

    assert "threat_issued" in kinds
    assert "pledge_made" not in kinds


def test_fighting_on_until_the_enemy_is_crushed_is_a_threat(make_article: MakeArticle) -> None:
    body = (
        "Abdel Fattah al-Burhan said the army would keep fighting until the rebellion is crushed."
    )

    assert [f[0] for f in found_in(make_article, body)] == ["threat_issued"]


def test_a_promise_to_fight_corruption_stays_a_pledge(make_article: MakeArticle) -> None:
    body = "Iran said it would fight corruption in the ports."

    assert [f[0] for f in found_in(make_article, body)] == ["pledge_made"]


def test_an_accusation_through_a_relative_pronoun_accuses_its_antecedent(
    make_article: MakeArticle,
) -> None:
    body = (
        "Jaitley said India would isolate Pakistan, which New Delhi accuses of sheltering the "
        "militants."
    )

    assert ("accusation_made", "India", ["Pakistan"]) in found_in(make_article, body)


def test_an_act_said_to_be_the_result_of_anothers_attempt_accuses_them(
    make_article: MakeArticle,
) -> None:
    body = (
        "India's foreign ministry said the clash was the result of an attempt by the Chinese "
        "side to change the status quo."
    )

    assert ("accusation_made", "India", ["China"]) in found_in(make_article, body)


def test_the_result_of_bad_weather_accuses_nobody(make_article: MakeArticle) -> None:
    body = "Officials said the delay was the result of bad weather."

    assert found_in(make_article, body) == []


def test_doubt_about_both_sides_claims_answers_both_parties(make_article: MakeArticle) -> None:
    body = (
        "Ethiopia accused the TPLF of attacking an army base. "
        "Claims by both sides could not be independently verified."
    )

    doubts = [f for f in found_in(make_article, body) if f[0] == "skepticism_expressed"]

    assert doubts == [
        ("skepticism_expressed", None, ["Ethiopia", "Tigray People's Liberation Front"])
    ]


def test_hunting_someone_down_is_threatened_by_the_speaker(make_article: MakeArticle) -> None:
    body = (
        "RSF commander Mohamed Hamdan Dagalo tells a television channel that his fighters will "
        "hunt Burhan down."
    )

    threats = [f for f in found_in(make_article, body) if f[0] == "threat_issued"]

    assert threats == [("threat_issued", "Mohamed Hamdan Dagalo", ["Abdel Fattah al-Burhan"])]


def test_a_threat_quoted_before_the_accusation_it_answers_threatens_the_accused(
    make_article: MakeArticle,
) -> None:
    body = (
        "Iran vowed a crushing response on Sunday. "
        "Iran accused Israel of the attack on its consulate in Damascus."
    )

    threats = [f for f in found_in(make_article, body) if f[0] == "threat_issued"]

    assert threats == [("threat_issued", "Iran", ["Israel"])]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Kyiv laid the blame at Moscow's door.", ("accusation_made", "Ukraine", ["Russia"])),
        (
            "Britain pointed the finger at the Kremlin.",
            ("accusation_made", "United Kingdom", ["Russia"]),
        ),
    ],
)
def test_blame_put_at_a_door_or_a_finger_pointed_is_an_accusation(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_questioning_a_states_account_doubts_that_state(make_article: MakeArticle) -> None:
    body = "Analysts questioned the Russian account."

    assert found_in(make_article, body) == [("skepticism_expressed", None, ["Russia"])]


def test_a_promise_to_turn_a_city_into_a_sea_of_fire_is_a_threat(
    make_article: MakeArticle,
) -> None:
    body = "North Korea said it would turn Seoul into a sea of fire."

    assert found_in(make_article, body) == [("threat_issued", "North Korea", ["South Korea"])]


def test_an_act_of_state_terrorism_by_another_accuses_it(make_article: MakeArticle) -> None:
    body = "Libya called the raid an act of state terrorism by the United States."

    assert ("accusation_made", "Libya", ["United States"]) in found_in(make_article, body)


def test_ones_own_action_said_as_a_warning_is_a_threat_to_the_warned(
    make_article: MakeArticle,
) -> None:
    body = "Iraq warned the United Nations that it would expel American inspectors."

    assert found_in(make_article, body) == [("threat_issued", "Iraq", ["United Nations"])]


def test_a_pledge_to_fight_to_the_last_man_stays_a_pledge(make_article: MakeArticle) -> None:
    body = "Chechen fighters pledged to fight to the last man."

    assert [f[0] for f in found_in(make_article, body)] == ["pledge_made"]


def test_saying_another_did_it_is_an_accusation(make_article: MakeArticle) -> None:
    body = "Dmitry Peskov said Ukraine did it."

    assert found_in(make_article, body) == [("accusation_made", "Dmitry Peskov", ["Ukraine"])]


def test_saying_another_did_not_do_it_accuses_nobody(make_article: MakeArticle) -> None:
    body = "Dmitry Peskov said Ukraine did not do it."

    assert "accusation_made" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Armenia dismissed recent accusations against it by Azerbaijan's foreign ministry.",
            ("accusation_made", "Azerbaijan", ["Armenia"]),
        ),
        (
            "Beijing answered Washington's allegations that China had flown the balloon over "
            "military bases.",
            ("accusation_made", "United States", ["China"]),
        ),
        (
            "Venezuela rejected the Colombian accusations.",
            ("accusation_made", "Colombia", ["Venezuela"]),
        ),
        (
            "Serbia's defence ministry flatly refuted the accusations of the Kosovo government "
            "over the shooting.",
            ("accusation_made", "Kosovo", ["Serbia"]),
        ),
        (
            "Belarus's foreign ministry described the accusations by Poland as unfounded and "
            "cynical.",
            ("accusation_made", "Poland", ["Belarus"]),
        ),
        (
            "The Syrian foreign ministry said the accusations by the United States were "
            "groundless.",
            ("accusation_made", "United States", ["Syria"]),
        ),
    ],
)
def test_an_accusation_named_as_a_noun_is_one_by_its_owner(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_an_accusation_noun_pointing_back_repeats_no_accusation(make_article: MakeArticle) -> None:
    body = (
        "Colombia accused Venezuela of burning the aid trucks.\n"
        "Venezuela rejected the Colombian accusations on Sunday."
    )

    accusations = [f for f in found_in(make_article, body) if f[0] == "accusation_made"]

    assert accusations == [("accusation_made", "Colombia", ["Venezuela"])]


def test_an_accusation_noun_with_no_owner_accuses_nobody(make_article: MakeArticle) -> None:
    body = "Both Manila and Hanoi rejected the accusation."

    assert "accusation_made" not in kinds_in(make_article, body)


def test_an_act_done_to_a_purpose_is_the_doers_in_someone_elses_words(
    make_article: MakeArticle,
) -> None:
    body = "Moscow claimed that the Ukrainian army used rocket launchers to strike the depot."

    assert ("accusation_made", "Russia", ["Ukraine"]) in found_in(make_article, body)


def test_a_finger_pointed_at_each_other_is_a_mutual_accusation(make_article: MakeArticle) -> None:
    body = "Serbia and Kosovo pointed the finger at each other over the border clash."

    found = found_in(make_article, body)

    assert ("accusation_made", "Serbia", ["Kosovo"]) in found
    assert ("accusation_made", "Kosovo", ["Serbia"]) in found


def test_accusing_it_accuses_the_party_named_before(make_article: MakeArticle) -> None:
    body = "Tehran summoned the British envoy, accusing it of meddling in the protests."

    assert ("accusation_made", "Iran", ["United Kingdom"]) in found_in(make_article, body)


def test_a_weapon_said_to_be_fired_by_another_accuses_whoever_fired_it(
    make_article: MakeArticle,
) -> None:
    body = "A failed rocket launch by Hezbollah hit the base in Metula, the Israeli army said."

    assert ("accusation_made", "Israel", ["Hezbollah"]) in found_in(make_article, body)


def test_an_airliner_shot_down_in_a_perfect_tense_is_an_attack(make_article: MakeArticle) -> None:
    body = "Minsk admitted that it had mistakenly shot down a passenger jet over the lake."

    kinds = [f[0] for f in found_in(make_article, body)]

    assert "attack_reported" in kinds
    assert "interception_reported" not in kinds


def test_ones_own_side_firing_the_weapons_already_reported_claims_them(
    make_article: MakeArticle,
) -> None:
    body = (
        "Two rockets hit an army base near Erbil on Tuesday.\n"
        "Kataib Hezbollah said its fighters had fired the rockets."
    )

    found = found_in(make_article, body)

    assert ("responsibility_claimed", "Kataib Hezbollah", []) in found
    assert not [f for f in found if f[0] == "accusation_made"]


def test_ones_own_side_hitting_a_target_is_the_strike_not_a_claim(
    make_article: MakeArticle,
) -> None:
    body = (
        "Two rockets hit an army base near Erbil on Tuesday.\n"
        "The Turkish military said its jets had struck the camps overnight."
    )

    assert "responsibility_claimed" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "The Kremlin rejected the accusations of the Kyiv regime as absurd.",
        "Moscow dismissed the evidence presented by Kyiv as a fabrication.",
    ],
)
def test_a_denial_answers_whoever_the_claim_it_rejects_belongs_to(
    make_article: MakeArticle, body: str
) -> None:
    assert ("denial_issued", "Russia", ["Ukraine"]) in found_in(make_article, body)


def test_the_army_is_the_state_the_story_is_about_not_one_named_in_passing(
    make_article: MakeArticle,
) -> None:
    body = (
        "Fighting between Sudan's army and the RSF spread across Sudan on Monday.\n"
        "Sudan's doctors' union said hospitals in Khartoum were overwhelmed.\n"
        "A truce brokered by the United States was announced late on Monday.\n"
        "The RSF accused the army of breaking the truce within hours."
    )

    assert ("accusation_made", "Rapid Support Forces", ["Sudan"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # doubt carried by an adjective: the outlet's own, so no source
        (
            "Unconfirmed reports on local channels suggested the depot had been hit twice.",
            ("skepticism_expressed", None, []),
        ),
        (
            "The Polish presidency urged extreme caution over the origin of the missile.",
            ("skepticism_expressed", "Poland", []),
        ),
        # a right reserved to take actions is a threat
        (
            "Beijing said it reserved the right to take further actions against the American side.",
            ("threat_issued", "China", ["United States"]),
        ),
        # an act named as a noun, with its doer after "by", in someone's words
        (
            '"This was deliberate sabotage by the Georgian side," Kremlin spokesman Dmitry '
            "Peskov told reporters.",
            ("accusation_made", "Dmitry Peskov", ["Georgia"]),
        ),
        # "should" in a call for accountability is blame, not a supposition
        (
            '"Minsk should bear full responsibility for what happened," the Lithuanian foreign '
            "minister said.",
            ("accusation_made", "Lithuania", ["Belarus"]),
        ),
        # the accused need not be in the data: a capitalised name is a person's
        (
            "Ivan Dorosh accused Mirko Halvat of setting fire to his barn.",
            ("accusation_made", None, ["Mirko Halvat"]),
        ),
    ],
)
def test_statements_said_the_ways_wire_copy_says_them(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_unconfirmed_as_a_predicate_adds_nothing_to_the_claim(make_article: MakeArticle) -> None:
    body = "Kyiv said the depot had been hit. The claim remains unconfirmed."

    assert "skepticism_expressed" not in kinds_in(make_article, body)


def test_a_date_inside_what_an_accusation_says_does_not_date_the_accusation(
    make_article: MakeArticle,
) -> None:
    # "in May" is when the deal was signed; the accusation is news in September
    body = "Moldova has accused Russia of violating the transit deal it signed in May."

    events = extract(make_article(body, published_at="2024-09-12T10:00:00+00:00")).events

    accusations = [e for e in events if e.kind == "accusation_made"]
    assert [(e.source and e.source.canonical, e.when and e.when.start) for e in accusations] == [
        ("Moldova", date(2024, 9, 12))
    ]


def test_rejecting_this_after_an_accusation_is_a_denial_of_it(make_article: MakeArticle) -> None:
    body = (
        "Moscow accused Kyiv of the attack on the depot. "
        '"We can only reject this," a Ukrainian presidential adviser said.'
    )

    assert ("denial_issued", "Ukraine", ["Russia"]) in found_in(make_article, body)


def test_rejecting_this_with_nothing_said_before_is_no_denial(make_article: MakeArticle) -> None:
    body = '"We can only reject this," a Ukrainian presidential adviser said.'

    assert "denial_issued" not in kinds_in(make_article, body)


def test_calling_a_claim_unlikely_is_a_doubt_by_the_speaker(make_article: MakeArticle) -> None:
    body = 'The Slovak prime minister said it was "unlikely" that the drone came from Hungary.'

    assert ("skepticism_expressed", "Slovakia", []) in found_in(make_article, body)


def test_a_forecast_that_something_is_unlikely_is_no_doubt(make_article: MakeArticle) -> None:
    body = "Talks are unlikely to resume before the summer, officials said."

    assert "skepticism_expressed" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Cairo newspapers have criticised Britain for letting the group meet in London.",
            ("accusation_made", "Egypt", ["United Kingdom"]),
        ),
        (
            "The Kremlin said Georgian sabotage on Russian soil had reached a new level.",
            ("accusation_made", "Russia", ["Georgia"]),
        ),
    ],
)
def test_blame_by_criticism_and_by_a_wrong_named_with_its_doer(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_a_demonym_before_a_routine_strike_report_accuses_nobody(
    make_article: MakeArticle,
) -> None:
    body = "Russian strikes killed three people in Kharkiv on Monday, Ukrainian officials said."

    assert "accusation_made" not in kinds_in(make_article, body)


def test_signing_a_truce_is_a_pledge_by_each_signer(make_article: MakeArticle) -> None:
    body = "Armenia and Azerbaijan signed a truce on Tuesday to halt the fighting."

    pledges = [f for f in found_in(make_article, body) if f[0] == "pledge_made"]

    assert sorted(f[1] or "" for f in pledges) == ["Armenia", "Azerbaijan"]


def test_signing_something_that_binds_to_nothing_is_no_pledge(make_article: MakeArticle) -> None:
    body = "The Armenian foreign minister signed the visitors' book in Baku."

    assert "pledge_made" not in kinds_in(make_article, body)


def test_calling_the_reported_incident_a_wrong_accuses_its_doer(make_article: MakeArticle) -> None:
    body = (
        "Georgia attacked the checkpoint overnight using two drones, the ministry said. "
        "The Kremlin said the incident was an act of terrorism."
    )

    assert ("accusation_made", "Russia", ["Georgia"]) in found_in(make_article, body)


def test_a_wrong_named_with_no_incident_before_it_accuses_nobody_by_name(
    make_article: MakeArticle,
) -> None:
    body = "The Kremlin said the incident was an act of terrorism."

    assert found_in(make_article, body) == [("accusation_made", "Russia", [])]


def test_being_uncertain_who_did_it_is_a_doubt_by_the_speaker(make_article: MakeArticle) -> None:
    body = "Paris said it was uncertain who was responsible for the blast at the depot."

    assert ("skepticism_expressed", "France", []) in found_in(make_article, body)


def test_unclear_in_the_articles_own_voice_is_no_doubt(make_article: MakeArticle) -> None:
    body = "It is unclear who carried out the attack on the depot."

    assert "skepticism_expressed" not in kinds_in(make_article, body)


def test_a_charge_denied_by_someone_is_their_denial(make_article: MakeArticle) -> None:
    body = "Moscow accused Washington of planning the attack, a charge denied by Washington."

    assert ("denial_issued", "United States", ["Russia"]) in found_in(make_article, body)


def test_warning_that_harm_must_be_avoided_is_no_threat(make_article: MakeArticle) -> None:
    body = "The UN chief warned it was vital to avoid escalating the war in the region."

    assert "threat_issued" not in kinds_in(make_article, body)


def test_a_crime_committed_is_no_pledge(make_article: MakeArticle) -> None:
    body = "Kyiv said Moscow had committed a deliberate war crime in blowing up the dam."

    assert "pledge_made" not in kinds_in(make_article, body)


def test_committing_to_an_action_is_a_pledge(make_article: MakeArticle) -> None:
    body = "Germany committed to sending more air defence systems to Kyiv."

    assert ("pledge_made", "Germany", ["Ukraine"]) in found_in(make_article, body)


def test_a_demonym_before_an_armed_group_does_not_make_it_the_state(
    make_article: MakeArticle,
) -> None:
    body = (
        "A Turkish Kurdish guerrilla group on Monday accused Turkish army units of burning "
        "villages."
    )

    assert ("accusation_made", None, ["Turkey"]) in found_in(make_article, body)


def test_retaining_the_right_to_respond_is_a_threat(make_article: MakeArticle) -> None:
    body = "Minsk retains the right to respond in kind whenever it sees fit, the ministry said."

    assert ("threat_issued", "Belarus", []) in found_in(make_article, body)


def test_a_ruling_called_scandalous_is_denied_by_who_calls_it_so(make_article: MakeArticle) -> None:
    body = "Maria Zakharova described as scandalous the ruling by the Dutch court."

    assert ("denial_issued", "Maria Zakharova", ["Netherlands"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Georgia attacked the checkpoint overnight using two drones, the ministry said. "
            "Moscow regards the incident as a premeditated terrorist attack.",
            ("accusation_made", "Russia", ["Georgia"]),
        ),
        (
            "The Kremlin said the drones were a Georgian attempt to kill the president.",
            ("accusation_made", "Russia", ["Georgia"]),
        ),
        (
            '"This is a Georgian crime against our people," the Russian foreign minister said.',
            ("accusation_made", "Russia", ["Georgia"]),
        ),
    ],
)
def test_a_wrong_named_as_the_others_doing_is_an_accusation(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_an_attempt_at_something_harmless_accuses_nobody(make_article: MakeArticle) -> None:
    body = "Kyiv welcomed a Georgian attempt at talks, officials said."

    assert "accusation_made" not in kinds_in(make_article, body)


def test_a_claim_denied_is_answered_as_its_makers_state(make_article: MakeArticle) -> None:
    body = "Maria Zakharova dismissed Theresa May's claim as a circus show."

    assert ("denial_issued", "Maria Zakharova", ["United Kingdom"]) in found_in(make_article, body)


def test_a_quoted_word_inside_a_phrase_does_not_break_it(make_article: MakeArticle) -> None:
    body = 'The German chancellery urged "utmost caution" about the origin of the rocket.'

    assert ("skepticism_expressed", "Germany", []) in found_in(make_article, body)


def test_warning_of_the_risks_of_escalation_is_no_threat(make_article: MakeArticle) -> None:
    body = (
        "The Spanish presidency urged restraint after the blast, with an official warning of "
        'the "serious risks of escalation".'
    )

    assert "threat_issued" not in kinds_in(make_article, body)


def test_no_independent_confirmation_is_the_outlets_own_doubt(make_article: MakeArticle) -> None:
    body = (
        "Rebels said they had shot down two army helicopters near Kidal. "
        "There was no independent confirmation of the reports."
    )

    assert ("skepticism_expressed", None, []) in found_in(make_article, body)


def test_a_reported_act_done_with_the_speakers_own_side_accuses_nobody(
    make_article: MakeArticle,
) -> None:
    body = (
        "Hours later, US and British warplanes struck Houthi radar sites near Hodeidah, "
        "the Pentagon said."
    )

    found = found_in(make_article, body)
    assert "accusation_made" not in {kind for kind, _, _ in found}
    assert ("strike_reported", "United States", ["Houthis"]) in found


def test_the_known_incident_hit_by_what_someone_called_a_foe_is_an_accusation(
    make_article: MakeArticle,
) -> None:
    lead = "Armenia attacked the border post overnight using drones, Azerbaijan said. "
    body = lead + (
        "The Azerbaijani governor of the region was quoted as saying that the post had been "
        'attacked by what he called Armenia\'s "terrorist regime."'
    )

    second = [e for e in extract(make_article(body)).events if e.evidence.start >= len(lead)]
    assert [(e.kind, e.source and e.source.canonical) for e in second] == [
        ("accusation_made", "Azerbaijan")
    ]
    assert [t.canonical for t in second[0].targets] == ["Armenia"]


def test_a_pronoun_claiming_anothers_act_accuses_for_who_it_stands(
    make_article: MakeArticle,
) -> None:
    body = (
        "Armenian Prime Minister Nikol Pashinyan spoke to reporters in Yerevan. "
        "Earlier, he claimed on Telegram that Azerbaijani forces blew up the reservoir."
    )

    assert ("accusation_made", "Nikol Pashinyan", ["Azerbaijan"]) in found_in(make_article, body)


def test_a_wrong_from_the_other_side_accuses_that_side(make_article: MakeArticle) -> None:
    body = (
        "Armenia attacked the pipeline overnight, Azerbaijan said. "
        '"We are talking about deliberate sabotage from the Armenian side," Ilham Aliyev said.'
    )

    assert ("accusation_made", "Ilham Aliyev", ["Armenia"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        # who they are, not what they did
        "Militia leaders who agreed a truce in Tripoli on Saturday met again on Monday.",
        # someone else's account, denied
        "The militia denied a government statement that the two sides had agreed to a truce.",
    ],
)
def test_an_agreement_that_names_or_retells_is_no_pledge(
    make_article: MakeArticle, body: str
) -> None:
    assert "pledge_made" not in kinds_in(make_article, body)


def test_a_missile_test_in_someones_words_accuses_nobody(make_article: MakeArticle) -> None:
    body = "Japanese television reported that North Korea had test-fired a missile into the sea."

    assert "accusation_made" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a capitalised "May" is a name or a month, never the modal
        ("Theresa May accused Iran of the attack.", ("accusation_made", "Theresa May", ["Iran"])),
        (
            "On 2 May Iran accused Britain of seizing the tanker.",
            ("accusation_made", "Iran", ["United Kingdom"]),
        ),
    ],
)
def test_may_as_a_name_or_a_month_does_not_make_a_statement_hypothetical(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Britain accused Iran of the attack. Abbas Araghchi said the accusations against "
            'Iran represented "another political campaign based on a provocation".',
            ("denial_issued", "Abbas Araghchi", ["United Kingdom"]),
        ),
        (
            '"Araghchi is just lying, plain and simple," Antony Blinken said.',
            ("denial_issued", "Antony Blinken", ["Iran"]),
        ),
        (
            "Abbas Araghchi has dubbed as a 'circus show' comments of British Foreign Secretary "
            "David Lammy.",
            ("denial_issued", "Abbas Araghchi", ["United Kingdom"]),
        ),
    ],
)
def test_a_claim_called_a_smear_or_its_maker_a_liar_is_a_denial(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Jacinda Ardern said her government would not rest until the families had answers.",
            ("pledge_made", "Jacinda Ardern", []),
        ),
        (
            "Muhammadu Buhari described the bombing as a barbaric act that will not go unpunished.",
            ("threat_issued", "Muhammadu Buhari", []),
        ),
        (
            "Ilham Aliyev called the attack a planned act of aggression by Armenia.",
            ("accusation_made", "Ilham Aliyev", ["Armenia"]),
        ),
        (
            "EU ministers said the poisoning could only have been carried out with the "
            "involvement of the Iranian state.",
            ("accusation_made", "European Union", ["Iran"]),
        ),
    ],
)
def test_a_negation_or_a_modal_that_belongs_to_the_statement_keeps_it(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'Lee Jae-myung said there was no "conclusive evidence" of where the drone came from.',
            ("skepticism_expressed", "Lee Jae-myung", []),
        ),
        (
            "Antony Blinken told reporters it would not make sense for Armenia to destroy its own "
            "pipeline.",
            ("skepticism_expressed", "Antony Blinken", []),
        ),
    ],
)
def test_no_firm_evidence_and_no_sense_are_doubts(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Ethiopia says the Eritrean government helped the rebel fighters.",
            ("accusation_made", "Ethiopia", ["Eritrea"]),
        ),
        (
            "Azerbaijan said Armenia had broken the ceasefire.",
            ("accusation_made", "Azerbaijan", ["Armenia"]),
        ),
    ],
)
def test_help_to_fighters_and_a_broken_truce_in_someones_words_accuse(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_help_to_anyone_but_fighters_accuses_nobody(make_article: MakeArticle) -> None:
    body = "Ethiopia says the Eritrean government helped the flood victims."

    assert "accusation_made" not in kinds_in(make_article, body)


def test_a_headline_toll_in_the_present_tense_is_a_toll(make_article: MakeArticle) -> None:
    body = "Bomb blast in a market in Quetta kills one, wounds six."

    assert "casualties_reported" in kinds_in(make_article, body)


def test_had_earlier_accused_is_news_not_history(make_article: MakeArticle) -> None:
    body = "Spain's farm minister Luis Planas had earlier accused France of causing alarm."

    assert ("accusation_made", "Luis Planas", ["France"]) in found_in(make_article, body)


def test_a_conclusion_to_come_is_no_pledge(make_article: MakeArticle) -> None:
    body = "Britain would conclude the attack amounts to an unlawful use of force, officials said."

    assert "pledge_made" not in kinds_in(make_article, body)


def test_a_state_that_would_retaliate_threatens_with_the_speaker_unnamed(
    make_article: MakeArticle,
) -> None:
    body = "Azerbaijan would retaliate against Armenia, the prime minister said."

    assert ("threat_issued", "Azerbaijan", ["Armenia"]) in found_in(make_article, body)


def test_what_there_is_no_indication_of_is_not_said(make_article: MakeArticle) -> None:
    body = (
        'Russian drones struck the port overnight. Jens Stoltenberg said: "We have no '
        'indication this was the result of a deliberate attack on NATO."'
    )

    assert "accusation_made" not in kinds_in(make_article, body)


def test_an_act_drawing_a_threat_from_someone_is_their_threat(make_article: MakeArticle) -> None:
    body = (
        "The Indian navy on Saturday seized a cargo ship off the coast of Gujarat, drawing a "
        "threat of repercussions from Pakistan."
    )

    assert ("threat_issued", "Pakistan", ["India"]) in found_in(make_article, body)


def test_an_agreement_made_by_two_parties_is_a_pledge_by_each(make_article: MakeArticle) -> None:
    body = (
        "The truce, agreed by Sudanese army and Rapid Support Forces commanders, was to take "
        "effect at noon."
    )

    pledges = [(k, src) for k, src, _ in found_in(make_article, body) if k == "pledge_made"]
    assert sorted(src or "" for _, src in pledges) == ["Rapid Support Forces", "Sudan"]


def test_a_denial_before_and_does_not_negate_the_warning_after_it(
    make_article: MakeArticle,
) -> None:
    body = (
        "Syria's army denied any involvement and warned that it would answer any punishment "
        'with "all-out war".'
    )

    assert "threat_issued" in kinds_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "source"),
    [
        ("The Pentagon offered $2 million for information on the bombers.", "United States"),
        ("Tokyo has also offered intelligence and rescue teams to Ankara.", "Japan"),
        ("The Georgian president accepted the French peace plan on Tuesday.", "Georgia"),
        ("Bogota said it is committed to the ceasefire with the rebels.", "Colombia"),
    ],
)
def test_help_offered_a_plan_accepted_and_a_commitment_are_pledges(
    make_article: MakeArticle, body: str, source: str
) -> None:
    pledges = [src for k, src, _ in found_in(make_article, body) if k == "pledge_made"]

    assert pledges == [source]


@pytest.mark.parametrize(
    "body",
    [
        "The Finnish president offered condolences to the families of the crew.",
        "The court accepted the appeal of the two defendants.",
        '"My legs agreed with me," the marathon winner said in Vienna.',
        "The mayor said the new routes had been agreed with the city council.",
    ],
)
def test_condolences_an_appeal_and_being_of_one_mind_are_no_pledges(
    make_article: MakeArticle, body: str
) -> None:
    assert "pledge_made" not in kinds_in(make_article, body)


def test_paying_compensation_is_a_pledge_not_a_threat(make_article: MakeArticle) -> None:
    body = "Baghdad said on Monday it was prepared to pay compensation to the families."

    found = found_in(make_article, body)

    assert [k for k, _, _ in found if k in {"pledge_made", "threat_issued"}] == ["pledge_made"]


def test_fighting_on_until_the_enemy_is_gone_is_a_threat(make_article: MakeArticle) -> None:
    body = (
        "General Abdel Fattah al-Burhan said the militia would have to be disbanded and that "
        "the army would keep fighting until it was."
    )

    kinds = kinds_in(make_article, body)
    assert "threat_issued" in kinds
    assert "pledge_made" not in kinds


def test_a_claim_that_a_side_is_behind_it_is_not_that_sides_own_claim(
    make_article: MakeArticle,
) -> None:
    body = (
        "Moscow has slammed claims that Russia is behind the blasts on the pipeline, calling "
        'them "stupid and absurd".'
    )

    found = found_in(make_article, body)

    assert "responsibility_claimed" not in {k for k, _, _ in found}
    assert ("denial_issued", "Russia", []) in found
    assert ("accusation_made", None, ["Russia"]) in found


def test_allegations_denounced_are_denied_not_accused(make_article: MakeArticle) -> None:
    body = (
        'Moscow denounced as a "farce" the British prime minister\'s allegations that Russia '
        "was behind the poisoning."
    )

    found = found_in(make_article, body)

    assert ("denial_issued", "Russia", ["United Kingdom"]) in found
    assert ("accusation_made", "Russia", ["United Kingdom"]) not in found


def test_reserving_the_right_to_retaliatory_measures_is_a_threat(
    make_article: MakeArticle,
) -> None:
    body = (
        "The Russian side reserves the right to take retaliatory measures where and when it "
        "sees fit, the Kremlin said."
    )

    assert ("threat_issued", "Russia", []) in found_in(make_article, body)


def test_an_act_of_sabotage_by_someone_accuses_them(make_article: MakeArticle) -> None:
    body = "The Polish prime minister said the blasts were an act of sabotage by Russia."

    assert ("accusation_made", "Poland", ["Russia"]) in found_in(make_article, body)


def test_a_pronoun_in_a_clause_before_the_main_one_is_the_main_subject(
    make_article: MakeArticle,
) -> None:
    body = (
        "Kyiv blamed Moscow for the blast at the dam. Although it denies blowing up the dam, "
        "Moscow has kept up its strikes on Ukraine's power plants."
    )

    assert ("denial_issued", "Russia", ["Ukraine"]) in found_in(make_article, body)


def test_what_someone_calls_a_wrong_accuses_the_doer_told_before(
    make_article: MakeArticle,
) -> None:
    body = (
        "Ukraine launched two drones at the Kremlin overnight, Russian officials said. "
        'Moscow vowed to respond to what the Kremlin called "a planned terrorist act".'
    )

    assert ("accusation_made", "Russia", ["Ukraine"]) in found_in(make_article, body)


def test_calling_the_uprising_told_before_a_betrayal_accuses_its_doer(
    make_article: MakeArticle,
) -> None:
    body = (
        "Wagner Group fighters seized military facilities in Rostov overnight. "
        'President Vladimir Putin went on television, calling the uprising a "betrayal".'
    )

    assert ("accusation_made", "Vladimir Putin", ["Wagner Group"]) in found_in(make_article, body)


def test_the_pronoun_of_what_it_calls_is_the_main_subject(make_article: MakeArticle) -> None:
    body = (
        "Russian coast guard ships fired on three Ukrainian boats on Sunday. "
        'Moscow blames Kyiv for what it calls a "provocation".'
    )

    found = found_in(make_article, body)

    assert ("accusation_made", "Russia", ["Ukraine"]) in found
    assert ("accusation_made", "Ukraine", ["Russia"]) not in found


def test_measures_against_someone_made_ready_are_a_threat(make_article: MakeArticle) -> None:
    body = 'Theresa May said London was ready to take "much broader measures" against Moscow.'

    found = found_in(make_article, body)

    assert ("threat_issued", "United Kingdom", ["Russia"]) in found
    assert "pledge_made" not in {k for k, _, _ in found}


def test_a_person_named_by_surname_after_is_the_person_named_in_full(
    make_article: MakeArticle,
) -> None:
    body = (
        "Ukraine's deputy prime minister, Oleksandr Kubrakov, visited Kherson on Tuesday. "
        "Blaming the dam's collapse on Russia, Mr Kubrakov said the flooding was deliberate."
    )

    assert ("accusation_made", "Oleksandr Kubrakov", ["Russia"]) in found_in(make_article, body)


def test_a_family_name_written_first_is_the_person_named_in_full(
    make_article: MakeArticle,
) -> None:
    body = (
        "Vietnamese Prime Minister Pham Minh Chinh met the ambassador in Hanoi on Monday.\n"
        "Chinese vessels had violated Vietnam's exclusive economic zone, Pham said."
    )

    assert ("accusation_made", "Pham Minh Chinh", ["China"]) in found_in(make_article, body)


def test_a_title_before_a_full_name_is_not_part_of_it(make_article: MakeArticle) -> None:
    body = (
        "EU Farm Commissioner Franz Fischler spoke on Monday. Spanish minister Loyola de "
        "Palacio accused Fischler at a meeting of causing unjustified alarm."
    )

    assert ("accusation_made", "Loyola de Palacio", ["Franz Fischler"]) in found_in(
        make_article, body
    )


def test_a_weekday_before_a_surname_is_no_given_name(make_article: MakeArticle) -> None:
    body = (
        "Ukraine's deputy prime minister, Oleksandr Kubrakov, visited Kherson. "
        "On Monday Kubrakov said Russia was to blame for the flooding."
    )

    assert ("accusation_made", "Oleksandr Kubrakov", ["Russia"]) in found_in(make_article, body)


def test_a_surname_two_people_share_is_left_as_written(make_article: MakeArticle) -> None:
    body = (
        "Oleksandr Kubrakov and Ivan Kubrakov visited Kherson on Tuesday. "
        "Blaming the dam's collapse on Russia, Kubrakov said the flooding was deliberate."
    )

    assert ("accusation_made", "Kubrakov", ["Russia"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Polish Prime Minister Mateusz Morawiecki visited Gdansk on Monday. "
            "Poland's prime minister said the blasts were an act of sabotage by Russia.",
            "Mateusz Morawiecki",
        ),
        (
            "Russian President Vladimir Putin addressed the nation on Saturday. "
            "The Russian President accused Yevgeny Prigozhin of treason.",
            "Vladimir Putin",
        ),
        (
            "British Prime Minister Theresa May spoke in parliament. The British premier "
            "said it was highly likely that Moscow was responsible for the poisoning.",
            "Theresa May",
        ),
        (
            "Wagner Group head Yevgeny Prigozhin spoke on Saturday. "
            "The Wagner chief accused Sergei Shoigu of ordering the strike.",
            "Yevgeny Prigozhin",
        ),
    ],
)
def test_a_title_held_under_a_state_is_the_holder_the_article_named(
    make_article: MakeArticle, body: str, speaker: str
) -> None:
    assert speaker in {source for kind, source, _ in found_in(make_article, body)}


def test_a_title_whose_holder_the_article_never_named_stays_the_state(
    make_article: MakeArticle,
) -> None:
    body = (
        "Polish President Andrzej Duda visited Gdansk on Monday. "
        "Poland's prime minister said the blasts were an act of sabotage by Russia."
    )

    assert ("accusation_made", "Poland", ["Russia"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("naming", "accuser"),
    [
        ("Putin has called the attack on the dam a barbaric act.", "Vladimir Putin"),
        ('Peskov said: "This looks like an act of terrorism."', "Dmitry Peskov"),
        ("Zelensky said the blast was a war crime.", "Volodymyr Zelensky"),
    ],
)
def test_a_grave_wrong_named_before_anyone_is_blamed_accuses_nobody_yet(
    make_article: MakeArticle, naming: str, accuser: str
) -> None:
    body = f"A blast destroyed the Kakhovka dam on Tuesday. {naming}"

    assert ("accusation_made", accuser, []) in found_in(make_article, body)


@pytest.mark.parametrize(
    "naming",
    [
        "The blast was a terrorist act.",  # the article's own voice
        "Putin called the attack on the dam a provocation.",  # not grave enough alone
        "Putin called the terrorist act in Moscow a tragedy.",  # not what the blast was
    ],
)
def test_a_wrong_named_in_passing_or_in_the_articles_voice_accuses_nobody(
    make_article: MakeArticle, naming: str
) -> None:
    body = f"A blast destroyed the Kakhovka dam on Tuesday. {naming}"

    assert "accusation_made" not in kinds_in(make_article, body)


def test_troops_preparing_an_offensive_in_the_telling_is_no_pledge(
    make_article: MakeArticle,
) -> None:
    body = "The breach took place as Ukrainian troops prepared to go on the offensive."

    assert "pledge_made" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "country"),
    [
        ("Polish President Andrzej Dudowski accused Russia of firing the missile.", "POL"),
        ("Moscow Mayor Sergei Sobyaninsky accused Kyiv of attacking the city.", "RUS"),
    ],
)
def test_a_person_the_data_lacks_takes_the_country_of_their_title(
    make_article: MakeArticle, body: str, country: str
) -> None:
    accusations = [e for e in extract(make_article(body)).events if e.kind == "accusation_made"]

    assert [e.source.country for e in accusations if e.source] == [country]


@pytest.mark.parametrize(
    ("body", "group"),
    [
        (
            "Colombia's ELN rebel group said on Monday that it carried out the car bombing.",
            "National Liberation Army",
        ),
        (
            "A previously unknown group calling itself the Islamic Army for the Liberation of "
            "the Holy Places said that it had carried out both bombings.",
            "Islamic Army for the Liberation of the Holy Places",
        ),
    ],
)
def test_the_group_a_phrase_names_claims_not_the_state_it_is_in(
    make_article: MakeArticle, body: str, group: str
) -> None:
    assert ("responsibility_claimed", group, []) in found_in(make_article, body)


def test_an_act_carried_out_by_someone_named_is_an_accusation_not_a_claim(
    make_article: MakeArticle,
) -> None:
    body = "The attack on the border post was carried out by Hamas, Israel said."

    found = found_in(make_article, body)

    assert ("accusation_made", "Israel", ["Hamas"]) in found
    assert "responsibility_claimed" not in {k for k, _, _ in found}


def test_the_doers_own_account_of_how_its_operation_was_carried_out_is_a_claim(
    make_article: MakeArticle,
) -> None:
    body = (
        "Iran launched hundreds of drones at Israel overnight. The operation was carried out "
        "after repeated warnings had gone unheeded, Iran's foreign ministry said."
    )

    assert ("responsibility_claimed", "Iran", []) in found_in(make_article, body)


def test_an_operation_carried_out_told_by_the_other_side_is_no_claim(
    make_article: MakeArticle,
) -> None:
    body = (
        "Iran launched hundreds of drones at Israel overnight. The operation was carried out "
        "with little warning, Israel's military said."
    )

    assert "responsibility_claimed" not in kinds_in(make_article, body)


def test_it_in_a_pledge_is_the_one_who_said_it_not_the_last_one_named(
    make_article: MakeArticle,
) -> None:
    body = (
        "Gunmen stormed a television studio in Ecuador on Tuesday. "
        "Peru said it would send troops to its border with Ecuador."
    )

    pledges = [src for k, src, _ in found_in(make_article, body) if k == "pledge_made"]

    assert pledges == ["Peru"]


def test_they_in_a_pledge_is_each_of_those_who_said_it(make_article: MakeArticle) -> None:
    body = (
        "Israel and Hamas traded accusations on Monday. Egypt, Qatar and the United States "
        "said they would present a final proposal to both sides."
    )

    pledges = sorted(src or "" for k, src, _ in found_in(make_article, body) if k == "pledge_made")

    assert pledges == ["Egypt", "Qatar", "United States"]


def test_it_in_a_threat_is_the_one_who_said_it(make_article: MakeArticle) -> None:
    body = (
        "Belarusian airlines were barred on Friday from flying over the European Union. "
        "Belarus has said it will retaliate against the measure."
    )

    threats = [src for k, src, _ in found_in(make_article, body) if k == "threat_issued"]

    assert threats == ["Belarus"]


@pytest.mark.parametrize(
    ("body", "source"),
    [
        (
            "The United States, which has trained Georgian troops, said it was sending an envoy "
            "to the region.",
            "United States",
        ),
        ("EU leaders agree to ban Belarusian airlines from EU airspace", "European Union"),
    ],
)
def test_sending_an_envoy_and_agreeing_in_a_headline_are_pledges(
    make_article: MakeArticle, body: str, source: str
) -> None:
    pledges = [src for k, src, _ in found_in(make_article, body) if k == "pledge_made"]

    assert pledges == [source]


def test_sending_what_binds_to_nothing_is_no_pledge(make_article: MakeArticle) -> None:
    body = "Hackers are sending phishing emails to officials in Kyiv."

    assert "pledge_made" not in kinds_in(make_article, body)


def test_another_partys_promise_inside_a_pledge_is_its_own(make_article: MakeArticle) -> None:
    body = (
        "Armenia and Azerbaijan have signed a deal brokered by Russia to end six weeks of "
        "fighting, under which Russian peacekeepers will deploy along the front line."
    )

    pledges = sorted(src or "" for k, src, _ in found_in(make_article, body) if k == "pledge_made")

    assert pledges == ["Armenia", "Azerbaijan", "Russia"]


@pytest.mark.parametrize(
    "body",
    [
        "President Reagan said Iraq had apologized and called the attack an error.",
        "Iraq apologised on Monday for the attack on the frigate.",
    ],
)
def test_an_apology_for_an_act_owns_it(make_article: MakeArticle, body: str) -> None:
    assert ("responsibility_claimed", "Iraq", []) in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "The North Korean military apologised on Wednesday for causing alarm.",
        "The Russian defence ministry said it had conducted a massive strike on the port.",
    ],
)
def test_an_apology_for_no_act_and_a_strike_conducted_are_no_claims(
    make_article: MakeArticle, body: str
) -> None:
    assert "responsibility_claimed" not in kinds_in(make_article, body)


def test_a_threat_with_no_target_is_aimed_at_whoever_accused_the_threatener(
    make_article: MakeArticle,
) -> None:
    body = (
        "Washington accused Iran of sabotaging two tankers in the Gulf on Thursday. "
        "Iran's army chief warned of a crushing response."
    )

    assert ("threat_issued", "Iran", ["United States"]) in found_in(make_article, body)


def test_not_stopping_until_the_enemy_leaves_is_a_threat(make_article: MakeArticle) -> None:
    body = "Azerbaijan said it will not stop until Armenian forces leave Nagorno-Karabakh."

    found = found_in(make_article, body)

    assert ("threat_issued", "Azerbaijan", ["Armenia"]) in found
    assert "pledge_made" not in {kind for kind, _, _ in found}


@pytest.mark.parametrize(
    ("answer", "denier"),
    [
        ("The Kremlin brushed the accusation aside.", "Russia"),
        ("Putin brushed off a question about Moscow's involvement in the case.", "Vladimir Putin"),
    ],
)
def test_an_accusation_brushed_off_is_denied(
    make_article: MakeArticle, answer: str, denier: str
) -> None:
    body = f"London accused Moscow of the poisoning in Salisbury. {answer}"

    assert ("denial_issued", denier, ["United Kingdom"]) in found_in(make_article, body)


def test_hair_brushed_is_no_denial(make_article: MakeArticle) -> None:
    body = (
        "London accused Moscow of the poisoning. The minister brushed her hair before the speech."
    )

    assert "denial_issued" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "NATO said facts need to be established before jumping to conclusions about the blast.",
        "The minister said it was premature to say who fired the missile.",
        "The UN said there was not enough evidence to say which side was responsible.",
        "A UN spokesman said: We have not been able to determine the origin with any certainty.",
    ],
)
def test_warning_against_conclusions_is_a_doubt(make_article: MakeArticle, body: str) -> None:
    assert "skepticism_expressed" in kinds_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Pakistan's National Security Committee said India would be given a befitting response.",
        "RAWALPINDI (Reuters) - The National Security Committee rejected the Indian claim as "
        "fictitious. India would be given a befitting response, the Committee declared.",
    ],
)
def test_a_government_committee_speaks_for_its_state(make_article: MakeArticle, body: str) -> None:
    assert ("threat_issued", "Pakistan", ["India"]) in found_in(make_article, body)


def test_a_committee_of_doctors_stays_itself(make_article: MakeArticle) -> None:
    body = "At least 97 civilians were killed, the Central Committee of Sudan Doctors said."

    sources = [e.source.canonical for e in extract(make_article(body)).events if e.source]

    assert sources == ["Central Committee of Sudan Doctors"]


def test_he_in_a_clause_after_the_main_one_is_its_subject(make_article: MakeArticle) -> None:
    body = (
        "Yevgeny Prigozhin said his forces had crossed into Rostov. Vladimir Putin warned that "
        "the mutineers would be punished, as he accused the Wagner Group of treason."
    )

    assert ("accusation_made", "Vladimir Putin", ["Wagner Group"]) in found_in(make_article, body)


def test_a_ceasefire_broken_by_the_other_side_is_an_accusation(make_article: MakeArticle) -> None:
    body = "The KDP said the Patriotic Union of Kurdistan had broken the U.S.-brokered ceasefire."

    assert ("accusation_made", "Kurdistan Democratic Party", ["Patriotic Union of Kurdistan"]) in (
        found_in(make_article, body)
    )


def test_fighting_that_broke_out_accuses_nobody(make_article: MakeArticle) -> None:
    body = "Fighting broke out between the KDP and the PUK on Monday, the KDP said."

    assert "accusation_made" not in kinds_in(make_article, body)


def test_a_wrong_named_with_nobody_accused_says_what_was_called_so(
    make_article: MakeArticle,
) -> None:
    body = (
        "A blast destroyed the Kakhovka dam on Tuesday. "
        "Putin has called the attack on the dam a barbaric act."
    )

    texts = [e.text for e in extract(make_article(body)).events if e.kind == "accusation_made"]

    assert texts == ["called the attack on the dam a barbaric act"]


def test_warning_that_ones_side_would_do_harm_is_a_threat(make_article: MakeArticle) -> None:
    body = "The M23 rebels warned they would march on Kinshasa unless the army withdrew."

    assert ("threat_issued", "M23", ["Democratic Republic of the Congo"]) in found_in(
        make_article, body
    )


def test_warning_that_prices_would_hit_a_high_is_no_threat(make_article: MakeArticle) -> None:
    body = "The Saudi energy ministry warned that prices would hit a record this winter."

    assert "threat_issued" not in kinds_in(make_article, body)


def test_a_response_owned_by_a_side_is_its_threat_when_the_speaker_is_unnamed(
    make_article: MakeArticle,
) -> None:
    body = (
        "Should Washington strike again, Russia's response will be far harsher, the embassy "
        "statement said."
    )

    assert ("threat_issued", "Russia", ["United States"]) in found_in(make_article, body)


def test_a_compound_modifier_bearing_responsibility_is_read_by_word_order(
    make_article: MakeArticle,
) -> None:
    body = (
        "Azerbaijan's foreign ministry stressed that the military-political leadership of "
        "Armenia bears full responsibility for the shelling of Tartar."
    )

    assert ("accusation_made", "Azerbaijan", ["Armenia"]) in found_in(make_article, body)


def test_a_long_title_ending_in_a_name_is_that_person(make_article: MakeArticle) -> None:
    body = (
        "Senior Adviser to the Head of State on Foreign Policy Hikmet Hajiyev stressed that "
        "Armenia bore full responsibility for the attack on Tartar."
    )

    assert found_in(make_article, body) == [("accusation_made", "Hikmet Hajiyev", ["Armenia"])]


def test_a_doer_named_only_to_be_ruled_out_is_not_accused(make_article: MakeArticle) -> None:
    body = (
        "Colombia said the truck was lost to fire on Saturday.\n"
        "Officials in Bogota later said that a protester, not Venezuelan troops, had set fire "
        "to the truck."
    )

    assert "accusation_made" not in kinds_in(make_article, body)


def test_a_speaker_named_after_a_closing_quote_speaks_it_when_the_parse_loses_them(
    make_article: MakeArticle,
) -> None:
    body = (
        '"Any further attack on our diplomats will be met with a firm answer," Iran\'s foreign '
        "minister, Hossein Amir-Abdollahian, told reporters in New York."
    )

    assert ("threat_issued", "Hossein Amir-Abdollahian", []) in found_in(make_article, body)


def test_a_wrong_that_is_no_incident_accuses_even_with_a_time_of_its_own(
    make_article: MakeArticle,
) -> None:
    body = "Baku said Armenian units had violated the truce overnight near Lachin."

    assert ("accusation_made", "Azerbaijan", ["Armenia"]) in found_in(make_article, body)


def test_people_flown_out_by_troops_is_no_wrong(make_article: MakeArticle) -> None:
    body = "Italian and French troops have flown 600 civilians out of Khartoum, a UN official said."

    assert "accusation_made" not in kinds_in(make_article, body)


def test_the_military_action_as_its_doer_tells_it_is_a_claim_of_responsibility(
    make_article: MakeArticle,
) -> None:
    body = (
        "Israeli jets struck Hezbollah positions in southern Lebanon on Sunday.\n"
        "Israel's mission to the United Nations said the military action was conducted in "
        "self-defence."
    )

    assert ("responsibility_claimed", "Israel", []) in found_in(make_article, body)


def test_a_told_strike_ordered_by_ones_own_leader_is_a_claim_and_the_joined_accusation_active(
    make_article: MakeArticle,
) -> None:
    body = (
        "Israeli aircraft struck a building in Damascus on Monday.\n"
        "The Israeli military said the strike had been ordered by Prime Minister Benjamin "
        "Netanyahu, and accused Hezbollah of storing rockets there."
    )

    found = found_in(make_article, body)

    assert ("responsibility_claimed", "Israel", []) in found
    assert ("accusation_made", "Israel", ["Hezbollah"]) in found


def test_a_threat_is_aimed_at_whoever_its_condition_is_on(make_article: MakeArticle) -> None:
    body = (
        "North Korea said the drills were a rehearsal for invasion. It warned of merciless "
        "counter-strikes if Seoul held them again."
    )

    assert ("threat_issued", "North Korea", ["South Korea"]) in found_in(make_article, body)


def test_a_warning_joined_to_a_reported_clause_is_the_speakers(make_article: MakeArticle) -> None:
    body = (
        "The Houthis said the drone launch was revenge for the air raids and warned of more "
        "attacks unless Washington halted them."
    )

    assert ("threat_issued", "Houthis", ["United States"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Sirens sounded across the capital overnight in what Kyiv called a Russian missile "
            "attack on its power grid.",
            ("accusation_made", "Ukraine", ["Russia"]),
        ),
        (
            "Pakistan said it would close its airspace in response to what it says was an "
            "Indian strike on a seminary.",
            ("accusation_made", "Pakistan", ["India"]),
        ),
    ],
)
def test_an_act_named_with_its_owner_in_what_someone_called_it_accuses_the_owner(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Iran said it would not hesitate to respond to any Israeli aggression.",
            ("threat_issued", "Iran", ["Israel"]),
        ),
        (
            "The Houthis said they would keep attacking ships bound for Israel.",
            ("threat_issued", "Houthis", ["Israel"]),
        ),
        (
            "Hezbollah said it would continue to target Israeli positions along the border.",
            ("threat_issued", "Hezbollah", ["Israel"]),
        ),
    ],
)
def test_harm_held_ready_or_carried_on_is_a_threat(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_help_carried_on_is_a_pledge(make_article: MakeArticle) -> None:
    body = "The World Food Programme said it would continue to deliver food to Gaza."

    assert [f[0] for f in found_in(make_article, body)] == ["pledge_made"]


def test_agreeing_to_work_on_a_response_is_a_pledge_not_a_threat(
    make_article: MakeArticle,
) -> None:
    body = "Britain and France agreed to work together on a joint response at the United Nations."

    kinds = kinds_in(make_article, body)

    assert "threat_issued" not in kinds
    assert "pledge_made" in kinds


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Israel pinned the blame for the rocket fire on Hezbollah.",
            ("accusation_made", "Israel", ["Hezbollah"]),
        ),
        (
            "Seoul laid the blame for the sinking of the corvette on Pyongyang.",
            ("accusation_made", "South Korea", ["North Korea"]),
        ),
    ],
)
def test_blame_pinned_for_an_act_on_a_party_accuses_the_party(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_blame_misparsed_before_a_relative_clause_still_names_the_accused(
    make_article: MakeArticle,
) -> None:
    body = "Kabul's military blamed Pakistani troops, who guard the crossing, for the shelling."

    accused = [f[2] for f in found_in(make_article, body) if f[0] == "accusation_made"]

    assert accused == [["Pakistan"]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Iraq said Iranian saboteurs had blown up the pipeline.",
            ("accusation_made", "Iraq", ["Iran"]),
        ),
        (
            "Syria said Turkish troops had blown up the bridge at Afrin.",
            ("accusation_made", "Syria", ["Turkey"]),
        ),
    ],
)
def test_a_speaker_saying_another_blew_something_up_accuses_it(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_a_call_for_someones_elimination_threatens_them(make_article: MakeArticle) -> None:
    body = "Ramzan Kadyrov called for the elimination of Zelensky in a video on Telegram."

    assert ("threat_issued", "Ramzan Kadyrov", ["Volodymyr Zelensky"]) in found_in(
        make_article, body
    )


def test_the_elimination_of_a_thing_asked_for_is_no_threat(make_article: MakeArticle) -> None:
    body = "The European Commission called for the elimination of tariffs on Canadian steel."

    assert "threat_issued" not in kinds_in(make_article, body)


def test_faulting_a_party_for_an_incident_accuses_it(make_article: MakeArticle) -> None:
    body = "Tokyo faulted Beijing for the collision near the Senkaku islands."

    assert ("accusation_made", "Japan", ["China"]) in found_in(make_article, body)


def test_calling_a_partys_actions_a_wrong_accuses_the_party(make_article: MakeArticle) -> None:
    body = "Azerbaijan called Armenia's actions an act of terrorism against civilians."

    assert ("accusation_made", "Azerbaijan", ["Armenia"]) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # a verb that renews or hardens sanctions imposes them
            "Washington reimposed sanctions on four Venezuelan state oil firms on Tuesday.",
            ("sanction_imposed", "United States", ["Venezuela"]),
        ),
        (
            "Canada tightened sanctions on Russian banks after the vote.",
            ("sanction_imposed", "Canada", ["Russia"]),
        ),
        (  # sanctions named by what they do, in a list hanging from one verb
            "The European Union imposed asset freezes and travel bans on eight Iranian officials.",
            ("sanction_imposed", "European Union", ["Iran"]),
        ),
        (
            "Britain slapped a travel ban on two Belarusian generals.",
            ("sanction_imposed", "United Kingdom", ["Belarus"]),
        ),
        (  # another state's carriers shut out
            "Ankara banned Syrian cargo planes from its airspace, the foreign ministry said.",
            ("sanction_imposed", "Turkey", ["Syria"]),
        ),
        (
            "Japan barred North Korean ships from its ports in response to the test.",
            ("sanction_imposed", "Japan", ["North Korea"]),
        ),
        (  # a listing names whom it sanctions
            "The European Union added three Libyan militia leaders to its sanctions list.",
            ("sanction_imposed", "European Union", ["Libya"]),
        ),
    ],
)
def test_sanctions_said_the_ways_wire_copy_says_them(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Kyiv urged its allies to impose tougher sanctions on Moscow.",
        "The ministry called on Brussels to impose sanctions on Minsk.",
        "Police banned protests near the parliament building.",
        "The league banned the player from three matches.",
        "The government imposed a curfew on the city after the riots.",
    ],
)
def test_sanctions_asked_for_and_bans_at_home_are_not_sanctions_imposed(
    make_article: MakeArticle, body: str
) -> None:
    assert "sanction_imposed" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Kyiv accused Moscow of shelling the plant. Washington echoed the accusation on "
            "Friday.",
            ("accusation_made", "United States", ["Russia"]),
        ),
        (
            "Manila accused Beijing of ramming its supply boat. Tokyo repeated the charge a day "
            "later.",
            ("accusation_made", "Japan", ["China"]),
        ),
        (
            "Caracas blamed Bogota for the fire at the border. Havana made the same accusation.",
            ("accusation_made", "Cuba", ["Colombia"]),
        ),
    ],
)
def test_an_accusation_made_again_names_whom_the_last_one_named(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "The suspect faces charges of murder and arson, his lawyer said.",
        "Kyiv accused Moscow of the strike. Prosecutors made the same charges against two "
        "officers.",
    ],
)
def test_charges_that_accuse_no_one_told_of_before_name_no_one(
    make_article: MakeArticle, body: str
) -> None:
    found = found_in(make_article, body)
    assert not [f for f in found if f[0] == "accusation_made" and f[1] != "Ukraine"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Beijing said it would take resolute measures against Manila if the ship stayed.",
            ("threat_issued", "China", ["Philippines"]),
        ),
        (
            "Moscow warned it would take forceful measures against Vilnius over the transit ban.",
            ("threat_issued", "Russia", ["Lithuania"]),
        ),
    ],
)
def test_measures_promised_in_a_foreign_ministry_register_are_a_threat(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_measures_against_a_problem_threaten_no_one(make_article: MakeArticle) -> None:
    body = "The cabinet said it would take tough measures against rising food prices."
    assert "threat_issued" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "denier"),
    [
        ("Minsk said its border guards were in no way involved in the crossings.", "Belarus"),
        ("Kigali said the Rwandan army was not by any means involved in the fighting.", "Rwanda"),
        # a standing denial is news the day it is reported, unlike one "long" held
        ("Caracas has repeatedly denied arming the rebels across the border.", "Venezuela"),
    ],
)
def test_denials_said_by_a_phrase_of_negation_or_repeated_are_denials(
    make_article: MakeArticle, body: str, denier: str
) -> None:
    assert ("denial_issued", denier, []) in found_in(make_article, body)


def test_a_denial_held_for_long_is_background(make_article: MakeArticle) -> None:
    body = "Pyongyang has long denied abducting the fishermen."
    assert "denial_issued" not in kinds_in(make_article, body)


def test_saying_ones_side_did_not_start_the_fighting_is_a_denial(
    make_article: MakeArticle,
) -> None:
    body = "Yerevan said its troops had not started the fighting on the border."
    assert ("denial_issued", "Armenia", []) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "claimant"),
    [
        # the act inside the accusation is the accuser's claim, not its doer's
        (
            "Tehran said Israeli drones had struck the plant near Isfahan. The claim could not be "
            "independently verified.",
            "Iran",
        ),
        # a count of missiles downed is the claim of whoever downed them
        (
            "Riyadh said its air defences had intercepted 12 drones over the capital. The figure "
            "could not be independently verified.",
            "Saudi Arabia",
        ),
    ],
)
def test_a_doubt_answers_whoever_made_the_claim(
    make_article: MakeArticle, body: str, claimant: str
) -> None:
    doubts = [f for f in found_in(make_article, body) if f[0] == "skepticism_expressed"]
    assert doubts == [("skepticism_expressed", None, [claimant])]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an end asked for as the only way is a call for it
        (
            "Medvedev said the only answer left was the physical elimination of Zelenskiy.",
            ("threat_issued", "Dmitry Medvedev", ["Volodymyr Zelensky"]),
        ),
        # accountability promised is harm to come
        (
            "Netanyahu said Hamas would be held accountable for every hostage.",
            ("threat_issued", "Benjamin Netanyahu", ["Hamas"]),
        ),
        # strikes called for threaten whom they are to hit
        (
            "Hardliners in Tehran demanded strikes on Israel's ports.",
            ("threat_issued", "Iran", ["Israel"]),
        ),
    ],
)
def test_harm_asked_for_or_promised_is_a_threat(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        # an end talked about, not asked for
        "Netanyahu said the elimination of Hamas commanders had been discussed with Washington.",
        # "must be held accountable" blames; it promises nothing
        "Kyiv said Moscow must be held accountable for the shelling.",
        "The rail union called for strikes across the network.",
    ],
)
def test_an_end_of_things_a_demand_for_accountability_or_a_labour_strike_is_no_threat(
    make_article: MakeArticle, body: str
) -> None:
    assert "threat_issued" not in kinds_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Seoul said North Korean troops crossed the border overnight and vowed a stern "
            "response.",
            ("threat_issued", "South Korea", ["North Korea"]),
        ),
        (
            "Tehran said Israel had killed the scientist and vowed to avenge his death.",
            ("threat_issued", "Iran", ["Israel"]),
        ),
    ],
)
def test_a_vow_after_reporting_the_other_sides_act_is_the_speakers(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    threats = [f for f in found_in(make_article, body) if f[0] == "threat_issued"]
    assert threats == [expected]


def test_calling_an_inquirys_results_a_fabrication_is_a_denial(make_article: MakeArticle) -> None:
    body = "Pyongyang called the results of the inquiry a fabrication."
    assert ("denial_issued", "North Korea", []) in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Seoul vowed stern action for the provocation.", ("threat_issued", "South Korea", [])),
        (
            "Manila warned of stern measures against Beijing over the water cannon attack.",
            ("threat_issued", "Philippines", ["China"]),
        ),
    ],
)
def test_stern_action_vowed_is_a_threat(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in found_in(make_article, body)


def test_a_state_made_to_impose_sanctions_imposes_them(make_article: MakeArticle) -> None:
    body = "The massacre prompted the European Community to impose trade sanctions on Belgrade."
    events = found_in(make_article, body)
    assert [f for f in events if f[0] == "sanction_imposed"] == [
        ("sanction_imposed", "European Union", ["Serbia"])
    ]
