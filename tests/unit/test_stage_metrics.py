"""The metrics each stage reports, read from the process's registry as a scrape would; and
tracing that stays off, writing nothing, when it is not configured."""

from __future__ import annotations

import asyncio

from prometheus_client import REGISTRY
from sqlalchemy import select

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.outbox.event_store import StoredEvent
from storyline_ingest.outbox.relay import OutboxRelay
from storyline_ingest.storage.tables import event_store
from storyline_ingest.worker.extraction_worker import ExtractionWorker
from storyline_platform import tracing
from storyline_platform.health_server import HealthServer, health_port
from storyline_platform.readiness import Readiness
from storyline_projector.consume.rebuild import rebuild_read_models
from storyline_projector.consume.store_follower import EventStoreLog
from tests.conftest import Feed
from tests.unit.test_outbox_relay import RecordingProducer, post_articles


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_the_relay_reports_the_outbox_what_it_published_and_what_it_set_aside(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 4)
    published = value("storyline_relay_events_published_total", topic="storyline.articles.v1")
    letters = value("storyline_dead_letters_total", stage="relay")
    batches = value("storyline_relay_publish_duration_seconds_count")
    producer = RecordingProducer(too_large=frozenset({1}))

    await OutboxRelay(storyline.engine, lambda: producer).relay_once()

    assert value("storyline_outbox_depth") == 4  # sampled as the batch was read
    assert value("storyline_outbox_oldest_age_seconds") >= 0
    topic = {"topic": "storyline.articles.v1"}
    assert value("storyline_relay_events_published_total", **topic) == published + 3
    assert value("storyline_dead_letters_total", stage="relay") == letters + 1
    assert value("storyline_relay_publish_duration_seconds_count") == batches + 1
    await OutboxRelay(storyline.engine, lambda: producer).relay_once()
    assert value("storyline_outbox_depth") == 0
    assert value("storyline_outbox_oldest_age_seconds") == 0


async def test_the_extraction_worker_counts_what_it_sets_aside(
    storyline: EmbeddedStoryline,
) -> None:
    before = value("storyline_dead_letters_total", stage="extraction")

    await ExtractionWorker(storyline.engine).set_aside("topic:0:7", "undecodable: not JSON")

    assert value("storyline_dead_letters_total", stage="extraction") == before + 1


async def test_extraction_reports_articles_events_by_type_and_time_per_article(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    extracted = value("storyline_extraction_articles_total", outcome="extracted")
    accusations = value("storyline_extraction_events_total", type="accusation_made")
    timed = value("storyline_extraction_duration_seconds_count")

    await post_articles(storyline, feed, 2)
    await storyline.settle()

    assert value("storyline_extraction_articles_total", outcome="extracted") == extracted + 2
    assert value("storyline_extraction_events_total", type="accusation_made") > accusations
    assert value("storyline_extraction_duration_seconds_count") == timed + 2


async def test_the_projector_reports_events_applied_batch_sizes_and_apply_times(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    applied = value("storyline_projector_events_applied_total", target="live")
    batches = value("storyline_projector_batch_size_count", target="live")

    await post_articles(storyline, feed, 2)
    await storyline.settle()

    assert value("storyline_projector_events_applied_total", target="live") > applied + 2
    assert value("storyline_projector_batch_size_count", target="live") > batches
    assert value("storyline_projector_batch_duration_seconds_count", target="live") > 0


async def test_a_rebuild_reports_its_progress(storyline: EmbeddedStoryline, feed: Feed) -> None:
    await post_articles(storyline, feed, 3)
    await storyline.settle()

    report = await rebuild_read_models(storyline.engine, EventStoreLog(storyline.engine), 2)

    assert value("storyline_rebuild_generation") == report.generation.number
    assert value("storyline_rebuild_messages") == report.messages > 3
    assert value("storyline_rebuild_in_progress") == 0
    assert value("storyline_projector_events_applied_total", target="rebuild") > 0


async def test_without_configuration_tracing_is_off_and_writes_no_header(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 1)

    async with storyline.engine.connect() as connection:
        headers = (await connection.execute(select(event_store.c.headers))).scalar_one()
    assert not tracing.enabled()
    assert not tracing.export_configured({})
    assert not {"traceparent", "ce_traceparent"} & set(headers)
    event = StoredEvent(1, "e", "t", b"k", (("ce_id", b"e"),), b"{}")
    assert tracing.publish_headers(event.headers, "t", "e") == [("ce_id", b"e")]


def test_tracing_is_on_only_when_an_otlp_endpoint_is_set_and_not_disabled() -> None:
    endpoint = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}
    assert tracing.export_configured(endpoint)
    assert tracing.export_configured({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318"})
    assert not tracing.export_configured(endpoint | {"OTEL_SDK_DISABLED": "true"})
    assert not tracing.export_configured(endpoint | {"OTEL_TRACES_EXPORTER": "none"})


async def test_the_health_port_answers_its_three_paths_and_nothing_else() -> None:
    server = HealthServer(Readiness({}))
    assert (await server.answer("GET", "/healthz"))[0] == 200
    assert (await server.answer("GET", "/readyz"))[0] == 200
    status, content_type, body = await server.answer("GET", "/metrics")
    assert (status, content_type.split(";")[0]) == (200, "text/plain")
    assert b"storyline_dead_letters_total" in body
    assert (await server.answer("GET", "/other"))[0] == 404
    assert (await server.answer("POST", "/healthz"))[0] == 405
    async with health_port(Readiness({}), port=0) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = await reader.read()
        writer.close()
    assert answer.startswith(b"HTTP/1.1 200 OK")
    assert answer.endswith(b'{"status": "ok"}')


async def test_the_ingest_api_counts_posts_by_their_route_template_and_outcome(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    labels = {"api": "ingest", "method": "POST", "route": "/v1/articles", "status": "202"}
    answered = value("storyline_http_requests_total", **labels)
    route = {"api": "ingest", "method": "POST", "route": "/v1/articles"}
    timed = value("storyline_http_request_duration_seconds_count", **route)
    created = value("storyline_ingest_articles_total", outcome="created")

    await post_articles(storyline, feed, 2)

    assert value("storyline_http_requests_total", **labels) == answered + 2
    assert value("storyline_http_request_duration_seconds_count", **route) == timed + 2
    assert value("storyline_ingest_articles_total", outcome="created") == created + 2
