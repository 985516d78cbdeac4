"""A key posts for its own feed only: naming another feed is refused with 403."""

from __future__ import annotations

from storyline.embedded import EmbeddedStoryline
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts


async def test_feed_header_naming_another_feed_is_forbidden(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"X-Storyline-Feed": "someone-else"}
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=article(), headers=headers)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert response.json()["error"]["field"] == "X-Storyline-Feed"
    assert (await row_counts(storyline))["articles"] == 0


async def test_feed_field_naming_another_feed_is_forbidden(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles", json=article(feed="someone-else"), headers=feed.headers
        )

    assert response.status_code == 403
    assert response.json()["error"]["field"] == "body.feed"
    assert (await row_counts(storyline))["articles"] == 0


async def test_naming_the_keys_own_feed_is_allowed(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"X-Storyline-Feed": feed.feed_id}
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles", json=article(feed=feed.feed_id), headers=headers
        )

    assert response.status_code == 202


async def test_missing_key_is_checked_before_the_feed_is(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles", json=article(), headers={"X-Storyline-Feed": feed.feed_id}
        )

    assert response.status_code == 401
    assert response.json()["error"]["field"] == "Authorization"
