"""Store what feeds post: each article with its event, outbox row and idempotency record.

One article, its ``ArticleReceived`` event, its outbox row and (with an ``Idempotency-Key``) the
stored response commit together, so a 202 is only ever sent for something durable and a retry
can never double it. Concurrent articles share commits and are written together (see
``group_commit``), but a refused article never takes another down. A batch is one transaction:
its valid items are stored and its invalid ones refused, each with its own result, and if the
transaction fails (the database away) nothing of it is stored and the answer says so (503).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_ingest.accept import idempotency
from storyline_ingest.accept.accept_article import AcceptResult, decide_articles
from storyline_ingest.accept.article_changes import ArticleChanges, write_changes
from storyline_ingest.accept.errors import IngestError, InvalidArticle, error_body
from storyline_ingest.accept.group_commit import GroupCommitter, WriteUnit, run_in_transaction
from storyline_ingest.accept.idempotency import ApiResponse, KeyedRequest
from storyline_ingest.accept.incoming_article import BatchItem, IncomingArticle
from storyline_platform import tracing

ACCEPTED = 202
MULTI_STATUS = 207


@dataclass(frozen=True)
class ArticlePost:
    """One article a feed posted, with the idempotency key it came with (if any)."""

    feed_id: str
    incoming: IncomingArticle
    keyed: KeyedRequest | None
    # The trace of the request it came in (made in the request's task, not the group's writer).
    trace: Mapping[str, str] = field(default_factory=tracing.current_trace_headers)


class ArticleStore:
    """The accept path's way into the database, for one engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._committer: GroupCommitter[ArticlePost, ApiResponse] = GroupCommitter(
            engine, store_posts
        )

    async def store_article(
        self, feed_id: str, incoming: IncomingArticle, keyed: KeyedRequest | None
    ) -> ApiResponse:
        """Accept one article, or replay the response already stored for its key."""
        return await self._committer.run(ArticlePost(feed_id, incoming, keyed))

    async def store_batch(
        self, feed_id: str, items: Sequence[BatchItem], keyed: KeyedRequest | None
    ) -> ApiResponse:
        """Accept every valid item in one transaction; answer 207 with a result per item.

        With a key, the response is stored in the same transaction, and a replay is answered
        from it without running anything.
        """

        async def store_items(connection: AsyncConnection) -> ApiResponse:
            valid = [item for item in items if item.article is not None]
            posts = [ArticlePost(feed_id, item.article, None) for item in valid if item.article]
            answers = dict(
                zip(
                    (item.index for item in valid),
                    await store_posts(connection, posts),
                    strict=True,
                )
            )
            results = [_item_result(item, answers.get(item.index)) for item in items]
            accepted = sum(1 for result in results if result["status"] == ACCEPTED)
            return ApiResponse(
                MULTI_STATUS,
                {"accepted": accepted, "rejected": len(results) - accepted, "items": results},
            )

        return await run_in_transaction(self.engine, _remembered(feed_id, keyed, store_items))


async def store_posts(
    connection: AsyncConnection, posts: Sequence[ArticlePost]
) -> list[ApiResponse | IngestError]:
    """Accept ``posts`` in the caller's transaction: one response (or refusal) each, in order.

    A post whose key already has a stored response gets that response and runs nothing; the
    others are accepted together, and the responses of those with a key are stored.
    """
    now = datetime.now(UTC)
    answers = await _recalled(connection, posts)
    fresh = [index for index, answer in enumerate(answers) if answer is None]
    accepted, changes = await decide_articles(
        connection,
        [(posts[index].feed_id, posts[index].incoming) for index in fresh],
        now,
        [posts[index].trace for index in fresh],
    )
    for index, result in zip(fresh, accepted, strict=True):
        answers[index] = _answer(posts[index], result, changes, now)
    await write_changes(connection, changes, now)
    return [answer for answer in answers if answer is not None]


async def _recalled(
    connection: AsyncConnection, posts: Sequence[ArticlePost]
) -> list[ApiResponse | IngestError | None]:
    """For each post, the response stored for its key (or the refusal of a key used for another
    request); ``None`` when there is none to replay. One statement for all the keys."""
    keyed = [(index, post.feed_id, post.keyed) for index, post in enumerate(posts) if post.keyed]
    answers: list[ApiResponse | IngestError | None] = [None] * len(posts)
    recalled = await idempotency.recall_all(connection, [(feed, key) for _, feed, key in keyed])
    for (index, _, _), answer in zip(keyed, recalled, strict=True):
        answers[index] = answer
    return answers


def _answer(
    post: ArticlePost,
    result: AcceptResult | InvalidArticle,
    changes: ArticleChanges,
    now: datetime,
) -> ApiResponse | IngestError:
    """The post's response; with a key, stored with the group's changes to be replayed."""
    if isinstance(result, InvalidArticle):
        return result
    response = ApiResponse(ACCEPTED, result.as_json())
    if post.keyed is not None:
        changes.remembered.append(idempotency.stored_row(post.feed_id, post.keyed, response, now))
    return response


def _remembered(
    feed_id: str, keyed: KeyedRequest | None, unit: WriteUnit[ApiResponse]
) -> WriteUnit[ApiResponse]:
    """``unit``, answered from the key's stored response if there is one, and stored if not."""
    if keyed is None:
        return unit

    async def remembered(connection: AsyncConnection) -> ApiResponse:
        stored = await idempotency.recall(connection, feed_id, keyed)
        if stored is not None:
            return stored
        response = await unit(connection)
        await idempotency.remember(connection, feed_id, keyed, response, datetime.now(UTC))
        return response

    return remembered


def _item_result(item: BatchItem, answer: ApiResponse | IngestError | None) -> dict[str, Any]:
    if item.error is not None:
        return _item_error(item.index, item.error)
    if isinstance(answer, IngestError):  # e.g. withdrawing an article that was never received
        return _item_error(item.index, answer)
    assert answer is not None
    return {"index": item.index, "status": answer.status_code, **answer.body}


def _item_error(index: int, error: IngestError) -> dict[str, Any]:
    return {"index": index, "status": error.status_code, "error": error_body(error)}
