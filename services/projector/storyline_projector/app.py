"""The read-only query API over the read models, the story desk and the ops view.

Only GET (and HEAD) routes exist, with one guarded exception: any write method gets 405 (in the
one error shape, before any body is read), so nothing can change the read models through this
side. The exception is the operator's replay of the projector's dead letters
(``POST /ops/dead-letters/replay``, ``desk.operator_replay``), which answers 403 unless
``STORYLINE_PROJECTOR_OPERATOR_KEY`` is set and the form carries it. Every JSON answer carries an
ETag and Cache-Control (``http_caching``); pages are never cached.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_platform.database import create_engine, engine_for
from storyline_platform.http_observability import observe_api
from storyline_platform.readiness import Check, database_check
from storyline_projector.desk import ops_view, story_pages
from storyline_projector.ops import routes as ops_routes
from storyline_projector.query import actor_routes, article_routes, event_routes, story_routes
from storyline_projector.query.errors import (
    COMMON_RESPONSES,
    install_error_handlers,
    refuse_unstorable_parameters,
)
from storyline_projector.query.story_routes import StoryMoved, moved_response
from storyline_projector.read_models.generations import LiveReadModels
from storyline_projector.settings import ProjectorSettings


def create_query_app(
    settings: ProjectorSettings | None = None, engine: AsyncEngine | None = None
) -> FastAPI:
    settings = settings or ProjectorSettings()

    def attach(active: AsyncEngine, ingest_store: AsyncEngine | None = None) -> None:
        app.state.engine = active
        app.state.read_models = LiveReadModels(active)
        app.state.ingest_store = ingest_store or active

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with engine_for(settings.database_url, engine) as active:
            separate = settings.event_store_url not in (None, settings.database_url)
            if engine is not None or not separate:
                attach(active)
                yield
                return
            assert settings.event_store_url is not None
            # The ops page reads the ingest side's dead letters from the ingest database; it
            # may be down while the read models are up, so it is not required at start-up.
            ingest_store = create_engine(settings.event_store_url)
            try:
                attach(active, ingest_store)
                yield
            finally:
                await ingest_store.dispose()

    app = FastAPI(
        title="Storyline query API",
        version="1.0.0",
        summary="Read-only views of every story's current state, built from the event log.",
        description="Every error, 4xx or 5xx, has one shape (`ErrorResponse`), the ingest API's: "
        "a stable `code`, a `message`, the `field` at fault (`query.actor`, `path.story_id`) "
        "and `details` listing every problem.",
        lifespan=lifespan,
        dependencies=[Depends(refuse_unstorable_parameters)],
        responses=COMMON_RESPONSES,
        docs_url=None,  # served from local assets by observe_api
        redoc_url=None,
    )
    install_error_handlers(app)
    app.state.settings = settings
    if engine is not None:  # ASGI test clients do not run the lifespan: attach it now
        attach(engine)
    for module in (story_routes, actor_routes, event_routes, article_routes, ops_routes):
        app.include_router(module.router)
    for page in (story_pages, ops_view):  # HTML for people; not part of the OpenAPI document
        app.include_router(page.router)

    observe_api(app, "query", _dependencies)

    @app.exception_handler(StoryMoved)
    async def story_moved(request: Request, moved: StoryMoved) -> Response:
        return moved_response(request, moved)

    return app


def _dependencies(request: Request) -> dict[str, Check]:
    # The read models only: the ingest database, which the ops page also reads, may be away
    # while every query still answers (the ops page then says so).
    return {"database": database_check(request.app.state.engine)}
