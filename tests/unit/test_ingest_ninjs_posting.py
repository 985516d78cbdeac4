"""Feeds can post IPTC ninjs as it is: by content type, or as JSON that declares itself ninjs."""

from __future__ import annotations

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.http.ninjs_mapping import NINJS_MEDIA_TYPE
from storyline_ingest.storage.tables import event_store
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import count, stored_event_names
from tests.ninjs_factory import ninjs1, ninjs2


async def test_ninjs_content_type_is_accepted_as_an_article(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"Content-Type": NINJS_MEDIA_TYPE}
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=ninjs2(), headers=headers)

    assert response.status_code == 202
    assert response.json()["outcome"] == "created"
    assert await stored_event_names(storyline) == ["storyline.article_received"]


async def test_json_declaring_ninjs_is_read_as_ninjs(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=ninjs1(), headers=feed.headers)

    assert response.status_code == 202
    assert response.json()["outcome"] == "created"


async def test_higher_ninjs_version_is_a_revision(storyline: EmbeddedStoryline, feed: Feed) -> None:
    headers = feed.headers | {"Content-Type": NINJS_MEDIA_TYPE}
    corrected = [{"role": "main", "value": "Corrected: the strike was on 3 May."}]
    async with storyline.ingest_client() as client:
        first = await client.post("/v1/articles", json=ninjs2(version="3"), headers=headers)
        second = await client.post(
            "/v1/articles", json=ninjs2(version="4", bodies=corrected), headers=headers
        )

    assert second.json() == {
        "article_id": first.json()["article_id"],
        "version": 2,
        "outcome": "revised",
    }


async def test_canceled_ninjs_withdraws_the_article(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"Content-Type": NINJS_MEDIA_TYPE}
    canceled = {"uri": ninjs2()["uri"], "pubstatus": "canceled"}
    async with storyline.ingest_client() as client:
        await client.post("/v1/articles", json=ninjs2(), headers=headers)
        response = await client.post("/v1/articles", json=canceled, headers=headers)

    assert response.json()["outcome"] == "withdrawn"
    assert await stored_event_names(storyline) == [
        "storyline.article_received",
        "storyline.article_withdrawn",
    ]


async def test_native_article_under_the_ninjs_content_type_is_refused_naming_ninjs_fields(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"Content-Type": NINJS_MEDIA_TYPE}
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=article(), headers=headers)

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body.uri"
    assert await count(storyline, event_store) == 0
