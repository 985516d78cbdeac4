"""What adopting a re-extraction run would change, per event type and per story, with examples.

Within each article, the events that stand now are paired with the run's candidates of the same
type from the same sentence. A pair that agrees on who acted, against whom and when is
unchanged; a pair that differs is changed (and says which of those moved); an event left without
a partner is removed (it stands now, the run did not find it) or added (the run found it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_contracts import decode
from storyline_contracts.extracted_events import ExtractedEvent
from storyline_ingest.outbox.event_store import stored_event_from_row
from storyline_ingest.storage.tables import event_store, reextraction_articles, reextraction_events
from storyline_ingest.worker.reextraction import run_info

KINDS = ("added", "removed", "changed", "unchanged")


@dataclass(frozen=True)
class EventChange:
    kind: str  # one of KINDS
    event_type: str
    story_id: str
    article_id: str
    sentence: str
    before: str | None  # "Russia -> United States, 2023-04-29" as it stands
    after: str | None  # the same as the run found it
    moved: tuple[str, ...] = ()  # for a change: which of "source", "targets", "date"


@dataclass
class RunDiff:
    run_id: str
    extractor_version: str
    articles: int = 0
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    by_story: dict[str, Counter[str]] = field(default_factory=dict)
    changes: list[EventChange] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (article id, why) unread ones

    def count(self, change: EventChange) -> None:
        self.by_type.setdefault(change.event_type, Counter())[change.kind] += 1
        self.by_story.setdefault(change.story_id, Counter())[change.kind] += 1
        self.changes.append(change)

    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counts in self.by_type.values():
            total.update(counts)
        return total

    def examples(self, kind: str, limit: int) -> list[EventChange]:
        return [change for change in self.changes if change.kind == kind][:limit]


async def diff_run(engine: AsyncEngine, run_id: str) -> RunDiff:
    info = await run_info(engine, run_id)
    diff = RunDiff(run_id, info.extractor_version)
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(reextraction_articles)
                .where(reextraction_articles.c.run_id == run_id)
                .order_by(reextraction_articles.c.story_id, reextraction_articles.c.article_id)
            )
        ).mappings()
        articles = list(rows)
        candidates = await _candidate_events(connection, run_id)
        standing_ids = [event_id for row in articles for event_id in row["standing_event_ids"]]
        standing = await _stored_events(connection, standing_ids)
    for row in articles:
        diff.articles += 1
        if row["note"]:
            diff.kept.append((row["article_id"], row["note"]))
            continue
        before = [standing[i] for i in row["standing_event_ids"] if i in standing]
        after = [candidates[i] for i in row["candidate_event_ids"] if i in candidates]
        for change in compare(before, after, row["story_id"], row["article_id"]):
            diff.count(change)
    return diff


def compare(
    before: Sequence[ExtractedEvent],
    after: Sequence[ExtractedEvent],
    story_id: str,
    article_id: str,
) -> list[EventChange]:
    """Pair one article's standing events with its candidates and name each difference."""
    changes = []
    left = list(before)
    right = list(after)
    # Exact agreements first, so that a changed event is not paired with another's twin.
    for rule in (_same_reading, _same_sentence):
        for old in list(left):
            new = next((n for n in right if rule(old, n)), None)
            if new is None:
                continue
            left.remove(old)
            right.remove(new)
            moved = _moved(old, new)
            kind = "changed" if moved else "unchanged"
            changes.append(
                _change(kind, old.name, story_id, article_id, new, old, new, tuple(moved))
            )
    for old in left:
        changes.append(_change("removed", old.name, story_id, article_id, old, old, None))
    for new in right:
        changes.append(_change("added", new.name, story_id, article_id, new, None, new))
    return changes


def describe(event: ExtractedEvent) -> str:
    source = _name(event.source) or "(unnamed)"
    targets = ", ".join(filter(None, (_name(t) for t in event.targets)))
    date = event.when.start.isoformat() if event.when and event.when.start else "undated"
    return f"{source} -> {targets or '(no target)'}, {date}"


def _change(
    kind: str,
    event_type: str,
    story_id: str,
    article_id: str,
    shown: ExtractedEvent,
    old: ExtractedEvent | None,
    new: ExtractedEvent | None,
    moved: tuple[str, ...] = (),
) -> EventChange:
    return EventChange(
        kind=kind,
        event_type=event_type,
        story_id=story_id,
        article_id=article_id,
        sentence=shown.evidence.sentence,
        before=describe(old) if old is not None else None,
        after=describe(new) if new is not None else None,
        moved=moved,
    )


def _same_sentence(old: ExtractedEvent, new: ExtractedEvent) -> bool:
    return (
        old.name == new.name
        and old.evidence.start < new.evidence.end
        and new.evidence.start < old.evidence.end
    )


def _same_reading(old: ExtractedEvent, new: ExtractedEvent) -> bool:
    return _same_sentence(old, new) and not _moved(old, new)


def _moved(old: ExtractedEvent, new: ExtractedEvent) -> list[str]:
    moved = []
    if _name(old.source) != _name(new.source):
        moved.append("source")
    if {_name(t) for t in old.targets} != {_name(t) for t in new.targets}:
        moved.append("targets")
    old_date = old.when.start if old.when else None
    new_date = new.when.start if new.when else None
    if old_date != new_date:
        moved.append("date")
    return moved


def _name(actor: object) -> str | None:
    if actor is None:
        return None
    return getattr(actor, "canonical", None) or getattr(actor, "text", None)


async def _candidate_events(connection: AsyncConnection, run_id: str) -> dict[str, ExtractedEvent]:
    rows = await connection.execute(
        select(reextraction_events).where(reextraction_events.c.run_id == run_id)
    )
    found = {}
    for row in rows.mappings():
        headers = tuple((name, value.encode()) for name, value in row["headers"].items())
        event = decode(headers, bytes(row["payload"]))
        if isinstance(event, ExtractedEvent):
            found[event.event_id] = event
    return found


async def _stored_events(
    connection: AsyncConnection, event_ids: Sequence[str]
) -> dict[str, ExtractedEvent]:
    found: dict[str, ExtractedEvent] = {}
    for start in range(0, len(event_ids), 1000):
        rows = await connection.execute(
            select(event_store).where(event_store.c.event_id.in_(event_ids[start : start + 1000]))
        )
        for row in rows.mappings():
            stored = stored_event_from_row(row)
            event = decode(stored.headers, stored.payload)
            if isinstance(event, ExtractedEvent):
                found[event.event_id] = event
    return found
