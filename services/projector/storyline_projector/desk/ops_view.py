"""The operator's view at ``/ops``: lag per partition, the outbox, each stage's state and last
error, every dead letter, and the replay of the projector's letters behind the operator key.

The page refreshes itself (a meta refresh, no script) except right after a replay, so the
replay's outcome stays on screen until the operator moves on.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storyline_projector.desk.operator_replay import (
    ALL_LETTERS,
    BadLetter,
    NotAllowed,
    check_operator_key,
    replay_projector_letters,
    replay_request,
)
from storyline_projector.desk.pipeline_activity import pipeline_activity
from storyline_projector.desk.templating import render
from storyline_projector.ops.status import ops_status
from storyline_projector.query.read_side import read_models

router = APIRouter(tags=["ops"])
REFRESH_SECONDS = 15
MAX_FORM_BYTES = 4096  # a letter id and a key; nothing legitimate is larger


@router.get("/ops", response_class=HTMLResponse)
async def ops_page(request: Request) -> Response:
    """The ops view, a page for people: lag, outbox, stages, dead letters, newest stories."""
    state = request.app.state
    status = await ops_status(read_models(request), state.settings, state.ingest_store)
    activity = await pipeline_activity(read_models(request), state.ingest_store)
    outcome = {
        name: request.query_params[name]
        for name in ("replayed", "failing", "unknown")
        if name in request.query_params
    }
    return render(
        "ops.html",
        status=status,
        activity=activity,
        replay_enabled=state.settings.operator_key is not None,
        all_letters=ALL_LETTERS,
        outcome=outcome,
        refresh_seconds=None if outcome else REFRESH_SECONDS,
    )


@router.post("/ops/dead-letters/replay", include_in_schema=False)
async def replay_dead_letters(request: Request) -> Response:
    """The operator's replay: 403 without the configured key, 422 for a malformed letter."""
    settings = request.app.state.settings
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return _refusal("The form is larger than a replay needs.", 413)
    form = {name: values[0] for name, values in parse_qs(body.decode("utf-8", "replace")).items()}
    try:
        check_operator_key(settings.operator_key, form.get("operator_key"))
    except NotAllowed:
        message = (
            "Replaying from the ops view is off: no operator key is configured."
            if settings.operator_key is None
            else "That is not the operator key."
        )
        return _refusal(message, 403)
    try:
        wanted = replay_request(form.get("letter"))
    except BadLetter as error:
        return _refusal(str(error), 422)
    outcome = await replay_projector_letters(request.app.state.engine, wanted)
    asked = wanted.letters or []
    unknown = [
        letter for letter in asked if letter not in {*outcome.replayed, *outcome.still_failing}
    ]
    query = urlencode(
        {
            "replayed": len(outcome.replayed),
            "failing": len(outcome.still_failing),
            "unknown": len(unknown),
        }
    )
    # Post/redirect/get: reloading the page afterwards does not replay again.
    return RedirectResponse(f"/ops?{query}", status_code=303)


def _refusal(message: str, status_code: int) -> HTMLResponse:
    return render("not_found.html", status_code=status_code, message=message)
