"""Article signals for story grouping tests, written for this project."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from storyline_ingest.stories.story_signals import ArticleSignals

KREMLIN_WIRE_BODY = (
    "Russia said on Wednesday that Ukraine had tried to kill President Vladimir Putin with two "
    "drones that were shot down over the Kremlin overnight. The Kremlin called the attack a "
    "planned terrorist act and said it reserved the right to retaliate where and when it saw "
    "fit. Video posted on social media showed a small explosion above a dome of the Senate "
    "Palace. Putin was not in the building and was unhurt, his spokesman Dmitry Peskov said."
)


def kremlin_strike(**overrides: Any) -> ArticleSignals:
    """The first wire report of the drones over the Kremlin (3 May 2023)."""
    values: dict[str, Any] = {
        "article_id": "wire-kremlin",
        "article_version": 1,
        "published_at": datetime.fromisoformat("2023-05-03T12:05:00+00:00"),
        "title": "Russia says Ukraine tried to kill Putin with drones over the Kremlin",
        "body": KREMLIN_WIRE_BODY,
        "outlet": "Example Wire",
        "actors": frozenset({"Government of Russia", "Government of Ukraine", "Vladimir Putin"}),
        "places": frozenset({"Moscow", "Kremlin"}),
        "incident_date": date(2023, 5, 3),
        "event_types": frozenset({"strike_reported", "accusation_made"}),
    }
    values.update(overrides)
    return ArticleSignals(**values)


def kremlin_denial(**overrides: Any) -> ArticleSignals:
    """Another outlet, other words: Kyiv denies the Kremlin strike the same day."""
    values: dict[str, Any] = {
        "article_id": "ledger-zelensky-denies",
        "published_at": datetime.fromisoformat("2023-05-03T16:40:00+00:00"),
        "title": "Zelensky: 'We don't attack Putin or Moscow'",
        "body": (
            "President Volodymyr Zelensky denied that Ukraine was behind the drones that exploded "
            "over the Kremlin, saying his country fights on its own territory. His adviser called "
            "Moscow's claim a pretext for a large-scale attack on Ukraine."
        ),
        "outlet": "Northern Ledger",
        "actors": frozenset(
            {"Government of Ukraine", "Volodymyr Zelensky", "Government of Russia"}
        ),
        "places": frozenset({"Moscow", "Kremlin"}),
        "event_types": frozenset({"denial_issued"}),
    }
    values.update(overrides)
    return kremlin_strike(**values)


def moscow_apartments(**overrides: Any) -> ArticleSignals:
    """Same actors and city four weeks later: a different incident."""
    values: dict[str, Any] = {
        "article_id": "ledger-moscow-flats",
        "published_at": datetime.fromisoformat("2023-05-30T10:15:00+00:00"),
        "title": "Drones hit Moscow apartment buildings; Kremlin blames Ukraine",
        "body": (
            "Several drones struck residential buildings in south-western Moscow early on "
            "Tuesday, slightly injuring two people, the mayor said. The defence ministry accused "
            "Kyiv of a terrorist attack. Putin said Ukraine was trying to intimidate Russians."
        ),
        "outlet": "Northern Ledger",
        "actors": frozenset({"Government of Russia", "Government of Ukraine", "Vladimir Putin"}),
        "places": frozenset({"Moscow"}),
        "incident_date": date(2023, 5, 30),
        "event_types": frozenset({"strike_reported", "accusation_made"}),
    }
    values.update(overrides)
    return kremlin_strike(**values)
