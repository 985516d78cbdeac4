"""The story desk over HTTP: its pages, and the one write of the query API, the operator's
replay, which needs the operator key (the browser tests click through the same pages)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import encode
from storyline_projector.app import create_query_app
from storyline_projector.consume.dead_letters import record_dead_letters
from storyline_projector.consume.delivery import DeadLetter, RawMessage
from storyline_projector.read_models.tables import dead_letters, stories
from storyline_projector.settings import ProjectorSettings
from tests.unit.projector.story_factory import STORY, Projector, kremlin_story, opened

KEY = "a-long-enough-operator-key"
REPLAY = "/ops/dead-letters/replay"


@asynccontextmanager
async def desk(
    storyline: EmbeddedStoryline, operator_key: str | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    settings = ProjectorSettings(database_url="sqlite+aiosqlite://", operator_key=operator_key)
    app = create_query_app(settings, storyline.engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://desk") as client:
        yield client


async def a_letter_that_now_applies(storyline: EmbeddedStoryline) -> RawMessage:
    """A story's opening that failed once (say, a handler bug since fixed)."""
    record = encode(opened("story-replayed", title="Replayed story"))
    message = RawMessage("storyline.stories.v1", 1, 5, record.headers, record.value)
    async with storyline.engine.begin() as connection:
        await record_dead_letters(connection, [DeadLetter(message, "RuntimeError: bug")])
    return message


async def letters(storyline: EmbeddedStoryline) -> int:
    async with storyline.engine.connect() as connection:
        return int(
            (await connection.execute(select(func.count()).select_from(dead_letters))).scalar() or 0
        )


async def test_without_an_operator_key_there_is_no_replay_button_and_the_post_is_refused(
    storyline: EmbeddedStoryline,
) -> None:
    await a_letter_that_now_applies(storyline)

    async with desk(storyline) as client:
        page = await client.get("/ops")
        refused = await client.post(REPLAY, data={"letter": "all", "operator_key": KEY})

    assert page.status_code == 200
    assert REPLAY not in page.text
    assert "storyline dead-letters replay --all --stage projector" in page.text
    assert refused.status_code == 403
    assert await letters(storyline) == 1  # nothing changed


@pytest.mark.parametrize("given", [None, "", "a-long-enough-operator-kez", KEY + "x"])
async def test_a_wrong_or_missing_key_is_refused_and_changes_nothing(
    storyline: EmbeddedStoryline, given: str | None
) -> None:
    await a_letter_that_now_applies(storyline)
    form = {"letter": "all"} | ({} if given is None else {"operator_key": given})

    async with desk(storyline, KEY) as client:
        page = await client.get("/ops")
        refused = await client.post(REPLAY, data=form)

    assert REPLAY in page.text  # the button is there: a key is configured
    assert refused.status_code == 403
    assert await letters(storyline) == 1


async def test_the_operator_key_replays_a_letter_through_the_normal_apply_path(
    storyline: EmbeddedStoryline,
) -> None:
    await a_letter_that_now_applies(storyline)

    async with desk(storyline, KEY) as client:
        bad = await client.post(REPLAY, data={"letter": "nonsense", "operator_key": KEY})
        done = await client.post(
            REPLAY, data={"letter": "storyline.stories.v1:1:5", "operator_key": KEY}
        )
        again = await client.post(
            REPLAY, data={"letter": "storyline.stories.v1:1:5", "operator_key": KEY}
        )

    assert bad.status_code == 422
    assert (done.status_code, done.headers["location"]) == (
        303,
        "/ops?replayed=1&failing=0&unknown=0",
    )
    assert again.headers["location"] == "/ops?replayed=0&failing=0&unknown=1"
    assert await letters(storyline) == 0
    async with storyline.engine.connect() as connection:
        title = (
            await connection.execute(
                select(stories.c.title).where(stories.c.story_id == "story-replayed")
            )
        ).scalar()
    assert title == "Replayed story"


async def test_the_replay_is_the_only_write_and_takes_only_post(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())
    pages = ["/desk", f"/desk/stories/{STORY}", "/ops"]

    async with desk(storyline, KEY) as client:
        writes = {
            (method, path): (await client.request(method, path, data={})).status_code
            for path in pages
            for method in ("POST", "PUT", "PATCH", "DELETE")
        }
        replay = {
            method: (await client.request(method, REPLAY)).status_code
            for method in ("GET", "PUT", "PATCH", "DELETE")
        }

    assert set(writes.values()) == {405}, writes
    assert set(replay.values()) == {405}, replay


async def test_story_pages_answer_404_for_unknown_stories_and_runs(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())

    async with desk(storyline) as client:
        unknown = await client.get("/desk/stories/no-such-story")
        no_run = await client.get(f"/desk/stories/{STORY}?run=no-such-run")
        known = await client.get(f"/desk/stories/{STORY}")
        bad_id = await client.get("/desk/stories/bad%20id")

    assert unknown.status_code == 404
    assert "no-such-story" in unknown.text
    assert no_run.status_code == 404
    assert "no-such-run" in no_run.text
    assert known.status_code == 200
    assert 'id="timeline-chart"' in known.text
    assert bad_id.status_code == 422
    assert known.headers["cache-control"] == "no-store"


async def test_a_bad_filter_is_explained_on_the_page_with_a_422(
    storyline: EmbeddedStoryline,
) -> None:
    async with desk(storyline) as client:
        empty_fields = await client.get("/desk?q=&actor=&event_type=&status=&since=&until=")
        bad = await client.get("/desk?since=yesterday&event_type=gossip")

    assert empty_fields.status_code == 200  # an empty field is no filter, as a form sends it
    assert bad.status_code == 422
    assert "since: a date as YYYY-MM-DD" in bad.text
    assert "event_type: not an event type Storyline extracts" in bad.text


def test_an_operator_key_too_short_to_guess_is_refused_at_start_up() -> None:
    with pytest.raises(ValidationError, match="operator_key"):
        ProjectorSettings(operator_key="short")
