"""The ops page and its JSON: health, positions and lag, dead letters, newest stories."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from storyline.embedded import EmbeddedStoryline
from storyline_projector.app import create_query_app
from storyline_projector.consume.dead_letters import record_dead_letters
from storyline_projector.consume.delivery import DeadLetter, RawMessage
from storyline_projector.settings import ProjectorSettings
from tests.article_factory import article
from tests.conftest import Feed
from tests.unit.projector.story_factory import Projector, get_json, kremlin_story


async def test_embedded_lag_is_the_event_store_head_minus_the_position(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    async with storyline.ingest_client() as ingest:
        accepted = await ingest.post("/v1/articles", json=article(), headers=feed.headers)
    assert accepted.status_code == 202

    async with embedded_query_client(storyline) as client:
        behind = await get_json(client, "/ops/status")
        await storyline.settle()
        caught_up = await get_json(client, "/ops/status")

    assert (behind["mode"], behind["status"], behind["lag_source"]) == (
        "embedded",
        "ok",
        "event store head",
    )
    assert behind["total_lag"] >= 1
    assert caught_up["total_lag"] == 0
    [store] = [p for p in caught_up["partitions"] if p["stream"] == "event_store"]
    assert store["lag"] == 0
    assert store["next_position"] == store["head"]


async def test_ops_page_shows_dead_letters_and_the_newest_stories(
    storyline: EmbeddedStoryline,
) -> None:
    await Projector(storyline.engine).apply(*kremlin_story())
    poison = RawMessage("storyline.stories.v1", 2, 41, (("ce_type", b"x"),), b"<script>")
    async with storyline.engine.begin() as connection:
        await record_dead_letters(connection, [DeadLetter(poison, "DecodeError: <not json>")])

    async with embedded_query_client(storyline) as client:
        page = await client.get("/ops")
        status = await get_json(client, "/ops/status")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    assert "Moscow blames Washington for drone strike on the Kremlin" in html
    assert "DecodeError: &lt;not json&gt;" in html  # escaped, never markup
    assert "<script" not in html
    assert status["dead_letter_count"] == 1
    assert status["latest_dead_letters"][0]["position"] == 41
    assert [story["status"] for story in status["newest_stories"]] == ["disputed"]
    assert datetime.fromisoformat(status["checked_at"]) <= datetime.now(UTC)


async def test_an_unreachable_broker_leaves_the_page_up_with_the_lag_unknown(
    storyline: EmbeddedStoryline,
) -> None:
    async with query_client(storyline, kafka_bootstrap_servers="127.0.0.1:9") as client:
        status = await get_json(client, "/ops/status")
        page = await client.get("/ops")

    assert (status["mode"], status["status"], status["total_lag"]) == ("kafka", "degraded", None)
    assert status["lag_source"].startswith("kafka end offsets unavailable")
    assert page.status_code == 200


def query_client(
    storyline: EmbeddedStoryline, kafka_bootstrap_servers: str | None
) -> httpx.AsyncClient:
    """The query API on the test's database, in the mode asked for whatever the environment says."""
    settings = ProjectorSettings(
        database_url=storyline.database_url, kafka_bootstrap_servers=kafka_bootstrap_servers
    )
    app = create_query_app(settings, storyline.engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://query")


def embedded_query_client(storyline: EmbeddedStoryline) -> httpx.AsyncClient:
    return query_client(storyline, kafka_bootstrap_servers=None)
