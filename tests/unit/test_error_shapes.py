"""Both APIs answer every error in one shape: ``{"error": {code, message, field, details}}``,
documented by the same schema in both OpenAPI documents."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from storyline.embedded import EmbeddedStoryline
from tests.conftest import Feed


def without_prose(schema: Any) -> Any:
    """The schema's structure: descriptions and titles may be worded for each API."""
    if isinstance(schema, dict):
        return {
            key: without_prose(value)
            for key, value in schema.items()
            if key not in ("description", "title")
        }
    if isinstance(schema, list):
        return [without_prose(item) for item in schema]
    return schema


def error_schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document["components"]["schemas"]
    return {
        name: without_prose(schemas[name])
        for name in ("ErrorResponse", "ErrorDetail", "FieldProblem")
    }


async def test_both_openapi_documents_describe_errors_with_the_same_schema(
    storyline: EmbeddedStoryline,
) -> None:
    async with storyline.ingest_client() as ingest, storyline.query_client() as query:
        ingest_document = (await ingest.get("/openapi.json")).json()
        query_document = (await query.get("/openapi.json")).json()

    assert error_schemas(query_document) == error_schemas(ingest_document)
    assert "HTTPValidationError" not in query_document["components"]["schemas"]
    for path in query_document["paths"].values():
        for operation in path.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorResponse"
                    }, (status, operation["operationId"])


def assert_error_shape(response: httpx.Response) -> None:
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "field", "details"}, error
    assert all(isinstance(error[name], str) and error[name] for name in ("code", "field"))
    assert error["details"], error
    assert all(set(detail) == {"field", "problem"} for detail in error["details"]), error


@pytest.mark.parametrize(
    ("api", "method", "path", "expected"),
    [
        ("ingest", "POST", "/v1/articles", 401),
        ("ingest", "GET", "/v1/articles", 405),
        ("ingest", "GET", "/nowhere", 404),
        ("query", "GET", "/v1/stories?limit=0", 422),
        ("query", "GET", "/v1/stories/no-such-story", 404),
        ("query", "GET", "/v1/events/no-such-event", 404),
        ("query", "GET", "/v1/actors/Nobody", 404),
        ("query", "GET", "/v1/articles/no-such-article", 404),
        ("query", "POST", "/v1/stories", 405),
        ("query", "GET", "/nowhere", 404),
    ],
)
async def test_every_error_of_either_api_has_the_one_shape(
    storyline: EmbeddedStoryline, feed: Feed, api: str, method: str, path: str, expected: int
) -> None:
    client = storyline.ingest_client() if api == "ingest" else storyline.query_client()
    async with client:
        response = await client.request(method, path)

    assert response.status_code == expected
    assert_error_shape(response)
