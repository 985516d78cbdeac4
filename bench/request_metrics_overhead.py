"""What the request-metrics middleware costs per request, next to the request it measures.

Calls a bare FastAPI endpoint (parse a JSON body, answer 202) in-process through ASGI, with no
network and no server in between, so that the figures are the application's CPU alone: once as
it is, once wrapped in ``RequestMetrics`` (the middleware both APIs run), alternating rounds in
one run. ``bench/accept_throughput.py`` gives the whole accept path under load.

    uv run python bench/request_metrics_overhead.py [--requests 20000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from storyline_platform.http_observability import RequestMetrics

BODY = b'{"external_id": "wire-1", "title": "A title", "body": "' + b"x" * 1500 + b'"}'


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/articles", status_code=202)
    async def accept(request: Request) -> Response:
        await request.json()
        return Response(b'{"outcome": "created"}', status_code=202)

    return app


def measured_app() -> FastAPI:
    app = bare_app()
    app.add_middleware(RequestMetrics, api="bench")
    return app


async def call(app: Any) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/articles",
        "raw_path": b"/v1/articles",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": BODY, "more_body": False}

    async def send(_message: dict[str, Any]) -> None:
        return None

    await app(scope, receive, send)


async def cpu_per_request(app: Any, requests: int) -> float:
    for _ in range(200):  # warm up: routes compiled, label series created
        await call(app)
    started = time.process_time()
    for _ in range(requests):
        await call(app)
    return (time.process_time() - started) / requests * 1e6


async def main(requests: int, rounds: int) -> None:
    bare, measured = bare_app(), measured_app()
    bare_us, measured_us = [], []
    for _ in range(rounds):
        bare_us.append(await cpu_per_request(bare, requests))
        measured_us.append(await cpu_per_request(measured, requests))
    bare_median, measured_median = statistics.median(bare_us), statistics.median(measured_us)
    print(f"request metrics overhead: {requests} requests x {rounds} rounds, in-process ASGI")
    print(f"{'':28}{'bare endpoint':>16}{'with metrics':>16}{'ratio':>8}")
    print(
        f"{'CPU us/request (median)':28}{bare_median:>16.1f}{measured_median:>16.1f}"
        f"{measured_median / bare_median:>8.2f}"
    )
    print(f"middleware cost: {measured_median - bare_median:.1f} us per request")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of each")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.requests, arguments.rounds))
