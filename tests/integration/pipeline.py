"""Every stage of Storyline running at once on the real Kafka broker and PostgreSQL server.

The ingest API and the query API are served in-process (ASGI); the extraction worker, the outbox
relay and the projector run as tasks of the test's event loop, each as its production command
wires it, with consumer groups of the test's own. ``outcomes`` tells, for each accepted article,
how far it got: through every stage, or set aside by one of them (with the reason).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.topics import ALL_TOPICS
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.http.app import create_app
from storyline_ingest.outbox.relay import OutboxRelay, kafka_producer
from storyline_ingest.settings import IngestSettings
from storyline_ingest.storage.tables import event_store, extraction_runs
from storyline_ingest.worker.article_sources import KafkaArticleConsumer
from storyline_ingest.worker.extraction_runner import ExtractionRunner
from storyline_ingest.worker.extraction_worker import ExtractionWorker
from storyline_platform.stage_dead_letters import list_letters
from storyline_projector.app import create_query_app
from storyline_projector.consume.dead_letters import list_dead_letters
from storyline_projector.consume.kafka_consumer import KafkaProjector
from storyline_projector.read_models.generations import begin_generation
from storyline_projector.settings import ProjectorSettings

DONE = "extracted, published and projected"


@dataclass
class Pipeline:
    engine: AsyncEngine
    ingest: httpx.AsyncClient
    query: httpx.AsyncClient
    api_key: str
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    async def post(self, document: Any) -> httpx.Response:
        return await self.ingest.post("/v1/articles", json=document, headers=self.headers)

    def check_running(self) -> None:
        """Fail at once if a stage's task died (it should never stop on its own)."""
        for task in self._tasks:
            if task.done():
                raise AssertionError(f"a stage stopped: {task.get_name()}: {task.exception()!r}")

    async def outcomes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """For each article: DONE, ``set aside by <stage>: <error>``, or ``pending: <where>``."""
        wanted = list(article_ids)
        async with self.engine.connect() as connection:
            run_rows = await connection.execute(
                select(extraction_runs.c.article_id, extraction_runs.c.story_id).where(
                    extraction_runs.c.article_id.in_(wanted)
                )
            )
            runs = {row.article_id: row.story_id for row in run_rows}
            event_rows = await connection.execute(
                select(event_store.c.event_id, event_store.c.partition_key).where(
                    event_store.c.partition_key.in_(wanted)
                )
            )
            events = {row.event_id: row.partition_key for row in event_rows}
            letters = {
                events[letter.subject]: f"set aside by {letter.stage}: {letter.error}"
                for letter in await list_letters(connection)
                if letter.subject in events
            }
        async with begin_generation(self.engine) as connection:
            for letter in await list_dead_letters(connection):
                key = (letter.letter.message.key or b"").decode()
                if key in wanted:
                    letters[key] = f"set aside by the projector: {letter.letter.error}"
        result = {}
        for article_id in wanted:
            if article_id in letters:
                result[article_id] = letters[article_id]
            elif article_id not in runs:
                result[article_id] = "pending: not extracted yet"
            else:
                result[article_id] = await self._projection(article_id, runs[article_id])
        return result

    async def settle(self, article_ids: Iterable[str], seconds: float = 120.0) -> dict[str, str]:
        """Wait until no article is pending (or ``seconds`` pass); the last outcomes."""
        wanted = list(article_ids)
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            self.check_running()
            outcomes = await self.outcomes(wanted)
            pending = [a for a, outcome in outcomes.items() if outcome.startswith("pending")]
            if not pending or asyncio.get_running_loop().time() > deadline:
                return outcomes
            await asyncio.sleep(0.5)

    async def _projection(self, article_id: str, story_id: str) -> str:
        shown = await self.query.get(f"/v1/articles/{article_id}")
        if shown.status_code != 200:
            return f"pending: the article is not in the read models ({shown.status_code})"
        # A story merged into another redirects to it.
        listed = await self.query.get(f"/v1/stories/{story_id}/articles", follow_redirects=True)
        if listed.status_code != 200 or article_id not in listed.text:
            return f"pending: story {story_id} does not list it ({listed.status_code})"
        return DONE


@contextlib.asynccontextmanager
async def running_pipeline(
    engine: AsyncEngine,
    database_url: str,
    kafka_servers: str,
    topic_prefix: str,
    runner: ExtractionRunner | None = None,
) -> AsyncIterator[Pipeline]:
    async with engine.begin() as connection:
        api_key = await create_feed(connection, "wire", None, datetime.now(UTC))
    ingest_settings = IngestSettings(
        database_url=database_url, kafka_bootstrap_servers=kafka_servers, topic_prefix=topic_prefix
    )
    projector_settings = ProjectorSettings(
        database_url=database_url, kafka_bootstrap_servers=kafka_servers, topic_prefix=topic_prefix
    )
    ingest_app = create_app(ingest_settings, engine)
    query_app = create_query_app(projector_settings, engine)
    stages: dict[str, Any] = {
        "relay": OutboxRelay(
            engine,
            lambda: kafka_producer(kafka_servers),
            poll_seconds=0.05,
            topic_prefix=topic_prefix,
        ),
        "extraction": KafkaArticleConsumer(
            kafka_servers,
            ExtractionWorker(engine, runner or ExtractionRunner()),
            group_id=f"{topic_prefix}extraction",
            topic_prefix=topic_prefix,
        ),
        "projector": KafkaProjector(
            kafka_servers,
            engine,
            group_id=f"{topic_prefix}projector",
            topics=[topic_prefix + topic for topic in ALL_TOPICS],
            topic_prefix=topic_prefix,
        ),
    }
    stop = asyncio.Event()
    async with (
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=ingest_app), base_url="http://ingest"
        ) as ingest,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=query_app), base_url="http://query"
        ) as query,
    ):
        pipeline = Pipeline(engine, ingest, query, api_key)
        pipeline._tasks = [
            asyncio.create_task(stage.run(stop), name=name) for name, stage in stages.items()
        ]
        try:
            yield pipeline
        finally:
            stop.set()
            await asyncio.gather(*pipeline._tasks, return_exceptions=True)
