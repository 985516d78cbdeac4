"""The query API refuses parameters it cannot match and answers 503 while its database is away."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from storyline.embedded import EmbeddedStoryline


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/v1/stories?actor=Rus%00sia", "query.actor"),
        ("/v1/stories?q=%00", "query.q"),
        ("/v1/actors/%00", "path.name"),
        ("/v1/actors/Russia%00", "path.name"),
    ],
)
async def test_a_nul_in_a_parameter_is_a_422_naming_it(
    storyline: EmbeddedStoryline, path: str, parameter: str
) -> None:
    async with storyline.query_client() as client:
        response = await client.get(path)

    assert response.status_code == 422
    assert response.json()["error"]["field"] == parameter
    assert response.json()["error"]["details"][0]["problem"] == "contains a NUL character (%00)"


class UnreachableReadModels:
    """Read models whose database refuses connections, as a stopped server does."""

    def connect(self) -> Any:
        raise OperationalError("connect", {}, ConnectionRefusedError("connection refused"))


async def test_the_read_models_away_answer_503_with_retry_after(
    storyline: EmbeddedStoryline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storyline.query_app.state, "read_models", UnreachableReadModels())
    async with storyline.query_client() as client:
        stories = await client.get("/v1/stories")
        story = await client.get("/v1/stories/story-1")

    for response in (stories, story):
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json()["error"]["code"] == "unavailable"
        assert response.json()["error"]["field"] == "request"
