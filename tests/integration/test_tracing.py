"""One trace from an article's POST to the projector's transaction, across the real Kafka broker
and PostgreSQL server: the context rides in the stored event headers and the Kafka headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiokafka import AIOKafkaConsumer
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.topics import ARTICLES_TOPIC
from storyline_ingest.storage.tables import event_store
from storyline_platform import tracing
from tests.article_factory import article
from tests.integration.pipeline import DONE, running_pipeline

pytestmark = pytest.mark.integration


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    tracing.configure_tracing("storyline-test", exporter=exporter)
    try:
        yield exporter
    finally:
        tracing.stop_tracing()


def trace_ids(spans: list[ReadableSpan], name: str) -> set[int]:
    return {span.context.trace_id for span in spans if span.name.startswith(name)}


async def test_one_trace_runs_from_the_post_to_the_projector_transaction(
    spans: InMemorySpanExporter,
    engine: AsyncEngine,
    database_url: str,
    kafka_servers: str,
    topic_prefix: str,
) -> None:
    tracing.instrument_engine(engine)
    async with running_pipeline(engine, database_url, kafka_servers, topic_prefix) as pipeline:
        accepted = await pipeline.post(article())
        assert accepted.status_code == 202, accepted.text
        article_id = accepted.json()["article_id"]
        assert (await pipeline.settle([article_id]))[article_id] == DONE

    finished = list(spans.get_finished_spans())
    (post,) = [
        span
        for span in finished
        if span.kind == SpanKind.SERVER and span.attributes.get("http.route") == "/v1/articles"
    ]
    trace_id = post.context.trace_id
    assert trace_id in trace_ids(finished, "publish ")  # the relay, twice: article, then story
    assert trace_id in trace_ids(finished, "extract article")
    assert trace_id in trace_ids(finished, "project batch")
    # The projector's write itself: a span of the batch it belongs to.
    batch_spans = [span for span in finished if span.name == "project batch" and span.links]
    assert any(link.context.trace_id == trace_id for s in batch_spans for link in s.links)
    batch_ids = {span.context.span_id for span in batch_spans}
    under = {span.name for span in finished if span.parent and span.parent.span_id in batch_ids}
    # a batch of held stories is one statement sent on the driver, a span of its own
    assert "write held batch" in under


async def test_the_trace_travels_in_the_outbox_row_and_the_kafka_headers(
    spans: InMemorySpanExporter,
    engine: AsyncEngine,
    database_url: str,
    kafka_servers: str,
    topic_prefix: str,
) -> None:
    async with running_pipeline(engine, database_url, kafka_servers, topic_prefix) as pipeline:
        accepted = await pipeline.post(article())
        article_id = accepted.json()["article_id"]
        assert (await pipeline.settle([article_id]))[article_id] == DONE

    async with engine.connect() as connection:
        stored = (
            await connection.execute(
                select(event_store.c.headers).where(event_store.c.partition_key == article_id)
            )
        ).scalar_one()
    post_trace = f"{_post_trace_id(spans):032x}"
    assert stored["ce_traceparent"].split("-")[1] == post_trace
    assert stored["traceparent"] == stored["ce_traceparent"]

    consumer = AIOKafkaConsumer(
        topic_prefix + ARTICLES_TOPIC,
        bootstrap_servers=kafka_servers,
        group_id=None,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        records = await consumer.getmany(timeout_ms=10_000)
    finally:
        await consumer.stop()
    headers = [dict(record.headers) for batch in records.values() for record in batch]
    (sent,) = headers
    # The relay's own span is the parent now, in the same trace; a CloudEvents consumer sees
    # the distributed-tracing extension attribute, an OpenTelemetry one the plain header.
    assert sent[b"ce_traceparent".decode()].decode().split("-")[1] == post_trace
    assert sent["traceparent"] == sent["ce_traceparent"]
    assert sent["traceparent"] != stored["traceparent"].encode()


def _post_trace_id(spans: InMemorySpanExporter) -> int:
    (post,) = [
        span
        for span in spans.get_finished_spans()
        if span.kind == SpanKind.SERVER and span.attributes.get("http.route") == "/v1/articles"
    ]
    return post.context.trace_id
