"""Incidents as wire copy reports them: whom a strike or an attack hit (read from what was hit
and where), shooting down an aircraft, and gunmen who are only mentioned."""

from __future__ import annotations

import pytest

from extraction_articles import MakeArticle
from storyline_extraction import ExtractedEvent, extract


def incidents(events: tuple[ExtractedEvent, ...]) -> list[tuple[str, str | None, list[str]]]:
    return [
        (
            e.kind,
            e.source.canonical if e.source else None,
            sorted(t.canonical or t.text for t in e.targets),
        )
        for e in events
        if e.kind in {"strike_reported", "attack_reported", "interception_reported"}
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a place hit stands for the state it lies in
        (
            "Ukrainian drones hit an oil depot in Bryansk on Friday, the governor said.",
            ("strike_reported", "Ukraine", ["Russia"]),
        ),
        # a demonym on what was hit names its owner
        (
            "Hezbollah fired dozens of rockets at the northern Israeli town of Nahariya.",
            ("strike_reported", "Hezbollah", ["Israel"]),
        ),
        # the subject of a passive is what was hit; the "by" agent is not
        (
            "An Israeli-owned cargo ship was hit by a missile off the coast of Oman on Tuesday.",
            ("strike_reported", None, ["Israel"]),
        ),
        # a group's own stronghold is the group
        (
            "Israel's military said it had struck the headquarters of Hezbollah in Beirut.",
            ("strike_reported", "Israel", ["Hezbollah"]),
        ),
        # state media's label for a state is its demonym
        (
            "Hezbollah said its fighters had fired rockets at two Zionist army posts overnight.",
            ("strike_reported", "Hezbollah", ["Israel"]),
        ),
        # the forces a base houses are what was hit, not the land it stands on
        (
            "Militias fired rockets at an air base in Syria hosting American troops on Monday.",
            ("strike_reported", None, ["United States"]),
        ),
        # "their position": the party named before, not the attacker
        (
            "The Houthis said two fighters were killed when Saudi jets bombed their "
            "positions on Tuesday.",
            ("strike_reported", "Saudi Arabia", ["Houthis"]),
        ),
        # where the fire came from is not what it hit
        (
            "Missiles fired from Yemen struck two plants at Abqaiq in eastern Saudi Arabia.",
            ("strike_reported", None, ["Saudi Arabia"]),
        ),
    ],
)
def test_a_strike_targets_whoever_owns_what_was_hit(
    make_article: MakeArticle, sentence: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert incidents(extract(make_article(sentence)).events) == [expected]


def test_a_strike_never_targets_its_own_attacker(make_article: MakeArticle) -> None:
    article = make_article("Syrian government forces shelled rebel-held suburbs of Damascus.")

    found = incidents(extract(article).events)

    assert found == [("strike_reported", "Syria", [])]


def test_an_unnamed_target_is_the_one_the_previous_incident_hit(
    make_article: MakeArticle,
) -> None:
    article = make_article(
        "Drones struck two oil facilities in eastern Saudi Arabia on Saturday. "
        "The Houthi movement said it had launched 10 drones at the plants."
    )

    found = incidents(extract(article).events)

    assert found == [
        ("strike_reported", None, ["Saudi Arabia"]),
        ("strike_reported", "Houthis", ["Saudi Arabia"]),
    ]


def test_waters_are_nobodys_territory(make_article: MakeArticle) -> None:
    article = make_article("Russian jets struck the Black Sea port of Poti on Saturday.")

    assert incidents(extract(article).events) == [("strike_reported", "Russia", ["Georgia"])]


@pytest.mark.parametrize(
    "sentence",
    [
        "A U.S. Navy cruiser shot down an Iranian airliner over the Gulf on Sunday.",
        "The Iranian passenger plane was shot down by a U.S. warship on Sunday.",
    ],
)
def test_an_airliner_shot_down_is_an_attack_not_an_interception(
    make_article: MakeArticle, sentence: str
) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert [(kind, targets) for kind, _, targets in found] == [("attack_reported", ["Iran"])]


def test_drones_shot_down_are_still_an_interception(make_article: MakeArticle) -> None:
    article = make_article("British jets shot down a number of Iranian drones over Iraq.")

    assert [kind for kind, _, _ in incidents(extract(article).events)] == ["interception_reported"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Commandos killed the two remaining gunmen in the hotel on Saturday.",
        "The lone gunman captured alive is a Pakistani national, officials said.",
    ],
)
def test_gunmen_only_mentioned_are_no_attack(make_article: MakeArticle, sentence: str) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert [kind for kind, _, _ in found if kind == "attack_reported"] == []


def test_gunmen_opening_fire_are_an_attack(make_article: MakeArticle) -> None:
    article = make_article("Gunmen on motorbikes surrounded the village before opening fire.")

    assert [kind for kind, _, _ in incidents(extract(article).events)] == ["attack_reported"]


def test_what_came_under_fire_is_the_target_not_the_attacker(make_article: MakeArticle) -> None:
    article = make_article("A U.S. diplomatic convoy came under fire in Khartoum on Monday.")

    assert incidents(extract(article).events) == [("attack_reported", None, ["United States"])]


@pytest.mark.parametrize(
    "sentence",
    [
        "A U.S. diplomatic convoy came under fire in Khartoum on Monday.",
        "Two aid trucks were set ablaze on a border bridge on Saturday.",
        "A Chinese coast guard ship fired a water cannon at a Philippine boat on Saturday.",
    ],
)
def test_attacks_said_other_ways_are_attacks(make_article: MakeArticle, sentence: str) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert "attack_reported" in [kind for kind, _, _ in found]


def tolls(events: tuple[ExtractedEvent, ...]) -> list[str | None]:
    return [
        e.source.canonical if e.source else None for e in events if e.kind == "casualties_reported"
    ]


@pytest.mark.parametrize(
    ("body", "source"),
    [
        # unnamed officials speak for the state whose people were hit
        ("Six Ukrainian sailors were wounded, two of them seriously, the navy said.", "Ukraine"),
        (
            "Iraq fired eight missiles at Israel early on Friday, injuring at least a dozen "
            "people, the army said.",
            "Israel",
        ),
        # ... or, with no state in the sentence, for the state the article is about
        (
            "A private jet crashed in Russia's Tver region on Wednesday, Russia's emergencies "
            "ministry said. According to authorities, seven bodies have been recovered.",
            "Russia",
        ),
        # a named body gives its own figure
        (
            "Medecins Sans Frontieres said 355 patients had died in its hospitals.",
            "Medecins Sans Frontieres",
        ),
        # a national Red Cross or Red Crescent society is itself, not its country
        (
            "An Israeli drone strike hit a house in Jenin on Monday. Three people were killed, "
            "the Palestine Red Crescent Society said.",
            "Palestine Red Crescent Society",
        ),
        # "the charity" is the charity named before
        (
            "Medecins Sans Frontieres runs two clinics near Aleppo. About 40 patients died "
            "there on Tuesday, the charity said.",
            "Medecins Sans Frontieres",
        ),
        # a general staff is a military body too; the toll is its state's
        (
            "Syrian shells hit the Turkish border town of Akcakale on Monday. Four soldiers were "
            "killed and nine wounded, the General Staff said.",
            "Turkey",
        ),
        # a toll raised or revised is still given by whoever changes it
        (
            "A mortar round hit a Kenyan base near Kismayo on Sunday. The Kenyan army raised "
            "the death toll to nine on Tuesday.",
            "Kenya",
        ),
        # an aside between the speaker and the verb is not who speaks
        (
            "Pakistani officials, speaking on condition of anonymity, said 12 Afghan border "
            "guards had been killed in the clash.",
            "Pakistan",
        ),
        # "the Navy", named without its state, speaks for the state whose sailors were hit
        (
            "An Iraqi jet fired two missiles at the British destroyer Sheffield on Sunday. The "
            "Navy raised the death toll to 20 on Tuesday.",
            "United Kingdom",
        ),
        # a live blog's label gives the toll that follows it
        ("Georgian defence ministry: three soldiers killed near Gori.", "Georgia"),
        # police, witnesses and sources name nobody
        ("A car bomb killed at least 14 people in Mogadishu on Tuesday, police said.", None),
        # a toll that is only a quote's background is given by nobody
        (
            '"They will pay a heavy price," Prime Minister Narendra Modi said on Friday, a day '
            "after a suicide bombing killed 40 policemen.",
            None,
        ),
    ],
)
def test_a_toll_is_given_by_who_reports_it(
    make_article: MakeArticle, body: str, source: str | None
) -> None:
    assert tolls(extract(make_article(body)).events) == [source]


def test_one_casualty_event_per_sentence(make_article: MakeArticle) -> None:
    article = make_article(
        "The blast killed 12 people and wounded 30 others, and two more died in hospital, "
        "officials said."
    )

    assert len(tolls(extract(article).events)) == 1


def incident_dates(events: tuple[ExtractedEvent, ...]) -> list[tuple[str, str | None]]:
    return [
        (e.kind, e.when.start.isoformat() if e.when and e.when.start else None)
        for e in events
        if e.kind
        in {"strike_reported", "attack_reported", "casualties_reported", "statistic_reported"}
    ]


# 2023-05-04 is a Thursday: Tuesday is 2 May, Sunday 30 April.


def test_a_possessive_weekday_dates_the_incident_it_names(make_article: MakeArticle) -> None:
    article = make_article(
        "The death toll from Sunday's missile attack on the frigate rose to 37 on Tuesday."
    )

    assert ("strike_reported", "2023-04-30") in incident_dates(extract(article).events)


def test_days_after_counts_back_from_the_sentences_own_date(make_article: MakeArticle) -> None:
    article = make_article(
        "The minister resigned on Tuesday, two days after an artillery attack on the island "
        "killed four marines."
    )

    found = incident_dates(extract(article).events)

    assert ("strike_reported", "2023-04-30") in found
    assert ("casualties_reported", "2023-04-30") in found


def test_an_incident_with_no_time_of_its_own_takes_the_articles_incident_date(
    make_article: MakeArticle,
) -> None:
    article = make_article(
        "Drones struck two oil plants in eastern Saudi Arabia on Sunday. "
        "The Houthi movement said it had launched 10 drones at the plants."
    )

    assert incident_dates(extract(article).events) == [
        ("strike_reported", "2023-04-30"),
        ("strike_reported", "2023-04-30"),
    ]


def test_an_undated_figure_is_the_reports_days(make_article: MakeArticle) -> None:
    article = make_article("Brent crude jumped as much as 19% at the open.")

    assert incident_dates(extract(article).events) == [("statistic_reported", "2023-05-04")]


@pytest.mark.parametrize(
    "sentence",
    [
        "German intelligence intercepted radio communications between Russian soldiers.",
        "The general accepted full responsibility for the downing.",
        "The blast brought down a seven-storey office block next door.",
    ],
)
def test_what_is_not_in_flight_is_not_intercepted(make_article: MakeArticle, sentence: str) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert [kind for kind, _, _ in found if kind == "interception_reported"] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Amateur videos showed rows of bodies lying in the street.",
        "Tehran said a response to the killing of the commander was imminent.",
        "The group accused the army of raping and killing civilians in the area.",
    ],
)
def test_deaths_named_without_a_toll_are_no_casualty_report(
    make_article: MakeArticle, sentence: str
) -> None:
    assert tolls(extract(make_article(sentence)).events) == []


def test_a_toll_that_rose_to_a_figure_is_a_casualty_report(make_article: MakeArticle) -> None:
    article = make_article("The toll from Friday's bombing of the embassy rose to 96.")

    events = extract(article).events

    toll = next(e for e in events if e.kind == "casualties_reported")
    assert [f.value for f in toll.figures] == [96]


def test_the_weapons_of_a_reported_strike_argued_over_are_no_new_strike(
    make_article: MakeArticle,
) -> None:
    article = make_article(
        "A missile hit an apartment block in Ganja on Sunday. "
        "Azerbaijan said the missile had been fired from Armenian territory."
    )

    kinds = [kind for kind, _, _ in incidents(extract(article).events)]

    assert kinds == ["strike_reported"]


def test_a_missile_fired_over_japan_is_a_launch_not_a_strike(make_article: MakeArticle) -> None:
    article = make_article("North Korea fired a ballistic missile over Japan on Tuesday.")

    assert incidents(extract(article).events) == []


def test_a_large_count_is_a_figure_reported(make_article: MakeArticle) -> None:
    article = make_article("More than 36,000 people have fled the fighting, the UN said.")

    stats = [e for e in extract(article).events if e.kind == "statistic_reported"]

    assert [f.value for e in stats for f in e.figures] == [36_000]


def test_a_count_expected_is_no_figure_reported(make_article: MakeArticle) -> None:
    article = make_article("The festival expects around 90,000 visitors next month.")

    assert [e.kind for e in extract(article).events] == []


def test_an_interceptor_destroying_a_missile_is_an_interception(
    make_article: MakeArticle,
) -> None:
    article = make_article("A U.S. Patriot missile destroyed an Iraqi Scud missile over Dhahran.")

    kinds = [kind for kind, _, _ in incidents(extract(article).events)]

    assert kinds == ["interception_reported"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Several drones were shot down on the approach to Kyiv overnight.",
        "A missile was intercepted over Lviv on Tuesday.",
    ],
)
def test_an_interception_with_no_defender_named_is_by_the_state_it_happened_over(
    make_article: MakeArticle, sentence: str
) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert found == [("interception_reported", "Ukraine", [])]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Hezbollah guerrillas have killed a militia commander in southern Lebanon.",
            [("attack_reported", "Hezbollah", [])],
        ),
        ("Troops killed six insurgents in a clash on Friday, the army said.", []),
    ],
)
def test_a_killing_by_named_armed_men_is_an_attack_by_them(
    make_article: MakeArticle, sentence: str, expected: list[tuple[str, str | None, list[str]]]
) -> None:
    assert incidents(extract(make_article(sentence)).events) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Soldiers ransacked a village council office near Hebron on Monday.",
        "Rival militias battled for control of the airport road on Monday.",
        "Fighting broke out between the two factions near the border on Monday.",
        "Protesters attacked the local office of the ruling party in Dhaka on Thursday.",
        "Gunmen damaged two buildings of the electoral commission in the town on Thursday.",
        "A wave of cyber attacks knocked out the websites of the ministries on Friday.",
        "Students pelted the consulate with stones and paint on Saturday.",
        "Police said the abduction of 30 pupils from the school took place on Monday.",
    ],
)
def test_violence_without_an_attack_verb_or_on_a_building_is_an_attack(
    make_article: MakeArticle, sentence: str
) -> None:
    kinds = [kind for kind, _source, _targets in incidents(extract(make_article(sentence)).events)]

    assert kinds == ["attack_reported"]


def test_an_attack_made_using_drones_is_a_strike(make_article: MakeArticle) -> None:
    sentence = "Ukraine attacked the naval base overnight using sea drones, Russian officials said."

    kinds = [kind for kind, _source, _targets in incidents(extract(make_article(sentence)).events)]

    assert kinds == ["strike_reported"]


def test_shooting_down_a_balloon_is_an_attack_on_an_aircraft(make_article: MakeArticle) -> None:
    sentence = "Canadian jets shot down a suspected Russian surveillance balloon over Yukon."

    kinds = [kind for kind, _source, _targets in incidents(extract(make_article(sentence)).events)]

    assert kinds == ["attack_reported"]


def test_everyone_on_board_killed_is_a_toll_without_a_number(make_article: MakeArticle) -> None:
    body = "The aviation agency said all those on board the business jet were killed."

    kinds = [e.kind for e in extract(make_article(body)).events]

    assert kinds == ["casualties_reported"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Two Georgian drones unsuccessfully attempted to strike the Kremlin this month.",
            ("strike_reported", "Georgia", ["Russia"]),
        ),
        (
            "Georgian forces were carrying out an attack on the bridge, the committee said.",
            ("attack_reported", "Georgia", []),
        ),
    ],
)
def test_the_doer_of_an_attempted_strike_or_an_attack_carried_out(
    make_article: MakeArticle, sentence: str, expected: tuple[str, str, list[str]]
) -> None:
    assert incidents(extract(make_article(sentence)).events) == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the accused carried out the act, not the accuser
        (
            "Azerbaijan has accused Armenia of carrying out an attack on the Lachin bridge that "
            "halted traffic and killed two people, according to reports.",
            ("attack_reported", "Armenia", ["Azerbaijan"]),
        ),
        # a name followed by a preposition does not modify the act after it
        (
            "Comments by Prime Minister Rishi Sunak on the bombing of the pipeline drew anger.",
            ("attack_reported", None, []),
        ),
        # a plural demonym then a clause is no armed group: "Russians after drones hit"
        (
            "Vladimir Putin accused Kyiv of seeking to frighten Russians after drones hit "
            "Moscow high-rises.",
            ("strike_reported", None, ["Russia"]),
        ),
    ],
)
def test_who_did_it_is_not_taken_from_a_word_that_does_not_modify_the_act(
    make_article: MakeArticle, body: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert expected in incidents(extract(make_article(body)).events)


def test_a_war_named_since_its_beginning_is_no_incident(make_article: MakeArticle) -> None:
    body = "Kyiv has lost power often since the start of the Russian bombing campaign."

    assert incidents(extract(make_article(body)).events) == []


def test_the_agency_reporting_an_incident_is_not_its_target(make_article: MakeArticle) -> None:
    body = (
        "More than a dozen shells struck the plant on Saturday evening and Sunday, the "
        "International Atomic Energy Agency said."
    )

    assert incidents(extract(make_article(body)).events) == [("strike_reported", None, [])]


def test_each_defender_after_by_intercepts(make_article: MakeArticle) -> None:
    body = (
        "Iran fired missiles at Israel overnight.\n"
        "Most of the missiles were intercepted by Israeli and US air defences, the army said."
    )

    sources = [
        e.source.canonical if e.source else None
        for e in extract(make_article(body)).events
        if e.kind == "interception_reported"
    ]
    assert sorted(s or "" for s in sources) == ["Israel", "United States"]


def test_a_barrage_of_strikes_is_one_incident_not_strikes_at_large(
    make_article: MakeArticle,
) -> None:
    body = "Sirens sounded across the region during a barrage of Russian strikes."

    assert [k for k, _, _ in incidents(extract(make_article(body)).events)] == ["strike_reported"]


def test_the_told_weapon_in_an_accusation_leaves_its_clause_to_the_other_incident(
    make_article: MakeArticle,
) -> None:
    body = (
        "Two people were killed after a missile hit a village in eastern Jordan.\n"
        "Ayman Safadi said the missile was fired by Syrian air defences to defend against a "
        "barrage of Israeli strikes."
    )

    second = [
        (e.kind, e.source.canonical if e.source else None)
        for e in extract(make_article(body)).events
        if e.kind == "strike_reported" and e.evidence.start > 0
    ]
    assert ("strike_reported", "Syria") not in second
    assert ("strike_reported", "Israel") in second


def test_each_attacker_after_by_strikes_and_none_is_what_was_hit(
    make_article: MakeArticle,
) -> None:
    body = "The radar site was struck by American and British jets overnight."

    found = incidents(extract(make_article(body)).events)
    assert sorted(found, key=str) == [
        ("strike_reported", "United Kingdom", []),
        ("strike_reported", "United States", []),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister said the evidence showed the plane had been shot down by an Iranian missile.",
        "The air force said a Pakistani F-16 had been shot down in the clash.",
    ],
)
def test_an_aircraft_shot_down_by_a_missile_is_no_interception(
    make_article: MakeArticle, sentence: str
) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert "interception_reported" not in [kind for kind, _, _ in found]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("RAF jets shot down several drones over Syria, the minister said.", "United Kingdom"),
        ("Air defences repelled a drone attack on a refinery in Samara, officials said.", "Russia"),
    ],
)
def test_drones_downed_or_repelled_are_an_interception_by_the_defender(
    make_article: MakeArticle, sentence: str, source: str
) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert ("interception_reported", source, []) in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Government troops repelled an assault on the village, the army said.",
        "The destruction of the bridge cut the town off, the governor said.",
    ],
)
def test_repelling_an_assault_on_the_ground_is_no_interception(
    make_article: MakeArticle, sentence: str
) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert "interception_reported" not in [kind for kind, _, _ in found]


def test_an_act_someone_denies_is_not_told_as_an_incident(make_article: MakeArticle) -> None:
    sentence = "The Russian defence ministry denied reports that Russian missiles had hit Poland."

    assert incidents(extract(make_article(sentence)).events) == []


@pytest.mark.parametrize(
    ("sentence", "firing"),
    [
        (
            "Rebel radio said Iranian troops had also been shelling rebel positions near the "
            "border.",
            "Iran",
        ),
        (
            "Rebel radio said Iraqi heavy artillery was pounding rebel positions in the north.",
            "Iraq",
        ),
    ],
)
def test_who_has_been_firing_fires_and_is_not_hit(
    make_article: MakeArticle, sentence: str, firing: str
) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert found == [("strike_reported", firing, [])]


def test_a_town_under_heavy_shelling_is_what_was_hit(make_article: MakeArticle) -> None:
    sentence = "Stepanakert has been under heavy shelling since yesterday, officials said."

    found = incidents(extract(make_article(sentence)).events)

    assert [(kind, targets) for kind, _, targets in found] == [
        ("strike_reported", ["Nagorno-Karabakh"])
    ]


def test_a_kurdish_party_gives_a_toll(make_article: MakeArticle) -> None:
    sentence = "The KDP said 29 PUK fighters were killed in the attack."

    tolls = [e for e in extract(make_article(sentence)).events if e.kind == "casualties_reported"]

    assert [e.source.canonical for e in tolls if e.source] == ["Kurdistan Democratic Party"]


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        (
            "North Korea's deadly artillery attack on Yeonpyeong island killed two marines.",
            "North Korea",
        ),
        (
            "The commander died in a cowardly attack by American helicopters near the airport.",
            "United States",
        ),
        # state-media copy: the state's adjective, lower-cased, among other words before the noun
        (
            "The south Korean puppet group, which has been holding war drills near the border, "
            "committed the grave provocation of firing shells into the waters of the DPRK on "
            "Sunday.",
            "South Korea",
        ),
        # the act's noun, then "was carried out by" in its clause
        (
            "The attack on the border post was carried out by Tajik troops, Kyrgyz officials said.",
            "Tajikistan",
        ),
    ],
)
def test_the_owner_or_agent_of_an_acts_noun_did_it(
    make_article: MakeArticle, sentence: str, doer: str
) -> None:
    sources = [
        source for _kind, source, _targets in incidents(extract(make_article(sentence)).events)
    ]

    assert sources == [doer]


def test_warships_that_sank_boats_struck_them_and_a_ferry_that_sank_did_not(
    make_article: MakeArticle,
) -> None:
    sank = "U.S. warships sank two Iranian gunboats in the Gulf on Monday."
    foundered = "The ferry sank off the coast in a storm on Monday."

    assert incidents(extract(make_article(sank)).events) == [
        ("strike_reported", "United States", ["Iran"])
    ]
    assert incidents(extract(make_article(foundered)).events) == []


def test_a_drone_that_crashed_into_a_building_struck_it_and_an_airliner_did_not(
    make_article: MakeArticle,
) -> None:
    drone = "A drone crashed into the upper floors of a residential building in Moscow on Tuesday."
    airliner = "A passenger aircraft crashed into a field near Tver on Wednesday."

    assert [k for k, _, _ in incidents(extract(make_article(drone)).events)] == ["strike_reported"]
    assert incidents(extract(make_article(airliner)).events) == []


def test_bombs_that_went_off_are_an_attack_and_bombs_dropped_a_strike(
    make_article: MakeArticle,
) -> None:
    planted = "Bombs exploded minutes apart outside two embassies in Nairobi on Friday."
    dropped = "Bombs dropped by warplanes exploded in the market on Friday."

    assert [k for k, _, _ in incidents(extract(make_article(planted)).events)] == [
        "attack_reported"
    ]
    assert [k for k, _, _ in incidents(extract(make_article(dropped)).events)] == [
        "strike_reported"
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "An F-22 fighter jet fired a missile at the balloon off the coast on Saturday.",
        "The cruiser fired two surface-to-air missiles at the plane over the Gulf on Sunday.",
    ],
)
def test_missiles_fired_at_an_aircraft_are_an_attack_on_it(
    make_article: MakeArticle, sentence: str
) -> None:
    kinds = [k for k, _, _ in incidents(extract(make_article(sentence)).events)]

    assert kinds == ["attack_reported"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the parser hangs "of" on the date; the words still say who is accused of the act
        (
            "Kyiv accused Russian troops on Saturday of massacring civilians in the town of Irpin.",
            ("attack_reported", "Russia", ["Ukraine"]),
        ),
    ],
)
def test_whoever_is_accused_of_an_act_did_it(
    make_article: MakeArticle, sentence: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert incidents(extract(make_article(sentence)).events) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Local officials said bombs dropped by NATO jets killed nine people in Pristina.",
            ("strike_reported", "NATO", ["Kosovo"]),
        ),
        # an unparsed sentence: the words after the participle say who launched
        (
            "A drone launched by Hezbollah struck a house in the Israeli town of Caesarea.",
            ("strike_reported", "Hezbollah", ["Israel"]),
        ),
    ],
)
def test_munitions_dropped_or_launched_by_someone_were_theirs(
    make_article: MakeArticle, sentence: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert incidents(extract(make_article(sentence)).events) == [expected]


def test_gunmen_from_a_group_act_for_the_group(make_article: MakeArticle) -> None:
    sentence = (
        "Police in Mogadishu said gunmen from the militant group al-Shabaab stormed a hotel "
        "on Friday and opened fire on guests."
    )

    assert [s for _, s, _ in incidents(extract(make_article(sentence)).events)] == ["al-Shabaab"]


def interceptions(events: tuple[ExtractedEvent, ...]) -> list[tuple[str, str | None, list[str]]]:
    return [x for x in incidents(events) if x[0] == "interception_reported"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the demonym on the munitions names the side that launched them
        (
            "Russian air defence units destroyed 35 Ukrainian drones over the Kursk and Oryol "
            "regions overnight, the ministry said.",
            ("interception_reported", "Russia", ["Ukraine"]),
        ),
        # "its air defences" are the speaker's, not those of where the missile came from
        (
            "The Saudi military said a ballistic missile fired from Yemen was intercepted by its "
            "air defences over Jazan.",
            ("interception_reported", "Saudi Arabia", ["Yemen"]),
        ),
        # with nothing named on the munitions, the side that last fired launched them
        (
            "Hezbollah fired a barrage of rockets at Israel on Sunday.\n"
            "Israeli air defences intercepted most of the rockets over the Galilee.",
            ("interception_reported", "Israel", ["Hezbollah"]),
        ),
    ],
)
def test_an_interception_targets_the_side_that_launched(
    make_article: MakeArticle, body: str, expected: tuple[str, str | None, list[str]]
) -> None:
    assert interceptions(extract(make_article(body)).events) == [expected]


def test_an_incident_told_without_a_doer_is_that_of_whom_the_reporter_accuses_of_it(
    make_article: MakeArticle,
) -> None:
    told = (
        "Shelling hit border villages in the Tavush region on Monday, Armenian officials said, "
        "accusing Azerbaijani troops of firing on homes."
    )
    only_blamed = (
        "A bomb killed nine people at a market in Maiduguri, which police blamed on Boko Haram."
    )

    assert incidents(extract(make_article(told)).events)[0][:2] == (
        "strike_reported",
        "Azerbaijan",
    )
    assert [s for _, s, _ in incidents(extract(make_article(only_blamed)).events)] == [None]


def test_a_place_hit_belongs_to_the_state_it_lay_in_when_reported(
    make_article: MakeArticle,
) -> None:
    sentence = "NATO missiles hit an army barracks in Novi Sad overnight."

    then = extract(make_article(sentence, published_at="1999-04-20T08:00:00+00:00")).events
    now = extract(make_article(sentence, published_at="2023-05-04T10:00:00+00:00")).events

    assert incidents(then) == [("strike_reported", "NATO", ["Yugoslavia"])]
    assert incidents(now) == [("strike_reported", "NATO", ["Serbia"])]


def test_an_act_the_speaker_gives_as_a_response_is_the_speakers_own(
    make_article: MakeArticle,
) -> None:
    own = (
        "The Iranian Revolutionary Guards announced on Monday that ballistic missiles had hit "
        "militant headquarters in Erbil in retaliation for the Kerman bombing."
    )
    hit = (
        "Ukraine's air force said on Monday that drones had struck Kyiv in response to "
        "attacks on Russian refineries."
    )

    assert incidents(extract(make_article(own)).events)[0][:2] == ("strike_reported", "Iran")
    assert incidents(extract(make_article(hit)).events)[0][:2] == ("strike_reported", None)


def test_a_killing_by_armed_men_hits_whose_people_were_killed(make_article: MakeArticle) -> None:
    sentence = "Russian troops killed four civilians in Kupiansk on Sunday, the governor said."

    assert ("attack_reported", "Russia", ["Ukraine"]) in incidents(
        extract(make_article(sentence)).events
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # a comment after the target ("in what ... called") names nobody hit
        "The Houthis said they had fired drones at the port, in what Yahya Saree called a "
        "legitimate response.",
        # a group's own country, named with it, is where it comes from, not whom it hit
        "Lebanon's Hezbollah said it had fired a barrage of rockets at army posts overnight.",
    ],
)
def test_neither_a_comment_nor_a_groups_own_country_is_what_it_hit(
    make_article: MakeArticle, sentence: str
) -> None:
    found = incidents(extract(make_article(sentence)).events)

    assert [(kind, targets) for kind, _, targets in found] == [("strike_reported", [])]


def test_the_south_in_copy_about_a_divided_country_is_its_southern_state(
    make_article: MakeArticle,
) -> None:
    body = (
        "North Korean artillery shelled Baengnyeong island on Monday, South Korea's military "
        "said.\nPyongyang said the South had fired shells into its waters first."
    )

    found = incidents(extract(make_article(body)).events)

    assert ("strike_reported", "South Korea", ["North Korea"]) in found


def test_positions_destroyed_as_a_defence_ministry_reports_are_a_strike_not_an_interception(
    make_article: MakeArticle,
) -> None:
    sentence = (
        "Armenia's defence ministry said its forces had destroyed Azerbaijani artillery "
        "positions near Sotk on Tuesday."
    )

    assert incidents(extract(make_article(sentence)).events) == [
        ("strike_reported", "Armenia", ["Azerbaijan"])
    ]


def test_a_craft_named_only_as_the_cruiser_is_that_of_the_last_incident(
    make_article: MakeArticle,
) -> None:
    body = (
        "U.S. warships shelled two Iranian oil platforms in the Gulf on Monday.\n"
        "Later the frigate sank three Iranian gunboats near Farsi Island, the Navy said."
    )

    found = incidents(extract(make_article(body)).events)

    assert found[-1] == ("strike_reported", "United States", ["Iran"])


@pytest.mark.parametrize(
    "body",
    [
        "A mortar round hit a school near the Syrian border, Turkish officials said.",
        "Two rockets hit a kibbutz close to the border with Gaza, the army said.",
    ],
)
def test_a_place_near_a_border_is_not_in_the_state_across_it(
    make_article: MakeArticle, body: str
) -> None:
    strikes = [e for e in extract(make_article(body)).events if e.kind == "strike_reported"]

    assert strikes
    assert not {t.canonical for e in strikes for t in e.targets} & {"Syria", "Gaza", "Palestine"}


def test_a_side_that_condemns_an_attack_did_not_carry_it_out(make_article: MakeArticle) -> None:
    body = "Germany condemned the attack and summoned the Russian ambassador."

    attacks = [e for e in extract(make_article(body)).events if e.kind == "attack_reported"]

    assert attacks  # the attack is still read; only its doer is not the one condemning it
    assert all(e.source is None or e.source.canonical != "Germany" for e in attacks)
