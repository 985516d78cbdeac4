"""The ingest API's OpenAPI document describes every body, response, header and the auth."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from storyline.embedded import EmbeddedStoryline

ARTICLE_OPERATIONS = [("/v1/articles", "202"), ("/v1/articles:batch", "207")]


@pytest.fixture
async def openapi(storyline: EmbeddedStoryline) -> dict[str, Any]:
    async with storyline.ingest_client() as client:
        document: dict[str, Any] = (await client.get("/openapi.json")).json()
    return document


def refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_every_reference_resolves(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]

    missing = {ref for ref in refs(openapi) if ref.rsplit("/", 1)[-1] not in schemas}

    assert missing == set()


def test_request_bodies_cover_native_ninjs_and_ndjson(openapi: dict[str, Any]) -> None:
    single = openapi["paths"]["/v1/articles"]["post"]["requestBody"]["content"]
    batch = openapi["paths"]["/v1/articles:batch"]["post"]["requestBody"]["content"]

    assert set(single) == {"application/json", "application/vnd.iptc.ninjs+json"}
    assert set(batch) == set(single) | {"application/x-ndjson"}
    assert {"ArticleSubmission", "NinjsDocument"} <= set(openapi["components"]["schemas"])


@pytest.mark.parametrize(("path", "success"), ARTICLE_OPERATIONS)
def test_responses_and_errors_are_described(
    openapi: dict[str, Any], path: str, success: str
) -> None:
    responses = openapi["paths"][path]["post"]["responses"]

    assert {success, "401", "403", "413", "415", "422"} <= set(responses)
    for status in ("401", "403", "413", "415", "422"):
        schema = responses[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorResponse"}


@pytest.mark.parametrize(("path", "success"), ARTICLE_OPERATIONS)
def test_auth_and_idempotency_headers_are_described(
    openapi: dict[str, Any], path: str, success: str
) -> None:
    operation = openapi["paths"][path]["post"]
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}

    assert {"Idempotency-Key", "X-Storyline-Feed"} <= headers
    assert operation["security"] == [{"bearerAuth": []}, {"apiKeyAuth": []}]
    assert "403" in operation["description"]


def test_security_schemes_are_bearer_and_api_key(openapi: dict[str, Any]) -> None:
    schemes = openapi["components"]["securitySchemes"]

    assert (schemes["bearerAuth"]["type"], schemes["bearerAuth"]["scheme"]) == ("http", "bearer")
    assert (schemes["apiKeyAuth"]["in"], schemes["apiKeyAuth"]["name"]) == ("header", "X-API-Key")
