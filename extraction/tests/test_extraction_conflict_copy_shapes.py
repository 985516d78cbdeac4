"""Shapes in which conflict copy from many theatres and decades reports acts and what sides say
of them: the accused of an act as its doer even when unnamed, offensives and raids worded the
older way, aid withheld and arms sales banned as sanctions, armed means sent across a line,
denials of one's own means, warnings that an act "would be met with" force, state news agencies
speaking for their governments, and a group named after the state it is based in. Each positive
case fails if the rule that reads its shape is removed; each guard, if its condition is."""

from __future__ import annotations

import pytest

from extraction_articles import Found, MakeArticle, kinds_found
from storyline_extraction import extract

NINETIES = "1994-03-01T10:00:00+00:00"


# -- incidents --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the accuser never becomes the doer of the act it alleges
        (
            "Sudan accused the rebels of massacring villagers near Bor.",
            ("attack_reported", None, []),
        ),
        (
            "Myanmar's military accused the rebels of shelling the market in Mandalay.",
            ("strike_reported", None, ["Myanmar"]),
        ),
        (
            "The Croatian army launched an offensive against rebel positions near Knin.",
            ("attack_reported", "Croatia", []),
        ),
        (
            "Israeli gunships rocketed a guerrilla hideout north of Tyre on Tuesday.",
            ("strike_reported", "Israel", ["Lebanon"]),
        ),
        (
            "Iraqi jets strafed Kurdish villages in the mountains near Zakho.",
            ("strike_reported", "Iraq", []),
        ),
        (
            "Russian forces struck Kharkiv before dawn, the regional governor said.",
            ("strike_reported", "Russia", ["Ukraine"]),
        ),
    ],
)
def test_incidents_as_conflict_copy_words_them(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Sudan accused the rebels of massacring villagers near Bor.",
        "Myanmar's military accused the rebels of shelling the market in Mandalay.",
    ],
)
def test_the_accuser_is_never_the_doer_of_the_act_it_alleges(
    make_article: MakeArticle, body: str
) -> None:
    found = kinds_found(make_article, body)
    assert not [f for f in found if f[0] in {"attack_reported", "strike_reported"} and f[1]]


@pytest.mark.parametrize(
    "body",
    [
        "The minister said Delhi would launch a diplomatic offensive to win allies.",
        "Abiy Ahmed ordered an offensive against the region's forces.",
        "The company launched a charm offensive in Brussels.",
        "Shares in the airline rocketed 20% on Monday.",
        "The army hit back at critics of the budget.",
        "Britain broke off relations with Syria over the bomb plot.",
        "Officials cast doubt on the Bosnian Serb account of the shelling.",
    ],
)
def test_no_incident_is_read_in(make_article: MakeArticle, body: str) -> None:
    found = kinds_found(make_article, body)
    assert not [f for f in found if f[0] in {"attack_reported", "strike_reported"}]


def test_a_group_named_after_where_it_is_based_is_the_doer(make_article: MakeArticle) -> None:
    body = (
        "New Delhi said the bombing was carried out by the Pakistan-based group Jaish-e-Mohammed."
    )
    assert ("accusation_made", "India", ["Jaish-e-Mohammed"]) in kinds_found(make_article, body)


def test_a_state_backing_an_unnamed_group_stays_the_accused(make_article: MakeArticle) -> None:
    body = "India blamed Pakistan-based militants for the raid."
    assert ("accusation_made", "India", ["Pakistan"]) in kinds_found(make_article, body)


# -- accusations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Kigali accused Hutu militiamen of killing civilians in the camps.",
            ("accusation_made", "Rwanda", ["Hutu militiamen"]),
        ),
        (
            "Pyongyang said Seoul had sent drones over the capital.",
            ("accusation_made", "North Korea", ["South Korea"]),
        ),
        (
            "Baku said Yerevan was sending mercenaries into the region.",
            ("accusation_made", "Azerbaijan", ["Armenia"]),
        ),
        (
            "KCNA said the South was attempting to provoke a clash.",
            ("accusation_made", "North Korea", ["South Korea"]),
        ),
        (
            "Israel said Hezbollah had conducted an incursion across the Blue Line.",
            ("accusation_made", "Israel", ["Hezbollah"]),
        ),
        (
            "New Delhi called out Islamabad for sheltering the militants.",
            ("accusation_made", "India", ["Pakistan"]),
        ),
        (
            "New Delhi slammed Islamabad for harbouring the bombers.",
            ("accusation_made", "India", ["Pakistan"]),
        ),
        (
            "Xinhua said the U.S. destroyer had intruded into Chinese waters.",
            ("accusation_made", "China", ["United States"]),
        ),
    ],
)
def test_accusations_as_conflict_copy_words_them(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Moscow said it had sent a delegation to Istanbul.",
        # across a line, but no armed means: the words sent decide
        "Minsk said Warsaw had sent a delegation across the border.",
        "The coach called out the referee after the match.",
    ],
)
def test_no_accusation_is_read_in(make_article: MakeArticle, body: str) -> None:
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


def test_a_party_slammed_for_an_act_is_no_denial_by_the_one_slamming(
    make_article: MakeArticle,
) -> None:
    body = "New Delhi slammed Islamabad for harbouring the bombers."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "denial_issued"]


# -- denials ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Seoul's defence ministry said it did not fly drones over the North.",
            ("denial_issued", "South Korea", []),
        ),
        ("Pakistan said it was not linked to the raid.", ("denial_issued", "Pakistan", [])),
        ("Seoul played down the allegations.", ("denial_issued", "South Korea", [])),
        (
            "Pyongyang said the claim was a farce.",
            ("denial_issued", "North Korea", []),
        ),
    ],
)
def test_denials_as_conflict_copy_words_them(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Seoul said it did not send a delegation to the talks.",
        "The minister downplayed the risks of a recession.",
    ],
)
def test_no_denial_is_read_in(make_article: MakeArticle, body: str) -> None:
    assert not [f for f in kinds_found(make_article, body) if f[0] == "denial_issued"]


# -- threats ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Gadhafi vowed to hit back at American interests everywhere.",
            ("threat_issued", "Muammar Gaddafi", ["United States"]),
        ),
        (
            "Baghdad warned that it would strike at U.S. forces if attacked.",
            ("threat_issued", "Iraq", ["United States"]),
        ),
        (
            "Pyongyang warned that any new incursion would be met with resolute action.",
            ("threat_issued", "North Korea", []),
        ),
    ],
)
def test_threats_as_conflict_copy_words_them(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body, NINETIES)


def test_a_proposal_met_with_doubt_is_no_threat(make_article: MakeArticle) -> None:
    body = "The ministry warned that the plan would be met with scepticism."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "threat_issued"]


# -- sanctions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Washington cut off aid to Islamabad over its nuclear program.",
            ("sanction_imposed", "United States", ["Pakistan"]),
        ),
        (
            "The United States suspended military aid to Egypt in protest at the coup.",
            ("sanction_imposed", "United States", ["Egypt"]),
        ),
        (
            "Germany banned arms exports to Turkey.",
            ("sanction_imposed", "Germany", ["Turkey"]),
        ),
        (
            "The European Union banned arms sales to Yugoslavia.",
            ("sanction_imposed", "European Union", ["Yugoslavia"]),
        ),
    ],
)
def test_sanctions_as_conflict_copy_words_them(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body, NINETIES)


@pytest.mark.parametrize(
    "body",
    [
        "Donors pledged $2 billion in aid to Ukraine.",
        "Britain urged the EU to suspend aid to Rwanda over the war.",
        "Washington did not cut off aid to Israel over the raid.",
    ],
)
def test_no_sanction_is_read_in(make_article: MakeArticle, body: str) -> None:
    assert not [f for f in kinds_found(make_article, body) if f[0] == "sanction_imposed"]


# -- protests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Beijing voiced strong dissatisfaction over the U.S. use of force against its balloon.",
            ("accusation_made", "China", ["United States"]),
        ),
        (
            "Beirut complained to the Security Council over Israeli air raids.",
            ("accusation_made", "Lebanon", ["Israel"]),
        ),
        (
            "Beijing voiced dissatisfaction over the U.S. use of force to shoot down an unmanned "
            "balloon, state media said.",
            ("attack_reported", "United States", ["China"]),
        ),
    ],
)
def test_protests_name_whose_conduct_they_are_about(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body)


def test_dissatisfaction_nobody_voices_accuses_nobody(make_article: MakeArticle) -> None:
    body = "The ruling left Washington's allies with some dissatisfaction over the U.S. decision."
    assert not [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]


# -- vows of revenge, suspicion, disowning -----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Tehran blames Israel for the blackout at the plant and will take its revenge.",
            ("threat_issued", "Iran", ["Israel"]),
        ),
        (
            '"Our answer to this crime is to take revenge on Israel," the spokesman Nasser '
            "Kanaani said.",
            ("threat_issued", "Nasser Kanaani", ["Israel"]),
        ),
        (
            "No group has said it carried out the attack, but suspicion quickly fell on Hezbollah.",
            ("accusation_made", None, ["Hezbollah"]),
        ),
        ("Hamas distanced itself from the stabbing.", ("denial_issued", "Hamas", [])),
        ("The Taliban disowned the attack on the school.", ("denial_issued", "Taliban", [])),
        (
            "A spokesman for Hamas said the movement was not behind the shooting.",
            ("denial_issued", "Hamas", []),
        ),
    ],
)
def test_revenge_suspicion_and_disowning(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body)


def test_a_person_disowned_is_no_denial(make_article: MakeArticle) -> None:
    assert not kinds_found(make_article, "The minister disowned his nephew.")


# -- who speaks, who is meant ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the quotation names Ukraine; the ministry that speaks it is not Ukraine's
        ('"Kyiv is behind this," the ministry said.', ("accusation_made", None, ["Ukraine"])),
        (
            "Managua said the CIA had mined its harbours.",
            ("accusation_made", "Nicaragua", ["United States"]),
        ),
        (
            "Georgia had no involvement in the bombing, the State Department said.",
            ("denial_issued", "United States", []),
        ),
        (
            "Russia said Ukraine and not the Islamic State was behind the massacre.",
            ("accusation_made", "Russia", ["Ukraine"]),
        ),
        (
            "The FSB claimed the gunmen had prepared the attack with the help of Ukrainian "
            "intelligence.",
            ("accusation_made", "Russia", ["Ukraine"]),
        ),
        (
            "Kyiv said it had not the least connection to the bombing.",
            ("denial_issued", "Ukraine", []),
        ),
        (
            "Putin said the arson was a campaign of intimidation by Ukraine.",
            ("accusation_made", "Vladimir Putin", ["Ukraine"]),
        ),
    ],
)
def test_who_speaks_and_who_is_meant(make_article: MakeArticle, body: str, expected: Found) -> None:
    assert expected in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        '"We know who carried out the attack," Putin said.',
        "Russia said Islamists had carried out the attack.",
    ],
)
def test_nobody_claims_what_someone_else_did(make_article: MakeArticle, body: str) -> None:
    assert not [f for f in kinds_found(make_article, body) if f[0] == "responsibility_claimed"]


def test_a_party_set_aside_is_not_accused(make_article: MakeArticle) -> None:
    body = "Russia said Ukraine and not the Islamic State was behind the massacre."
    accused = [
        t for f in kinds_found(make_article, body) if f[0] == "accusation_made" for t in f[2]
    ]
    assert "Islamic State" not in accused


def test_who_helped_is_not_who_was_hit(make_article: MakeArticle) -> None:
    body = (
        "The FSB claimed the gunmen had prepared the attack with the help of Ukrainian "
        "intelligence."
    )
    found = kinds_found(make_article, body)
    assert not [f for f in found if f[0] == "attack_reported" and "Ukraine" in f[2]]


def test_a_denial_does_not_answer_an_accusation_told_long_before(
    make_article: MakeArticle,
) -> None:
    # Washington's accusation names the Islamic State, not Kyiv: two sentences on, Kyiv's
    # denial answers somebody the article does not name
    body = (
        "The White House said the Islamic State bore sole responsibility for the attack. "
        "Putin vowed to punish those responsible. "
        "Kyiv has flatly denied any connection."
    )
    denial = next(e for e in extract(make_article(body)).events if e.kind == "denial_issued")
    assert denial.source is not None
    assert denial.source.canonical == "Ukraine"
    assert not denial.targets
    assert not denial.about


def test_it_after_a_second_party_named_is_that_party(make_article: MakeArticle) -> None:
    body = (
        "Hezbollah blamed Israel for the blasts. Hezbollah vowed to strike back at Israel "
        "after accusing it of rigging the radios with explosives."
    )
    accusations = [f for f in kinds_found(make_article, body) if f[0] == "accusation_made"]
    assert accusations == [("accusation_made", "Hezbollah", ["Israel"])] * 2


def test_a_condemnation_in_the_present_accuses(make_article: MakeArticle) -> None:
    body = '"We condemn the Zionist aggression on our people," Hamas said.'
    assert ("accusation_made", "Hamas", ["Israel"]) in kinds_found(make_article, body)


# -- older wire copy: who fights whom ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Government warplanes bombed rebel-held villages in southern Sudan.",
            ("strike_reported", "Sudan", []),
        ),
        (
            "Iranian gunboats attacked a Kuwaiti tanker in the Gulf, shipping sources said.",
            ("attack_reported", "Iran", ["Kuwait"]),
        ),
        (
            "The frigate sank three Iranian patrol boats, the Pentagon said.",
            ("strike_reported", None, ["Iran"]),
        ),
        (
            "Shining Path rebels dynamited a power station outside Lima.",
            ("attack_reported", "Shining Path", ["Peru"]),
        ),
        (
            "Israeli troops shot and killed two Palestinians in Nablus.",
            ("attack_reported", "Israel", ["Palestine"]),
        ),
        (
            "Salvadoran guerrillas blew up a bridge east of the capital.",
            ("attack_reported", None, []),
        ),
        (
            "Guerrillas blew up a bridge on the Pan American Highway.",
            ("attack_reported", None, []),
        ),
    ],
)
def test_older_wire_copy_incidents(make_article: MakeArticle, body: str, expected: Found) -> None:
    assert expected in kinds_found(make_article, body, NINETIES)


def test_three_militia_leaders_of_a_state_are_its_people(make_article: MakeArticle) -> None:
    body = "The European Union added three Libyan militia leaders to its sanctions list."
    assert ("sanction_imposed", "European Union", ["Libya"]) in kinds_found(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Tehran vowed to avenge the downing of its airliner over the Gulf.",
            ("attack_reported", None, ["Iran"]),
        ),
        (
            "Reagan voiced regret on Monday for the downing of an Iranian airliner by a U.S. "
            "cruiser.",
            ("attack_reported", "United States", ["Iran"]),
        ),
    ],
)
def test_an_act_named_as_a_noun_is_done_by_its_agent_not_by_who_speaks_of_it(
    make_article: MakeArticle, body: str, expected: Found
) -> None:
    assert expected in kinds_found(make_article, body, "1988-07-05T10:00:00+00:00")


def test_a_place_controlled_by_a_side_is_not_its_act(make_article: MakeArticle) -> None:
    body = "The shelling of districts controlled by Kyiv left 12 dead near Donetsk."
    found = kinds_found(make_article, body)
    assert not [f for f in found if f[0] == "strike_reported" and f[1] is not None]


def test_a_doubt_that_a_party_did_something_doubts_that_party(make_article: MakeArticle) -> None:
    body = "Israeli officials expressed doubt that Syria had pulled its troops back."
    assert ("skepticism_expressed", "Israel", ["Syria"]) in kinds_found(make_article, body)


@pytest.mark.parametrize(
    "body",
    [
        "Gunmen assassinated a Sunni cleric in Tripoli on Friday.",
        "Arsonists firebombed a synagogue in the city overnight.",
        "Rebels captured the town of Gisenyi after heavy fighting.",
        "Bosnian Serb forces laid siege to the enclave.",
        "Police and militants fought a gun battle in Karachi, leaving five dead.",
        "The army launched an assault on the rebel stronghold at dawn.",
        "Iraqi troops used poison gas against Kurdish villagers in Halabja.",
    ],
)
def test_attacks_older_copy_names(make_article: MakeArticle, body: str) -> None:
    found = kinds_found(make_article, body, NINETIES)
    assert [f for f in found if f[0] == "attack_reported"]


@pytest.mark.parametrize(
    "body",
    [
        "He was charged with assault after the match.",
        "The photographer captured the mood of the crowd.",
        "The lone gunman captured alive is a Pakistani national, officials said.",
    ],
)
def test_words_of_attack_used_otherwise(make_article: MakeArticle, body: str) -> None:
    found = kinds_found(make_article, body, NINETIES)
    assert not [f for f in found if f[0] == "attack_reported"]


def test_fire_on_a_city_is_an_attack_on_it(make_article: MakeArticle) -> None:
    body = "Serb gunners fired on the city overnight but no casualties were reported."
    assert [f for f in kinds_found(make_article, body, NINETIES) if f[0] == "attack_reported"]
