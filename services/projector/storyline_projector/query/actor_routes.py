"""Actor endpoints: who appears in the stories, and what they did (events by type)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from storyline_platform.error_body import ErrorResponse
from storyline_projector.query.actor_queries import actor_activity
from storyline_projector.query.errors import not_found
from storyline_projector.query.http_caching import cached_json
from storyline_projector.query.parameters import ID_PATTERN
from storyline_projector.query.read_side import read_models
from storyline_projector.query.views import ActorActivity, ActorList
from storyline_projector.read_models.actor_names import name_key

router = APIRouter(prefix="/v1/actors", tags=["actors"])


@router.get("", response_model=ActorList, responses={304: {"description": "Not modified"}})
async def get_actors(
    request: Request,
    story_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    """Actors, most active first, optionally within one story."""
    async with read_models(request).connect() as connection:
        items = await actor_activity(connection, story_id=story_id, limit=limit)
    return cached_json(request, ActorList(items=items))


@router.get(
    "/{name}",
    response_model=ActorActivity,
    responses={
        304: {"description": "Not modified"},
        404: {"model": ErrorResponse, "description": "Unknown actor"},
    },
)
async def get_actor(
    request: Request,
    name: Annotated[str, Path(min_length=1, max_length=300, description="Canonical name")],
) -> Response:
    """One actor (matched on its canonical name, case ignored) and what it did."""
    async with read_models(request).connect() as connection:
        found = await actor_activity(connection, actor_key=name_key(name))
    if not found:
        raise not_found(f"no actor named {name!r}", "path.name")
    return cached_json(request, found[0])
