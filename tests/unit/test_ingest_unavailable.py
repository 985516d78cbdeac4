"""The database away is a 503 with a JSON body and Retry-After; a batch stores all or nothing.

The real outage (a PostgreSQL server stopped mid-run) is in the integration tests; here the
store fails on cue, which also lets a batch fail after some of its items were written.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.accept import accept_requests
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts

BATCH = "/v1/articles:batch"


def database_gone(*_args: Any, **_kwargs: Any) -> Any:
    raise OperationalError("INSERT ...", {}, ConnectionRefusedError("connection refused"))


async def test_a_post_while_the_database_is_away_gets_503_with_retry_after(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with storyline.ingest_client() as client:
        await client.post("/v1/articles", json=article(), headers=feed.headers)  # warm the key
        monkeypatch.setattr(accept_requests, "write_changes", database_gone)
        response = await client.post(
            "/v1/articles", json=article(external_id="wire-2"), headers=feed.headers
        )

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["error"]["code"] == "unavailable"
    assert (await row_counts(storyline))["articles"] == 1


async def test_a_batch_that_fails_midway_stores_none_of_its_items(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = accept_requests.write_changes
    calls = 0

    async def fails_after_writing(connection: Any, changes: Any, now: Any) -> None:
        nonlocal calls
        calls += 1
        await real_write(connection, changes, now)  # the items are written, then it fails
        database_gone()

    async with storyline.ingest_client() as client:
        await client.post("/v1/articles", json=article(), headers=feed.headers)  # warm the key
        monkeypatch.setattr(accept_requests, "write_changes", fails_after_writing)
        batch = [article(external_id=f"wire-{n}") for n in range(2, 7)]
        response = await client.post(BATCH, json=batch, headers=feed.headers)

    assert calls >= 1
    assert response.status_code == 503
    assert response.json()["error"]["message"].startswith("the database is unavailable")
    assert (await row_counts(storyline))["articles"] == 1  # only the warm-up article


async def test_an_unexpected_failure_answers_json_not_plain_text(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    # As a server would: the error is answered, then logged (re-raised) by Starlette.
    transport = httpx.ASGITransport(app=storyline.ingest_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest.local") as client:
        await client.post("/v1/articles", json=article(), headers=feed.headers)
        monkeypatch.setattr(accept_requests, "write_changes", bug)
        response = await client.post(
            "/v1/articles", json=article(external_id="wire-2"), headers=feed.headers
        )

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
