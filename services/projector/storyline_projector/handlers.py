"""The registry of read-model handlers: which function applies which event type.

An event type with no handler is still recorded as applied (downstream of it nothing changes),
so adding a handler later is a matter of rebuilding the read models from the log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import ArticleReceived, ArticleRevised, ArticleWithdrawn, Event
from storyline_projector import article_handlers

Handler = Callable[[AsyncConnection, Any], Awaitable[None]]

HANDLERS: dict[type[Event], Handler] = {
    ArticleReceived: article_handlers.record_article,
    ArticleRevised: article_handlers.record_article,
    ArticleWithdrawn: article_handlers.record_withdrawal,
}


async def apply_event(connection: AsyncConnection, event: Event) -> None:
    handler = HANDLERS.get(type(event))
    if handler is not None:
        await handler(connection, event)
