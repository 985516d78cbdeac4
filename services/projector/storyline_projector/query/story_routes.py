"""Story endpoints: the list, one story's state, its timeline, allegations, claim checks and
articles.

Every story endpoint takes ``as_of``: the same queries then read a fold of the story's events up
to that time instead of the live tables (``time_travel``). A merged story answers 308 with a
pointer to the story it is part of.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_platform.error_body import ErrorResponse
from storyline_projector.query.candidate_runs import UnknownRun, story_under_run
from storyline_projector.query.claim_queries import claims_view, story_claim_checks
from storyline_projector.query.errors import bad_parameter, not_found
from storyline_projector.query.http_caching import cached_json
from storyline_projector.query.parameters import (
    AsOf,
    CandidateRun,
    StoryId,
    checked_event_type,
)
from storyline_projector.query.read_side import read_models
from storyline_projector.query.story_listing import BadCursor, Cursor, StoryFilters, list_stories
from storyline_projector.query.story_queries import (
    story_allegations,
    story_article_list,
    story_state,
    story_summary,
    story_timeline,
)
from storyline_projector.query.time_travel import story_as_of
from storyline_projector.query.views import (
    Allegations,
    MergedStory,
    StoryArticles,
    StoryClaims,
    StoryList,
    StoryState,
    StorySummary,
    Timeline,
)
from storyline_projector.read_models.utc import as_utc

router = APIRouter(prefix="/v1/stories", tags=["stories"])

STORY_RESPONSES: dict[int | str, dict[str, object]] = {
    304: {"description": "Not modified (If-None-Match matched the ETag)"},
    308: {"model": MergedStory, "description": "Merged: Location names the surviving story"},
    404: {"model": ErrorResponse, "description": "Unknown story"},
}


class StoryMoved(Exception):
    """The story was merged: answered with a 308 to the surviving story (``moved_response``)."""

    def __init__(self, story_id: str, merged_into: str) -> None:
        super().__init__(story_id, merged_into)
        self.story_id = story_id
        self.merged_into = merged_into


@dataclass(frozen=True)
class StorySource:
    """Where a story endpoint reads: the live tables, or the story's fold as of a time."""

    connection: AsyncConnection
    summary: StorySummary
    as_of: datetime | None


async def story_source(
    request: Request, story_id: StoryId, as_of: AsOf = None, run: CandidateRun = None
) -> AsyncIterator[StorySource]:
    if as_of is not None and run is not None:
        raise bad_parameter("run", "a candidate run shows the story now; leave out as_of")
    if run is not None:
        ingest_store = request.app.state.ingest_store
        try:
            async with story_under_run(
                read_models(request), ingest_store, story_id, run
            ) as connection:
                yield await _source(connection, story_id, None)
        except UnknownRun:
            raise not_found(f"no re-extraction run {run!r}", "query.run") from None
    elif as_of is None:
        async with read_models(request).connect() as connection:
            yield await _source(connection, story_id, None)
    else:
        async with story_as_of(read_models(request), story_id, as_utc(as_of)) as connection:
            yield await _source(connection, story_id, as_utc(as_of))


async def _source(
    connection: AsyncConnection, story_id: str, as_of: datetime | None
) -> StorySource:
    summary = await story_summary(connection, story_id)
    if summary is None:
        raise not_found(f"no story {story_id!r}", "path.story_id")
    if summary.merged_into is not None:
        raise StoryMoved(story_id, summary.merged_into)
    return StorySource(connection, summary, as_of)


def moved_response(request: Request, moved: StoryMoved) -> Response:
    """308 to the same view of the surviving story; the body says which story it is."""
    old, new = f"/v1/stories/{moved.story_id}", f"/v1/stories/{moved.merged_into}"
    location = request.url.replace(path=request.url.path.replace(old, new, 1))
    pointer = MergedStory(story_id=moved.story_id, merged_into=moved.merged_into)
    return JSONResponse(pointer.model_dump(), status_code=308, headers={"Location": str(location)})


Source = Annotated[StorySource, Depends(story_source)]


@router.get("", response_model=StoryList, responses={304: STORY_RESPONSES[304]})
async def get_stories(
    request: Request,
    actor: Annotated[str | None, Query(min_length=1, max_length=300)] = None,
    event_type: Annotated[str | None, Query(description="e.g. accusation_made")] = None,
    status: Literal["developing", "disputed", "merged"] | None = None,
    since: Annotated[date | None, Query(description="Incident on or after this date")] = None,
    until: Annotated[date | None, Query(description="Incident on or before this date")] = None,
    q: Annotated[str | None, Query(min_length=2, max_length=200, description="Text")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    """Stories, most recently reported first."""
    if since is not None and until is not None and since > until:
        raise bad_parameter("until", "must not be before since")
    try:
        after = Cursor.decode(cursor) if cursor is not None else None
    except BadCursor as error:
        raise bad_parameter("cursor", str(error)) from None
    filters = StoryFilters(actor, checked_event_type(event_type), status, since, until, q)
    async with read_models(request).connect() as connection:
        listing = await list_stories(connection, filters, limit, after)
    return cached_json(request, listing)


@router.get("/{story_id}", response_model=StoryState, responses=STORY_RESPONSES)
async def get_story(request: Request, source: Source) -> Response:
    """One story at a glance: incidents, allegations and denials, threats, figures, actors."""
    state = await story_state(source.connection, source.summary, source.as_of)
    return cached_json(request, state)


@router.get("/{story_id}/timeline", response_model=Timeline, responses=STORY_RESPONSES)
async def get_timeline(request: Request, source: Source) -> Response:
    """Every event of the story, in the order it happened, with its evidence sentence."""
    story_id = source.summary.story_id
    items = await story_timeline(source.connection, story_id)
    return cached_json(request, Timeline(story_id=story_id, as_of=source.as_of, items=items))


@router.get("/{story_id}/allegations", response_model=Allegations, responses=STORY_RESPONSES)
async def get_allegations(request: Request, source: Source) -> Response:
    """Who accused whom of what, who denied it, and how many sources carry each side."""
    story_id = source.summary.story_id
    items = await story_allegations(source.connection, story_id)
    return cached_json(request, Allegations(story_id=story_id, as_of=source.as_of, items=items))


@router.get("/{story_id}/claims", response_model=StoryClaims, responses=STORY_RESPONSES)
async def get_claims(request: Request, source: Source) -> Response:
    """Claims checked against each other: each allegation's independent outlets (syndicated
    copies counted once), contradictions (different perpetrators named for one act, a group
    said to act for a side it is known to oppose), and whether the story is disputed, and why."""
    story_id = source.summary.story_id
    checks = await story_claim_checks(source.connection, story_id)
    return cached_json(request, claims_view(story_id, source.as_of, checks))


@router.get("/{story_id}/articles", response_model=StoryArticles, responses=STORY_RESPONSES)
async def get_articles(request: Request, source: Source) -> Response:
    """The articles and outlets that reported the story, near-duplicates included."""
    story_id = source.summary.story_id
    items = await story_article_list(source.connection, story_id)
    return cached_json(request, StoryArticles(story_id=story_id, as_of=source.as_of, items=items))
