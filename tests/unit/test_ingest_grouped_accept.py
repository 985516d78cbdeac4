"""Posts written together in one transaction each get their own outcome, as if written alone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.exc import IntegrityError

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import ArticleReceived, ArticleWithdrawn, deterministic_event_id
from storyline_ingest.accept.accept_article import article_id_for
from storyline_ingest.accept.accept_requests import ArticlePost, store_posts
from storyline_ingest.accept.errors import IdempotencyKeyReused, InvalidArticle
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.accept.group_commit import GroupCommitter
from storyline_ingest.accept.idempotency import ApiResponse, keyed_request
from storyline_ingest.http.request_parsing import parse_article
from storyline_ingest.outbox import event_store
from storyline_ingest.storage.tables import article_versions, articles
from storyline_ingest.storage.tables import event_store as event_store_table
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts, stored_event_names

NOW = datetime(2023, 5, 4, 12, tzinfo=UTC)


def post(feed: Feed, document: dict[str, Any], key: str | None = None) -> ArticlePost:
    keyed = keyed_request(key, "/v1/articles", "application/json", repr(document).encode())
    return ArticlePost(feed.feed_id, parse_article(document, feed.feed_id), keyed)


async def write_in_one_group(
    storyline: EmbeddedStoryline, posts: list[ArticlePost]
) -> tuple[list[ApiResponse | BaseException], int]:
    """Submit ``posts`` together, so that they share a group; the answers and the commits."""
    commits: list[int] = []
    listener = lambda _connection: commits.append(1)  # noqa: E731
    event.listen(storyline.engine.sync_engine, "commit", listener)
    committer = GroupCommitter(storyline.engine, store_posts)
    try:
        answers = await asyncio.gather(
            *(committer.run(each) for each in posts), return_exceptions=True
        )
    finally:
        event.remove(storyline.engine.sync_engine, "commit", listener)
    return answers, len(commits)


def outcome(answer: ApiResponse | BaseException) -> str:
    assert isinstance(answer, ApiResponse), answer
    return str(answer.body["outcome"])


async def seed(storyline: EmbeddedStoryline, feed: Feed, *documents: dict[str, Any]) -> None:
    async with storyline.ingest_client() as client:
        for document in documents:
            response = await client.post("/v1/articles", json=document, headers=feed.headers)
            assert response.status_code == 202


async def test_a_group_of_mixed_posts_gives_each_its_own_outcome_in_one_commit(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await seed(
        storyline,
        feed,
        article(external_id="to-revise", version=1),
        article(external_id="to-repeat"),
        article(external_id="to-withdraw"),
        article(external_id="newer", version=5),
    )
    posts = [
        post(feed, article(external_id="brand-new")),
        post(feed, article(external_id="to-revise", version=2, body="Corrected text.")),
        post(feed, article(external_id="to-repeat")),
        post(feed, {"external_id": "to-withdraw", "status": "canceled"}),
        post(feed, article(external_id="newer", version=4, body="An older draft.")),
    ]

    answers, commits = await write_in_one_group(storyline, posts)

    assert [outcome(answer) for answer in answers] == [
        "created",
        "revised",
        "duplicate",
        "withdrawn",
        "stale",
    ]
    assert [answer.body["version"] for answer in answers if isinstance(answer, ApiResponse)] == [
        1,
        2,
        1,
        1,
        1,
    ]
    assert commits == 1
    assert (await stored_event_names(storyline))[4:] == [
        "storyline.article_received",
        "storyline.article_revised",
        "storyline.article_withdrawn",
    ]


async def test_posts_of_one_article_in_a_group_see_each_other_in_order(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    posts = [
        post(feed, article(version=1)),
        post(feed, article(version=1)),  # a retry of the first
        post(feed, article(version=2, body="Corrected text.")),
        post(feed, {"external_id": "wire-0001", "status": "canceled"}),
    ]

    answers, _ = await write_in_one_group(storyline, posts)

    assert [outcome(answer) for answer in answers] == [
        "created",
        "duplicate",
        "revised",
        "withdrawn",
    ]
    assert await stored_event_names(storyline) == [
        "storyline.article_received",
        "storyline.article_revised",
        "storyline.article_withdrawn",
    ]
    async with storyline.engine.connect() as connection:
        stored = (await connection.execute(select(articles))).mappings().one()
        versions = (await connection.execute(select(article_versions.c.version))).scalars()
        assert (stored["current_version"], stored["status"]) == (2, "withdrawn")
        assert sorted(versions) == [1, 2]


async def test_a_refused_post_in_a_group_commits_the_others_in_the_same_transaction(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    posts = [
        post(feed, article(external_id="first")),
        post(feed, {"external_id": "never-sent", "status": "canceled"}),
        post(feed, article(external_id="second")),
    ]

    answers, commits = await write_in_one_group(storyline, posts)

    assert outcome(answers[0]) == outcome(answers[2]) == "created"
    assert isinstance(answers[1], InvalidArticle)
    assert answers[1].field == "status"
    assert commits == 1
    assert (await row_counts(storyline))["articles"] == 2


async def test_a_post_failing_in_the_database_loses_and_doubles_no_other_post(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    # Another writer already stored the event this new article would record: its insert fails.
    doomed = article_id_for(feed.feed_id, "doomed")
    async with storyline.engine.begin() as connection:
        await connection.execute(
            insert(event_store_table).values(
                event_id=deterministic_event_id(doomed, 1, ArticleReceived.name),
                event_type="storyline.article_received.v2",
                topic="t",
                partition_key=doomed,
                headers={},
                payload=b"{}",
                recorded_at=NOW,
            )
        )
    posts = [post(feed, article(external_id=name)) for name in ("before", "doomed", "after")]

    answers, _ = await write_in_one_group(storyline, posts)

    assert outcome(answers[0]) == outcome(answers[2]) == "created"
    assert isinstance(answers[1], IntegrityError)  # its own failure, alone
    counts = await row_counts(storyline)
    assert (counts["articles"], counts["event_store"], counts["outbox"]) == (2, 3, 2)


async def test_one_key_twice_in_a_group_gets_one_answer_and_one_stored_response(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    posts = [post(feed, article(), key="same-key"), post(feed, article(), key="same-key")]

    answers, _ = await write_in_one_group(storyline, posts)

    assert answers[0] == answers[1]
    assert outcome(answers[0]) == "created"
    assert (await row_counts(storyline))["idempotency_keys"] == 1


async def test_keys_of_a_group_are_looked_up_together_each_with_its_own_answer(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    other = Feed("other-wire", "")
    async with storyline.engine.begin() as connection:
        await create_feed(connection, other.feed_id, None, NOW)
    stored = post(feed, article(external_id="stored"), key="stored-key")
    (first,), _ = await write_in_one_group(storyline, [stored])
    posts = [
        post(feed, article(external_id="stored"), key="stored-key"),  # a retry: replayed
        post(feed, article(external_id="changed"), key="stored-key"),  # another request: refused
        post(feed, article(external_id="fresh"), key="fresh-key"),  # new: written, stored
        post(other, article(external_id="stored"), key="stored-key"),  # keys are per feed
    ]

    answers, commits = await write_in_one_group(storyline, posts)

    assert answers[0] == first
    assert isinstance(answers[1], IdempotencyKeyReused)
    assert outcome(answers[2]) == outcome(answers[3]) == "created"
    assert commits == 1
    counts = await row_counts(storyline)
    assert (counts["articles"], counts["idempotency_keys"]) == (3, 3)


async def test_events_appended_together_keep_their_order_in_the_log(
    storyline: EmbeddedStoryline,
) -> None:
    events = [
        ArticleWithdrawn(
            event_id=f"ordered-{n}",
            occurred_at=NOW,
            article_id=f"article-{n % 2}",
            article_version=n,
            feed_id="test-wire",
            external_id=f"wire-{n % 2}",
        )
        for n in (5, 1, 4, 2, 3)
    ]

    async with storyline.engine.begin() as connection:
        await event_store.append_new(connection, events, NOW)
        stored = await event_store.read_after(connection, 0, 100)

    assert [each.event_id for each in stored] == [each.event_id for each in events]
