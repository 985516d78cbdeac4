"""The order a batch of article events is stored in: the order the articles were published.

Which story an article joins can depend on which articles came before it (a story opened by a
short report of a reaction offers a later, fuller report less to match than the other way
round). Embedded, the worker reads articles in the order they were accepted; from Kafka it reads
them partition by partition, so two articles posted a moment apart could be stored in either
order and group differently. Sorting each batch by publication time makes the result the same
in both shapes whenever the articles arrive in one batch (as the example articles do).

An article's own events keep their relative order (a revision after the version it revises, a
withdrawal after what it withdraws): the article takes the place of its earliest publication
time, and events without content (a withdrawal) go where their article goes, or last.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from storyline_contracts import ArticleReceived, ArticleRevised, Event
from storyline_contracts.article_events import ArticleEvent

E = TypeVar("E", bound=Event)


def publication_order(events: Sequence[E]) -> list[E]:
    published: dict[str, datetime] = {}
    for event in events:
        if isinstance(event, ArticleReceived | ArticleRevised):
            when = event.content.published_at
            earlier = published.get(event.article_id)
            published[event.article_id] = when if earlier is None else min(earlier, when)

    def key(item: tuple[int, E]) -> tuple[int, float, str, int]:
        index, event = item
        article_id = event.article_id if isinstance(event, ArticleEvent) else ""
        when = published.get(article_id)
        if when is None:
            return (1, 0.0, "", index)  # no publication time known: after, in arrival order
        return (0, when.timestamp(), article_id, index)

    return [event for _, event in sorted(enumerate(events), key=key)]
