"""Generated requests against the ingest API, in-process on embedded SQLite.

schemathesis derives requests from the OpenAPI document (valid ones and deliberately broken
ones); hypothesis throws raw bodies no schema describes (invalid UTF-8, huge numbers, NaN, deep
nesting, junk). Whatever arrives: never a 5xx, every 4xx in the one error format, naming a
field, and a refused request stores nothing.

``STORYLINE_FUZZ_EXAMPLES`` sets the examples per operation (and per raw-body test); the default
keeps the normal suite quick (``tests/fuzz_settings``).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
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
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.http.app import create_app
from storyline_ingest.settings import IngestSettings
from storyline_platform.database import create_engine
from tests.article_factory import article
from tests.fuzz_settings import FUZZ_SETTINGS, count_request
from tests.ninjs_factory import ninjs2

STORED_TABLES = ("articles", "article_versions", "event_store", "outbox", "idempotency_keys")


@schemathesis.serializer("application/x-ndjson")
def _ndjson(_context: Any, value: Any) -> bytes:
    # The standard library writes what orjson refuses (huge integers, NaN): more to throw.
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item, default=str) + "\n" for item in items).encode()


@dataclass(frozen=True)
class FuzzTarget:
    app: FastAPI
    database: Path
    api_key: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def stored(self) -> dict[str, int]:
        with sqlite3.connect(self.database) as connection:
            return {
                table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in STORED_TABLES
            }


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzTarget]:
    database = tmp_path_factory.mktemp("fuzz") / "storyline.db"
    url = f"sqlite+aiosqlite:///{database}"
    api_key = asyncio.run(_prepare(url))
    # No pool: schemathesis serves the app from its own event loop, hypothesis tests from others,
    # and a pooled aiosqlite connection belongs to the loop that opened it.
    engine = create_engine(url, poolclass=NullPool)
    yield FuzzTarget(create_app(IngestSettings(database_url=url), engine), database, api_key)
    asyncio.run(engine.dispose())


async def _prepare(url: str) -> str:
    await upgrade_async(url)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            return await create_feed(connection, "fuzz-wire", None, datetime.now(UTC))
    finally:
        await engine.dispose()


# The document does not depend on the database: read it from an app that is never started.
# (schemathesis' lazy ``from_fixture`` loader does not work with this pytest.)
schema = schemathesis.openapi.from_dict(
    create_app(IngestSettings(database_url="sqlite+aiosqlite:///:memory:")).openapi()
)


def check_response(target: FuzzTarget, status: int, body: bytes, before: dict[str, int]) -> None:
    """The rules every response keeps, whatever the request."""
    count_request("ingest API", status)
    assert status < 500, body[:500]
    if status >= 400:
        error = orjson.loads(body)["error"]
        assert {"code", "message", "field", "details"} <= set(error), error
        assert isinstance(error["field"], str), error
        assert error["field"], error
        assert all(detail["field"] and detail["problem"] for detail in error["details"]), error
        assert target.stored() == before, "a refused request stored something"
    if status == 207:
        for item in orjson.loads(body)["items"]:
            assert item["status"] == 202 or item["error"]["field"], item


@schema.parametrize()
@FUZZ_SETTINGS
def test_generated_requests_never_fail_the_server_or_store_when_refused(
    case: Any, fuzz_target: FuzzTarget
) -> None:
    before = fuzz_target.stored()

    response = case.call(app=fuzz_target.app, headers=fuzz_target.auth)

    check_response(fuzz_target, response.status_code, response.content, before)


JSON_JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
NASTY_LITERALS = [
    b"NaN",
    b"-Infinity",
    b"1e99999",
    b"9" * 5000,
    b'{"version": 1e400}',
    b'{"title": "\\ud800"}',
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 3000 + b"1" + b"}" * 3000,
    b"\xef\xbb\xbf{}",
    b"\x00",
    b'{"title": "\xc3\x28"}',
    b"\xff\xfe{\x00}\x00",
]
FIELD_NAMES = st.sampled_from(
    ["title", "body", "published_at", "version", "external_id", "url", "language", "subjects"]
)


@st.composite
def articles_with_one_nasty_field(draw: st.DrawFn) -> bytes:
    document: dict[str, Any] = article(external_id=f"fuzz-{draw(st.integers(0, 10**6))}")
    document[draw(FIELD_NAMES)] = draw(JSON_JUNK)
    return json.dumps(document).encode()  # orjson refuses what this test must send


@st.composite
def ninjs_with_one_nasty_field(draw: st.DrawFn) -> bytes:
    document = ninjs2(uri=f"https://wire.example.org/items/{draw(st.integers(0, 10**6))}")
    name = draw(st.sampled_from(["headlines", "bodies", "version", "versioncreated", "subjects"]))
    document[name] = draw(JSON_JUNK)
    return json.dumps(document).encode()


def nasty_literal(index: int) -> bytes:
    return NASTY_LITERALS[index]


RAW_BODIES = (
    st.binary(max_size=300)
    | st.integers(0, len(NASTY_LITERALS) - 1).map(nasty_literal)
    | articles_with_one_nasty_field()
    | ninjs_with_one_nasty_field()
    | JSON_JUNK.map(lambda value: json.dumps(value).encode())
)
ROUTES = st.sampled_from(
    [
        ("/v1/articles", "application/json"),
        ("/v1/articles", "application/vnd.iptc.ninjs+json"),
        ("/v1/articles:batch", "application/json"),
        ("/v1/articles:batch", "application/x-ndjson"),
    ]
)


async def post(app: FastAPI, path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest.local") as client:
        return await client.post(path, content=body, headers=headers)


@FUZZ_SETTINGS
@given(route=ROUTES, body=RAW_BODIES)
def test_raw_bodies_get_a_4xx_naming_the_field_or_are_stored(
    fuzz_target: FuzzTarget, route: tuple[str, str], body: bytes
) -> None:
    path, content_type = route
    before = fuzz_target.stored()
    headers = fuzz_target.auth | {"Content-Type": content_type}

    response = asyncio.run(post(fuzz_target.app, path, body, headers))

    check_response(fuzz_target, response.status_code, response.content, before)
