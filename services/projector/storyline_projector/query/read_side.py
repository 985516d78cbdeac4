"""Where the query API reads from: one seam for every route.

``app.state.read_models`` is anything with an async ``connect()``: the engine itself, or a
wrapper that binds each connection to the live generation of the tables after a rebuild.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncConnection


class ReadModels(Protocol):
    def connect(self) -> AbstractAsyncContextManager[AsyncConnection]: ...


def read_models(request: Request) -> ReadModels:
    source: ReadModels = request.app.state.read_models
    return source
