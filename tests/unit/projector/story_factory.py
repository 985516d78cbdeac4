"""Realistic story events for projector tests, and a way to apply them as the projector does.

The Kremlin drone strike story follows the seed article: a drone strike on the Kremlin on
29 April; Moscow blames Ukraine, then the United States; both deny; the Kremlin threatens to
retaliate; Medvedev calls for Zelensky to be "physically eliminated"; experts doubt the claim.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts import ArticleReceived, ArticleRevised, ArticleWithdrawn, Event
from storyline_contracts.article_events import ArticleContent
from storyline_contracts.extracted_events import (
    AccusationMade,
    Actor,
    CasualtiesReported,
    DenialIssued,
    EventTime,
    Evidence,
    ExtractedEvent,
    Figure,
    Place,
    PledgeMade,
    SkepticismExpressed,
    StatisticReported,
    StrikeReported,
    ThreatIssued,
)
from storyline_contracts.retraction_events import EventsRetracted
from storyline_contracts.story_events import ArticleAssignedToStory, StoryMerged, StoryOpened
from storyline_projector.consume.delivery import Delivery
from storyline_projector.consume.projection import apply_batch

STORY = "story-kremlin-drone"
WIRE, OTHER = "article-wire-1", "article-other-2"
NEWS_TIME = datetime(2023, 5, 4, 10, 0, tzinfo=UTC)
STRIKE_DAY = date(2023, 4, 29)

RUSSIA = Actor(text="Moscow", canonical="Government of Russia", kind="state", country="RUS")
PESKOV = Actor(
    text="Kremlin spokesman Dmitry Peskov",
    canonical="Government of Russia",
    kind="state",
    country="RUS",
    role="Kremlin spokesman",
)
UKRAINE = Actor(text="Ukraine", canonical="Government of Ukraine", kind="state", country="UKR")
USA = Actor(text="the US", canonical="United States", kind="state", country="USA")
MEDVEDEV = Actor(
    text="former President Dmitry Medvedev",
    canonical="Dmitry Medvedev",
    kind="person",
    country="RUS",
    role="former President of Russia",
)
ZELENSKY = Actor(
    text="Zelensky", canonical="Volodymyr Zelensky", kind="person", country="UKR", role="President"
)
EXPERTS = Actor(text="various security experts", kind="group")
KREMLIN = Place(text="the Kremlin", canonical="Kremlin, Moscow", country="RUS")

E = TypeVar("E", bound=ExtractedEvent)


def at(minutes: int) -> datetime:
    return NEWS_TIME + timedelta(minutes=minutes)


def extracted(
    cls: type[E],
    event_id: str,
    sentence: str,
    *,
    minutes: int = 0,
    story_id: str = STORY,
    article_id: str = WIRE,
    outlet: str = "Example Wire",
    **fields: Any,
) -> E:
    """An extracted event with the fields every type shares filled in realistically."""
    return cls(
        event_id=event_id,
        occurred_at=at(minutes),
        story_id=story_id,
        article_id=article_id,
        article_version=1,
        outlet=outlet,
        evidence=Evidence(
            sentence=sentence, start=minutes * 100, end=minutes * 100 + len(sentence)
        ),
        confidence=fields.pop("confidence", 0.8),
        extractor_version="rules-1.0",
        **fields,
    )


def opened(story_id: str = STORY, minutes: int = 0, **fields: Any) -> StoryOpened:
    values: dict[str, Any] = {
        "title": "Moscow blames Washington for drone strike on the Kremlin",
        "first_article_id": WIRE,
        "first_article_version": 1,
        "incident_date": STRIKE_DAY,
        "key_actors": ("Government of Russia", "United States", "Government of Ukraine"),
        "places": ("Kremlin, Moscow",),
    }
    values.update(fields)
    return StoryOpened(
        event_id=f"opened-{story_id}", occurred_at=at(minutes), story_id=story_id, **values
    )


def assigned(
    article_id: str,
    outlet: str,
    minutes: int = 0,
    near_duplicate_of: str | None = None,
    story_id: str = STORY,
    published_minutes: int | None = None,
) -> ArticleAssignedToStory:
    return ArticleAssignedToStory(
        event_id=f"assigned-{article_id}-{story_id}",
        occurred_at=at(minutes),
        story_id=story_id,
        article_id=article_id,
        article_version=1,
        outlet=outlet,
        near_duplicate_of=near_duplicate_of,
        published_at=None if published_minutes is None else at(published_minutes),
    )


def strike(event_id: str = "strike", **overrides: Any) -> StrikeReported:
    fields: dict[str, Any] = {
        "targets": (Actor(text="the Kremlin", canonical="Government of Russia", kind="state"),),
        "when": EventTime(text="on 29 April", start=STRIKE_DAY, precision="day"),
        "where": (KREMLIN,),
        "modality": "alleged",
        "summary": "A drone strike on the Kremlin, allegedly aimed at President Putin",
        "weapon": "drone",
    }
    fields.update(overrides)
    return extracted(
        StrikeReported,
        event_id,
        "Moscow has accused the United States of being behind a drone strike on the Kremlin "
        "on 29 April, allegedly aimed at assassinating President Vladimir Putin.",
        **fields,
    )


def accusation(
    event_id: str,
    accused: Actor,
    source: Actor = RUSSIA,
    about: Sequence[str] = ("strike",),
    **overrides: Any,
) -> AccusationMade:
    fields: dict[str, Any] = {
        "source": source,
        "targets": (accused,),
        "about": tuple(about),
        "summary": f"{source.canonical} accuses {accused.canonical} of the drone strike",
        "allegation": "being behind the drone strike on the Kremlin",
        "minutes": 1,
    }
    fields.update(overrides)
    return extracted(
        AccusationMade,
        event_id,
        "Despite initially blaming Ukraine, Kremlin spokesman Dmitry Peskov claimed that "
        "evidence pointed towards American involvement.",
        **fields,
    )


def denial(event_id: str, denier: Actor, about: Sequence[str], **overrides: Any) -> DenialIssued:
    fields: dict[str, Any] = {
        "source": denier,
        "about": tuple(about),
        "modality": "denied",
        "summary": f"{denier.canonical} denies the accusation",
        "minutes": 2,
    }
    fields.update(overrides)
    return extracted(
        DenialIssued,
        event_id,
        "The US and Ukraine both denied the allegation, with the White House insisting it could "
        "not confirm the strike's legitimacy.",
        **fields,
    )


def threat(
    event_id: str,
    source: Actor,
    target: Actor,
    words: str,
    sentence: str = "The Kremlin has described it as a declaration of war, threatening to "
    "retaliate against the US.",
    **overrides: Any,
) -> ThreatIssued:
    fields: dict[str, Any] = {
        "source": source,
        "targets": (target,),
        "threat": words,
        "summary": f"{source.canonical} threatens {target.canonical}",
        "minutes": 3,
    }
    fields.update(overrides)
    return extracted(ThreatIssued, event_id, sentence, **fields)


def casualties(
    event_id: str, killed: float, article_id: str = WIRE, **overrides: Any
) -> CasualtiesReported:
    fields: dict[str, Any] = {
        "source": UKRAINE,
        "figures": (Figure(value=killed, unit="people", counts="killed", text=f"{killed:g} dead"),),
        "summary": f"{killed:g} people killed in the drone attacks on Kyiv",
        "article_id": article_id,
        "minutes": 4,
    }
    fields.update(overrides)
    return extracted(
        CasualtiesReported,
        event_id,
        "Russia has fired two dozen combat drones at Ukraine over the past week, attacking Kyiv "
        "and the Black Sea city of Odesa.",
        **fields,
    )


def kremlin_story() -> list[Event]:
    """The seed article's story, in the order the log holds it."""
    return [
        opened(),
        assigned(WIRE, "Example Wire"),
        strike(),
        accusation("accuses-ukraine", UKRAINE, allegation="carrying out the drone strike"),
        accusation("accuses-us", USA, source=PESKOV),
        denial("us-denies", USA, about=("accuses-us",)),
        denial("ukraine-denies", UKRAINE, about=("accuses-ukraine",)),
        threat("retaliation", RUSSIA, USA, "to retaliate against the US"),
        threat(
            "eliminate-zelensky",
            MEDVEDEV,
            ZELENSKY,
            "calling for Zelensky to be physically eliminated",
            "The situation risks further escalating tensions in the region, with hardline Russian "
            "officials including former President Dmitry Medvedev calling for Zelensky to be "
            "\u201cphysically eliminated\u201d.",
            modality="hypothetical",
            minutes=4,
        ),
        extracted(
            SkepticismExpressed,
            "experts-doubt",
            "Despite claims of a serious assassination attempt, various security experts have "
            "poured scorn on the veracity of this claim.",
            source=EXPERTS,
            about=("accuses-us",),
            doubted="a serious assassination attempt",
            summary="Security experts doubt the claim of an assassination attempt",
            minutes=5,
        ),
        extracted(
            PledgeMade,
            "counteroffensive",
            "Ukrainian President Volodymyr Zelenskiy has pledged to launch a counteroffensive "
            "against Russian forces occupying the nation.",
            source=ZELENSKY,
            pledge="to launch a counteroffensive",
            summary="Zelensky pledges a counteroffensive",
            minutes=5,
        ),
        extracted(
            StatisticReported,
            "car-sales",
            "The Russian economy has seen a boost in car sales, rising 170% YoY in April, "
            "according to data from Autostat.",
            source=Actor(text="Autostat", canonical="Autostat", kind="organisation"),
            figure=Figure(value=170, unit="percent", counts="car sales growth", text="170%"),
            summary="Car sales in Russia up 170% year on year in April",
            minutes=6,
        ),
    ]


def merged(from_story_ids: Sequence[str], into: str = STORY, minutes: int = 10) -> StoryMerged:
    return StoryMerged(
        event_id=f"merge-{'-'.join(from_story_ids)}-into-{into}",
        occurred_at=at(minutes),
        story_id=into,
        from_story_ids=tuple(from_story_ids),
        article_id=OTHER,
        article_version=1,
    )


def retracted(
    event_ids: Sequence[str], minutes: int = 20, story_id: str = STORY
) -> EventsRetracted:
    return EventsRetracted(
        event_id=f"retract-{'-'.join(event_ids)}",
        occurred_at=at(minutes),
        story_id=story_id,
        article_id=WIRE,
        article_version=2,
        retracted_event_ids=tuple(event_ids),
        reason="revised",
    )


def article_event(
    kind: type[ArticleReceived | ArticleRevised | ArticleWithdrawn],
    article_id: str,
    version: int = 1,
    minutes: int = 0,
) -> Event:
    common: dict[str, Any] = {
        "event_id": f"{kind.name}-{article_id}-v{version}",
        "occurred_at": at(minutes),
        "article_id": article_id,
        "article_version": version,
        "feed_id": "wire",
        "external_id": article_id,
    }
    if kind is ArticleWithdrawn:
        return ArticleWithdrawn(**common, reason="legal")
    content = ArticleContent(
        title=f"{article_id}, version {version}", body="word " * version, published_at=at(0)
    )
    if kind is ArticleRevised:
        return ArticleRevised(
            **common, content=content, content_hash=f"{version:064}", previous_version=version - 1
        )
    return ArticleReceived(**common, content=content, content_hash=f"{version:064}")


def mixed_history() -> list[Event]:
    """Everything that makes projecting order-sensitive, over four stories: articles revised and
    withdrawn, openings before and after merges, a chain of merges, near-duplicates, denials in
    one story answering accusations in another, retractions of events filed before and after."""
    third = "story-kremlin-third"
    later = "story-kremlin-second"
    other_story = "story-odesa-port"
    return [
        *kremlin_story(),
        article_event(ArticleReceived, WIRE),
        article_event(ArticleRevised, WIRE, version=2, minutes=30),
        article_event(ArticleReceived, OTHER, minutes=5),
        article_event(ArticleWithdrawn, OTHER, version=1, minutes=60),
        assigned(OTHER, "Other Times", minutes=30, near_duplicate_of=WIRE),
        casualties("kyiv-dead", 5),
        casualties("kyiv-dead-other", 8, article_id=OTHER, outlet="Other Times"),
        opened(later, minutes=30, title="Kremlin drone attack: Ukraine denies involvement"),
        assigned(OTHER, "Other Times", minutes=31, story_id=later),
        denial("later-denial", UKRAINE, about=("accuses-ukraine",), story_id=later, minutes=32),
        accusation("third-accusation", USA, story_id=third, minutes=33),
        opened(third, minutes=34, title="Who flew the drones?"),
        merged([third], into=later, minutes=35),
        merged([later], minutes=40),
        retracted(["car-sales", "late-threat"], minutes=50),
        threat("late-threat", RUSSIA, UKRAINE, "to strike back", story_id=third, minutes=51),
        opened(other_story, minutes=55, title="Drones hit Odesa port"),
        strike("odesa-strike", story_id=other_story, where=(), when=None, minutes=56),
        accusation("odesa-blame", UKRAINE, story_id=other_story, about=("odesa-strike",)),
    ]


def shuffled_with_repeats(events: Sequence[Event], seed: int) -> list[Event]:
    """``events`` in a random order, a third of them delivered a second time somewhere."""
    generator = random.Random(seed)
    delivered = [*events, *generator.sample(list(events), len(events) // 3)]
    generator.shuffle(delivered)
    return delivered


class Projector:
    """Feeds events to ``projection.apply_batch`` the way a consumer does: one batch per call,
    each event at the next offset of its partition."""

    def __init__(self, engine: AsyncEngine, stream: str = "storyline.stories.v1") -> None:
        self._engine = engine
        self._stream = stream
        self._next: dict[int, int] = {}

    async def apply(self, *events: Event, partition: int = 0) -> int:
        deliveries = []
        for event in events:
            offset = self._next.get(partition, 0)
            self._next[partition] = offset + 1
            deliveries.append(Delivery(self._stream, partition, offset, event))
        async with self._engine.begin() as connection:
            outcome = await apply_batch(connection, deliveries)
        assert outcome.dead_letters == [], [letter.error for letter in outcome.dead_letters]
        return outcome.applied


async def get_json(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def story_answers(client: httpx.AsyncClient, story_id: str = STORY) -> dict[str, Any]:
    """Every read of a story the query API offers, for comparing two read models."""
    base = f"/v1/stories/{story_id}"
    answers = {
        path: await get_json(client, path)
        for path in (base, f"{base}/timeline", f"{base}/allegations", f"{base}/articles")
    }
    answers["/v1/stories"] = await get_json(client, "/v1/stories")
    answers["/v1/actors"] = await get_json(client, "/v1/actors")
    return answers


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, indent=1)
