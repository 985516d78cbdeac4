"""Every process of the production shape exposes health, readiness and Prometheus metrics, and
the metrics move with real traffic on the real Kafka broker and PostgreSQL server."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from prometheus_client.parser import text_string_to_metric_families

from storyline.free_ports import free_ports
from storyline_contracts.topics import ARTICLES_TOPIC, STORIES_TOPIC
from tests.article_factory import article
from tests.e2e.test_production_shape import (  # noqa: F401 - environment is a fixture
    STORYLINE,
    create_feed,
    environment,
    wait_for,
)

pytestmark = pytest.mark.integration

WORKERS = ("extract-worker", "relay", "project")
Samples = list[tuple[str, dict[str, str], float]]


def scrape(url: str) -> Samples:
    answer = httpx.get(url, timeout=5)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return [
        (sample.name, dict(sample.labels), sample.value)
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    ]


def total(samples: Samples, name: str, **labels: str) -> float:
    return sum(
        value
        for sample_name, sample_labels, value in samples
        if sample_name == name and labels.items() <= sample_labels.items()
    )


def present(samples: Samples, name: str, **labels: str) -> bool:
    return any(
        sample_name == name and labels.items() <= sample_labels.items()
        for sample_name, sample_labels, _ in samples
    )


@pytest.fixture
def processes(environment: dict[str, str], tmp_path: Path) -> Iterator[dict[str, str]]:  # noqa: F811
    """Base URLs of each process's metrics: the APIs' own port, the workers' health port."""
    names = ("ingest", "query", *WORKERS)
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    commands = {
        "ingest": ["serve", "ingest", "--port", str(ports["ingest"])],
        "query": ["serve", "query", "--port", str(ports["query"])],
        **{name: [name, "--health-port", str(ports[name])] for name in WORKERS},
    }
    running = []
    try:
        for name, arguments in commands.items():
            log = (tmp_path / f"{name}.log").open("w")
            running.append(
                subprocess.Popen(
                    [*STORYLINE, *arguments], env=environment, stdout=log, stderr=subprocess.STDOUT
                )
            )
        yield {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    finally:
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log_file in sorted(tmp_path.glob("*.log")):
            sys.stderr.write(f"--- {log_file.name}\n{log_file.read_text()[-3000:]}\n")


def scrape_until(url: str, condition: Callable[[Samples], bool], seconds: float = 120.0) -> Samples:
    deadline = time.monotonic() + seconds
    samples = scrape(url)
    while not condition(samples) and time.monotonic() < deadline:
        time.sleep(0.5)
        samples = scrape(url)
    return samples


async def send_garbage(kafka_servers: str, topics: list[str]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka_servers)
    await producer.start()
    try:
        for topic in topics:
            await producer.send_and_wait(topic, b"not a cloudevent", key=b"garbage")
    finally:
        await producer.stop()


def test_every_process_serves_metrics_that_move_with_real_traffic(
    environment: dict[str, str],  # noqa: F811
    processes: dict[str, str],
    kafka_servers: str,
    topic_prefix: str,
) -> None:
    for url in processes.values():
        wait_for(f"{url}/healthz", lambda r: r.status_code == 200)
        wait_for(f"{url}/readyz", lambda r: r.status_code == 200)
    before = {name: scrape(f"{url}/metrics") for name, url in processes.items()}
    key = create_feed(environment)
    ingest, query = processes["ingest"], processes["query"]
    headers = {"Authorization": f"Bearer {key}"}

    posted = article()
    assert httpx.post(f"{ingest}/v1/articles", json=posted, headers=headers).status_code == 202
    assert httpx.post(f"{ingest}/v1/articles", json=posted, headers=headers).status_code == 202
    refused = httpx.post(f"{ingest}/v1/articles", json=posted, headers={"X-API-Key": "wrong"})
    assert refused.status_code == 401
    invalid = httpx.post(f"{ingest}/v1/articles", json={"external_id": "x"}, headers=headers)
    assert invalid.status_code == 422
    asyncio.run(
        send_garbage(kafka_servers, [topic_prefix + ARTICLES_TOPIC, topic_prefix + STORIES_TOPIC])
    )
    wait_for(f"{query}/v1/stories", lambda r: r.status_code == 200 and r.json()["items"])

    ingest_after = scrape(f"{ingest}/metrics")
    post = {"api": "ingest", "route": "/v1/articles", "method": "POST"}
    assert total(before["ingest"], "storyline_http_requests_total", **post) == 0
    assert total(ingest_after, "storyline_http_requests_total", **post, status="202") == 2
    assert total(ingest_after, "storyline_http_request_duration_seconds_count", **post) == 4
    assert total(ingest_after, "storyline_ingest_rejections_total", reason="unauthenticated") == 1
    assert total(ingest_after, "storyline_ingest_rejections_total") == 2
    assert total(ingest_after, "storyline_ingest_articles_total", outcome="created") == 1
    assert total(ingest_after, "storyline_ingest_articles_total", outcome="duplicate") == 1

    extraction = scrape_until(
        f"{processes['extract-worker']}/metrics",
        lambda s: (
            total(s, "storyline_dead_letters_total", stage="extraction") >= 1
            and total(s, "storyline_extraction_articles_total", outcome="extracted") >= 1
        ),
    )
    assert total(before["extract-worker"], "storyline_extraction_articles_total") == 0
    assert total(extraction, "storyline_extraction_articles_total", outcome="extracted") == 1
    assert total(extraction, "storyline_extraction_events_total") > 0
    assert total(extraction, "storyline_extraction_duration_seconds_count") == 1
    assert total(extraction, "storyline_dead_letters_total", stage="extraction") == 1
    assert present(
        extraction,
        "storyline_consumer_lag",
        group=environment["STORYLINE_INGEST_EXTRACTION_GROUP_ID"],
    )

    relay = scrape_until(
        f"{processes['relay']}/metrics",
        lambda s: (
            total(s, "storyline_relay_events_published_total") >= 2
            and total(s, "storyline_outbox_depth") == 0
        ),
    )
    assert total(before["relay"], "storyline_relay_events_published_total") == 0
    assert total(relay, "storyline_relay_events_published_total") >= 2  # an article, a story
    assert total(relay, "storyline_relay_publish_duration_seconds_count") >= 2
    assert present(relay, "storyline_outbox_depth")
    assert present(relay, "storyline_outbox_oldest_age_seconds")

    projector = scrape_until(
        f"{processes['project']}/metrics",
        lambda s: total(s, "storyline_dead_letters_total", stage="projector") >= 2,
    )
    live = {"target": "live"}
    assert total(before["project"], "storyline_projector_events_applied_total", **live) == 0
    assert total(projector, "storyline_projector_events_applied_total", **live) >= 2
    assert total(projector, "storyline_projector_batch_size_count", **live) >= 1
    assert total(projector, "storyline_projector_batch_duration_seconds_count", **live) >= 1
    # It reads both topics: each garbage message is a letter of its own.
    assert total(projector, "storyline_dead_letters_total", stage="projector") == 2
    group = environment["STORYLINE_PROJECTOR_GROUP_ID"]
    assert present(
        projector, "storyline_consumer_lag", group=group, topic=topic_prefix + STORIES_TOPIC
    )

    query_after = scrape(f"{query}/metrics")
    stories = {"api": "query", "route": "/v1/stories", "method": "GET"}
    assert total(before["query"], "storyline_http_requests_total", **stories) == 0
    assert total(query_after, "storyline_http_requests_total", **stories, status="200") >= 1
