"""Conditional GETs: every read answers with an ETag, and a matching If-None-Match gets a 304.

The ETag is a hash of the exact response body, so it changes exactly when the answer does,
whichever backend or projector instance produced it.
"""

from __future__ import annotations

import hashlib

from fastapi import Request, Response
from pydantic import BaseModel

# Read models trail the log by the projector's lag anyway; a few seconds of caching adds little
# staleness, and clients revalidate cheaply with the ETag after that.
MAX_AGE_SECONDS = 5


def cached_json(request: Request, view: BaseModel, max_age: int = MAX_AGE_SECONDS) -> Response:
    body = view.model_dump_json().encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates
