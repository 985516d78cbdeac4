"""The projector applies each event once in effect, whatever the delivery does."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import ArticleReceived, ArticleRevised, encode
from storyline_contracts.article_events import ArticleContent
from storyline_projector.consume.message_decoding import (
    RawMessage,
    decode_messages,
    record_dead_letters,
)
from storyline_projector.consume.projection import Delivery, apply_batch, load_positions
from storyline_projector.read_models.tables import dead_letters, read_articles

NOW = datetime(2023, 5, 4, 10, 15, tzinfo=UTC)


def received(article_id: str = "art-1", title: str = "First title") -> ArticleReceived:
    return ArticleReceived(
        event_id=f"received-{article_id}",
        occurred_at=NOW,
        article_id=article_id,
        article_version=1,
        feed_id="wire",
        external_id=article_id,
        content=ArticleContent(title=title, body="Some words here.", published_at=NOW),
        content_hash="0" * 64,
    )


def revised(article_id: str = "art-1", title: str = "Second title") -> ArticleRevised:
    return ArticleRevised(
        event_id=f"revised-{article_id}",
        occurred_at=NOW,
        article_id=article_id,
        article_version=2,
        feed_id="wire",
        external_id=article_id,
        content=ArticleContent(title=title, body="Corrected words.", published_at=NOW),
        content_hash="1" * 64,
        previous_version=1,
    )


async def apply(storyline: EmbeddedStoryline, *deliveries: Delivery) -> int:
    async with storyline.engine.begin() as connection:
        return (await apply_batch(connection, deliveries)).applied


async def article_rows(storyline: EmbeddedStoryline) -> list[tuple[str, int, str]]:
    async with storyline.engine.connect() as connection:
        rows = await connection.execute(
            select(read_articles.c.article_id, read_articles.c.version, read_articles.c.title)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def test_redelivered_batch_is_applied_once(storyline: EmbeddedStoryline) -> None:
    batch = [Delivery("articles", 0, 0, received()), Delivery("articles", 0, 1, revised())]

    assert await apply(storyline, *batch) == 2
    assert await apply(storyline, *batch) == 0  # Kafka redelivers after a rebalance

    assert await article_rows(storyline) == [("art-1", 2, "Second title")]


async def test_same_event_at_a_later_offset_is_applied_once(storyline: EmbeddedStoryline) -> None:
    await apply(
        storyline, Delivery("articles", 0, 0, received()), Delivery("articles", 0, 1, revised())
    )

    # The relay re-sent the first event after a crash: same id, new offset, must not undo v2.
    assert await apply(storyline, Delivery("articles", 0, 2, received())) == 0

    assert await article_rows(storyline) == [("art-1", 2, "Second title")]
    async with storyline.engine.connect() as connection:
        assert await load_positions(connection, [("articles", 0)]) == {("articles", 0): 3}


async def test_positions_are_kept_per_partition(storyline: EmbeddedStoryline) -> None:
    await apply(
        storyline,
        Delivery("articles", 0, 7, received("a")),
        Delivery("articles", 1, 3, received("b")),
    )

    async with storyline.engine.connect() as connection:
        positions = await load_positions(connection, [("articles", 0), ("articles", 1)])
    assert positions == {("articles", 0): 8, ("articles", 1): 4}


async def test_poison_message_is_kept_as_a_dead_letter_and_the_partition_moves_on(
    storyline: EmbeddedStoryline,
) -> None:
    good = encode(received())
    messages = [
        RawMessage("articles", 0, 0, (("ce_specversion", b"1.0"),), b"garbage"),
        RawMessage("articles", 0, 1, good.headers, good.value),
    ]

    deliveries, dead = decode_messages(messages)
    async with storyline.engine.begin() as connection:
        await apply_batch(connection, deliveries)
        await record_dead_letters(connection, dead)

    assert await article_rows(storyline) == [("art-1", 1, "First title")]
    async with storyline.engine.connect() as connection:
        letters = (await connection.execute(select(dead_letters))).mappings().all()
        positions = await load_positions(connection, [("articles", 0)])
    assert [(row["position"], row["payload"]) for row in letters] == [(0, b"garbage")]
    assert "ce_type" in letters[0]["error"]
    assert positions == {("articles", 0): 2}  # a dead letter never pulls the position back
