"""The accept path: what a feed posts is stored once, with its event, or refused with a reason."""

from __future__ import annotations

import pytest

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.storage.tables import articles, event_store, outbox
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import count, stored_event_names


async def test_new_article_is_accepted_with_its_event_and_outbox_row(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=article(), headers=feed.headers)

    assert response.status_code == 202
    body = response.json()
    assert body["version"] == 1
    assert body["outcome"] == "created"
    assert await stored_event_names(storyline) == ["storyline.article_received"]
    assert await count(storyline, outbox) == 1


async def test_retried_article_gets_the_same_answer_and_no_new_event(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        first = await client.post("/v1/articles", json=article(), headers=feed.headers)
        second = await client.post("/v1/articles", json=article(), headers=feed.headers)

    assert second.status_code == 202
    assert second.json()["article_id"] == first.json()["article_id"]
    assert second.json()["version"] == 1
    assert second.json()["outcome"] == "duplicate"
    assert await count(storyline, event_store) == 1


async def test_changed_text_is_recorded_as_a_revision(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        first = await client.post("/v1/articles", json=article(version=1), headers=feed.headers)
        revised = await client.post(
            "/v1/articles",
            json=article(version=2, body="Corrected: the strike was on 3 May."),
            headers=feed.headers,
        )

    assert revised.json() == {
        "article_id": first.json()["article_id"],
        "version": 2,
        "outcome": "revised",
    }
    assert await stored_event_names(storyline) == [
        "storyline.article_received",
        "storyline.article_revised",
    ]


async def test_older_version_arriving_late_changes_nothing(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        await client.post("/v1/articles", json=article(version=3), headers=feed.headers)
        late = await client.post(
            "/v1/articles", json=article(version=2, body="An older draft."), headers=feed.headers
        )

    assert late.json()["outcome"] == "stale"
    assert await count(storyline, event_store) == 1


async def test_withdrawal_is_recorded_once(storyline: EmbeddedStoryline, feed: Feed) -> None:
    withdrawal = {"external_id": "wire-0001", "status": "canceled"}
    async with storyline.ingest_client() as client:
        await client.post("/v1/articles", json=article(), headers=feed.headers)
        first = await client.post("/v1/articles", json=withdrawal, headers=feed.headers)
        again = await client.post("/v1/articles", json=withdrawal, headers=feed.headers)

    assert first.json()["outcome"] == "withdrawn"
    assert again.json()["outcome"] == "duplicate"
    assert await stored_event_names(storyline) == [
        "storyline.article_received",
        "storyline.article_withdrawn",
    ]


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer slk_not-a-key"}, 401), ({"X-API-Key": "nope"}, 401)],
)
async def test_posting_without_a_valid_key_is_refused(
    storyline: EmbeddedStoryline, feed: Feed, headers: dict[str, str], status: int
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=article(), headers=headers)

    assert response.status_code == status
    assert response.json()["error"]["code"] == "unauthenticated"
    assert await count(storyline, articles) == 0


async def test_x_api_key_header_is_accepted(storyline: EmbeddedStoryline, feed: Feed) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles", json=article(), headers={"X-API-Key": feed.api_key}
        )

    assert response.status_code == 202


@pytest.mark.parametrize(
    ("document", "field", "problem"),
    [
        (article(published_at="2023-05-04T10:15:00"), "body.published_at", "timezone"),
        (article(published_at="0001-01-01T00:00:00Z"), "body", "before 1900"),
        (article(published_at="2999-01-01T00:00:00Z"), "body", "in the future"),
        (article(title=""), "body.title", "at least 1 character"),
        (article(title=123), "body.title", "string"),
        (article(external_id=None, url=None), "body", "external_id or url"),
        (article(body=None), "body", "needs body"),
        (article(language="english!"), "body.language", "pattern"),
        (article(surprise="field"), "body.surprise", "not permitted"),
        ([article()], "body", "expected an object"),
    ],
)
async def test_invalid_article_gets_422_naming_the_field_and_stores_nothing(
    storyline: EmbeddedStoryline, feed: Feed, document: object, field: str, problem: str
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=document, headers=feed.headers)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field
    assert problem in str(error["details"])
    assert await count(storyline, event_store) == 0


@pytest.mark.parametrize(
    ("content", "content_type", "status", "message"),
    [
        (b"{not json", "application/json", 422, "not valid JSON"),
        (b'{"title": "\xff\xfe"}', "application/json", 422, "not valid UTF-8"),
        (b"", "application/json", 422, "empty"),
        (b"title=x", "application/x-www-form-urlencoded", 415, "not supported"),
        (b"{}", "", 415, "not supported"),
    ],
)
async def test_malformed_bodies_get_a_precise_4xx(
    storyline: EmbeddedStoryline,
    feed: Feed,
    content: bytes,
    content_type: str,
    status: int,
    message: str,
) -> None:
    headers = feed.headers | {"Content-Type": content_type}
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", content=content, headers=headers)

    assert response.status_code == status
    assert message in response.json()["error"]["message"]
    assert await count(storyline, event_store) == 0


async def test_oversized_article_gets_413(storyline: EmbeddedStoryline, feed: Feed) -> None:
    huge = article(body="word " * 300_000)  # about 1.5 MB, over the 1 MiB limit
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=huge, headers=feed.headers)

    assert response.status_code == 413
    assert await count(storyline, event_store) == 0
