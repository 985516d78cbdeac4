"""A long random history of story events, as raw messages on a few partitions, for comparing a
projector that holds stories in memory with a rebuild from scratch.

Everything that makes projecting order-sensitive turns up: claims naming events that arrive
later (or never), denials in one story answering accusations in another, near-duplicates noted
after the claims of the article they copy, outlets learnt late, openings before and after merges,
chains of merges, retractions of events filed before and after, the same event published twice.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from storyline_contracts import Event, encode
from storyline_contracts.extracted_events import (
    AccusationMade,
    Actor,
    AttackReported,
    CasualtiesReported,
    DenialIssued,
    EventTime,
    Figure,
    ParticipationReported,
    Place,
    ResponsibilityClaimed,
    SkepticismExpressed,
    StrikeReported,
    ThreatIssued,
)
from storyline_contracts.topics import STORIES_TOPIC
from storyline_projector.consume.delivery import RawMessage
from tests.unit.projector.story_factory import (
    STRIKE_DAY,
    assigned,
    at,
    extracted,
    merged,
    opened,
    retracted,
)

ACTORS = (
    Actor(text="Moscow", canonical="Government of Russia", kind="state", country="RUS"),
    Actor(text="the Kremlin", canonical="government of russia", kind="state", country="RUS"),
    Actor(text="Kyiv", canonical="Government of Ukraine", kind="state", country="UKR"),
    Actor(text="Washington", canonical="United States", kind="state", country="USA"),
    Actor(text="various experts", kind="group"),
    *(Actor(text=f"Official {letter}", kind="person") for letter in "ABCDEF"),
)
PLACES = (Place(text="Odesa", canonical="Odesa", country="UKR"), Place(text="a depot"))
OUTLETS = ("Example Wire", "Daily Ledger", None)
PARTITIONS = 3
KINDS: tuple[type[Any], ...] = (
    StrikeReported,
    AttackReported,
    AccusationMade,
    AccusationMade,
    DenialIssued,
    SkepticismExpressed,
    ThreatIssued,
    CasualtiesReported,
    ResponsibilityClaimed,
    ParticipationReported,
)
WAGNER = Actor(text="the Wagner Group", canonical="Wagner Group", kind="group")


@dataclass
class _Script:
    generator: random.Random
    stories: list[str]
    minutes: int = 0
    serial: int = 0

    def next_id(self, kind: str) -> str:
        self.serial += 1
        return f"{kind}-{self.serial}"

    def when(self) -> int:
        self.minutes += self.generator.randint(0, 3)
        return self.minutes + 60 - self.generator.randint(0, 60)  # clocks disagree


def random_history(seed: int, size: int) -> list[Event]:
    """``size`` story events (repeats included), in the order a log could hold them."""
    script = _Script(random.Random(seed), [f"story-{n}" for n in range(12)])
    generator = script.generator
    made: list[Event] = []
    ids: list[str] = []
    articles: dict[str, list[str]] = {story: [] for story in script.stories}
    while len(made) < size:
        story = generator.choice(script.stories)
        roll = generator.random()
        if roll < 0.006 and len(made) > size // 4:
            into, *others = generator.sample(script.stories, generator.randint(2, 3))
            event: Event = merged(others, into=into, minutes=script.when())
        elif roll < 0.02 and ids:
            # one event filed already, one to come (ids stay within the 64 characters stored)
            targets = [generator.choice(ids), script.next_id("f")]
            event = retracted(targets, minutes=script.when(), story_id=story)
        elif roll < 0.10:
            sparse = generator.random() < 0.6  # left to the story's events to fill in
            event = opened(
                story,
                minutes=script.when(),
                title="" if sparse else f"Title of {story}",
                **({"key_actors": (), "places": (), "incident_date": None} if sparse else {}),
            )
        elif roll < 0.25 or not articles[story]:
            article = f"{story}-article-{len(articles[story])}"
            original = generator.choice(articles[story]) if articles[story] else None
            copy_of = original if generator.random() < 0.3 else None
            outlet = generator.choice(OUTLETS) or "Late Outlet"
            articles[story].append(article)
            when = script.when()
            # most feeds say when an article was published: often well before it arrived,
            # sometimes (a clock ahead) after
            published = when - generator.randint(-5, 600) if generator.random() < 0.7 else None
            event = assigned(
                article, outlet, when, copy_of, story_id=story, published_minutes=published
            )
        elif roll < 0.30 and made:
            event = generator.choice(made)  # published twice
        else:
            event = _extracted(script, story, generator.choice(articles[story]), ids)
        made.append(event)
        ids.append(event.event_id)
    return made


def _extracted(script: _Script, story: str, article: str, ids: list[str]) -> Event:
    generator = script.generator
    kind = generator.choice(KINDS)
    event_id = script.next_id(kind.name)

    def named() -> tuple[str, ...]:
        pool = ids[-12:] + [f"{kind.name}-{script.serial + n}" for n in (1, 2, 3)]
        return tuple(generator.sample(pool, generator.randint(0, min(2, len(pool)))))

    def actor() -> Actor:
        return generator.choice(ACTORS)

    fields: dict[str, Any] = {
        "story_id": story,
        "article_id": article,
        "outlet": generator.choice(OUTLETS),
        "minutes": script.when(),
        "confidence": generator.choice([0.6, 0.8]),
        "summary": f"{kind.name} {event_id}",
    }
    if kind in (StrikeReported, AttackReported):
        day = STRIKE_DAY + timedelta(days=generator.randint(-2, 2))
        fields["when"] = (
            EventTime(text="that day", start=day, precision="day")
            if generator.random() < 0.7
            else None
        )
        fields["where"] = tuple(generator.sample(PLACES, generator.randint(0, 2)))
        fields["targets"] = (actor(),)
        if generator.random() < 0.5:  # its attacker: two acts' attackers may contradict
            fields["source"] = actor()
    elif kind is AccusationMade:
        targets = tuple(actor() for _ in range(generator.randint(0, 2)))
        if generator.random() < 0.2:
            targets = ACTORS[:2]  # two names of one actor: one row, one mention
        fields.update(source=actor(), targets=targets)
        fields.update(about=named(), allegation=generator.choice(["", "the strike"]))
    elif kind in (DenialIssued, SkepticismExpressed):
        fields.update(source=actor() if generator.random() < 0.9 else None, about=named())
    elif kind is ResponsibilityClaimed:
        fields.update(source=generator.choice((*ACTORS, WAGNER)), about=named())
    elif kind is ParticipationReported:
        side = generator.choice(ACTORS[:4])  # for Russia (as known), or against it: Ukraine
        fields.update(source=WAGNER, on_behalf_of=side, operation="counteroffensive")
    elif kind is ThreatIssued:
        fields.update(source=actor(), targets=(actor(),), threat="to retaliate")
    else:
        fields.update(source=actor(), figures=(Figure(value=5, unit="people", counts="killed"),))
    return extracted(kind, event_id, f"The sentence of {event_id}.", **fields)


def messages(events: Sequence[Event]) -> list[RawMessage]:
    """The events on the stories topic, each on its story's partition, at the next offset."""
    offsets = dict.fromkeys(range(PARTITIONS), 0)
    delivered = []
    for event in events:
        record = encode(event)
        partition = zlib.crc32(record.key) % PARTITIONS
        delivered.append(
            RawMessage(
                STORIES_TOPIC,
                partition,
                offsets[partition],
                record.headers,
                record.value,
                record.key,
            )
        )
        offsets[partition] += 1
    return delivered


def random_batches(generator: random.Random, items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``items`` cut into consecutive batches of random sizes, from one item to many."""
    position = 0
    while position < len(items):
        size = generator.choice([1, 1, 2, 3, 5, 8, 20, 60])
        yield items[position : position + size]
        position += size


class ListLog:
    """A log held in memory, read from its beginning (what ``rebuild_read_models`` reads)."""

    def __init__(self, items: Sequence[RawMessage]) -> None:
        self._items = list(items)
        self._next = 0

    async def read(self, limit: int) -> list[RawMessage]:
        batch = self._items[self._next : self._next + limit]
        self._next += len(batch)
        return batch

    async def at_end(self) -> bool:
        return self._next >= len(self._items)

    def waiting_for(self) -> list[str]:
        return [] if self._next >= len(self._items) else [f"item {self._next}"]


__all__ = ["ListLog", "at", "messages", "random_batches", "random_history"]
