"""A message that cannot be applied is isolated, kept as a dead letter, and can be replayed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import ArticleReceived, encode
from storyline_contracts.article_events import ArticleContent
from storyline_projector.consume.dead_letter_topic import dead_letter_headers
from storyline_projector.consume.dead_letters import list_dead_letters, replay_dead_letters
from storyline_projector.consume.delivery import DeadLetter, RawMessage
from storyline_projector.consume.isolated_apply import RetryPolicy
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.consume.projection import load_positions
from storyline_projector.read_models import handlers
from storyline_projector.read_models.tables import applied_events, read_articles

NOW = datetime(2023, 5, 4, 10, 15, tzinfo=UTC)
NO_WAIT = RetryPolicy(attempts=3, backoff_seconds=0)


def received(article_id: str) -> ArticleReceived:
    return ArticleReceived(
        event_id=f"received-{article_id}",
        occurred_at=NOW,
        article_id=article_id,
        article_version=1,
        feed_id="wire",
        external_id=article_id,
        content=ArticleContent(title=f"Title {article_id}", body="Some words.", published_at=NOW),
        content_hash="0" * 64,
    )


def message(position: int, article_id: str) -> RawMessage:
    record = encode(received(article_id))
    return RawMessage("articles", 0, position, record.headers, record.value, record.key)


class FlakyHandler:
    """Fails for the listed articles (``failures`` times each, or always), applies the rest."""

    def __init__(self, broken: set[str], failures: int | None = None) -> None:
        self.broken = broken
        self.failures = failures
        self.calls: dict[str, int] = {}
        self.original = handlers.HANDLERS[ArticleReceived]

    async def __call__(self, connection: Any, event: ArticleReceived) -> None:
        self.calls[event.article_id] = self.calls.get(event.article_id, 0) + 1
        if event.article_id in self.broken and (
            self.failures is None or self.calls[event.article_id] <= self.failures
        ):
            raise RuntimeError(f"cannot project {event.article_id}")
        await self.original(connection, event)


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> FlakyHandler:
    handler = FlakyHandler({"art-2"})
    monkeypatch.setitem(handlers.HANDLERS, ArticleReceived, handler)
    return handler


async def project(storyline: EmbeddedStoryline, *messages: RawMessage) -> list[DeadLetter]:
    pipeline = MessagePipeline(storyline.engine, retry=NO_WAIT)
    return (await pipeline.apply(messages)).dead_letters


async def article_ids(storyline: EmbeddedStoryline) -> list[str]:
    async with storyline.engine.connect() as connection:
        rows = await connection.execute(
            select(read_articles.c.article_id).order_by(read_articles.c.article_id)
        )
        return list(rows.scalars())


async def applied_ids(storyline: EmbeddedStoryline) -> set[str]:
    async with storyline.engine.connect() as connection:
        return set((await connection.execute(select(applied_events.c.event_id))).scalars())


async def replay(storyline: EmbeddedStoryline) -> tuple[list[Any], list[Any]]:
    async with storyline.engine.begin() as connection:
        outcome = await replay_dead_letters(connection, retry=NO_WAIT)
    return outcome.replayed, outcome.still_failing


async def stored_letters(storyline: EmbeddedStoryline) -> list[DeadLetter]:
    async with storyline.engine.connect() as connection:
        return [item.letter for item in await list_dead_letters(connection)]


async def test_failing_event_is_dead_lettered_and_the_rest_of_the_batch_is_applied(
    storyline: EmbeddedStoryline, flaky: FlakyHandler
) -> None:
    letters = await project(
        storyline, message(0, "art-1"), message(1, "art-2"), message(2, "art-3")
    )

    assert await article_ids(storyline) == ["art-1", "art-3"]
    assert await applied_ids(storyline) == {"received-art-1", "received-art-3"}
    assert [letter.message.position for letter in letters] == [1]
    assert "cannot project art-2" in letters[0].error
    async with storyline.engine.connect() as connection:
        assert await load_positions(connection, [("articles", 0)]) == {("articles", 0): 3}


async def test_failing_event_is_tried_three_times_before_it_is_dead_lettered(
    storyline: EmbeddedStoryline, flaky: FlakyHandler
) -> None:
    await project(storyline, message(0, "art-1"), message(1, "art-2"))

    # One try in the whole-batch savepoint, then three on its own.
    assert flaky.calls["art-2"] == 4


async def test_event_that_fails_once_is_applied_on_a_retry(
    storyline: EmbeddedStoryline, flaky: FlakyHandler
) -> None:
    flaky.failures = 2  # the batch try and the first single try fail

    letters = await project(storyline, message(0, "art-1"), message(1, "art-2"))

    assert letters == []
    assert await article_ids(storyline) == ["art-1", "art-2"]


async def test_dead_letter_keeps_the_original_key_value_and_headers(
    storyline: EmbeddedStoryline, flaky: FlakyHandler
) -> None:
    original = message(5, "art-2")

    await project(storyline, original)

    [kept] = await stored_letters(storyline)
    assert kept.message == original


async def test_replay_applies_a_fixed_letter_and_removes_it(
    storyline: EmbeddedStoryline, flaky: FlakyHandler
) -> None:
    await project(storyline, message(0, "art-1"), message(1, "art-2"))
    flaky.broken.clear()  # the cause is fixed

    replayed, still_failing = await replay(storyline)

    assert (replayed, still_failing) == ([("articles", 0, 1)], [])
    assert await article_ids(storyline) == ["art-1", "art-2"]
    assert await stored_letters(storyline) == []


async def test_replay_keeps_a_letter_that_still_fails(
    storyline: EmbeddedStoryline, flaky: FlakyHandler
) -> None:
    await project(storyline, message(0, "art-2"))

    replayed, still_failing = await replay(storyline)

    assert (replayed, still_failing) == ([], [("articles", 0, 0)])
    assert await article_ids(storyline) == []
    assert [letter.message.position for letter in await stored_letters(storyline)] == [0]


async def test_replay_never_applies_an_event_twice(
    storyline: EmbeddedStoryline, flaky: FlakyHandler
) -> None:
    await project(storyline, message(0, "art-2"))
    flaky.broken.clear()
    await project(storyline, message(1, "art-2"))  # the same event, published again, applies
    calls = flaky.calls["art-2"]

    replayed, _ = await replay(storyline)

    assert replayed == [("articles", 0, 0)]
    assert flaky.calls["art-2"] == calls  # the letter was already applied: not run again
    assert await stored_letters(storyline) == []


async def test_undecodable_letter_is_never_retried_and_stays_on_replay(
    storyline: EmbeddedStoryline,
) -> None:
    garbage = RawMessage("articles", 0, 0, (("ce_specversion", b"1.0"),), b"{", b"k")

    letters = await project(storyline, garbage, message(1, "art-1"))
    replayed, still_failing = await replay(storyline)

    assert [letter.error.split(":")[0] for letter in letters] == ["DecodeError"]
    assert await article_ids(storyline) == ["art-1"]
    assert (replayed, still_failing) == ([], [("articles", 0, 0)])


def test_dead_letter_topic_headers_say_what_failed_and_where() -> None:
    original = message(42, "art-2")

    headers = dict(dead_letter_headers(DeadLetter(original, "RuntimeError: boom"), NOW))

    assert headers["storyline-dlq-error"] == b"RuntimeError: boom"
    assert headers["storyline-dlq-original-topic"] == b"articles"
    assert headers["storyline-dlq-original-partition"] == b"0"
    assert headers["storyline-dlq-original-offset"] == b"42"
    assert headers["storyline-dlq-failed-at"] == NOW.isoformat().encode()
    assert headers["ce_id"] == b"received-art-2"  # the original headers travel along
