"""Generated requests against the query API, in-process on embedded SQLite holding a story.

schemathesis derives requests from the query API's OpenAPI document (valid parameters and
deliberately broken ones: wrong types, out-of-range numbers, odd characters, NULs); hypothesis
adds every write method on every path, with junk bodies. Whatever arrives: never a 5xx, every
error in the one shape, and the read models unchanged at the end (the API is read-only).

``STORYLINE_FUZZ_EXAMPLES`` sets the examples (a quarter of them per operation here), as for the
ingest API's fuzzing (``tests/fuzz_settings``); the run's total is printed at the end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.pool import NullPool

from storyline.migrate import upgrade_async
from storyline_platform.database import create_engine
from storyline_projector.app import create_query_app
from storyline_projector.read_models.digest import read_model_digest
from storyline_projector.settings import ProjectorSettings
from tests.fuzz_settings import count_request, fuzz_settings
from tests.unit.projector.story_factory import Projector, kremlin_story

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# The query API has many operations with few parameters each: a quarter of the examples per
# operation covers them in a fraction of the time.
QUERY_FUZZ_SETTINGS = fuzz_settings(share=0.25)


@dataclass(frozen=True)
class QueryTarget:
    app: FastAPI
    database: Path

    def digest(self) -> str:
        return asyncio.run(_digest(self.database))


async def _digest(database: Path) -> str:
    engine = create_engine(f"sqlite+aiosqlite:///{database}", poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await read_model_digest(connection)
    finally:
        await engine.dispose()


async def _prepare(url: str) -> None:
    await upgrade_async(url)
    engine = create_engine(url)
    try:
        await Projector(engine).apply(*kremlin_story())
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def query_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QueryTarget]:
    database = tmp_path_factory.mktemp("query-fuzz") / "storyline.db"
    url = f"sqlite+aiosqlite:///{database}"
    asyncio.run(_prepare(url))
    # No pool: schemathesis and hypothesis call the app from event loops of their own.
    engine = create_engine(url, poolclass=NullPool)
    target = QueryTarget(
        create_query_app(ProjectorSettings(database_url=url, kafka_bootstrap_servers=None), engine),
        database,
    )
    before = target.digest()
    yield target
    assert target.digest() == before, "a request changed the read models"
    asyncio.run(engine.dispose())


schema = schemathesis.openapi.from_dict(
    create_query_app(
        ProjectorSettings(database_url="sqlite+aiosqlite:///:memory:", kafka_bootstrap_servers=None)
    ).openapi()
)


def check_response(status: int, body: bytes) -> None:
    count_request("query API", status)
    assert status < 500, body[:500]
    if status >= 400:
        error = orjson.loads(body)["error"]
        assert set(error) == {"code", "message", "field", "details"}, error
        assert error["field"], error
        assert all(detail["field"] and detail["problem"] for detail in error["details"]), error


@schema.parametrize()
@QUERY_FUZZ_SETTINGS
def test_generated_queries_never_fail_the_server(case: Any, query_target: QueryTarget) -> None:
    response = case.call(app=query_target.app)

    check_response(response.status_code, response.content)


PATHS = st.sampled_from(sorted(schema.raw_schema["paths"]))


async def request(app: FastAPI, method: str, path: str, body: bytes) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://query.local") as client:
        return await client.request(
            method, path, content=body, headers={"Content-Type": "application/json"}
        )


@QUERY_FUZZ_SETTINGS
@given(method=st.sampled_from(WRITE_METHODS), path=PATHS, body=st.binary(max_size=300))
def test_every_write_method_is_refused_whatever_the_body(
    query_target: QueryTarget, method: str, path: str, body: bytes
) -> None:
    concrete = path.replace("{", "").replace("}", "")  # a name where an id goes

    response = asyncio.run(request(query_target.app, method, concrete, body))

    check_response(response.status_code, response.content)
    assert response.status_code == 405
