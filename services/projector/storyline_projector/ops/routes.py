"""Ops endpoints: health, and the ops figures as JSON (the page for people is ``desk.ops_view``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from storyline_projector.ops.status import OpsStatus, ops_status
from storyline_projector.query.read_side import read_models

router = APIRouter(tags=["ops"])
NO_STORE = {"Cache-Control": "no-store"}  # live figures: never serve them from a cache


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ops/status", response_model=OpsStatus)
async def get_ops_status(request: Request, response: Response) -> OpsStatus:
    """Projector positions and lag, dead letters and the newest stories."""
    response.headers.update(NO_STORE)
    return await _status(request)


async def _status(request: Request) -> OpsStatus:
    state = request.app.state
    return await ops_status(read_models(request), state.settings, state.ingest_store)
