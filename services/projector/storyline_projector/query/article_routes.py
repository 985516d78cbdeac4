"""Article endpoints: the articles read model, as the feeds last sent each article."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import select

from storyline_platform.error_body import ErrorResponse
from storyline_projector.query.errors import not_found
from storyline_projector.query.http_caching import cached_json
from storyline_projector.query.parameters import ID_PATTERN
from storyline_projector.query.read_side import read_models
from storyline_projector.read_models.tables import read_articles
from storyline_projector.read_models.utc import as_utc

router = APIRouter(prefix="/v1/articles", tags=["articles"])


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


@router.get("", response_model=ArticleList, responses={304: {"description": "Not modified"}})
async def list_articles(
    request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> Response:
    async with read_models(request).connect() as connection:
        rows = await connection.execute(
            select(read_articles)
            .order_by(read_articles.c.published_at.desc(), read_articles.c.article_id)
            .limit(limit)
        )
        items = [_view(row) for row in rows.mappings()]
    return cached_json(request, ArticleList(items=items))


@router.get(
    "/{article_id}",
    response_model=ArticleView,
    responses={
        304: {"description": "Not modified"},
        404: {"model": ErrorResponse, "description": "Unknown article"},
    },
)
async def get_article(
    request: Request, article_id: Annotated[str, Path(pattern=ID_PATTERN)]
) -> Response:
    async with read_models(request).connect() as connection:
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
        raise not_found(f"no article {article_id!r}", "path.article_id")
    return cached_json(request, _view(row))


def _view(row: Any) -> ArticleView:
    values = dict(row)
    for name in ("published_at", "first_received_at", "updated_at"):
        values[name] = as_utc(values[name])
    return ArticleView(**values)
