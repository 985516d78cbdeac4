"""One realistic, valid instance of every event class, current and superseded, for tests.

Together they retell one story: a drone strike reported on the Kremlin, Russia accusing Ukraine
and then the United States, both denying, threats, drones shot down over Kyiv and Odesa,
experts doubting the claim. ``EXAMPLES`` lists them in the order Storyline would record them; a
unit test checks that every registered class has one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from storyline_contracts import (
    ArticleContent,
    ArticleReceived,
    ArticleRevised,
    ArticleWithdrawn,
    Byline,
    Event,
    deterministic_event_id,
)
from storyline_contracts.article_events_v1 import (
    ArticleContentV1,
    ArticleReceivedV1,
    ArticleRevisedV1,
)
from storyline_contracts.extracted_events import (
    AccusationMade,
    Actor,
    AttackReported,
    CasualtiesReported,
    DenialIssued,
    EventTime,
    Evidence,
    ExtractedEvent,
    Figure,
    InterceptionReported,
    ParticipationReported,
    Place,
    PledgeMade,
    ResponsibilityClaimed,
    SanctionImposed,
    SkepticismExpressed,
    StatisticReported,
    StrikeReported,
    ThreatIssued,
)
from storyline_contracts.retraction_events import EventsRetracted
from storyline_contracts.retraction_events_v1 import EventsRetractedV1
from storyline_contracts.story_events import ArticleAssignedToStory, StoryMerged, StoryOpened

PUBLISHED = datetime(2023, 5, 4, 9, 30, tzinfo=UTC)
RECORDED = datetime(2023, 5, 4, 10, 15, tzinfo=UTC)
FEED_ID = "example-wire"
ARTICLE_ID = "6f1c2a9e-4b7d-5e3f-8a1b-2c3d4e5f6a7b"
OLD_ARTICLE_ID = "0b9d8c7e-6f5a-5b4c-9d3e-2f1a0b9c8d7e"  # received before v2 existed
STORY_ID = "3e8f1d2c-7a6b-5c4d-8e9f-0a1b2c3d4e5f"
MERGED_STORY_ID = "9a8b7c6d-5e4f-5a3b-8c2d-1e0f9a8b7c6d"
EXTRACTOR = "rules-2023.05"
OUTLET = "Example Wire"
BYLINE = "By Jane Doe in Kyiv and John Roe"

TITLE = "Moscow blames Washington for drone strike on the Kremlin"
BODY = (
    "Russia said Ukraine attacked the Kremlin with two drones on 29 April. "
    "Kremlin spokesman Dmitry Peskov accused the United States of directing the attack. "
    "Washington denied any involvement. "
    "Dmitry Medvedev threatened retaliation against Kyiv. "
    "Ukraine pledged to press on with its counteroffensive. "
    "An explosion damaged a power station near Odesa. "
    "At least three people were injured, regional officials said. "
    "Ukraine's air force said it shot down 18 drones fired at Kyiv and Odesa. "
    "A little-known group claimed responsibility for the attack. "
    "Experts doubted that drones could reach the Kremlin undetected. "
    "The European Union imposed sanctions on Russian officials. "
    "Car sales in Russia rose 170% in April. "
    "The counteroffensive would be led by the Wagner Group, one report said."
)

RUSSIA = Actor(text="Russia", canonical="Government of Russia", kind="state", country="RUS")
KREMLIN = Actor(text="the Kremlin", canonical="Government of Russia", kind="state", country="RUS")
PESKOV = Actor(
    text="Dmitry Peskov",
    canonical="Dmitry Peskov",
    kind="person",
    country="RUS",
    role="Kremlin spokesman",
)
UKRAINE = Actor(text="Ukraine", canonical="Government of Ukraine", kind="state", country="UKR")
UNITED_STATES = Actor(
    text="Washington", canonical="Government of the United States", kind="state", country="USA"
)
MOSCOW = Place(text="the Kremlin", canonical="Moscow", country="RUS")
ODESA = Place(text="Odesa", canonical="Odesa", country="UKR")
ON_29_APRIL = EventTime(
    text="on 29 April", start=date(2023, 4, 29), end=date(2023, 4, 29), precision="day"
)


def content(byline: str | None = BYLINE, title: str = TITLE) -> ArticleContent:
    return ArticleContent(
        title=title,
        body=BODY,
        url="https://wire.example.org/world/kremlin-drone",
        outlet=OUTLET,
        byline=Byline.from_text(byline) if byline else None,
        published_at=PUBLISHED,
        located="Moscow",
        subjects=("Russia-Ukraine war", "Kremlin"),
    )


def content_v1(byline: str = BYLINE) -> ArticleContentV1:
    return ArticleContentV1(**content().model_dump(exclude={"byline"}), byline=byline)


def _article_fields(cls: type[Event], article_id: str, version: int) -> dict[str, Any]:
    return {
        "event_id": deterministic_event_id(article_id, version, cls.name),
        "occurred_at": RECORDED,
        "article_id": article_id,
        "article_version": version,
        "feed_id": FEED_ID,
        "external_id": f"wire-{article_id[:8]}",
    }


def _extracted(
    cls: type[ExtractedEvent], sentence_start: str, summary: str, **fields: Any
) -> ExtractedEvent:
    start = BODY.index(sentence_start)
    end = BODY.index(".", start) + 1
    return cls(
        event_id=deterministic_event_id(ARTICLE_ID, 1, EXTRACTOR, cls.name, start),
        occurred_at=RECORDED,
        story_id=STORY_ID,
        article_id=ARTICLE_ID,
        article_version=1,
        outlet=OUTLET,
        summary=summary,
        evidence=Evidence(sentence=BODY[start:end], start=start, end=end),
        confidence=0.8,
        extractor_version=EXTRACTOR,
        **fields,
    )


def _article_events() -> list[Event]:
    return [
        ArticleReceivedV1(
            **_article_fields(ArticleReceivedV1, OLD_ARTICLE_ID, 1),
            content=content_v1(),
            content_hash="a" * 64,
        ),
        ArticleRevisedV1(
            **_article_fields(ArticleRevisedV1, OLD_ARTICLE_ID, 2),
            content=content_v1(byline="By Jane Doe, John Roe and Ann Poe"),
            content_hash="b" * 64,
            previous_version=1,
        ),
        ArticleReceived(
            **_article_fields(ArticleReceived, ARTICLE_ID, 1),
            content=content(),
            content_hash="c" * 64,
        ),
        ArticleRevised(
            **_article_fields(ArticleRevised, ARTICLE_ID, 2),
            content=content(title=TITLE + " (corrected)"),
            content_hash="d" * 64,
            previous_version=1,
        ),
        ArticleWithdrawn(**_article_fields(ArticleWithdrawn, ARTICLE_ID, 2), reason="canceled"),
    ]


def _story_events() -> list[Event]:
    strike = _extracted(
        StrikeReported,
        "Russia said Ukraine attacked",
        "Ukraine attacked the Kremlin with two drones (alleged by Russia)",
        source=UKRAINE,
        targets=(KREMLIN,),
        when=ON_29_APRIL,
        where=(MOSCOW,),
        modality="alleged",
        weapon="drone",
        figures=(Figure(value=2, unit="drones", counts="drones", text="two drones"),),
    )
    accusation = _extracted(
        AccusationMade,
        "Kremlin spokesman",
        "Russia accuses the United States of directing the drone strike",
        source=PESKOV,
        targets=(UNITED_STATES,),
        about=(strike.event_id,),
        allegation="directing the drone strike on the Kremlin",
    )
    return [
        StoryOpened(
            event_id=deterministic_event_id(STORY_ID, StoryOpened.name),
            occurred_at=RECORDED,
            story_id=STORY_ID,
            title=TITLE,
            first_article_id=ARTICLE_ID,
            first_article_version=1,
            incident_date=date(2023, 4, 29),
            key_actors=("Government of Russia", "Government of Ukraine"),
            places=("Moscow",),
        ),
        ArticleAssignedToStory(
            event_id=deterministic_event_id(STORY_ID, ARTICLE_ID, 1, ArticleAssignedToStory.name),
            occurred_at=RECORDED,
            story_id=STORY_ID,
            article_id=ARTICLE_ID,
            article_version=1,
            outlet=OUTLET,
        ),
        strike,
        accusation,
        _extracted(
            DenialIssued,
            "Washington denied",
            "The United States denies directing the drone strike",
            source=UNITED_STATES,
            about=(accusation.event_id,),
        ),
        _extracted(
            ThreatIssued,
            "Dmitry Medvedev threatened",
            "Medvedev threatens retaliation against Ukraine",
            source=Actor(text="Dmitry Medvedev", kind="person", country="RUS"),
            targets=(UKRAINE,),
            threat="retaliation",
        ),
        _extracted(
            PledgeMade,
            "Ukraine pledged",
            "Ukraine pledges to press on with its counteroffensive",
            source=UKRAINE,
            pledge="press on with the counteroffensive",
        ),
        _extracted(
            AttackReported,
            "An explosion damaged",
            "An explosion damages a power station near Odesa",
            where=(ODESA,),
            method="explosion",
        ),
        _extracted(
            CasualtiesReported,
            "At least three people",
            "At least three people injured",
            where=(ODESA,),
            figures=(
                Figure(value=3, low=3, unit="people", counts="injured", text="at least three"),
            ),
        ),
        _extracted(
            InterceptionReported,
            "Ukraine's air force",
            "Ukraine's air force shoots down 18 drones over Kyiv and Odesa",
            source=Actor(text="Ukraine's air force", kind="organisation", country="UKR"),
            where=(Place(text="Kyiv", canonical="Kyiv", country="UKR"), ODESA),
            figures=(Figure(value=18, unit="drones", counts="shot down", text="18 drones"),),
        ),
        _extracted(
            ResponsibilityClaimed,
            "A little-known group",
            "A little-known group claims the attack",
            source=Actor(text="A little-known group", kind="group"),
            about=(strike.event_id,),
        ),
        _extracted(
            SkepticismExpressed,
            "Experts doubted",
            "Experts doubt the drones could reach the Kremlin undetected",
            source=Actor(text="Experts", kind="unknown"),
            about=(strike.event_id,),
            doubted="drones reached the Kremlin undetected",
        ),
        _extracted(
            SanctionImposed,
            "The European Union",
            "The EU sanctions Russian officials",
            source=Actor(
                text="The European Union", canonical="European Union", kind="organisation"
            ),
            targets=(RUSSIA,),
        ),
        _extracted(
            ParticipationReported,
            "The counteroffensive",
            "The Wagner Group is said to lead Ukraine's counteroffensive against Russian forces",
            source=Actor(
                text="the Wagner Group", canonical="Wagner Group", kind="group", country="RUS"
            ),
            targets=(RUSSIA,),
            modality="alleged",
            operation="counteroffensive",
            on_behalf_of=UKRAINE,
        ),
        _extracted(
            StatisticReported,
            "Car sales",
            "Car sales in Russia up 170% in April",
            figure=Figure(value=170, unit="percent", counts="rise in car sales", text="170%"),
        ),
        StoryMerged(
            event_id=deterministic_event_id(STORY_ID, MERGED_STORY_ID, StoryMerged.name),
            occurred_at=RECORDED,
            story_id=STORY_ID,
            from_story_ids=(MERGED_STORY_ID,),
            article_id=ARTICLE_ID,
            article_version=1,
        ),
        EventsRetracted(
            event_id=deterministic_event_id(ARTICLE_ID, 2, EventsRetracted.name),
            occurred_at=RECORDED,
            story_id=STORY_ID,
            article_id=ARTICLE_ID,
            article_version=2,
            retracted_event_ids=(strike.event_id,),
            reason="reextracted",
            extractor_version="storyline-rules-2.0.0+en_core_web_sm",
        ),
        EventsRetractedV1(
            event_id=deterministic_event_id(ARTICLE_ID, 1, EventsRetractedV1.name),
            occurred_at=RECORDED,
            story_id=STORY_ID,
            article_id=ARTICLE_ID,
            article_version=1,
            retracted_event_ids=(strike.event_id,),
            reason="withdrawn",
        ),
    ]


EXAMPLES: dict[type[Event], Event] = {
    type(event): event for event in [*_article_events(), *_story_events()]
}
