"""What a batch reads before its first handler runs: one statement on PostgreSQL.

- the live generation, locked (shared) until the batch commits so that a rebuild cannot switch
  under it, when the batch follows the live one;
- the saved positions of the batch's partitions;
- which of its event ids were applied before, and which were retracted;
- where each of its story ids lands (a merged story's survivor) and the revision of each stored
  story, those rows locked in one order for every writer until the batch commits.

The statement names the tables of the generation the caller expects to be live; when another is
live, the caller reads again from that one. Other backends answer with one query per question.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.consume.delivery import PartitionKey
from storyline_projector.consume.projection import load_positions
from storyline_projector.read_models.generations import Generation, bind, live_generation
from storyline_projector.read_models.sql_membership import one_of
from storyline_projector.read_models.story_directory import chunks
from storyline_projector.read_models.tables import applied_events, retracted_events, stories


@dataclass(frozen=True)
class BatchStart:
    live: Generation | None  # the live generation, when asked for (None: no live row seen)
    positions: dict[PartitionKey, int]
    applied: set[str]
    retracted: set[str]
    merged_into: dict[str, str | None]  # every story id asked about
    revisions: dict[str, int]  # the stored stories among them


async def read_batch_start(
    connection: AsyncConnection,
    generation: Generation,
    *,
    lock_live: bool,
    partitions: Collection[PartitionKey],
    event_ids: Collection[str],
    story_ids: Collection[str],
) -> BatchStart:
    """Read from ``generation``'s tables (bound on ``connection`` for other backends)."""
    if connection.dialect.name != "postgresql":
        return await _read_one_by_one(
            connection, generation, lock_live, partitions, event_ids, story_ids
        )
    result = await connection.exec_driver_sql(
        _statement(generation.schema, lock_live),
        (
            sorted({stream for stream, _ in partitions}),
            sorted(set(event_ids)),
            sorted(set(story_ids)),
        ),
    )
    live, positions, applied, retracted, story_rows = tuple(result.one())
    merged_into: dict[str, str | None] = dict.fromkeys(story_ids)
    revisions = {}
    for story_id, merged, revision in _json(story_rows):
        merged_into[story_id] = merged
        revisions[story_id] = int(revision)
    return BatchStart(
        live=Generation(int(live)) if live is not None else None,
        positions={
            (stream, int(partition)): int(position)
            for stream, partition, position in _json(positions)
            if (stream, partition) in partitions
        },
        applied=set(applied),
        retracted=set(retracted),
        merged_into=merged_into,
        revisions=revisions,
    )


def _json(value: object) -> Any:
    """A json column's value: the engine may hand it back decoded already."""
    if value is None:
        return []
    return orjson.loads(value) if isinstance(value, str | bytes) else value


@lru_cache(maxsize=64)
def _statement(schema: str | None, lock_live: bool) -> str:
    prefix = "" if schema is None else f'"{schema}".'
    live = (
        "(SELECT generation FROM read_model_generations WHERE status = 'live' FOR SHARE)"
        if lock_live
        else "NULL::integer"
    )
    return (
        f"SELECT {live}, "
        "(SELECT json_agg(json_build_array(p.stream, p.partition, p.next_position)) "
        f"FROM {prefix}projector_positions AS p WHERE p.stream = ANY($1::text[])), "
        f"ARRAY(SELECT a.event_id FROM {prefix}projector_applied_events AS a "
        "WHERE a.event_id = ANY($2::text[])), "
        f"ARRAY(SELECT r.event_id FROM {prefix}read_retracted_events AS r "
        "WHERE r.event_id = ANY($2::text[])), "
        "(SELECT json_agg(json_build_array(s.story_id, s.merged_into, s.revision)) FROM "
        f"(SELECT story_id, merged_into, revision FROM {prefix}read_stories "
        "WHERE story_id = ANY($3::text[]) ORDER BY story_id FOR NO KEY UPDATE) AS s)"
    )


async def _read_one_by_one(
    connection: AsyncConnection,
    generation: Generation,
    lock_live: bool,
    partitions: Collection[PartitionKey],
    event_ids: Collection[str],
    story_ids: Collection[str],
) -> BatchStart:
    live = await live_generation(connection, lock="share") if lock_live else None
    await bind(connection, live if live is not None else generation)
    applied: set[str] = set()
    retracted: set[str] = set()
    for chunk in chunks(sorted(set(event_ids))):
        for table, found in ((applied_events, applied), (retracted_events, retracted)):
            rows = await connection.execute(
                select(table.c.event_id).where(one_of(connection, table.c.event_id, chunk))
            )
            found.update(rows.scalars())
    merged_into: dict[str, str | None] = dict.fromkeys(story_ids)
    revisions = {}
    for chunk in chunks(sorted(set(story_ids))):
        rows = await connection.execute(
            select(stories.c.story_id, stories.c.merged_into, stories.c.revision).where(
                one_of(connection, stories.c.story_id, chunk)
            )
        )
        for row in rows:
            merged_into[row.story_id] = row.merged_into
            revisions[row.story_id] = int(row.revision)
    return BatchStart(
        live=live,
        positions=await load_positions(connection, partitions),
        applied=applied,
        retracted=retracted,
        merged_into=merged_into,
        revisions=revisions,
    )
