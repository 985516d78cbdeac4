"""The Idempotency-Key header: a retry gets the first answer back and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.accept.feeds import create_feed
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts


async def test_retry_with_the_same_key_replays_the_stored_response(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"Idempotency-Key": "8e0f6c1e-retry"}
    async with storyline.ingest_client() as client:
        first = await client.post("/v1/articles", json=article(), headers=headers)
        stored = await row_counts(storyline)
        retry = await client.post("/v1/articles", json=article(), headers=headers)

    assert retry.status_code == first.status_code == 202
    assert retry.json() == first.json()
    assert retry.json()["outcome"] == "created"  # the first answer, not "duplicate"
    assert await row_counts(storyline) == stored


async def test_replay_survives_a_later_revision_of_the_article(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    keyed = feed.headers | {"Idempotency-Key": "first-post"}
    async with storyline.ingest_client() as client:
        first = await client.post("/v1/articles", json=article(version=1), headers=keyed)
        await client.post(
            "/v1/articles", json=article(version=2, body="Corrected."), headers=feed.headers
        )
        retry = await client.post("/v1/articles", json=article(version=1), headers=keyed)

    assert retry.json() == first.json()


async def test_same_key_with_a_different_body_is_refused(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"Idempotency-Key": "reused"}
    async with storyline.ingest_client() as client:
        await client.post("/v1/articles", json=article(), headers=headers)
        stored = await row_counts(storyline)
        reused = await client.post(
            "/v1/articles", json=article(external_id="wire-0002"), headers=headers
        )

    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert reused.json()["error"]["field"] == "Idempotency-Key"
    assert await row_counts(storyline) == stored


async def test_keys_belong_to_one_feed(storyline: EmbeddedStoryline, feed: Feed) -> None:
    async with storyline.engine.begin() as connection:
        other_key = await create_feed(connection, "other-wire", None, datetime.now(UTC))
    async with storyline.ingest_client() as client:
        ours = await client.post(
            "/v1/articles", json=article(), headers=feed.headers | {"Idempotency-Key": "k1"}
        )
        theirs = await client.post(
            "/v1/articles",
            json=article(),
            headers={"Authorization": f"Bearer {other_key}", "Idempotency-Key": "k1"},
        )

    assert theirs.status_code == 202
    assert theirs.json()["outcome"] == "created"
    assert theirs.json()["article_id"] != ours.json()["article_id"]


async def test_refused_request_stores_no_key_so_a_corrected_retry_runs(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"Idempotency-Key": "fix-and-retry"}
    async with storyline.ingest_client() as client:
        refused = await client.post("/v1/articles", json=article(title=""), headers=headers)
        corrected = await client.post("/v1/articles", json=article(), headers=headers)

    assert refused.status_code == 422
    assert corrected.status_code == 202
    assert corrected.json()["outcome"] == "created"


@pytest.mark.parametrize("key", [b"", b"k" * 256, b"has space", "naïve".encode()])
async def test_malformed_key_is_refused_naming_the_header(
    storyline: EmbeddedStoryline, feed: Feed, key: bytes
) -> None:
    headers: dict[str, str | bytes] = {**feed.headers, "Idempotency-Key": key}
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=article(), headers=headers)

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "Idempotency-Key"
    assert (await row_counts(storyline))["articles"] == 0


async def test_batch_retry_with_the_same_key_replays_every_item_result(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"Idempotency-Key": "batch-1"}
    batch = [article(), article(external_id="wire-0002"), article(title="")]
    async with storyline.ingest_client() as client:
        first = await client.post("/v1/articles:batch", json=batch, headers=headers)
        stored = await row_counts(storyline)
        retry = await client.post("/v1/articles:batch", json=batch, headers=headers)

    assert retry.status_code == first.status_code == 207
    assert retry.json() == first.json()
    assert await row_counts(storyline) == stored
