"""The edge makes input canonical, keeps identifiers exact, and refuses what cannot be stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.http.canonical_input import canonical_language_tag
from storyline_ingest.storage.tables import article_versions, articles
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts
from tests.ninjs_factory import ninjs2

BATCH = "/v1/articles:batch"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-gb", "en-GB"),
        ("en_GB", "en-GB"),
        ("EN-us", "en-US"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("sr-LATN-rs", "sr-Latn-RS"),
    ],
)
def test_language_tags_take_their_canonical_case(sent: str, stored: str) -> None:
    assert canonical_language_tag(sent) == stored


async def test_a_language_tag_in_any_case_is_stored_canonical(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles", json=article(language="EN_gb"), headers=feed.headers
        )

    assert response.status_code == 202, response.text
    async with storyline.engine.connect() as connection:
        content = (await connection.execute(select(article_versions.c.content))).scalar_one()
    assert content["language"] == "en-GB"


@pytest.mark.parametrize("field", ["external_id", "title", "body", "outlet", "byline"])
async def test_a_nul_character_in_any_field_is_refused_naming_the_field(
    storyline: EmbeddedStoryline, feed: Feed, field: str
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles", json=article(**{field: "Kyiv\x00Odesa"}), headers=feed.headers
        )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == f"body.{field}"
    assert "NUL" in error["details"][0]["problem"]
    assert (await row_counts(storyline))["articles"] == 0


async def test_a_nul_in_a_ninjs_document_is_refused_too(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    document = ninjs2()
    document["headlines"][0]["value"] = "Drone\x00strike"
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=document, headers=feed.headers)

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body.headlines.0.value"


async def test_a_nul_in_one_batch_item_refuses_that_item_only(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    batch = [article(), article(external_id="wire-\x00-2"), article(external_id="wire-3")]
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, json=batch, headers=feed.headers)

    assert response.status_code == 207
    assert [item["status"] for item in response.json()["items"]] == [202, 422, 202]
    assert response.json()["items"][1]["error"]["field"] == "body.1.external_id"
    assert (await row_counts(storyline))["articles"] == 2


@pytest.mark.parametrize("external_id", ["wire-1 ", " wire-1", "wire-1\n", "wire\t1"])
async def test_an_identifier_is_never_trimmed_it_is_refused(
    storyline: EmbeddedStoryline, feed: Feed, external_id: str
) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles", json=article(external_id=external_id), headers=feed.headers
        )

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body.external_id"
    assert (await row_counts(storyline))["articles"] == 0


async def test_an_article_identified_by_its_url_keeps_the_url_as_written(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    url = "https://Wire.Example.org/item?id=7"  # a normaliser would lower-case the host
    document = article(url=url)
    del document["external_id"]
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=document, headers=feed.headers)

    assert response.status_code == 202, response.text
    async with storyline.engine.connect() as connection:
        stored = (await connection.execute(select(articles.c.external_id))).scalar_one()
    assert stored == url


async def test_two_different_credentials_in_one_request_are_refused(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"X-API-Key": "another-feeds-key"}
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=article(), headers=headers)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "conflicting_credentials"
    assert (await row_counts(storyline))["articles"] == 0


async def test_the_same_key_in_both_headers_is_one_credential(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    headers = feed.headers | {"X-API-Key": feed.api_key}
    async with storyline.ingest_client() as client:
        response = await client.post("/v1/articles", json=article(), headers=headers)

    assert response.status_code == 202
