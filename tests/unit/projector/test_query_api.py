"""The query API: listing and filters, cursor pagination, caching headers, bad parameters,
and that nothing can be written through it."""

from __future__ import annotations

import pytest

from storyline.embedded import EmbeddedStoryline
from storyline_contracts.extracted_events import AttackReported, EventTime
from storyline_projector.read_models.digest import read_model_digest
from tests.unit.projector.story_factory import (
    STORY,
    UKRAINE,
    USA,
    Projector,
    accusation,
    denial,
    extracted,
    get_json,
    kremlin_story,
    opened,
)

ODESA = "story-odesa-drones"
QUIET = "story-quiet"


async def three_stories(storyline: EmbeddedStoryline) -> None:
    attack = extracted(
        AttackReported,
        "odesa-attack",
        "Russia has fired two dozen combat drones at Ukraine, attacking the Black Sea city "
        "of Odesa.",
        story_id=ODESA,
        minutes=100,
        summary="Drone attack on Odesa",
        when=EventTime(text="over the past week", start=None, precision="week"),
    )
    await Projector(storyline.engine).apply(
        *kremlin_story(),
        opened(ODESA, minutes=99, title="Drones fired at Kyiv and Odesa", incident_date=None),
        attack,
        accusation("odesa-blame", UKRAINE, story_id=QUIET, minutes=200, about=()),
    )


async def test_stories_are_listed_newest_first(storyline: EmbeddedStoryline) -> None:
    await three_stories(storyline)

    async with storyline.query_client() as client:
        listing = await get_json(client, "/v1/stories")

    assert [item["story_id"] for item in listing["items"]] == [QUIET, ODESA, STORY]
    assert listing["next_cursor"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "united states"}, [STORY]),
        ({"actor": "Government of Ukraine"}, [QUIET, STORY]),
        ({"event_type": "attack_reported"}, [ODESA]),
        ({"status": "disputed"}, [STORY]),
        ({"status": "developing"}, [QUIET, ODESA]),
        ({"since": "2023-04-01", "until": "2023-04-30"}, [STORY]),
        ({"since": "2023-05-01"}, []),
        ({"q": "ODESA"}, [ODESA]),
        ({"q": "physically eliminated"}, [STORY]),
        ({"q": "100%_"}, []),
    ],
)
async def test_stories_can_be_filtered(
    storyline: EmbeddedStoryline, params: dict[str, str], expected: list[str]
) -> None:
    await three_stories(storyline)

    async with storyline.query_client() as client:
        listing = await get_json(client, "/v1/stories", **params)

    assert [item["story_id"] for item in listing["items"]] == expected


async def test_the_cursor_walks_every_story_once(storyline: EmbeddedStoryline) -> None:
    await three_stories(storyline)
    seen: list[str] = []
    params: dict[str, str | int] = {"limit": 1}

    async with storyline.query_client() as client:
        while True:
            page = await get_json(client, "/v1/stories", **params)
            seen += [item["story_id"] for item in page["items"]]
            if page["next_cursor"] is None:
                break
            params["cursor"] = page["next_cursor"]

    assert seen == [QUIET, ODESA, STORY]


@pytest.mark.parametrize(
    ("path", "params", "wrong"),
    [
        ("/v1/stories", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/stories", {"event_type": "rumour_spread"}, "event_type"),
        ("/v1/stories", {"status": "finished"}, "status"),
        ("/v1/stories", {"since": "2023-05-02", "until": "2023-05-01"}, "until"),
        ("/v1/stories", {"since": "last tuesday"}, "since"),
        ("/v1/stories", {"limit": "0"}, "limit"),
        ("/v1/stories", {"q": "x"}, "q"),
        (f"/v1/stories/{STORY}", {"as_of": "yesterday"}, "as_of"),
        ("/v1/stories/has spaces", {}, "story_id"),
        ("/v1/actors", {"limit": "100000"}, "limit"),
    ],
)
async def test_bad_parameters_get_a_422_naming_the_parameter(
    storyline: EmbeddedStoryline, path: str, params: dict[str, str], wrong: str
) -> None:
    await three_stories(storyline)

    async with storyline.query_client() as client:
        response = await client.get(path, params=params)

    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["field"].rsplit(".", 1)[-1] == wrong
    assert [detail["field"].rsplit(".", 1)[-1] for detail in error["details"]] == [wrong]
    assert all(detail["problem"] for detail in error["details"])


async def test_an_unchanged_answer_is_not_sent_again(storyline: EmbeddedStoryline) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())

    async with storyline.query_client() as client:
        first = await client.get(f"/v1/stories/{STORY}")
        again = await client.get(
            f"/v1/stories/{STORY}", headers={"If-None-Match": first.headers["etag"]}
        )
        await Projector(storyline.engine).apply(
            denial("late-denial", USA, about=("accuses-us",), minutes=90), partition=9
        )
        changed = await client.get(
            f"/v1/stories/{STORY}", headers={"If-None-Match": first.headers["etag"]}
        )

    assert first.headers["cache-control"] == "public, max-age=5"
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == first.headers["etag"]
    assert changed.status_code == 200
    assert changed.headers["etag"] != first.headers["etag"]


async def test_unknown_stories_are_not_found(storyline: EmbeddedStoryline) -> None:
    async with storyline.query_client() as client:
        response = await client.get("/v1/stories/no-such-story/allegations")

    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "not_found",
            "message": "no story 'no-such-story'",
            "field": "path.story_id",
            "details": [{"field": "path.story_id", "problem": "no story 'no-such-story'"}],
        }
    }


async def read_model_digest_of(storyline: EmbeddedStoryline) -> str:
    async with storyline.engine.connect() as connection:
        return await read_model_digest(connection)


async def test_every_write_method_gets_405_on_every_route_and_changes_nothing(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())
    async with storyline.query_client() as client:
        documented = (await get_json(client, "/openapi.json"))["paths"]
        paths = {"/openapi.json", "/docs", "/redoc"} | {
            path.replace("{story_id}", STORY)
            .replace("{event_id}", "strike")
            .replace("{name}", "United States")
            .replace("{article_id}", "a")
            for path in documented
        }
        before = await read_model_digest_of(storyline)
        answers = {
            (method, path): await client.request(method, path, json={"title": "changed"})
            for path in sorted(paths)
            for method in ("POST", "PUT", "PATCH", "DELETE")
        }
        after = await read_model_digest_of(storyline)

    assert len(paths) >= 10
    assert {answer.status_code for answer in answers.values()} == {405}, answers
    assert {answer.json()["error"]["code"] for answer in answers.values()} == {"method_not_allowed"}
    assert {answer.json()["error"]["field"] for answer in answers.values()} == {"method"}
    assert after == before


async def test_the_openapi_document_describes_every_story_answer(
    storyline: EmbeddedStoryline,
) -> None:
    async with storyline.query_client() as client:
        document = await get_json(client, "/openapi.json")

    story = document["paths"]["/v1/stories/{story_id}"]["get"]
    parameters = {parameter["name"] for parameter in story["parameters"]}
    schema = story["responses"]["200"]["content"]["application/json"]["schema"]
    assert parameters == {"story_id", "as_of", "run"}
    assert schema == {"$ref": "#/components/schemas/StoryState"}
    assert {"308", "404", "422"} <= set(story["responses"])
    assert set(document["paths"]) >= {
        "/v1/stories",
        "/v1/stories/{story_id}/timeline",
        "/v1/stories/{story_id}/allegations",
        "/v1/stories/{story_id}/articles",
        "/v1/actors",
        "/v1/actors/{name}",
        "/v1/events/{event_id}",
        "/ops",
        "/ops/status",
    }
