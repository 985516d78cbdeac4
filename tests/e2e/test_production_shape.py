"""The production shape, process by process, as an operator runs it: ingest API, extraction
worker, outbox relay, projector and query API as separate `storyline` processes, talking to the
real Kafka broker and PostgreSQL server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storyline.free_ports import free_ports
from tests.article_factory import article

pytestmark = pytest.mark.integration

STORYLINE = [sys.executable, "-m", "storyline.cli"]


def wait_for(url: str, predicate: object, seconds: float = 90.0) -> httpx.Response:
    assert callable(predicate)
    deadline = time.monotonic() + seconds
    last: httpx.Response | None = None
    while time.monotonic() < deadline:
        try:
            last = httpx.get(url, timeout=5)
            if predicate(last):
                return last
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never satisfied the condition; last answer: {last and last.text}")


@pytest.fixture
def environment(database_url: str, kafka_servers: str, topic_prefix: str) -> dict[str, str]:
    group = f"{topic_prefix}{uuid.uuid4().hex[:6]}"
    return os.environ | {
        "STORYLINE_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_servers,
        "STORYLINE_INGEST_TOPIC_PREFIX": topic_prefix,
        "STORYLINE_PROJECTOR_TOPIC_PREFIX": topic_prefix,
        "STORYLINE_PROJECTOR_GROUP_ID": f"{group}-projector",
        "STORYLINE_INGEST_EXTRACTION_GROUP_ID": f"{group}-extraction",
        "STORYLINE_LOG_FORMAT": "json",
    }


@pytest.fixture
def processes(environment: dict[str, str], tmp_path: Path) -> Iterator[dict[str, int]]:
    ports = dict(zip(("ingest", "query"), free_ports(2), strict=True))
    commands = {
        "ingest": ["serve", "ingest", "--port", str(ports["ingest"])],
        # Any free health port: the machine may run other Storylines on the default ones.
        "extract-worker": ["extract-worker", "--health-port", "0"],
        "relay": ["relay", "--health-port", "0"],
        "project": ["project", "--health-port", "0"],
        "query": ["serve", "query", "--port", str(ports["query"])],
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
        yield ports
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


def create_feed(environment: dict[str, str]) -> str:
    result = subprocess.run(
        [*STORYLINE, "feeds", "create", "e2e-wire"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_an_article_becomes_a_story_across_the_real_processes(
    environment: dict[str, str], processes: dict[str, int]
) -> None:
    key = create_feed(environment)
    ingest = f"http://127.0.0.1:{processes['ingest']}"
    query = f"http://127.0.0.1:{processes['query']}"
    wait_for(f"{ingest}/healthz", lambda r: r.status_code == 200)

    accepted = httpx.post(
        f"{ingest}/v1/articles", json=article(), headers={"Authorization": f"Bearer {key}"}
    )
    assert accepted.status_code == 202, accepted.text
    article_id = accepted.json()["article_id"]

    shown = wait_for(f"{query}/v1/articles/{article_id}", lambda r: r.status_code == 200)
    assert shown.json()["title"] == article()["title"]
    stories = wait_for(f"{query}/v1/stories", lambda r: r.status_code == 200 and r.json()["items"])
    story_id = stories.json()["items"][0]["story_id"]
    story = wait_for(
        f"{query}/v1/stories/{story_id}",
        lambda r: r.status_code == 200 and r.json()["allegations"],
    ).json()
    accused = {allegation["accused"] for allegation in story["allegations"]}
    assert "United States" in accused
    assert story["status"] == "disputed"  # the article reports the denial too
