"""Limits that agree end to end: what the API accepts fits one Kafka message, and the bodies the
ingest process holds at once are bounded whatever arrives."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import orjson
import pytest

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import ArticleReceived, encode
from storyline_contracts.topics import KAFKA_MESSAGE_LIMIT_BYTES, MAX_EVENT_BYTES
from storyline_ingest.accept.errors import Unavailable
from storyline_ingest.http.body_budget import BodyBudget
from storyline_ingest.http.request_parsing import parse_article, parse_json
from storyline_ingest.settings import LARGEST_ARTICLE_BYTES, IngestSettings
from storyline_platform.kafka_clients import CONSUMER_OPTIONS, PRODUCER_OPTIONS, TOPIC_CONFIG
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts

BATCH = "/v1/articles:batch"


def largest_article(limit: int) -> bytes:
    """An article body of exactly ``limit`` bytes, every field at its longest, the text full of
    characters that need escaping in JSON."""
    document = article(
        title="T" * 1000,
        byline="By " + ", ".join(f"Reporter Number{n} Name" for n in range(40))[:990],
        outlet="O" * 300,
        located="L" * 300,
        url="https://wire.example.org/" + "p" * 2000,
        subjects=["s" * 50] * 100,
        body="",
    )
    room = limit - len(orjson.dumps(document))
    unit = 'Quote "\\ é\u2028\t'  # characters JSON escapes, or that take several bytes
    body = unit * (room // len(orjson.dumps(unit)[1:-1]))
    body += "x" * (room - (len(orjson.dumps(body)) - 2))  # ASCII: one byte each
    document["body"] = body
    raw = orjson.dumps(document)
    assert len(raw) == limit
    return raw


def test_the_largest_article_the_api_accepts_fits_in_one_kafka_message() -> None:
    raw = largest_article(LARGEST_ARTICLE_BYTES)
    incoming = parse_article(parse_json(raw), "feed")
    assert incoming.content is not None
    event = ArticleReceived(
        event_id="e" * 36,
        occurred_at=datetime.now(UTC),
        article_id="a" * 36,
        article_version=1_000_000,
        feed_id="f" * 64,
        external_id=incoming.external_id,
        content=incoming.content,
        content_hash="h" * 64,
    )
    record = encode(event)

    size = len(record.value) + len(record.key) + sum(len(n) + len(v) for n, v in record.headers)
    assert size <= MAX_EVENT_BYTES


def test_producer_topics_and_consumers_share_one_size_limit() -> None:
    assert PRODUCER_OPTIONS["max_request_size"] == KAFKA_MESSAGE_LIMIT_BYTES
    assert int(TOPIC_CONFIG["max.message.bytes"]) == KAFKA_MESSAGE_LIMIT_BYTES
    assert CONSUMER_OPTIONS["max_partition_fetch_bytes"] >= KAFKA_MESSAGE_LIMIT_BYTES
    assert KAFKA_MESSAGE_LIMIT_BYTES > MAX_EVENT_BYTES  # room for the record batch framing


def test_an_article_limit_beyond_one_kafka_message_is_refused_at_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STORYLINE_INGEST_MAX_ARTICLE_BYTES", str(LARGEST_ARTICLE_BYTES + 1))

    with pytest.raises(ValueError, match="max_article_bytes"):
        IngestSettings()


def test_limits_that_do_not_nest_are_refused_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_INGEST_MAX_BATCH_BYTES", str(4 * 1024 * 1024))
    monkeypatch.setenv("STORYLINE_INGEST_MAX_BUFFERED_BYTES", str(2 * 1024 * 1024))

    with pytest.raises(ValueError, match="STORYLINE_INGEST_MAX_BUFFERED_BYTES"):
        IngestSettings()


async def test_a_batch_over_its_byte_limit_is_refused_before_it_is_read(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    limit = storyline.ingest_app.state.settings.max_batch_bytes
    item = orjson.dumps(article(body="x" * 900_000)) + b"\n"
    content = item * (limit // len(item) + 1)
    headers = feed.headers | {"Content-Type": "application/x-ndjson"}
    async with storyline.ingest_client() as client:
        response = await client.post(BATCH, content=content, headers=headers)

    assert response.status_code == 413
    assert str(limit) in response.json()["error"]["message"]
    assert (await row_counts(storyline))["articles"] == 0


async def test_requests_beyond_the_body_budget_wait_their_turn() -> None:
    budget = BodyBudget(total_bytes=100, wait_seconds=5)
    order: list[str] = []

    async def hold(name: str, size: int, seconds: float) -> None:
        async with budget.reserve(size):
            order.append(f"{name} in")
            await asyncio.sleep(seconds)
        order.append(f"{name} out")

    await asyncio.gather(hold("first", 80, 0.2), hold("second", 80, 0))

    assert order == ["first in", "first out", "second in", "second out"]
    assert budget.free_bytes() == 100


async def test_a_request_that_waits_too_long_for_the_budget_gets_503() -> None:
    budget = BodyBudget(total_bytes=100, wait_seconds=0.05)

    async with budget.reserve(100):
        with pytest.raises(Unavailable):
            async with budget.reserve(1):
                pass

    assert budget.free_bytes() == 100
