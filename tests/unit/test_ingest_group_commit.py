"""Concurrent accepts share commits, and a unit that fails takes no other unit down with it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.accept.errors import InvalidArticle
from storyline_ingest.accept.group_commit import GroupCommitter, WriteUnit, write_units
from storyline_ingest.storage.tables import feeds
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts, stored_event_names

NOW = datetime(2023, 5, 4, tzinfo=UTC)


def add_feed(feed_id: str, fail_after_insert: bool = False) -> Any:
    async def unit(connection: AsyncConnection) -> str:
        row = {"feed_id": feed_id, "name": feed_id, "created_at": NOW}
        await connection.execute(insert(feeds).values(**row))
        if fail_after_insert:
            raise InvalidArticle(f"{feed_id} refused after writing", field="body")
        return feed_id

    return unit


async def feed_ids(storyline: EmbeddedStoryline) -> set[str]:
    async with storyline.engine.connect() as connection:
        return set((await connection.execute(select(feeds.c.feed_id))).scalars())


async def test_units_arriving_together_share_a_commit(storyline: EmbeddedStoryline) -> None:
    commits: list[int] = []
    event.listen(storyline.engine.sync_engine, "commit", lambda _conn: commits.append(1))
    committer: GroupCommitter[WriteUnit[str], str] = GroupCommitter(storyline.engine, write_units)

    results = await asyncio.gather(*(committer.run(add_feed(f"feed-{n}")) for n in range(20)))

    assert results == [f"feed-{n}" for n in range(20)]
    assert await feed_ids(storyline) == set(results)
    assert len(commits) < 20


async def test_a_unit_arriving_one_turn_later_joins_the_waiting_group(
    storyline: EmbeddedStoryline,
) -> None:
    # Requests read in the same pass of the event loop reach the committer one task after
    # another: the group waits one turn for them instead of committing the first one alone.
    commits: list[int] = []
    event.listen(storyline.engine.sync_engine, "commit", lambda _conn: commits.append(1))
    committer: GroupCommitter[WriteUnit[str], str] = GroupCommitter(storyline.engine, write_units)

    async def one_turn_later() -> str:
        await asyncio.sleep(0)
        return await committer.run(add_feed("feed-later"))

    results = await asyncio.gather(committer.run(add_feed("feed-first")), one_turn_later())

    assert list(results) == ["feed-first", "feed-later"]
    assert await feed_ids(storyline) == set(results)
    assert len(commits) == 1


async def test_a_unit_failing_after_writing_leaves_nothing_and_the_others_stored(
    storyline: EmbeddedStoryline,
) -> None:
    committer: GroupCommitter[WriteUnit[str], str] = GroupCommitter(storyline.engine, write_units)
    units = [add_feed("feed-a"), add_feed("feed-bad", fail_after_insert=True), add_feed("feed-c")]

    results = await asyncio.gather(*(committer.run(unit) for unit in units), return_exceptions=True)

    assert results[0] == "feed-a"
    assert isinstance(results[1], InvalidArticle)
    assert results[2] == "feed-c"
    assert await feed_ids(storyline) == {"feed-a", "feed-c"}


async def test_concurrent_posts_are_each_answered_with_their_own_outcome(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    posts = [article(external_id=f"wire-{n}") for n in range(10)]
    posts += [{"external_id": "never-sent", "status": "canceled"}, article(external_id="wire-0")]
    async with storyline.ingest_client() as client:
        responses = await asyncio.gather(
            *(client.post("/v1/articles", json=post, headers=feed.headers) for post in posts)
        )

    assert [r.status_code for r in responses] == [202] * 10 + [422, 202]
    # The two posts of wire-0 race: whichever the writer takes first creates it, the other is
    # answered as its duplicate, and both name the same article.
    first, again = responses[0].json(), responses[-1].json()
    assert sorted([first["outcome"], again["outcome"]]) == ["created", "duplicate"]
    assert again["article_id"] == first["article_id"]
    assert (await row_counts(storyline))["articles"] == 10
    assert await stored_event_names(storyline) == ["storyline.article_received"] * 10


@pytest.mark.parametrize("concurrent", [1, 8])
async def test_every_answered_post_is_committed(
    storyline: EmbeddedStoryline, feed: Feed, concurrent: int
) -> None:
    async with storyline.ingest_client() as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    "/v1/articles", json=article(external_id=f"w-{n}"), headers=feed.headers
                )
                for n in range(concurrent)
            )
        )

    assert all(response.status_code == 202 for response in responses)
    # Read on another connection: only what was committed is visible there.
    assert (await row_counts(storyline))["outbox"] == concurrent
