"""Memory of the ingest process under large posts: it stays flat whatever arrives.

Starts `storyline serve ingest` (embedded, on a scratch SQLite file), samples its resident memory
every 50 ms, and drives it in phases: idle; four 60 MB NDJSON batches at once (refused with 413
from their Content-Length, before anything is read); four batches at the byte limit at once
(accepted); then twenty at once, which the process's body budget serves a few at a time. For
each phase it prints the peak resident memory beside the idle figure and beside the budget of
request bodies the process may hold (STORYLINE_INGEST_MAX_BUFFERED_BYTES).

    uv run python bench/ingest_memory.py
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import orjson

from storyline.free_ports import free_port

MB = 1024 * 1024


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakSampler:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.05)


def ndjson_batch(total_bytes: int, article_bytes: int) -> bytes:
    lines = []
    size = 0
    number = 0
    while size + article_bytes < total_bytes:
        document = {
            "external_id": f"mem-{number}-{time.monotonic_ns()}",
            "title": "Memory",
            "body": "Officials said a drone hit a depot. " * (article_bytes // 37),
            "published_at": "2024-05-01T10:00:00Z",
        }
        line = orjson.dumps(document) + b"\n"
        lines.append(line)
        size += len(line)
        number += 1
    return b"".join(lines)


async def post_many(url: str, key: str, bodies: list[bytes]) -> list[int]:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/x-ndjson"}
    async with httpx.AsyncClient(timeout=300) as client:

        async def post(body: bytes) -> int:
            try:
                response = await client.post(url, content=body, headers=headers)
                return response.status_code
            except httpx.HTTPError:
                return 0  # the server closed a connection it refused

        return list(await asyncio.gather(*(post(body) for body in bodies)))


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="storyline-mem-"))
    env = os.environ | {"STORYLINE_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'm.db'}"}
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    storyline = [sys.executable, "-m", "storyline.cli"]
    subprocess.run([*storyline, "migrate"], env=env, check=True, capture_output=True)
    created = subprocess.run(
        [*storyline, "feeds", "create", "mem"], env=env, check=True, capture_output=True, text=True
    )
    key = created.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [*storyline, "serve", "ingest", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1/articles:batch"
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        from storyline_ingest.settings import IngestSettings

        settings = IngestSettings()
        budget = settings.max_buffered_bytes / MB
        limit = settings.max_batch_bytes
        idle = rss_mb(server.pid)
        phases = [
            ("4 x 60 MB batches at once", [ndjson_batch(60 * MB, MB)] * 4),
            ("4 batches at the byte limit", [ndjson_batch(limit, 200_000) for _ in range(4)]),
            ("20 batches at the byte limit", [ndjson_batch(limit, 200_000) for _ in range(20)]),
        ]
        print(f"idle resident memory: {idle:.0f} MB; body budget {budget:.0f} MB")
        print(f"{'phase':<32} {'statuses':<24} {'peak MB':>8} {'growth MB':>10} {'x budget':>9}")
        for name, bodies in phases:
            with PeakSampler(server.pid) as sampler:
                statuses = asyncio.run(post_many(url, key, bodies))
            growth = sampler.peak - idle
            summary = ",".join(f"{s}x{statuses.count(s)}" for s in sorted(set(statuses)))
            print(
                f"{name:<32} {summary:<24} {sampler.peak:>8.0f} {growth:>10.0f} "
                f"{growth / budget:>9.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
