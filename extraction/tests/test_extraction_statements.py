"""What actors say, said the ways wire copy says it: blame, threats, denials, doubts and pledges
worded without the plain verbs, who speaks for whom, whom a statement answers, and when."""

from __future__ import annotations

from datetime import date

import pytest

from extraction_articles import Found, MakeArticle, found_in
from storyline_extraction import extract


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Foreign Minister Jean Dupont pinned the blame on Moldova.",
            ("accusation_made", "Jean Dupont", ["Moldova"]),
        ),
        (
            "Poland held Belarus responsible for the border incident.",
            ("accusation_made", "Poland", ["Belarus"]),
        ),
        (
            "Moldova was behind the cyberattack, Romanian officials said.",
            ("accusation_made", "Romania", ["Moldova"]),
        ),
        (
            "Police said the ambush bore the hallmarks of al-Shabaab.",
            ("accusation_made", None, ["al-Shabaab"]),
        ),
        (
            "Investigators said the bombing was most probably the work of the Islamic State.",
            ("accusation_made", None, ["Islamic State"]),
        ),
        (
            "Amid allegations by Kyiv that Moscow had sabotaged the dam, the Kremlin was silent.",
            ("accusation_made", "Ukraine", ["Russia"]),
        ),
        (
            "Mikhail Kamynin said responsibility for the riots lies entirely with the Estonian "
            "authorities.",
            ("accusation_made", "Mikhail Kamynin", ["Estonia"]),
        ),
        (
            "Hajiyev said on Twitter that Armenian forces had fired rockets at the town.",
            ("accusation_made", "Hikmet Hajiyev", ["Armenia"]),
        ),
    ],
)
def test_blame_said_other_ways_is_an_accusation(
    make_article: MakeArticle, body: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert expected in found_in(make_article, body)


def test_an_act_reported_with_a_time_and_a_count_is_an_incident_not_blame(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article, "Iraq fired eight missiles at Israel early on Friday, the army said."
    )

    assert [f for f in found if f[0] == "accusation_made"] == []


def test_an_act_said_in_the_articles_own_voice_is_no_accusation(
    make_article: MakeArticle,
) -> None:
    found = found_in(make_article, "The ambush bore the hallmarks of al-Shabaab.")

    assert [f for f in found if f[0] == "accusation_made"] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Iran vowed a crushing response to the killing.", ("threat_issued", "Iran", [])),
        (
            "Peru warned Chile of serious consequences if the talks failed.",
            ("threat_issued", "Peru", ["Chile"]),
        ),
        (
            '"Those responsible will pay," Prime Minister Tamar Levi said.',
            ("threat_issued", "Tamar Levi", []),
        ),
        ("Hungary said it reserved the right to retaliate.", ("threat_issued", "Hungary", [])),
        (
            "Iran's Supreme Leader Ayatollah Ali Khamenei said those behind the killing would "
            "face a harsh retaliation.",
            ("threat_issued", "Ali Khamenei", []),
        ),
        (
            "Baghdad threatened to attack Israel if it was attacked.",
            ("threat_issued", "Iraq", ["Israel"]),
        ),
    ],
)
def test_threats_said_other_ways_are_threats(
    make_article: MakeArticle, body: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert expected in found_in(make_article, body)


def test_talk_of_a_response_is_no_threat(make_article: MakeArticle) -> None:
    found = found_in(
        make_article, "Biden said Washington would discuss a diplomatic response with its allies."
    )

    assert [f for f in found if f[0] == "threat_issued"] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Cuba dismissed the accusation as fabricated.", ("denial_issued", "Cuba", [])),
        ("Syria said it had no part in the attack.", ("denial_issued", "Syria", [])),
        ("Venezuela branded the claims baseless.", ("denial_issued", "Venezuela", [])),
        (
            "Ukrainian claims that Russian ships opened fire without warning are groundless, "
            "Leonid Slutsky said.",
            ("denial_issued", "Leonid Slutsky", ["Ukraine"]),
        ),
        (
            '"We did not fire on the market," Karadzic said.',
            ("denial_issued", "Radovan Karadzic", []),
        ),
    ],
)
def test_denials_said_other_ways_are_denials(
    make_article: MakeArticle, body: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert expected in found_in(make_article, body)


def test_a_dismissed_claim_is_the_claimants_accusation_too(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "Ukrainian claims that Russian ships opened fire without warning are groundless, "
        "Leonid Slutsky said.",
    )

    assert ("accusation_made", "Ukraine", ["Russia"]) in found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The Netherlands could not independently confirm the report.",
            ("skepticism_expressed", "Netherlands", []),
        ),
        (
            "The United Nations urged caution about the claim.",
            ("skepticism_expressed", "United Nations", []),
        ),
        ("The footage could not be independently verified.", ("skepticism_expressed", None, [])),
        (
            "Reuters could not independently verify the account.",
            ("skepticism_expressed", None, []),
        ),
    ],
)
def test_doubts_said_other_ways_are_doubts(
    make_article: MakeArticle, body: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert expected in found_in(make_article, body)


def test_a_confirmation_is_no_doubt(make_article: MakeArticle) -> None:
    found = found_in(make_article, "The ministry confirmed the report.")

    assert [f for f in found if f[0] == "skepticism_expressed"] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("NATO said it would investigate the crash.", ("pledge_made", "NATO", [])),
        (
            "Jaitley said India would launch a diplomatic offensive to isolate Pakistan.",
            ("pledge_made", "India", []),
        ),
    ],
)
def test_an_actors_own_action_announced_is_a_pledge(
    make_article: MakeArticle, body: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert expected in found_in(make_article, body)


def test_what_another_party_will_do_is_no_pledge(make_article: MakeArticle) -> None:
    found = found_in(make_article, "Analysts said Iran would attack soon.")

    assert [f for f in found if f[0] == "pledge_made"] == []


def test_two_statements_in_one_sentence_are_two_events(make_article: MakeArticle) -> None:
    found = found_in(
        make_article, "Serbia accused Kosovo of the attack and threatened to retaliate."
    )

    assert ("accusation_made", "Serbia", ["Kosovo"]) in found
    assert ("threat_issued", "Serbia", ["Kosovo"]) in found


def test_an_actor_never_accuses_itself(make_article: MakeArticle) -> None:
    found = found_in(make_article, "Ukraine accused Ukraine of shelling the plant.")

    assert [f for f in found if f[0] == "accusation_made"] == []


def test_a_spokesman_is_kept_and_stands_for_his_state(make_article: MakeArticle) -> None:
    events = extract(
        make_article(
            '"The sponsor was Iran," Colonel Turki al-Maliki, the spokesman for the Saudi '
            "defence ministry, told reporters."
        )
    ).events

    accusation = next(e for e in events if e.kind == "accusation_made")
    assert accusation.source is not None
    assert (accusation.source.canonical, accusation.source.country) == ("Turki al-Maliki", "SAU")
    assert [t.canonical for t in accusation.targets] == ["Iran"]


def test_an_unnamed_ministry_speaks_for_the_state_of_the_dateline(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article,
        "TEHRAN, May 4 (Wire) - The Ministry of Foreign Affairs said the Zionist regime was "
        "responsible for the crime.",
    )

    assert ("accusation_made", "Iran", ["Israel"]) in found


def test_a_denial_answers_the_accusers_of_the_deniers_side(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "Britain accused Iran of the tanker attacks. Washington blamed Iran as well. "
        "Iran rejected the accusations.",
    )

    assert ("denial_issued", "Iran", ["United Kingdom", "United States"]) in found


def test_a_threat_with_nobody_named_is_against_the_adversary(make_article: MakeArticle) -> None:
    found = found_in(
        make_article, "Iran blamed Israel for the sabotage. It vowed to avenge the victims."
    )

    assert ("threat_issued", "Iran", ["Israel"]) in found


def test_a_mercenary_chief_accusing_his_own_states_army_accuses_someone(
    make_article: MakeArticle,
) -> None:
    found = found_in(
        make_article, "Prigozhin said the Russian defence ministry had struck his camps."
    )

    assert ("accusation_made", "Yevgeny Prigozhin", ["Russia"]) in found


def test_a_statement_with_no_time_of_its_own_is_dated_on_the_publication_day(
    make_article: MakeArticle,
) -> None:
    events = extract(
        make_article("Egypt denied the accusation.", published_at="2023-05-04T10:00:00+00:00")
    ).events

    assert len(events) == 1
    assert events[0].when is not None
    assert (events[0].when.start, events[0].when.precision, events[0].when.text) == (
        date(2023, 5, 4),
        "day",
        None,
    )


def test_a_statement_with_its_own_day_keeps_it(make_article: MakeArticle) -> None:
    events = extract(
        make_article(
            "Egypt on Tuesday denied the accusation.", published_at="2023-05-04T10:00:00+00:00"
        )
    ).events

    assert events[0].when is not None
    assert events[0].when.start == date(2023, 5, 2)
    assert events[0].when.text is not None


@pytest.mark.parametrize(
    "body",
    [
        "Armenia and Azerbaijan blamed each other for the shelling of the village.",
        "Armenia and Azerbaijan, without offering evidence, quickly blamed each other.",
        "Six soldiers died on the border, as Armenia and Azerbaijan traded blame.",
        "Yerevan and Baku traded accusations over the clash on Tuesday.",
    ],
)
def test_parties_blaming_each_other_each_accuse_the_other(
    make_article: MakeArticle, body: str
) -> None:
    found = found_in(make_article, body)

    assert ("accusation_made", "Armenia", ["Azerbaijan"]) in found
    assert ("accusation_made", "Azerbaijan", ["Armenia"]) in found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Ghana has offered to send two battalions to Mali, the defence minister said.",
            ("pledge_made", "Ghana", ["Mali"]),
        ),
        (
            "Norway is willing to send equipment to help defend Latvia, officials said.",
            ("pledge_made", "Norway", ["Latvia"]),
        ),
        (
            "Kenya is ready to send 1,000 police officers to Haiti, its foreign minister said.",
            ("pledge_made", "Kenya", ["Haiti"]),
        ),
    ],
)
def test_an_offer_or_a_readiness_to_act_is_a_pledge(
    make_article: MakeArticle, body: str, expected: tuple[str, str, list[str]]
) -> None:
    assert expected in found_in(make_article, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Peru protested against Chile's seizure of the trawler.",
            [("accusation_made", "Peru", ["Chile"])],
        ),
        (
            "Ecuador lodged an official protest with Colombia over the raid.",
            [("accusation_made", "Ecuador", ["Colombia"])],
        ),
        (
            "Jordan complained to the Security Council over two Syrian air raids.",
            [("accusation_made", "Jordan", ["Syria"])],
        ),
        ("Kenya condemned the bombing of the market in Mogadishu.", []),
    ],
)
def test_a_protest_or_a_condemnation_of_someone_named_accuses_them(
    make_article: MakeArticle, body: str, expected: list[Found]
) -> None:
    found = [f for f in found_in(make_article, body) if f[0] == "accusation_made"]

    assert found == expected


def test_an_incident_report_accuses_when_the_other_side_blames_back(
    make_article: MakeArticle,
) -> None:
    disputed = found_in(
        make_article,
        "Armenia said Azerbaijani forces shelled the village of Sotk on Tuesday. "
        "Azerbaijan accused Armenia of staging a provocation.",
    )
    undisputed = found_in(
        make_article, "Armenia said Azerbaijani forces shelled the village of Sotk on Tuesday."
    )

    assert ("accusation_made", "Armenia", ["Azerbaijan"]) in disputed
    assert not [f for f in undisputed if f[0] == "accusation_made"]


def test_an_incident_report_accuses_when_the_accused_denies(make_article: MakeArticle) -> None:
    found = found_in(
        make_article,
        "Baku said Armenian forces shelled the village of Sotk on Tuesday. "
        "Yerevan denied any part in the shelling.",
    )

    assert ("accusation_made", "Azerbaijan", ["Armenia"]) in found


def test_blame_joined_to_a_reported_clause_is_the_speakers(make_article: MakeArticle) -> None:
    found = found_in(
        make_article, "Baku said two shells had hit the village and blamed Armenian forces."
    )

    assert ("accusation_made", "Azerbaijan", ["Armenia"]) in found


@pytest.mark.parametrize(
    "body",
    [
        "Iran reserves the right to respond, the foreign ministry spokesman said.",
        "Iran will reserve the right to take necessary measures, spokesman Ali Karimi said.",
    ],
)
def test_who_reserves_the_right_to_respond_threatens_and_pledges_nothing(
    make_article: MakeArticle, body: str
) -> None:
    found = found_in(make_article, body)

    assert [f[:2] for f in found] == [("threat_issued", "Iran")]


@pytest.mark.parametrize(
    "body",
    [
        "Tehran said claims that Iran was behind the explosion were stupid.",
        'Tehran said it was "stupid and absurd" to suspect that Iran was behind the blast.',
        "Iran's foreign ministry called the court ruling politically motivated.",
    ],
)
def test_a_claim_or_a_ruling_called_stupid_or_politically_motivated_is_denied(
    make_article: MakeArticle, body: str
) -> None:
    found = found_in(make_article, body)

    assert [f[:2] for f in found if f[0] == "denial_issued"] == [("denial_issued", "Iran")]
