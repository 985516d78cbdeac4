"""Re-extraction runs: read stored articles again with a changed rule, see exactly what the change
does, look at a story under the run, adopt it, and end where a fresh start would."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import decode
from storyline_contracts.retraction_events import EventsRetracted
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.outbox.event_store import stored_event_from_row
from storyline_ingest.storage.tables import event_store
from storyline_ingest.worker.extraction_runner import ExtractionRunner
from storyline_ingest.worker.reextraction import (
    RunError,
    cancel_run,
    continue_run,
    run_info,
    start_run,
)
from storyline_ingest.worker.reextraction_adoption import adopt_run
from storyline_ingest.worker.reextraction_diff import diff_run
from tests.article_factory import article
from tests.conftest import Feed
from tests.reextraction_rule import NEW_RULES, denials_without_targets

STRIKE_ONLY = "A missile hit a railway depot in Kharkiv on Monday, regional officials said."
TIME_FIELDS = {"recorded_at", "first_reported", "last_reported", "as_of", "updated_at"}


async def post_articles(storyline: EmbeddedStoryline, feed: Feed) -> list[str]:
    ids = []
    async with storyline.ingest_client() as client:
        for number, body in enumerate([None, STRIKE_ONLY]):
            document = article(external_id=f"wire-{number}")
            if body is not None:
                document |= {"body": body, "title": "Missile hits Kharkiv depot"}
            response = await client.post("/v1/articles", json=document, headers=feed.headers)
            assert response.status_code == 202, response.text
            ids.append(response.json()["article_id"])
    await storyline.settle()
    return ids


async def stories(storyline: EmbeddedStoryline) -> dict[str, dict[str, Any]]:
    """Every story's state and timeline, without the times things were recorded."""
    answers = {}
    async with storyline.query_client() as client:
        listing = (await client.get("/v1/stories")).json()["items"]
        for item in listing:
            story_id = item["story_id"]
            answers[story_id] = {
                "state": (await client.get(f"/v1/stories/{story_id}")).json(),
                "timeline": (await client.get(f"/v1/stories/{story_id}/timeline")).json(),
            }
    return without_times(answers)


def without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k not in TIME_FIELDS}
    if isinstance(value, list):
        return sorted((without_times(v) for v in value), key=repr)
    return value


async def read_the_run(storyline: EmbeddedStoryline) -> str:
    info = await start_run(storyline.engine)
    done = await continue_run(storyline.engine, info.run_id, ExtractionRunner())
    assert done.state == "complete"
    return info.run_id


async def test_the_diff_names_exactly_what_the_changed_rule_changes(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    await post_articles(storyline, feed)
    denials_without_targets(monkeypatch)

    run_id = await read_the_run(storyline)
    diff = await diff_run(storyline.engine, run_id)

    assert diff.extractor_version.startswith(NEW_RULES)
    changed = [c for c in diff.changes if c.kind != "unchanged"]
    assert {c.event_type for c in changed} == {"denial_issued"}
    assert {c.kind for c in changed} == {"changed"}
    assert {c.moved for c in changed} == {("targets",)}
    assert diff.by_type["denial_issued"]["changed"] == 2  # the US's and Ukraine's
    assert all(c.after is not None and "(no target)" in c.after for c in changed)


async def test_a_run_touches_nothing_consumers_read_until_adopted(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    await post_articles(storyline, feed)
    before = await stored_count(storyline)
    live = await stories(storyline)
    denials_without_targets(monkeypatch)

    await read_the_run(storyline)

    assert await stored_count(storyline) == before
    assert await stories(storyline) == live


async def test_adopting_ends_where_a_fresh_start_with_the_new_rule_would(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    await post_articles(storyline, feed)
    denials_without_targets(monkeypatch)
    run_id = await read_the_run(storyline)
    story_id = next(iter(await stories(storyline)))
    async with storyline.query_client() as client:
        previewed = await client.get(f"/v1/stories/{story_id}/timeline", params={"run": run_id})
    assert previewed.status_code == 200

    adoption = await adopt_run(storyline.engine, run_id)
    await storyline.settle()

    async with EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}") as fresh:
        async with fresh.engine.begin() as connection:
            key = await create_feed(connection, feed.feed_id, None, datetime.now(UTC))
        await post_articles(fresh, Feed(feed.feed_id, key))
        assert await stories(storyline) == await stories(fresh)
    assert adoption.skipped == []
    adopted_timeline = (await stories(storyline))[story_id]["timeline"]
    assert without_times(previewed.json())["items"] == adopted_timeline["items"]
    retractions = [e for e in await stored(storyline) if isinstance(e, EventsRetracted)]
    assert {r.reason for r in retractions} == {"reextracted"}
    version = (await run_info(storyline.engine, run_id)).extractor_version
    assert {r.extractor_version for r in retractions} == {version}


async def test_a_run_resumes_where_it_stopped_and_a_cancelled_one_cannot_be_adopted(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    await post_articles(storyline, feed)
    denials_without_targets(monkeypatch)
    info = await start_run(storyline.engine)
    seen = []

    stopping = asyncio.Event()

    def stop_after_one(progress: Any) -> None:
        seen.append(progress.articles_done)
        stopping.set()

    half = await continue_run(
        storyline.engine, info.run_id, ExtractionRunner(), stop_after_one, stopping, batch_size=1
    )
    with pytest.raises(RunError, match="left to read"):
        await adopt_run(storyline.engine, info.run_id)
    whole = await continue_run(storyline.engine, info.run_id, ExtractionRunner())
    await cancel_run(storyline.engine, info.run_id)

    assert seen == [1]
    assert (half.state, half.articles_done, half.articles_total) == ("running", 1, 2)
    assert (whole.state, whole.articles_done) == ("complete", 2)
    with pytest.raises(RunError, match="cancelled"):
        await adopt_run(storyline.engine, info.run_id)


async def test_an_article_revised_after_the_run_read_it_is_left_as_it_is(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    await post_articles(storyline, feed)
    denials_without_targets(monkeypatch)
    run_id = await read_the_run(storyline)
    async with storyline.ingest_client() as client:
        revised = article(external_id="wire-1", body=STRIKE_ONLY + " Two people were hurt.")
        await client.post("/v1/articles", json=revised, headers=feed.headers)
    await storyline.settle()

    adoption = await adopt_run(storyline.engine, run_id)

    assert [why for _, why in adoption.skipped] == ["revised or withdrawn since the run read it"]


async def test_a_run_with_another_extractor_version_is_refused(
    storyline: EmbeddedStoryline,
) -> None:
    with pytest.raises(RunError, match="is not the one installed"):
        await start_run(storyline.engine, requested_version="storyline-rules-0.1")


async def test_the_query_api_answers_404_for_an_unknown_run(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed)
    story_id = next(iter(await stories(storyline)))
    async with storyline.query_client() as client:
        response = await client.get(f"/v1/stories/{story_id}", params={"run": "run-nope"})

    assert response.status_code == 404


async def stored(storyline: EmbeddedStoryline) -> list[Any]:
    async with storyline.engine.connect() as connection:
        rows = await connection.execute(select(event_store).order_by(event_store.c.position))
        return [decode(s.headers, s.payload) for s in map(stored_event_from_row, rows.mappings())]


async def stored_count(storyline: EmbeddedStoryline) -> int:
    return len(await stored(storyline))
