"""What each HTTP API adds to be operated: ``/metrics``, ``/readyz``, request metrics, traces,
and its API documentation served from its own assets.

Request metrics come from a plain ASGI middleware that does as little as it can per request: one
clock read at each end, and label lookups cached per (method, route, status), because it runs
on every post of the accept path (``bench/accept_throughput.py`` measures its cost).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from storyline_platform import tracing
from storyline_platform.api_docs_assets import serve_docs
from storyline_platform.readiness import Check, Readiness
from storyline_platform.stage_metrics import HTTP_DURATION, HTTP_REQUESTS

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
UNMATCHED = "unmatched"  # a path no route serves: one label, whatever was asked for
NO_STORE = {"Cache-Control": "no-store"}


class RequestMetrics:
    """Counts answers by (method, route template, status) and times them by (method, route)."""

    def __init__(self, app: ASGIApp, api: str) -> None:
        self.app = app
        self._api = api
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless the app answers: an exception answered further out

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            route = scope.get("route")
            key = (scope["method"], getattr(route, "path", UNMATCHED), status)
            series = self._series.get(key)
            if series is None:
                series = self._series[key] = self._new_series(*key)
            series[0].inc()
            series[1].observe(time.perf_counter() - started)

    def _new_series(self, method: str, route: str, status: int) -> tuple[Any, Any]:
        return (
            HTTP_REQUESTS.labels(self._api, method, route, str(status)),
            HTTP_DURATION.labels(self._api, method, route),
        )


def observe_api(
    app: FastAPI, api: str, dependencies: Callable[[Request], Mapping[str, Check]]
) -> None:
    """Install metrics, readiness, traces and offline docs on ``app`` (created with
    ``docs_url=None, redoc_url=None``). ``dependencies`` names the checks ``/readyz`` runs."""

    @app.get("/readyz", tags=["ops"], summary="Ready: the servers this API needs answer now")
    async def readyz(request: Request) -> JSONResponse:
        report = await Readiness(dependencies(request)).report()
        status = 200 if report.ready else 503
        return JSONResponse(report.body(), status_code=status, headers=NO_STORE)

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics of this process")
    async def metrics() -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    serve_docs(app)
    app.add_middleware(RequestMetrics, api=api)
    tracing.instrument_app(app)
