"""The read-only query API over the read models."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Query, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_platform.database import create_engine
from storyline_projector.settings import ProjectorSettings
from storyline_projector.tables import read_articles


class ArticleView(BaseModel):
    article_id: str
    feed_id: str
    external_id: str
    version: int
    status: str
    title: str
    outlet: str | None
    url: str | None
    language: str
    published_at: datetime
    word_count: int
    first_received_at: datetime
    updated_at: datetime


class ArticleList(BaseModel):
    items: list[ArticleView]


def create_query_app(
    settings: ProjectorSettings | None = None, engine: AsyncEngine | None = None
) -> FastAPI:
    settings = settings or ProjectorSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine is not None:  # the caller owns it
            yield
            return
        app.state.engine = create_engine(settings.database_url)
        try:
            yield
        finally:
            await app.state.engine.dispose()

    app = FastAPI(
        title="Storyline query API",
        version="1.0.0",
        summary="Read-only views of every story's current state, built from the event log.",
        lifespan=lifespan,
    )
    if engine is not None:
        app.state.engine = engine

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/articles", tags=["articles"])
    async def list_articles(
        request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50
    ) -> ArticleList:
        async with request.app.state.engine.connect() as connection:
            rows = await connection.execute(
                select(read_articles)
                .order_by(read_articles.c.published_at.desc(), read_articles.c.article_id)
                .limit(limit)
            )
            return ArticleList(items=[ArticleView(**_row(row)) for row in rows.mappings()])

    @app.get(
        "/v1/articles/{article_id}",
        tags=["articles"],
        responses={404: {"description": "Unknown article"}},
    )
    async def get_article(
        request: Request, article_id: Annotated[str, Path(max_length=64)]
    ) -> ArticleView:
        async with request.app.state.engine.connect() as connection:
            row = (
                (
                    await connection.execute(
                        select(read_articles).where(read_articles.c.article_id == article_id)
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
        return ArticleView(**_row(row))

    return app


def _row(row: Any) -> dict[str, Any]:
    return dict(row)
