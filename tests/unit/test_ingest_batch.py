"""POST /v1/articles:batch: many articles per request, one result per item, in order."""

from __future__ import annotations

import orjson
import pytest

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.http.ninjs_mapping import NINJS_MEDIA_TYPE
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts, stored_event_names
from tests.ninjs_factory import ninjs2

BATCH = "/v1/articles:batch"


def ndjson(*documents: object) -> bytes:
    return b"".join(orjson.dumps(document) + b"\n" for document in documents)


async def test_valid_items_are_stored_even_when_others_are_invalid(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    batch = [article(), article(external_id="wire-0002", title=""), ninjs2()]
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, json=batch, headers=feed.headers)

    assert response.status_code == 207
    body = response.json()
    assert (body["accepted"], body["rejected"]) == (2, 1)
    assert [item["status"] for item in body["items"]] == [202, 422, 202]
    assert body["items"][1]["error"]["field"] == "body.1.title"
    assert body["items"][2]["outcome"] == "created"
    assert (await row_counts(storyline))["articles"] == 2


async def test_ndjson_batch_gives_one_result_per_line_skipping_blank_lines(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    content = ndjson(article()) + b"\n{not json\n" + ndjson(article(external_id="wire-0002"))
    headers = feed.headers | {"Content-Type": "application/x-ndjson"}
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, content=content, headers=headers)

    items = response.json()["items"]
    assert [(item["index"], item["status"]) for item in items] == [(0, 202), (1, 422), (2, 202)]
    assert "not valid JSON" in items[1]["error"]["message"]
    assert items[1]["error"]["field"] == "body.1"


async def test_invalid_utf8_line_fails_only_that_item(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    content = ndjson(article()) + b'{"title": "\xff"}\n'
    headers = feed.headers | {"Content-Type": "application/x-ndjson"}
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, content=content, headers=headers)

    items = response.json()["items"]
    assert [item["status"] for item in items] == [202, 422]
    assert "not valid UTF-8" in items[1]["error"]["message"]


async def test_ninjs_content_type_reads_every_item_as_ninjs(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    batch = [ninjs2(), ninjs2(uri="https://wire.example.org/items/2")]
    headers = feed.headers | {"Content-Type": NINJS_MEDIA_TYPE}
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, content=orjson.dumps(batch), headers=headers)

    assert response.json()["accepted"] == 2


async def test_same_article_twice_in_one_batch_is_stored_once(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, json=[article(), article()], headers=feed.headers)

    outcomes = [item["outcome"] for item in response.json()["items"]]
    assert outcomes == ["created", "duplicate"]
    assert await stored_event_names(storyline) == ["storyline.article_received"]


async def test_item_naming_another_feed_is_forbidden_alone(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    batch = [article(feed="someone-else"), article(external_id="wire-0002")]
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, json=batch, headers=feed.headers)

    items = response.json()["items"]
    assert [item["status"] for item in items] == [403, 202]
    assert items[0]["error"]["code"] == "forbidden"


async def test_withdrawing_an_unknown_article_fails_that_item_only(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    batch = [{"external_id": "never-sent", "status": "canceled"}, article()]
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, json=batch, headers=feed.headers)

    items = response.json()["items"]
    assert [item["status"] for item in items] == [422, 202]
    assert items[0]["error"]["field"] == "status"
    assert await stored_event_names(storyline) == ["storyline.article_received"]


async def test_batch_over_the_item_limit_is_refused_whole(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    limit = storyline.ingest_app.state.settings.max_batch_items
    batch = [article(external_id=f"wire-{n}") for n in range(limit + 1)]
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, json=batch, headers=feed.headers)

    assert response.status_code == 413
    assert f"the limit is {limit}" in response.json()["error"]["message"]
    assert (await row_counts(storyline))["articles"] == 0


@pytest.mark.parametrize(
    ("content", "content_type", "status", "message"),
    [
        (b"[]", "application/json", 422, "empty"),
        (b"\n\n", "application/x-ndjson", 422, "empty"),
        (b'{"title": "one article"}', "application/json", 422, "must be a JSON array"),
        (b"[{]", "application/json", 422, "not valid JSON"),
        (b"<items/>", "application/xml", 415, "not supported"),
    ],
)
async def test_a_batch_that_cannot_be_split_is_refused_whole(
    storyline: EmbeddedStoryline,
    feed: Feed,
    content: bytes,
    content_type: str,
    status: int,
    message: str,
) -> None:
    headers = feed.headers | {"Content-Type": content_type}
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, content=content, headers=headers)

    assert response.status_code == status
    assert message in response.json()["error"]["message"]
    assert (await row_counts(storyline))["articles"] == 0


async def test_oversized_item_fails_alone(storyline: EmbeddedStoryline, feed: Feed) -> None:
    huge = article(external_id="huge", body="word " * 300_000)  # over the 1 MiB per article
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, json=[huge, article()], headers=feed.headers)

    items = response.json()["items"]
    assert [item["status"] for item in items] == [413, 202]
    assert items[0]["error"]["field"] == "body.0"
