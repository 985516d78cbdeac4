"""Event ids, evidence offsets and article facts."""

from __future__ import annotations

import pickle
from dataclasses import replace

from extraction_articles import MakeArticle
from storyline_extraction import extract

BODY = (
    "KYIV, May 4 (Test Wire) - Moscow has accused the United States of being behind a drone "
    "strike on the Kremlin on 29 April.\nThe US and Ukraine both denied the allegation."
)


def test_same_article_version_gives_the_same_event_ids(make_article: MakeArticle) -> None:
    article = make_article(BODY)

    first = extract(article)
    again = extract(pickle.loads(pickle.dumps(article)))  # as it crosses a process pool

    assert [e.event_id for e in first] == [e.event_id for e in again]
    assert len({e.event_id for e in first}) == len(first)


def test_a_new_version_gives_new_event_ids(make_article: MakeArticle) -> None:
    v1 = extract(make_article(BODY, version=1))
    v2 = extract(make_article(BODY, version=2))

    assert not {e.event_id for e in v1.events} & {e.event_id for e in v2.events}


def test_evidence_offsets_point_at_the_sentence_in_the_body(make_article: MakeArticle) -> None:
    article = make_article(BODY)

    for event in extract(article).events:
        assert article.body[event.evidence.start : event.evidence.end] == event.evidence.sentence
    assert not any(e.evidence.sentence.startswith("KYIV") for e in extract(article).events)


def test_a_denial_answers_the_accusation_it_denies(make_article: MakeArticle) -> None:
    events = list(extract(make_article(BODY)))

    denials = [e for e in events if e.kind == "denial_issued"]
    accusation = next(e for e in events if e.kind == "accusation_made")
    assert len(denials) == 2
    assert all(d.about == (accusation.event_id,) for d in denials)
    assert {e.extractor_version for e in events} == {events[0].extractor_version}


def test_an_accusation_is_about_the_strike_it_names(make_article: MakeArticle) -> None:
    events = extract(make_article(BODY)).events

    strike = next(e for e in events if e.kind == "strike_reported")
    accusation = next(e for e in events if e.kind == "accusation_made")
    assert accusation.about == (strike.event_id,)
    assert strike.when is not None
    assert strike.when.start is not None
    assert strike.when.start.isoformat() == "2023-04-29"


def test_article_facts_summarise_actors_places_and_incident_date(
    make_article: MakeArticle,
) -> None:
    facts = extract(replace(make_article(BODY), title="Kremlin blames US")).facts

    names = [a.canonical for a in facts.actors]
    assert {"Russia", "United States", "Ukraine"} <= set(names)
    assert facts.incident_date is not None
    assert facts.incident_date.isoformat() == "2023-04-29"
    assert "Kremlin" in {p.canonical for p in facts.places}


def test_the_lead_incident_places_the_story_below_country_level(
    make_article: MakeArticle,
) -> None:
    facts = extract(replace(make_article(BODY), title="Kremlin blames US")).facts

    assert facts.incident_places[0] == "Kremlin"
    assert "United States" not in facts.incident_places  # named in the sentence as an actor
    assert facts.incident_countries == ("RUS",)


def test_a_reaction_does_not_date_the_incident_it_reacts_to(make_article: MakeArticle) -> None:
    """A follow-up that only reports a denial "on Thursday" gives no incident date: the story's
    incident may be days older, and the reaction's date must not rule the story out."""
    facts = extract(
        make_article(
            "Ukraine denied on Thursday that it had any part in the drone incident over the "
            "Kremlin, after Russian officials accused Kyiv of trying to assassinate Putin."
        )
    ).facts

    assert facts.incident_date is None
    assert facts.incident_countries == ()


def test_a_country_alone_does_not_locate_the_incident(make_article: MakeArticle) -> None:
    """Only a place below country level says where it happened: the countries a sentence names
    are as often its actors ("Pakistan-based militants" attacked a bus in India)."""
    facts = extract(
        make_article("Gunmen attacked a bus carrying pilgrims in Pakistan on Sunday, police said.")
    ).facts

    assert facts.incident_places == ("Pakistan",)  # still shown when nothing finer is known
    assert facts.incident_countries == ()
