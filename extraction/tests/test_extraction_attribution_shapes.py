"""Shapes in which wire copy says who did a wrong: the place a reaction is gathered in standing
for its government, a conduct described as a provocation, an accusation with its denial in one
sentence, a source given by "according to", a suspect the data does not know, an act called
unprovoked, a cleft singling a side out, a people named in the plural. Each positive case fails
if the rule that reads its shape is removed; each guard, if its condition is. Two cases keep
older readings the new rules must leave alone: a denial of one's own act, and an accusation
answered by "which"."""

from __future__ import annotations

import pytest

from extraction_articles import Found, MakeArticle, kinds_found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "In Beijing, the Foreign Ministry said the United States bore full responsibility "
            "for the collision.",
            ("accusation_made", "China", ["United States"]),
        ),
        (
            "In Tehran, officials said Israel was behind the attack on the consulate.",
            ("accusation_made", "Iran", ["Israel"]),
        ),
    ],
)
def test_an_unnamed_body_speaks_for_the_place_the_sentence_opens_with(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body)


def test_a_coalition_led_by_an_abbreviated_state_is_that_state(make_article: MakeArticle) -> None:
    body = "U.S.-led coalition aircraft bombed Islamic State positions near Raqqa on Monday."
    assert ("strike_reported", "United States", ["Islamic State"]) in kinds_found(
        make_article, body
    )


def test_the_moslem_led_army_of_bosnias_war_is_bosnias(make_article: MakeArticle) -> None:
    body = "Ratko Mladic, the Bosnian Serb commander, said the Moslem-led army had fired the shell."
    assert ("accusation_made", "Ratko Mladic", ["Bosnia and Herzegovina"]) in kinds_found(
        make_article, body, "1994-02-07T10:00:00+00:00"
    )


def test_the_serbs_of_bosnias_war_are_the_bosnian_serbs(make_article: MakeArticle) -> None:
    body = "The Serbs did this, Alija Izetbegovic told reporters."
    assert ("accusation_made", "Alija Izetbegovic", ["Bosnian Serbs"]) in kinds_found(
        make_article, body, "1994-02-07T10:00:00+00:00"
    )


def test_conduct_described_as_a_provocation_accuses_whose_conduct_it_was(
    make_article: MakeArticle,
) -> None:
    body = (
        "Russia's foreign ministry described the actions of the Ukrainian boats as a "
        "deliberate provocation."
    )
    assert ("accusation_made", "Russia", ["Ukraine"]) in kinds_found(make_article, body)


def test_what_an_act_was_done_to_is_not_who_did_it(make_article: MakeArticle) -> None:
    body = "Washington described the sinking of the Russian cruiser as a planned provocation."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


@pytest.mark.parametrize(
    "body",
    [
        "Moscow said Kyiv had resorted to a provocation to derail the talks.",
        "The Russian defence ministry said Kyiv was preparing a provocation at the plant.",
    ],
)
def test_resorting_to_or_preparing_a_wrong_accuses_its_doer(
    make_article: MakeArticle, body: str
) -> None:
    assert ("accusation_made", "Russia", ["Ukraine"]) in kinds_found(make_article, body)


def test_a_text_cooked_up_by_a_state_accuses_it(make_article: MakeArticle) -> None:
    body = "Pyongyang said the resolution had been cooked up by the United States."
    assert ("accusation_made", "North Korea", ["United States"]) in kinds_found(make_article, body)


def test_cooking_is_no_wrong_without_up(make_article: MakeArticle) -> None:
    body = "The Russian ministry said Ukrainian soldiers cooked meals for the villagers."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


@pytest.mark.parametrize(
    "body",
    [
        "Congo accuses Rwanda of backing the M23 rebels, a charge Kigali denies.",
        "Congo accuses Rwanda of backing the M23 rebels, which Kigali denies.",
    ],
)
def test_an_accusation_answered_in_its_own_sentence_is_still_made(
    make_article: MakeArticle, body: str
) -> None:
    found = kinds_found(make_article, body)
    assert ("accusation_made", "Democratic Republic of the Congo", ["Rwanda"]) in found
    assert ("denial_issued", "Rwanda", ["Democratic Republic of the Congo"]) in found


def test_what_a_party_denies_doing_accuses_nobody(make_article: MakeArticle) -> None:
    body = "Russia denied that its forces had shelled the Ukrainian plant."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


def test_using_a_place_as_cover_is_a_wrong(make_article: MakeArticle) -> None:
    body = "The Israeli military said Hamas was using the hospital as a command centre."
    assert ("accusation_made", "Israel", ["Hamas"]) in kinds_found(make_article, body)


def test_using_a_road_is_no_wrong(make_article: MakeArticle) -> None:
    body = "Kyiv said Russian troops were using the road as a route to retreat."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


def test_according_to_names_who_assigns_the_act(make_article: MakeArticle) -> None:
    body = "According to the Houthis, the strike was carried out by U.S. and British warplanes."
    assert ("accusation_made", "Houthis", ["United Kingdom", "United States"]) in kinds_found(
        make_article, body
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Armenia said Azerbaijani troops had occupied several heights.",
            ("accusation_made", "Armenia", ["Azerbaijan"]),
        ),
        (
            "Russian and Belarusian troops crossed the border, Ukraine said.",
            ("accusation_made", "Ukraine", ["Belarus", "Russia"]),
        ),
        (
            "U.S. officials said Iran had supplied the drones.",
            ("accusation_made", "United States", ["Iran"]),
        ),
    ],
)
def test_a_wrong_said_of_another_side_with_no_incident_word_accuses_it(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Israel said Fuad Shukr was behind the rocket attack on Majdal Shams.",
        "Israel said Fuad Shukr was responsible for the rocket attack on Majdal Shams.",
    ],
)
def test_a_suspect_the_data_does_not_know_is_accused_by_name(
    make_article: MakeArticle, body: str
) -> None:
    assert ("accusation_made", "Israel", ["Fuad Shukr"]) in kinds_found(make_article, body)


def test_a_capitalised_pronoun_is_no_suspect(make_article: MakeArticle) -> None:
    body = '"Whoever did this was behind a cowardly attack," the Israeli minister said.'
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


def test_him_is_the_person_accused_before(make_article: MakeArticle) -> None:
    body = (
        "Israel says Fuad Shukr was behind the rocket attack on Majdal Shams.\n"
        "The U.S. accused him of orchestrating the 1983 bombing of the Marine barracks."
    )
    assert ("accusation_made", "United States", ["Fuad Shukr"]) in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Pakistan's army said it retaliated against unprovoked firing from the Indian side.",
        "Pakistan's army said Pakistani troops had responded to unprovoked Indian firing.",
    ],
)
def test_an_act_called_unprovoked_accuses_its_doer(make_article: MakeArticle, body: str) -> None:
    assert ("accusation_made", "Pakistan", ["India"]) in kinds_found(make_article, body)


def test_protests_lodged_over_an_act_accuse_its_doer(make_article: MakeArticle) -> None:
    body = "Pakistan lodged protests with India over the targeting of civilians by Indian troops."
    assert ("accusation_made", "Pakistan", ["India"]) in kinds_found(make_article, body)


def test_claims_called_a_figment_of_imagination_are_denied(make_article: MakeArticle) -> None:
    body = "Pakistan said the Indian claims were a figment of their imagination."
    assert ("denial_issued", "Pakistan", ["India"]) in kinds_found(make_article, body)


def test_an_allegation_in_the_passive_accuses_the_doer_not_the_victims(
    make_article: MakeArticle,
) -> None:
    body = "India alleged that four of its soldiers had been killed by Pakistani firing."
    assert ("accusation_made", "India", ["Pakistan"]) in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "The Indian army said it was the Pakistanis who initiated the exchange of fire.",
        "It was Indian troops who had started the firing, Pakistan's army said.",
    ],
)
def test_a_cleft_singling_a_side_out_as_the_starter_accuses_it(
    make_article: MakeArticle, body: str
) -> None:
    found = [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]
    assert found
    assert all(f[2] in (["Pakistan"], ["India"]) and f[1] != f[2][0] for f in found)


def test_starting_without_a_cleft_is_no_wrong(make_article: MakeArticle) -> None:
    body = "Indian officers began talks with Pakistan, Pakistan's foreign office said."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


@pytest.mark.parametrize(
    "body",
    [
        "Azerbaijan's defence ministry said the Armenian report was not true.",
        "Azerbaijan's defence ministry said the Armenian report was a lie.",
    ],
)
def test_a_report_called_not_true_or_a_lie_is_denied(make_article: MakeArticle, body: str) -> None:
    assert ("denial_issued", "Azerbaijan", ["Armenia"]) in kinds_found(make_article, body)


def test_spreading_disinformation_calls_the_spreader_a_liar(make_article: MakeArticle) -> None:
    body = "Armenia's defence ministry said Baku was spreading disinformation."
    assert ("denial_issued", "Armenia", ["Azerbaijan"]) in kinds_found(make_article, body)


def test_positions_that_came_under_fire_from_a_side_were_hit_by_it(
    make_article: MakeArticle,
) -> None:
    body = (
        "Azerbaijan's defence ministry said its positions had come under fire from Armenian forces."
    )
    assert ("attack_reported", "Armenia", ["Azerbaijan"]) in kinds_found(make_article, body)


def test_a_rebel_commander_accusing_his_countrys_army_accuses_someone_else(
    make_article: MakeArticle,
) -> None:
    body = "Mohamed Hamdan Dagalo accused the Sudanese army of planning the war for four years."
    assert ("accusation_made", "Mohamed Hamdan Dagalo", ["Sudan"]) in kinds_found(
        make_article, body
    )


def test_a_groups_spokesman_speaks_as_the_side_it_styles_itself(make_article: MakeArticle) -> None:
    body = "Yahya Saree said the Yemeni forces had carried out the attack on the tanker."
    found = kinds_found(make_article, body)
    assert not [f for f in found if f[0] == "accusation_made"]


def test_every_state_in_a_list_of_the_accused_is_accused(make_article: MakeArticle) -> None:
    body = "Ethiopia accused Egypt, Sudan and Eritrea of arming the rebels."
    assert ("accusation_made", "Ethiopia", ["Egypt", "Eritrea", "Sudan"]) in kinds_found(
        make_article, body
    )


def test_a_state_set_off_by_commas_is_no_second_accused(make_article: MakeArticle) -> None:
    body = "Russia accused Ukraine, Britain's closest ally in the war, of the attack."
    assert ("accusation_made", "Russia", ["Ukraine"]) in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        '"Russia is committing genocide in Ukraine," Volodymyr Zelensky said.',
        "Volodymyr Zelensky said Russia was committing war crimes in Bucha.",
    ],
)
def test_committing_a_wrong_accuses_whoever_commits_it(
    make_article: MakeArticle, body: str
) -> None:
    assert ("accusation_made", "Volodymyr Zelensky", ["Russia"]) in kinds_found(make_article, body)


def test_suspecting_a_state_of_an_act_accuses_it(make_article: MakeArticle) -> None:
    body = "Iraqi officials suspect Iran of supplying the rockets."
    assert ("accusation_made", "Iraq", ["Iran"]) in kinds_found(make_article, body)


def test_suspected_militants_are_no_accusation(make_article: MakeArticle) -> None:
    body = "Police arrested three suspected Pakistani militants in Kashmir, India said."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Iran said it would crush any aggressor.", ("threat_issued", "Iran", [])),
        ("Israel said it would hit back hard.", ("threat_issued", "Israel", [])),
        (
            "Iraq said it would shoot down any U.S. warplane that violated its airspace.",
            ("threat_issued", "Iraq", ["United States"]),
        ),
        (
            "Iraq said U.S. warplanes would be shot down if they violated its airspace.",
            ("threat_issued", "Iraq", ["United States"]),
        ),
    ],
)
def test_harm_a_side_says_it_will_do_is_a_threat_not_a_pledge(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    found = kinds_found(make_article, body, "1994-03-01T10:00:00+00:00")
    assert expected in found
    assert not [f for f in found if f[0] == "pledge_made"]


def test_a_forecast_of_harm_by_analysts_is_nobodys_threat(make_article: MakeArticle) -> None:
    body = "Analysts said Israel would strike Iran within weeks."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "threat_issued"]


def test_harm_feared_for_ones_own_side_is_no_threat(make_article: MakeArticle) -> None:
    body = "Iran said its ships would be sunk if war broke out in the Gulf."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "threat_issued"]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Contra rebels attacked a farm cooperative in northern Nicaragua.", "attack_reported"),
        ("Indian troops fired on a crowd of protesters in Srinagar.", "attack_reported"),
        ("Sikh militants gunned down 20 bus passengers in Punjab.", "attack_reported"),
        ("Muslim militants hijacked an Air France airliner in Algiers.", "attack_reported"),
        ("The Israeli Air Force attacked Hamas positions in Gaza.", "strike_reported"),
    ],
)
def test_attacks_as_older_wire_copy_words_them(
    make_article: MakeArticle, body: str, kind: str
) -> None:
    found = kinds_found(make_article, body, "1994-03-01T10:00:00+00:00")
    assert [f[0] for f in found if f[0] in {"attack_reported", "strike_reported"}] == [kind]


def test_the_attack_that_came_after_another_frames_it_and_the_other_is_the_news(
    make_article: MakeArticle,
) -> None:
    body = "The attack came a day after Israeli jets raided Palestinian guerrilla bases in Lebanon."
    found = kinds_found(make_article, body, "1994-03-01T10:00:00+00:00")
    assert [f for f in found if f[0] in {"attack_reported", "strike_reported"}] == [
        ("strike_reported", "Israel", ["Palestine"])
    ]


def test_serb_tanks_of_bosnias_war_are_the_bosnian_serbs_weapons(
    make_article: MakeArticle,
) -> None:
    body = "Serb tanks pounded the Moslem enclave of Gorazde."
    assert ("strike_reported", "Bosnian Serbs", ["Bosnia and Herzegovina"]) in kinds_found(
        make_article, body, "1994-03-01T10:00:00+00:00"
    )


def test_a_group_saying_it_was_responsible_claims_the_act(make_article: MakeArticle) -> None:
    body = "The Baloch Liberation Army said it was responsible for the blast at the station."
    found = kinds_found(make_article, body)
    assert ("responsibility_claimed", "Balochistan Liberation Army", []) in found
    assert not [f for f in found if f[0] == "accusation_made"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Hezbollah said it would continue its attacks on Israeli troops in south Lebanon.",
            ("threat_issued", "Hezbollah", ["Israel"]),
        ),
        (
            "Russia said it would launch a second round of strikes on the rebels.",
            ("threat_issued", "Russia", []),
        ),
    ],
)
def test_violence_a_side_says_it_will_carry_on_is_a_threat(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body)


def test_a_diplomatic_step_named_with_a_harm_word_is_no_threat(make_article: MakeArticle) -> None:
    body = "France said it would take action at the United Nations."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "threat_issued"]


def test_a_group_that_planted_the_bomb_claims_it(make_article: MakeArticle) -> None:
    body = "The IRA said it had planted the bomb."
    found = kinds_found(make_article, body, "1994-03-01T10:00:00+00:00")
    assert ("responsibility_claimed", "Irish Republican Army", []) in found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Israeli officials cast doubt on the PLO's version of events.",
            ("skepticism_expressed", "Israel", ["Palestine Liberation Organization"]),
        ),
        (
            "Pentagon officials said the Iraqi claim that 300 civilians died in the raid was "
            "exaggerated.",
            ("skepticism_expressed", "United States", ["Iraq"]),
        ),
    ],
)
def test_a_doubted_claim_is_its_owners_and_the_doubter_is_who_says_so(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body, "1994-03-01T10:00:00+00:00")


def test_them_is_the_party_named_before_the_accusation(make_article: MakeArticle) -> None:
    body = "Britain expelled three Iraqi diplomats, accusing them of spying."
    assert ("accusation_made", "United Kingdom", ["Iraq"]) in kinds_found(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Washington froze Iraqi assets in the United States.",
            ("sanction_imposed", "United States", ["Iraq"]),
        ),
        (
            "The United States froze the assets of three Iranian banks.",
            ("sanction_imposed", "United States", ["Iran"]),
        ),
    ],
)
def test_assets_frozen_are_a_sanction_on_their_owner(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body, "1994-03-01T10:00:00+00:00")


def test_aid_frozen_is_no_sanction(make_article: MakeArticle) -> None:
    body = "Washington froze aid to Kyiv."
    assert not kinds_found(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Tehran repudiated the charges.", ("denial_issued", "Iran", [])),
        ("Syria maintained its innocence.", ("denial_issued", "Syria", [])),
        ("India refused to accept the Pakistani version.", ("denial_issued", "India", [])),
    ],
)
def test_denials_as_older_wire_copy_words_them(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body, "1994-03-01T10:00:00+00:00")


def test_refusing_a_proposal_is_no_denial(make_article: MakeArticle) -> None:
    body = "India refused to accept the ceasefire proposal."
    assert not kinds_found(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Protesters stoned Israeli troops in Gaza.",
            ("attack_reported", None, ["Israel"]),
        ),
        (
            "A grenade was thrown into a crowded market in Srinagar.",
            ("attack_reported", None, ["India"]),
        ),
        ("Guerrillas attacked an army patrol near the border.", ("attack_reported", None, [])),
    ],
)
def test_stones_grenades_and_patrols_of_older_wire_copy(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert kinds_found(make_article, body, "1994-03-01T10:00:00+00:00") == [expected]
