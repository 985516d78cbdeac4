"""The story index: which stories carry an actor, a place or an incident day, and since when.

Candidates for an article are looked up key by key, each lookup bounded (the most recently seen
``PER_KEY_LIMIT`` stories within the time window), so an article costs the same whether 1,000
or 1,000,000 stories are on record. The same keys serialise concurrent assignments on
PostgreSQL (see ``lock_keys``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import Table, case, select, text, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_ingest.stories.story_signals import ArticleSignals
from storyline_ingest.stories.story_tables import article_band_keys, story_index_keys
from storyline_platform.leader_lock import lock_key

# A key shared by more recent stories than this is common (a country, a capital): the most
# recent ones are enough, and rarer keys of the same article find the rest.
PER_KEY_LIMIT = 20
NEAR_DUPLICATE_LOOKUP_LIMIT = 50
DAY_NEIGHBOURS = 1
MAX_KEY_LENGTH = 255


def entity_keys(signals: ArticleSignals) -> list[str]:
    """Keys of the article's actors, places and other names: any join needs one (or a band)."""
    keys = [_key("actor", name) for name in signals.actors]
    keys += [_key("place", name) for name in signals.places]
    keys += [_key("name", name) for name in signals.names]
    return sorted(set(keys))


def day_key(day: date) -> str:
    return f"day:{day.isoformat()}"


def lookup_keys(signals: ArticleSignals) -> list[str]:
    """Every key candidates are looked up by: entities, and the incident day and its neighbours."""
    day = signals.reference_date
    days = [day_key(day + timedelta(days=offset)) for offset in range(-DAY_NEIGHBOURS, 2)]
    return sorted(set(entity_keys(signals) + days))


def story_keys(signals: ArticleSignals) -> list[str]:
    """Keys an article adds to its story's index entries."""
    return sorted(set([*entity_keys(signals), day_key(signals.reference_date)]))


def _key(kind: str, name: str) -> str:
    return f"{kind}:{' '.join(name.casefold().split())}"[:MAX_KEY_LENGTH]


async def lock_keys(connection: AsyncConnection, keys: Iterable[str]) -> None:
    """Serialise assignments that could pick or open the same story (PostgreSQL only).

    Transaction-scoped advisory locks, taken in one sorted order so two workers can never wait
    for each other in a cycle. SQLite needs none: BEGIN IMMEDIATE already admits one writer.
    """
    if connection.dialect.name != "postgresql":
        return
    ordered = sorted({lock_key(f"story-index:{key}") for key in keys})
    if ordered:
        # unnest yields the array in order, and each row takes its lock as it is produced.
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
            {"keys": ordered},
        )


async def stories_by_key(
    connection: AsyncConnection, keys: Sequence[str], since: datetime
) -> dict[str, list[str]]:
    """For each key, the stories seen with it since ``since`` (most recent first, bounded)."""
    if not keys:
        return {}
    table = story_index_keys
    bounded = [
        select(table.c.key, table.c.story_id)
        .where(table.c.key == key, table.c.last_seen >= since)
        .order_by(table.c.last_seen.desc())
        .limit(PER_KEY_LIMIT)
        .subquery()
        for key in keys
    ]
    query = union_all(*[select(part.c.key, part.c.story_id) for part in bounded])
    found: dict[str, list[str]] = {}
    for key, story_id in (await connection.execute(query)).all():
        found.setdefault(key, []).append(story_id)
    return found


async def index_story(
    connection: AsyncConnection, story_id: str, keys: Iterable[str], seen_at: datetime
) -> None:
    await index_entries(connection, [(key, story_id, seen_at) for key in sorted(set(keys))])


async def index_entries(
    connection: AsyncConnection, entries: Sequence[tuple[str, str, datetime]]
) -> None:
    """Upsert (key, story, seen at) entries, keeping the latest time seen for each."""
    latest_seen: dict[tuple[str, str], datetime] = {}
    for key, story_id, seen in entries:  # one row per key: an upsert may touch a row once
        known = latest_seen.get((key, story_id))
        latest_seen[(key, story_id)] = seen if known is None else max(known, seen)
    if not latest_seen:
        return
    insert = _insert_for(connection)(story_index_keys)
    newer = insert.excluded.last_seen > story_index_keys.c.last_seen
    latest = case((newer, insert.excluded.last_seen), else_=story_index_keys.c.last_seen)
    await connection.execute(
        insert.on_conflict_do_update(
            index_elements=["key", "story_id"], set_={"last_seen": latest}
        ),
        [
            {"key": key, "story_id": story_id, "last_seen": seen}
            for (key, story_id), seen in sorted(latest_seen.items())
        ],
    )


async def move_entries(connection: AsyncConnection, from_ids: Sequence[str], into_id: str) -> None:
    """Point the index entries of merged stories at the story they were merged into."""
    table = story_index_keys
    rows = (
        await connection.execute(
            select(table.c.key, table.c.last_seen).where(table.c.story_id.in_(from_ids))
        )
    ).all()
    await connection.execute(table.delete().where(table.c.story_id.in_(from_ids)))
    await index_entries(connection, [(key, into_id, seen) for key, seen in rows])


async def near_duplicate_candidates(
    connection: AsyncConnection, band_keys: Sequence[str], since: datetime, exclude: str
) -> list[str]:
    """Articles published since ``since`` that share an LSH band with the given signature."""
    table = article_band_keys
    query = (
        select(table.c.article_id)
        .where(
            table.c.band_key.in_(band_keys),
            table.c.published_at >= since,
            table.c.article_id != exclude,
        )
        .distinct()
        .limit(NEAR_DUPLICATE_LOOKUP_LIMIT)
    )
    return sorted((await connection.execute(query)).scalars())


async def index_article_bands(
    connection: AsyncConnection,
    article_id: str,
    band_keys: Sequence[str],
    published_at: datetime,
    replacing: Sequence[str] = (),
) -> None:
    """Index an article's band keys; ``replacing`` names its earlier ones (for a revision)."""
    table = article_band_keys
    if replacing:
        # By primary key: the table has no index on the article alone.
        await connection.execute(
            table.delete().where(table.c.band_key.in_(replacing), table.c.article_id == article_id)
        )
    await connection.execute(
        table.insert(),
        [
            {"band_key": key, "article_id": article_id, "published_at": published_at}
            for key in band_keys
        ],
    )


def _insert_for(
    connection: AsyncConnection,
) -> Callable[[Table], postgresql.Insert | sqlite.Insert]:
    # Both dialects spell an upsert the same way; SQLAlchemy keeps them as separate classes.
    if connection.dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert
