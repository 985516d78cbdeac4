"""An open-loop load of articles, as feeds post them: new articles, retries of what was already
sent (duplicates), revisions, withdrawals and bad requests, at a steady rate whatever the answers
take, spread over the ingest processes; plus readers of the query API.

A feed retries a 503 (after its ``Retry-After``) or a dropped connection with the same document,
as a real feed would. Every request and every 202 is recorded with the time it happened, for the
checks at the end.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"
# Share of each kind of request a feed sends (the rest are new articles).
MIX = {"duplicate": 0.10, "revision": 0.10, "withdrawal": 0.04, "bad": 0.08}
MAX_ATTEMPTS = 30
BAD_DOCUMENTS: list[dict[str, Any]] = [
    {"title": "no publication time", "body": "A usable article needs one."},
    {"title": "from year one", "body": "Broken CMS.", "published_at": "0001-01-01T00:00:00Z"},
    {"title": "", "body": "An empty title.", "published_at": "2023-05-04T10:15:00Z"},
    {"title": "naive time", "body": "No zone.", "published_at": "2023-05-04T10:15:00"},
]


class Clock:
    """Seconds since the soak started."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.started_wall = time.time()

    def now(self) -> float:
        return time.monotonic() - self.started

    def of_wall(self, wall_seconds: float) -> float:
        """A wall-clock time (a broker's record timestamp) as seconds since the soak started."""
        return wall_seconds - self.started_wall


@dataclass(frozen=True)
class Request:
    at: float
    api: str  # "ingest" or "query"
    kind: str
    status: int  # 0: no answer (connection refused or dropped, timeout)
    retry_after: bool


@dataclass(frozen=True)
class Acceptance:
    """A 202: what the ingest API said it stored."""

    at: float
    external_id: str
    article_id: str
    version: int
    outcome: str
    usable: bool  # a version with text, which the extraction worker reads


@dataclass
class FeedArticle:
    external_id: str
    document: dict[str, Any]
    version: int = 1
    withdrawn: bool = False
    busy: bool = False
    article_id: str | None = None


@dataclass
class LoadRecord:
    requests: list[Request] = field(default_factory=list)
    accepted: list[Acceptance] = field(default_factory=list)
    refused_bad: list[str] = field(default_factory=list)  # external ids of the bad requests
    wrongly_accepted: list[str] = field(default_factory=list)  # a bad request that got a 2xx
    gave_up: list[str] = field(default_factory=list)  # documents still refused after every retry


def base_articles() -> list[dict[str, Any]]:
    lines = EXAMPLES.read_text().splitlines()
    unique = {json.loads(line)["external_id"]: json.loads(line) for line in lines if line.strip()}
    return list(unique.values())


class FeedLoad:
    def __init__(
        self,
        ingest_urls: list[str],
        query_url: str,
        api_key: str,
        rate: float,
        clock: Clock,
        seed: int = 12,
    ) -> None:
        self._ingest = itertools.cycle(ingest_urls)
        self._query_url = query_url
        self._headers = {"Authorization": f"Bearer {api_key}"}
        self._rate = rate
        self._clock = clock
        self._random = random.Random(seed)
        self._bases = base_articles()
        self._articles: list[FeedArticle] = []
        self._numbers = itertools.count(1)
        self.record = LoadRecord()
        self.until = math.inf
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(30.0))

    async def run(self) -> None:
        """Send at the rate until ``self.until`` (clock seconds, which may move while the load
        runs), then wait for what is in flight."""
        tasks: set[asyncio.Task[None]] = set()
        interval = 1.0 / self._rate
        next_at = self._clock.now()
        reads = asyncio.create_task(self._read_queries())
        while next_at < self.until:
            delay = next_at - self._clock.now()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(self._one())
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            next_at += interval
        await asyncio.gather(reads, *tasks)
        await self._client.aclose()

    async def _one(self) -> None:
        kind = kind_of(self._random.random())
        ready = [a for a in self._articles if not a.busy and a.article_id is not None]
        if kind in ("duplicate", "revision", "withdrawal") and not ready:
            kind = "new"
        if kind == "bad":
            await self._bad()
            return
        if kind == "new":
            article = self._new_article()
        else:
            live = [a for a in ready if not a.withdrawn] if kind != "duplicate" else ready
            if not live:
                article, kind = self._new_article(), "new"
            else:
                article = self._random.choice(live)
                self._change(article, kind)
        article.busy = True
        try:
            await self._post(article, kind)
        finally:
            article.busy = False

    def _new_article(self) -> FeedArticle:
        number = next(self._numbers)
        base = self._bases[number % len(self._bases)]
        document = dict(base)
        document.update(
            external_id=f"soak-{number}",
            url=f"https://soak.example.org/{number}",
            version=1,
            title=f"{base['title']} (report {number})",
            body=f"{base['body']} Officials gave update number {number} later that day.",
        )
        article = FeedArticle(document["external_id"], document)
        self._articles.append(article)
        return article

    def _change(self, article: FeedArticle, kind: str) -> None:
        if kind == "revision":
            article.version += 1
            article.document = article.document | {
                "version": article.version,
                "body": f"{article.document['body']} Correction {article.version}: a figure "
                "was updated.",
            }
        elif kind == "withdrawal":
            article.version += 1
            article.withdrawn = True
            article.document = {
                "external_id": article.external_id,
                "version": article.version,
                "status": "withdrawn",
            }
        # a duplicate sends the last document again, as a feed's retry does

    async def _post(self, article: FeedArticle, kind: str) -> None:
        # A feed's retry carries the key of its first try; a resent duplicate carries none, so
        # the content itself is what the service recognises.
        key = f"{article.external_id}-{article.version}"
        headers = self._headers if kind == "duplicate" else self._headers | {"Idempotency-Key": key}
        for _attempt in range(MAX_ATTEMPTS):
            response = await self._send(kind, article.document, headers)
            if response is not None and response.status_code == 202:
                answer = response.json()
                article.article_id = answer["article_id"]
                self.record.accepted.append(
                    Acceptance(
                        self._clock.now(),
                        article.external_id,
                        answer["article_id"],
                        int(answer["version"]),
                        answer["outcome"],
                        "title" in article.document,
                    )
                )
                return
            if response is not None and response.status_code != 503:
                return  # an unexpected answer: recorded, and the checks report it
            await asyncio.sleep(_retry_after(response))
        self.record.gave_up.append(article.external_id)

    async def _bad(self) -> None:
        number = next(self._numbers)
        external_id = f"bad-{number}"
        document = self._random.choice(BAD_DOCUMENTS) | {"external_id": external_id}
        for _attempt in range(MAX_ATTEMPTS):
            response = await self._send("bad", document, self._headers)
            if response is not None and response.status_code < 300:
                self.record.wrongly_accepted.append(external_id)
                return
            if response is not None and response.status_code != 503:
                self.record.refused_bad.append(external_id)
                return
            await asyncio.sleep(_retry_after(response))

    async def _send(
        self, kind: str, document: dict[str, Any], headers: dict[str, str]
    ) -> httpx.Response | None:
        at = self._clock.now()
        try:
            response = await self._client.post(
                f"{next(self._ingest)}/v1/articles", json=document, headers=headers
            )
        except httpx.TransportError:
            self.record.requests.append(Request(at, "ingest", kind, 0, False))
            return None
        self.record.requests.append(
            Request(at, "ingest", kind, response.status_code, "retry-after" in response.headers)
        )
        return response

    async def _read_queries(self) -> None:
        """Readers of the query API: a story list and an article, twice a second."""
        while self._clock.now() < self.until:
            ids = [a.article_id for a in self._articles[-50:] if a.article_id]
            path = f"/v1/articles/{self._random.choice(ids)}" if ids else "/v1/stories?limit=5"
            for url in (f"{self._query_url}{path}", f"{self._query_url}/v1/stories?limit=5"):
                at = self._clock.now()
                try:
                    response = await self._client.get(url)
                    status, retry = response.status_code, "retry-after" in response.headers
                except httpx.TransportError:
                    status, retry = 0, False
                self.record.requests.append(Request(at, "query", "read", status, retry))
            await asyncio.sleep(1.0)


def kind_of(draw: float) -> str:
    """The kind of request a uniform draw in [0, 1) stands for, by the shares of ``MIX``."""
    for kind, share in MIX.items():
        if draw < share:
            return kind
        draw -= share
    return "new"


def _retry_after(response: httpx.Response | None) -> float:
    if response is None:
        return 1.0
    try:
        return min(10.0, max(0.2, float(response.headers.get("retry-after", "1"))))
    except ValueError:
        return 1.0
