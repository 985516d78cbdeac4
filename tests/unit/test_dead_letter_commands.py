"""``storyline dead-letters``: every stage's letters in one list, and each replayed its own way."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storyline.cli import main
from storyline.embedded import EmbeddedStoryline
from storyline_extraction.article_text import ArticleText
from storyline_extraction.extraction_records import ArticleExtraction
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.outbox.relay import OutboxRelay
from storyline_ingest.storage.tables import extraction_runs, outbox
from storyline_ingest.worker import extraction_runner
from storyline_projector.consume.dead_letters import record_dead_letters
from storyline_projector.consume.delivery import DeadLetter, RawMessage
from tests.article_factory import article
from tests.unit.test_outbox_relay import RecordingProducer

REAL_BATCH = extraction_runner.extract_batch


def refuse_poison(articles: Sequence[ArticleText]) -> list[ArticleExtraction]:
    if any(a.title == "POISON" for a in articles):
        raise ValueError("cannot read POISON")
    return REAL_BATCH(articles)


async def three_stages_set_something_aside(url: str) -> None:
    async with EmbeddedStoryline(url) as storyline:
        async with storyline.engine.begin() as connection:
            key = await create_feed(connection, "wire", None, datetime.now(UTC))
        async with storyline.ingest_client() as client:
            for number, title in enumerate(["A drone strike", "POISON"]):
                document = article(external_id=f"wire-{number}", title=title)
                response = await client.post(
                    "/v1/articles", json=document, headers={"Authorization": f"Bearer {key}"}
                )
                assert response.status_code == 202
        await storyline.extraction.catch_up()  # POISON is set aside
        too_large = RecordingProducer(too_large=frozenset({0}))
        await OutboxRelay(storyline.engine, lambda: too_large).relay_once()
        poison = RawMessage("storyline.stories.v1", 0, 7, (), b"not an event")
        async with storyline.engine.begin() as connection:
            await record_dead_letters(connection, [DeadLetter(poison, "DecodeError: not JSON")])


async def count(url: str, query: object) -> int:
    async with EmbeddedStoryline(url) as storyline, storyline.engine.connect() as connection:
        return int((await connection.execute(query)).scalar_one())  # type: ignore[call-overload]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'storyline.db'}"
    monkeypatch.setenv("STORYLINE_DATABASE_URL", url)
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setattr(extraction_runner, "extract_batch", refuse_poison)
    monkeypatch.setattr(extraction_runner, "extract", lambda a: refuse_poison([a])[0])
    asyncio.run(three_stages_set_something_aside(url))
    return url


def letters_listed(capsys: pytest.CaptureFixture[str], *options: str) -> list[str]:
    assert main(["dead-letters", "list", *options]) == 0
    return capsys.readouterr().out.splitlines()


def test_the_list_names_every_stages_letters_as_replay_takes_them(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = letters_listed(capsys)

    names = sorted(line.split("\t")[0] for line in lines[:-1])
    assert names[0].startswith("extraction:")
    assert names[1].startswith("relay:")
    assert names[2] == "storyline.stories.v1:0:7"
    assert lines[-1] == "3 dead letter(s)"
    assert "cannot read POISON" in next(line for line in lines if line.startswith("extraction"))
    assert len(letters_listed(capsys, "--stage", "relay")) == 2


def test_an_extraction_letter_replays_once_the_cause_is_fixed(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    [letter] = [
        line.split("\t")[0] for line in letters_listed(capsys, "--stage", "extraction")[:-1]
    ]

    assert main(["dead-letters", "replay", letter]) == 1
    assert capsys.readouterr().out.strip() == f"still failing {letter}"

    monkeypatch.setattr(extraction_runner, "extract_batch", REAL_BATCH)  # the fix
    monkeypatch.setattr(extraction_runner, "extract", lambda a: REAL_BATCH([a])[0])
    assert main(["dead-letters", "replay", letter]) == 0
    assert capsys.readouterr().out.strip() == f"replayed {letter}"
    assert asyncio.run(count(database, select(func.count()).select_from(extraction_runs))) == 2
    assert letters_listed(capsys, "--stage", "extraction") == ["0 dead letter(s)"]


def test_a_relay_letter_replays_by_going_back_in_the_outbox(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pending = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
    assert asyncio.run(count(database, pending)) == 0

    assert main(["dead-letters", "replay", "--all", "--stage", "relay"]) == 0

    assert capsys.readouterr().out.startswith("requeued for the relay: relay:")
    assert asyncio.run(count(database, pending)) == 1
    assert letters_listed(capsys, "--stage", "relay") == ["0 dead letter(s)"]


def test_an_unknown_letter_is_named_and_fails_the_command(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dead-letters", "replay", "relay:no-such-event"]) == 1
    assert "no dead letter at relay:no-such-event" in capsys.readouterr().out
