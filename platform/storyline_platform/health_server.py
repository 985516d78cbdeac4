"""A small HTTP port for processes that serve no API (extraction worker, relay, projector,
rebuild): ``/healthz``, ``/readyz`` and ``/metrics``.

It runs on the process's own event loop, so ``/healthz`` answering means the loop is not stuck.
Plain HTTP/1.1, one request per connection: probes and scrapers need no more.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from storyline_platform.readiness import Readiness

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
REQUEST_TIMEOUT_SECONDS = 5.0
MAX_HEADER_LINES = 100
REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}
JSON = "application/json"


class HealthServer:
    def __init__(self, readiness: Readiness) -> None:
        self._readiness = readiness

    async def answer(self, method: str, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for one request."""
        if method not in ("GET", "HEAD"):
            return 405, JSON, b'{"error": "only GET"}'
        if path == "/healthz":
            return 200, JSON, b'{"status": "ok"}'
        if path == "/readyz":
            report = await self._readiness.report()
            return (200 if report.ready else 503), JSON, json.dumps(report.body()).encode()
        if path == "/metrics":
            return 200, CONTENT_TYPE_LATEST, generate_latest(REGISTRY)
        return 404, JSON, b'{"error": "try /healthz, /readyz or /metrics"}'

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), REQUEST_TIMEOUT_SECONDS)
            for _ in range(MAX_HEADER_LINES):  # the headers say nothing these answers need
                line = await asyncio.wait_for(reader.readline(), REQUEST_TIMEOUT_SECONDS)
                if line in (b"\r\n", b"\n", b""):
                    break
            method, target, _version = request_line.decode("latin-1").split(" ", 2)
            status, content_type, body = await self.answer(method, target.split("?", 1)[0])
            head = (
                f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode() + (b"" if method == "HEAD" else body))
            await writer.drain()
        except (ValueError, TimeoutError, ConnectionError):
            pass  # a malformed or abandoned request: just close
        finally:
            writer.close()


@asynccontextmanager
async def health_port(
    readiness: Readiness, port: int | None, host: str = DEFAULT_HOST
) -> AsyncIterator[int | None]:
    """Serve the health port while the block runs; yields the port (None: not served)."""
    if port is None:
        yield None
        return
    server = await asyncio.start_server(HealthServer(readiness).handle, host, port)
    bound = int(server.sockets[0].getsockname()[1])
    log.info("health and metrics port open", extra={"host": host, "port": bound})
    try:
        yield bound
    finally:
        server.close()
        await server.wait_closed()
