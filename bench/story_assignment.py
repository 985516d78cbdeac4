"""Story assignment cost per article with 1,000 and with 100,000 stories on record.

For each size, a fresh database (SQLite by default; a new database on the server given by
``--database-url`` for PostgreSQL) is migrated and filled in bulk, by a child process, with
stories spread over two years, with their index entries, articles and LSH band keys, as
assignment itself would have left them. Then the same sequence of new articles (same seed) is
assigned, one transaction each, as the extraction worker does, and the time per article is
printed side by side, with the ratio.
The target is a ratio within 1.5: candidate lookup goes through the index, never a scan.

    uv run python bench/story_assignment.py [--articles 300] [--sizes 1000 100000]
                                            [--database-url postgresql+asyncpg://...]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.commands.story_commands import STORY_TABLES_REVISION
from storyline.migrate import upgrade_async
from storyline.scratch_databases import scratch_database
from storyline_ingest.stories.story_assignment import assign_story
from storyline_ingest.stories.story_index import story_keys
from storyline_ingest.stories.story_records import new_profile, profile_columns, story_id_for
from storyline_ingest.stories.story_signals import ArticleSignals
from storyline_ingest.stories.story_tables import (
    article_band_keys,
    article_stories,
    stories,
    story_index_keys,
)
from storyline_ingest.stories.text_fingerprint import fingerprint
from storyline_platform.database import create_engine

START = datetime(2022, 1, 1, tzinfo=UTC)
SPAN_DAYS = 730
COMMON_ACTORS = ("Government of Russia", "Government of Ukraine", "Government of the United States")
ACTORS = [f"Person {n}" for n in range(3000)]
PLACES = [f"Town {n}" for n in range(1500)]
NAMES = [f"name {n}" for n in range(4000)]  # proper names the gazetteer would not resolve
WORDS = [f"word{n}" for n in range(5000)]
CHUNK = 5000


@dataclass(frozen=True)
class Timing:
    stories: int
    per_article_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.per_article_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.per_article_ms, n=20)[-1]


def synthetic_article(rng: random.Random, article_id: str, published: datetime) -> ArticleSignals:
    body = " ".join(rng.choice(WORDS) for _ in range(90))
    return ArticleSignals(
        article_id=article_id,
        article_version=1,
        published_at=published,
        title=" ".join(rng.choice(WORDS) for _ in range(8)),
        body=body,
        outlet=f"Outlet {rng.randrange(40)}",
        actors=frozenset({rng.choice(COMMON_ACTORS), *rng.sample(ACTORS, 2)}),
        places=frozenset(rng.sample(PLACES, 2)),
        incident_date=(published - timedelta(hours=rng.randrange(30))).date(),
        event_types=frozenset({rng.choice(["strike_reported", "accusation_made", "pledge_made"])}),
        names=frozenset(rng.sample(NAMES, 3)),
    )


def story_rows(signals: ArticleSignals) -> dict[str, list[dict[str, Any]]]:
    """The rows assignment leaves for a story opened by ``signals`` (built without assigning)."""
    text_print = fingerprint(signals.title, signals.body)
    profile = new_profile(story_id_for(signals.article_id), signals, text_print)
    story_id, seen = profile.story_id, signals.published_at
    story = {
        "story_id": story_id,
        "title": signals.title,
        "first_article_id": signals.article_id,
        "article_count": 1,
        "merged_into": None,
        **profile_columns(profile),
    }
    article = {
        "article_id": signals.article_id,
        "article_version": 1,
        "story_id": story_id,
        "near_duplicate_of": None,
        "published_at": seen,
        "minhash": text_print.signature_bytes(),
    }
    return {
        "stories": [story],
        "keys": [{"key": k, "story_id": story_id, "last_seen": seen} for k in story_keys(signals)],
        "articles": [article],
        "bands": [
            {"band_key": band, "article_id": signals.article_id, "published_at": seen}
            for band in text_print.band_keys
        ],
    }


async def fill(engine: AsyncEngine, count: int, rng: random.Random) -> None:
    """``count`` stories spread evenly over the span, inserted in bulk."""
    tables = {
        "stories": stories,
        "keys": story_index_keys,
        "articles": article_stories,
        "bands": article_band_keys,
    }
    for chunk_start in range(0, count, CHUNK):
        batch: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
        for n in range(chunk_start, min(count, chunk_start + CHUNK)):
            published = START + timedelta(days=SPAN_DAYS * n / count, minutes=rng.randrange(600))
            rows = story_rows(synthetic_article(rng, f"on-record-{n}", published))
            for name, values in rows.items():
                batch[name].extend(values)
        async with engine.begin() as connection:
            for name, table in tables.items():
                await connection.execute(insert(table), batch[name])
    await settle_after_bulk_load(engine)


async def settle_after_bulk_load(engine: AsyncEngine) -> None:
    """Leave the database as in steady state: statistics gathered, and SQLite's WAL folded into
    the database (the last connection to close does it), or the first commits after the load
    would pay for copying it."""
    async with engine.begin() as connection:
        await connection.execute(text("ANALYZE"))
    await engine.dispose()


def fill_database(url: str, size: int) -> None:
    async def run() -> None:
        engine = create_engine(url)
        try:
            await fill(engine, size, random.Random(size))
        finally:
            await engine.dispose()

    asyncio.run(run())


async def time_assignments(engine: AsyncEngine, articles: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    timings = []
    last_day = START + timedelta(days=SPAN_DAYS)
    for n in range(articles):
        published = last_day - timedelta(days=rng.randrange(60), minutes=rng.randrange(600))
        signals = synthetic_article(rng, f"new-{n}", published)
        began = time.perf_counter()
        async with engine.begin() as connection:
            await assign_story(connection, signals, datetime.now(UTC))
        timings.append((time.perf_counter() - began) * 1000)
    return timings


@asynccontextmanager
async def fresh_database(server_url: str | None) -> AsyncIterator[str]:
    if server_url is None:
        with tempfile.TemporaryDirectory(prefix="storyline-bench-") as scratch:
            yield f"sqlite+aiosqlite:///{Path(scratch) / 'stories.db'}"
        return
    async with scratch_database(server_url, "storyline_bench", revision=None) as url:
        yield url


async def measure(size: int, articles: int, server_url: str | None) -> Timing:
    async with fresh_database(server_url) as url:
        await upgrade_async(url, STORY_TABLES_REVISION)
        began = time.perf_counter()
        # Filled by a child process: the measuring process starts as a worker would, not
        # carrying the heap (and collector work) of a bulk load.
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as child:
            await asyncio.get_running_loop().run_in_executor(child, fill_database, url, size)
        print(f"  {size:>9,} stories on record, filled in {time.perf_counter() - began:.1f} s")
        engine = create_engine(url)
        try:
            await time_assignments(engine, 20, seed=999)  # warm caches and connections
            return Timing(size, await time_assignments(engine, articles, seed=1))
        finally:
            await engine.dispose()


def report(timings: list[Timing], backend: str) -> Iterator[str]:
    yield f"story assignment per article ({backend}, {len(timings[0].per_article_ms)} articles)"
    yield f"  {'stories on record':>18} {'median ms':>10} {'p95 ms':>8} {'mean ms':>8}"
    for timing in timings:
        mean = statistics.fmean(timing.per_article_ms)
        yield f"  {timing.stories:>18,} {timing.median:>10.2f} {timing.p95:>8.2f} {mean:>8.2f}"
    ratio = timings[-1].median / timings[0].median
    verdict = "within" if ratio <= 1.5 else "OVER"
    yield (
        f"  ratio {timings[-1].stories:,} / {timings[0].stories:,} (median): {ratio:.2f} "
        f"({verdict} the 1.5 target)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite files)")
    args = parser.parse_args()
    timings = [await measure(size, args.articles, args.database_url) for size in args.sizes]
    backend = make_url(args.database_url).get_backend_name() if args.database_url else "sqlite"
    print("\n".join(report(timings, backend)))


if __name__ == "__main__":
    asyncio.run(main())
