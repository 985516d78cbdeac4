"""No single input stops a stage, on the real Kafka broker and PostgreSQL server.

Articles that each stopped a stage for everyone (one whose event a topic refuses, one in
``en-GB``, one the extractor fails on) are posted in the middle of a stream: every article after
them is extracted, published and projected, and each poison sits in a dead-letter list with its
reason. And the largest article the API accepts goes through every stage: the limits agree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence

import httpx
import orjson
import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.topics import ALL_TOPICS
from storyline_extraction.article_text import ArticleText
from storyline_extraction.extraction_records import ArticleExtraction
from storyline_ingest.settings import IngestSettings
from storyline_ingest.worker import extraction_runner
from tests.article_factory import article
from tests.integration.pipeline import DONE, running_pipeline

pytestmark = pytest.mark.integration

SMALL_TOPIC_LIMIT = 256 * 1024
BODIES = [
    "Russia accused Ukraine on {day} of shelling the port of Berdyansk, killing {n} people.",
    "Israel said on {day} its jets struck a weapons depot near Damascus, hours after a rocket "
    "attack on {n} border towns.",
    "Sudan's army blamed the RSF on {day} for an attack on a market in Omdurman that killed {n}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday"]
POISONED = {"too big for the topic", "extractor fails"}


def stream_article(number: int, **overrides: object) -> dict[str, object]:
    body = BODIES[number % 3].format(day=DAYS[number % 3], n=number + 3)
    fields = {"external_id": f"wire-{number}", "title": f"Report {number}", "body": body}
    return article(**(fields | overrides))


async def accepted(posting: Awaitable[httpx.Response]) -> str:
    response = await posting
    assert response.status_code == 202, response.text
    return str(response.json()["article_id"])


async def topics_with_a_small_limit(servers: str, prefix: str) -> None:
    """An operator's topics whose message limit is below what the API accepts."""
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        limit = {"max.message.bytes": str(SMALL_TOPIC_LIMIT)}
        await admin.create_topics(
            [NewTopic(prefix + t, 3, 1, topic_configs=limit) for t in ALL_TOPICS]
        )
    finally:
        await admin.close()


async def test_poison_articles_in_a_stream_leave_every_later_article_flowing(
    engine: AsyncEngine,
    database_url: str,
    kafka_servers: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix = "poison-" + database_url.rsplit("_", 1)[-1][:8] + "."
    await topics_with_a_small_limit(kafka_servers, prefix)
    real_batch = extraction_runner.extract_batch

    def fails_on_poison(articles: Sequence[ArticleText]) -> list[ArticleExtraction]:
        if any(a.title == "POISON" for a in articles):
            raise ValueError("[E088] Text of length 1007999 exceeds maximum of 1000000")
        return real_batch(articles)

    monkeypatch.setattr(extraction_runner, "extract_batch", fails_on_poison)
    monkeypatch.setattr(extraction_runner, "extract", lambda a: fails_on_poison([a])[0])

    async with running_pipeline(engine, database_url, kafka_servers, prefix) as pipeline:
        ids = {}
        for number in range(4):
            ids[f"before-{number}"] = await accepted(pipeline.post(stream_article(number)))
        big = article(external_id="big", body="A long report. " * 60_000)  # 900 KB
        ids["too big for the topic"] = await accepted(pipeline.post(big))
        ids["en-GB"] = await accepted(pipeline.post(stream_article(10, language="en-GB")))
        ids["extractor fails"] = await accepted(pipeline.post(stream_article(11, title="POISON")))
        for number in range(20, 26):
            ids[f"after-{number}"] = await accepted(pipeline.post(stream_article(number)))

        outcomes = await pipeline.settle(ids.values())
        ops = (await pipeline.query.get("/ops/status")).json()

    by_name = {name: outcomes[article_id] for name, article_id in ids.items()}
    flowing = {name: outcome for name, outcome in by_name.items() if name not in POISONED}
    assert set(flowing.values()) == {DONE}, flowing
    assert by_name["too big for the topic"].startswith("set aside by relay: MessageSizeTooLarge")
    assert by_name["extractor fails"].startswith("set aside by extraction: extraction failed")
    assert ops["stage_dead_letter_counts"] == {"relay": 1, "extraction": 1}


async def test_the_largest_article_the_api_accepts_goes_through_every_stage(
    engine: AsyncEngine, database_url: str, kafka_servers: str, topic_prefix: str
) -> None:
    limit = IngestSettings().max_article_bytes
    document = article(external_id="largest", body="")
    room = limit - len(orjson.dumps(document))
    document["body"] = ("Officials said a drone hit a depot in Odesa on Monday. " * room)[:room]

    async with running_pipeline(engine, database_url, kafka_servers, topic_prefix) as pipeline:
        response = await pipeline.ingest.post(
            "/v1/articles",
            content=orjson.dumps(document),
            headers=pipeline.headers | {"Content-Type": "application/json"},
        )
        assert len(orjson.dumps(document)) == limit
        assert response.status_code == 202, response.text
        article_id = response.json()["article_id"]
        outcomes = await pipeline.settle([article_id])
        over = await pipeline.ingest.post(
            "/v1/articles",
            content=orjson.dumps(document | {"body": document["body"] + "!"}),
            headers=pipeline.headers | {"Content-Type": "application/json"},
        )

    assert outcomes == {article_id: DONE}
    assert over.status_code == 413
