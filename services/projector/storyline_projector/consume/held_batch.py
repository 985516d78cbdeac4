"""A batch whose stories are all held in memory, written in one statement with no read before it.

With a trickle of news every batch holds one event, and the usual four round trips of a batch
(BEGIN, the batch's read, its write, COMMIT) cost more than projecting the event. When the
pipeline already knows what that read would say, because it saved the batch's partitions itself
and holds every story the batch names (or the batch opens it), the read and the transaction are
skipped: the handlers run
on what is held, and one statement, which is a transaction of its own, first checks under row
locks that what the batch assumed still stands, then writes every row only if it does:

- the generation written to is still the live one (its row locked shared, as a batch's read
  locks it, so that a rebuild cannot switch under the write);
- each story's stored revision is the held one and the story was not merged (rows locked in
  story id order, as every writer locks them); a story the batch opens has no row yet;
- each partition's stored position is the one this pipeline saved last, or read when the
  partition was assigned (no other instance has applied from it since); a partition known to
  have no stored position (0) still has none;
- none of the batch's events was retracted before it arrived.

An event applied before (published twice) fails the insert of its id, which has no conflict
clause, so the statement fails and writes nothing. ``prepare_held`` runs the handlers and builds
the statement; the pipeline sends it (``MessagePipeline``, which may prepare the next batch while
it is on its way). Whenever the batch cannot be written this way (a handler needs to read, the
check fails, the statement fails), nothing of it is kept: the held states not yet stored are
forgotten, and the pipeline applies it the usual way, reading first.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event
from storyline_contracts.retraction_events import EventsRetracted
from storyline_contracts.story_events import StoryMerged, StoryOpened
from storyline_projector.consume.delivery import Delivery, PartitionKey, published_json
from storyline_projector.read_models.combined_write import (
    documents_of,
    guarded_statement,
    qualified,
    shapes_of,
)
from storyline_projector.read_models.generations import Generation
from storyline_projector.read_models.handlers import run_known_handlers
from storyline_projector.read_models.sql_upsert import Combine
from storyline_projector.read_models.story_directory import story_ids_of
from storyline_projector.read_models.story_states import StoryStates
from storyline_projector.read_models.tables import applied_events, projector_positions
from storyline_projector.read_models.unit_of_work import KnownStories, ProjectionUnit

log = logging.getLogger(__name__)

# Their handlers move and delete rows with plain SQL: never applied without a transaction.
READ_FIRST: frozenset[type[Event]] = frozenset({StoryMerged, EventsRetracted})
GUARD_PARAMETERS = 8
_APPLIED_KEY = ("event_id",)
_POSITION_KEY = ("stream", "partition")
_POSITION_RULES: dict[str, Combine] = {"next_position": "max"}


class Refusal(Enum):
    """Why a batch was not written in one statement (nothing of it was)."""

    NOT_HELD = "a partition or story not held"  # or a redelivery, or an event named twice
    NEEDS_READ = "a handler must read"  # or rewrite a story's allegations, or failed
    STALE = "another writer changed what was held"  # the guard said no
    FAILED = "the statement failed"  # an id applied before, a deadlock


class _NeedsRead(Exception):
    """A handler asked the database something: the batch must take the usual path."""


class _NoConnection:
    """Stands in for the connection while handlers run on held stories."""

    def __getattr__(self, name: str) -> Any:
        raise _NeedsRead(name)


@dataclass(frozen=True)
class HeldWrite:
    """A batch made ready to be written in one statement: its text and arguments, and each
    partition's position once it is written."""

    statement: str
    arguments: tuple[Any, ...]
    moved: dict[PartitionKey, int]


async def prepare_held(
    live: Generation,
    states: StoryStates,
    positions: dict[PartitionKey, int],
    deliveries: Sequence[Delivery],
) -> HeldWrite | Refusal:
    """Run the handlers on the held states and build the statement, with no connection. On a
    refusal the held states the batch touched are forgotten (``states.discard``)."""
    moved = _moved(positions, deliveries) if deliveries else None
    events = [delivery.event for delivery in deliveries]
    event_ids = [event.event_id for event in events]
    if moved is None or len(set(event_ids)) != len(event_ids):
        return Refusal.NOT_HELD
    if any(type(event) in READ_FIRST for event in events):
        return Refusal.NEEDS_READ
    revisions: dict[str, int] = {}
    opened = {event.story_id for event in events if isinstance(event, StoryOpened)}
    new: list[str] = []  # opened by the batch, not held: taken to have no row yet
    for story_id in story_ids_of(events):
        held = states.get(story_id)
        if held is None and story_id in opened:
            new.append(story_id)
        elif held is None or held.merged_into is not None:  # a merged story's events move on
            return Refusal.NOT_HELD
        else:
            revisions[story_id] = held.revision
    checked = {*revisions, *new}
    unit = ProjectionUnit(
        cast(AsyncConnection, _NoConnection()),
        states,
        KnownStories(revisions, checked),
        published_json(deliveries),
    )
    unit.stories.know(dict.fromkeys(checked), dict.fromkeys(event_ids, False))
    try:
        await run_known_handlers(unit, events)  # the directory knows them all (above)
        put_progress(unit, deliveries, moved)
        taken_in = unit.take_in_held()
    except Exception:  # _NeedsRead, or an event its handler refuses: the usual path sorts it out
        log.debug("a batch of held stories takes the usual path", exc_info=True)
        taken_in = False
    if not taken_in:
        states.discard()
        return Refusal.NEEDS_READ
    writes = unit.rows.take_writes()
    schema = live.schema
    statement = guarded_statement(schema, _guard(schema), GUARD_PARAMETERS, shapes_of(writes))
    streams, partitions = zip(*moved, strict=True)
    stories = sorted(revisions)
    arguments = (
        live.number,
        stories,
        [revisions[story_id] for story_id in stories],
        list(streams),
        list(partitions),
        [positions[key] for key in moved],
        event_ids,
        sorted(new),
        *documents_of(writes),
    )
    return HeldWrite(statement, arguments, moved)


def put_progress(
    unit: ProjectionUnit, applied: Sequence[Delivery], moved: dict[PartitionKey, int]
) -> None:
    """Put the ids of the events applied and each partition's new position, with the batch's
    rows (an id inserted twice fails the write: see ``projection``)."""
    rows = unit.rows
    ids = [{"event_id": delivery.event.event_id} for delivery in applied]
    rows.insert(applied_events, ids, key=_APPLIED_KEY)
    for (stream, partition), position in sorted(moved.items()):
        rows.put(
            projector_positions,
            {"stream": stream, "partition": partition, "next_position": position},
            key=_POSITION_KEY,
            combine=_POSITION_RULES,
        )


def _moved(
    positions: dict[PartitionKey, int], deliveries: Sequence[Delivery]
) -> dict[PartitionKey, int] | None:
    """Each partition's position after the batch; None if a partition's saved position is not
    known or a delivery is behind it (redelivered)."""
    moved: dict[PartitionKey, int] = {}
    for delivery in deliveries:
        key = (delivery.stream, delivery.partition)
        saved = moved.get(key, positions.get(key))
        if saved is None or delivery.position < saved:
            return None
        moved[key] = delivery.position + 1
    return moved


@lru_cache(maxsize=64)
def _guard(schema: str | None) -> str:
    """True when what the batch assumed stands; locks in the order of the usual path: the live
    generation's row, the stories' rows, then (the usual path's write) the positions' rows."""
    stories = qualified(schema, "read_stories")
    positions = qualified(schema, "projector_positions")
    retracted = qualified(schema, "read_retracted_events")
    return (
        "SELECT coalesce((SELECT generation FROM read_model_generations "
        "WHERE status = 'live' FOR SHARE), 0) = $1::integer "
        # $2 is sorted and $3 in its order: equal arrays mean every story is there, unmerged,
        # at its held revision (the look-up goes by primary key, whatever the number of stories)
        "AND (SELECT coalesce(array_agg(s.revision ORDER BY s.story_id) "
        "FILTER (WHERE s.merged_into IS NULL), '{}') FROM (SELECT story_id, revision, merged_into "
        f"FROM {stories} WHERE story_id = ANY($2::text[]) "
        "ORDER BY story_id FOR NO KEY UPDATE) AS s) = $3::bigint[] "
        # a stored position is never 0 (it is the one after an applied message): 0 stands for
        # no row, which must still be missing
        "AND (SELECT count(*) FROM (SELECT FROM "
        f"{positions} AS p "
        "JOIN unnest($4::text[], $5::integer[], $6::bigint[]) AS e(stream, part, position) "
        "ON p.stream = e.stream AND p.partition = e.part AND p.next_position = e.position "
        "ORDER BY p.stream, p.partition FOR UPDATE OF p) AS saved) "
        "= (SELECT count(*) FROM unnest($6::bigint[]) AS e(position) WHERE e.position > 0) "
        f"AND NOT EXISTS (SELECT FROM {positions} AS p "
        "JOIN unnest($4::text[], $5::integer[], $6::bigint[]) AS e(stream, part, position) "
        "ON p.stream = e.stream AND p.partition = e.part WHERE e.position = 0) "
        f"AND NOT EXISTS (SELECT FROM {retracted} WHERE event_id = ANY($7::text[])) "
        f"AND NOT EXISTS (SELECT FROM {stories} WHERE story_id = ANY($8::text[])) AS ok"
    )
