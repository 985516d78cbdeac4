"""The desk's story pages: the list with its filters, and one story in full.

Both read through the JSON API's own queries (``story_listing``, ``story_queries``,
``candidate_runs``), so the page and ``/v1/stories`` never disagree. A story under a
re-extraction run is the same page with ``?run=RUN``. A merged story redirects to the story it
is part of; an unknown story or run is a 404 page.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.desk.allegation_graph import allegation_graph
from storyline_projector.desk.list_filters import (
    EVENT_TYPES,
    PAGE_SIZE,
    STATUSES,
    read_list_form,
)
from storyline_projector.desk.templating import render
from storyline_projector.desk.timeline_chart import timeline_chart
from storyline_projector.query.candidate_runs import UnknownRun, story_under_run
from storyline_projector.query.claim_queries import claims_view, story_claim_checks
from storyline_projector.query.parameters import ID_PATTERN
from storyline_projector.query.read_side import read_models
from storyline_projector.query.story_listing import list_stories
from storyline_projector.query.story_queries import (
    story_article_list,
    story_state,
    story_summary,
    story_timeline,
)
from storyline_projector.query.views import StoryList
from storyline_projector.read_models.tables import read_articles
from storyline_projector.read_models.utc import as_utc_or_none

router = APIRouter(include_in_schema=False)
_ID = re.compile(ID_PATTERN)


@router.get("/desk", response_class=HTMLResponse)
async def story_list_page(request: Request) -> Response:
    form = read_list_form(request.query_params)
    listing = StoryList(items=[], next_cursor=None)
    if not form.errors:
        async with read_models(request).connect() as connection:
            listing = await list_stories(connection, form.filters, PAGE_SIZE, form.cursor)
    next_page = None
    if listing.next_cursor is not None:
        kept = {name: value for name, value in form.values.items() if value and name != "cursor"}
        next_page = "/desk?" + urlencode({**kept, "cursor": listing.next_cursor})
    return render(
        "stories.html",
        status_code=422 if form.errors else 200,
        form=form,
        stories=listing.items,
        next_page=next_page,
        statuses=STATUSES,
        event_types=EVENT_TYPES,
    )


@router.get("/desk/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, story_id: str) -> Response:
    run = request.query_params.get("run") or None
    if not _ID.match(story_id) or (run is not None and not _ID.match(run)):
        return _not_found("No such story or run: ids are letters, digits and . _ : -", 422)
    try:
        async with _story_connection(request, story_id, run) as connection:
            summary = await story_summary(connection, story_id)
            if summary is None:
                return _not_found(f"No story {story_id}.")
            if summary.merged_into is not None:
                target = f"/desk/stories/{summary.merged_into}"
                if run is not None:
                    target += "?" + urlencode({"run": run})
                return RedirectResponse(target, status_code=308)
            state = await story_state(connection, summary, None)
            timeline = await story_timeline(connection, story_id)
            articles = await story_article_list(connection, story_id)
            claims = claims_view(story_id, None, await story_claim_checks(connection, story_id))
    except UnknownRun:
        return _not_found(f"No re-extraction run {run}.")
    async with read_models(request).connect() as connection:
        details = await _article_details(connection, [a.article_id for a in articles])
    return render(
        "story.html",
        story=state,
        run=run,
        timeline=timeline,
        chart=timeline_chart(timeline),
        graph=allegation_graph(state.allegations),
        articles=articles,
        details=details,
        claims=claims,
    )


@asynccontextmanager
async def _story_connection(
    request: Request, story_id: str, run: str | None
) -> AsyncIterator[AsyncConnection]:
    if run is None:
        async with read_models(request).connect() as connection:
            yield connection
    else:
        ingest_store = request.app.state.ingest_store
        async with story_under_run(read_models(request), ingest_store, story_id, run) as folded:
            yield folded


async def _article_details(
    connection: AsyncConnection, article_ids: list[str]
) -> dict[str, dict[str, Any]]:
    """Titles, links and versions from the articles read model (the live one, also under a
    run: a run changes events, not articles)."""
    if not article_ids:
        return {}
    rows = await connection.execute(
        select(
            read_articles.c.article_id,
            read_articles.c.title,
            read_articles.c.url,
            read_articles.c.version,
            read_articles.c.status,
            read_articles.c.published_at,
            read_articles.c.first_received_at,
        ).where(read_articles.c.article_id.in_(article_ids))
    )
    details = {}
    for row in rows.mappings():
        values = dict(row)
        values["published_at"] = as_utc_or_none(values["published_at"])
        values["first_received_at"] = as_utc_or_none(values["first_received_at"])
        values["url"] = _web_link(values["url"])
        details[row["article_id"]] = values
    return details


def _web_link(url: str | None) -> str | None:
    """Only http(s) links are made clickable: a feed's ``javascript:`` URL stays text."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _not_found(message: str, status_code: int = 404) -> HTMLResponse:
    return render("not_found.html", status_code=status_code, message=message)
