"""Embedded mode: both services in one process, on one SQLite database, with no Kafka.

The ingest API stores articles and events; instead of a relay and Kafka, the followers read the
event store directly. The domain code is the same as in production: only the transport differs.
"""

from __future__ import annotations

from concurrent.futures import Executor
from types import TracebackType

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.migrate import upgrade_async
from storyline_ingest.http.app import create_app
from storyline_ingest.settings import IngestSettings
from storyline_ingest.worker.article_sources import StoreArticleFollower
from storyline_ingest.worker.extraction_runner import ExtractionRunner
from storyline_ingest.worker.extraction_worker import ExtractionWorker
from storyline_platform.database import create_engine
from storyline_projector.app import create_query_app
from storyline_projector.consume.store_follower import StoreFollower
from storyline_projector.settings import ProjectorSettings


class EmbeddedStoryline:
    def __init__(self, database_url: str, executor: Executor | None = None) -> None:
        self.database_url = database_url
        self.engine: AsyncEngine = create_engine(database_url)
        self.extraction = StoreArticleFollower(
            self.engine, ExtractionWorker(self.engine, ExtractionRunner(executor))
        )
        # Embedded means no Kafka, whatever the environment says (a test run may export it).
        self.ingest_app = create_app(
            IngestSettings(database_url=database_url, kafka_bootstrap_servers=None), self.engine
        )
        self.query_app = create_query_app(
            ProjectorSettings(database_url=database_url, kafka_bootstrap_servers=None), self.engine
        )
        self.projector = StoreFollower(store=self.engine, read_models=self.engine)

    async def __aenter__(self) -> EmbeddedStoryline:
        await upgrade_async(self.database_url)
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        await self.engine.dispose()

    async def settle(self) -> None:
        """Run every follower until nothing is left to do: extraction, then projection."""
        await self.extraction.catch_up()
        await self.projector.catch_up()

    def ingest_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.ingest_app), base_url="http://ingest.local"
        )

    def query_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.query_app), base_url="http://query.local"
        )
