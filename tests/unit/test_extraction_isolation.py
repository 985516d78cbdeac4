"""No article stops the extraction worker: what it cannot process is set aside, with the reason,
and the articles around it are extracted as usual."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from storyline.embedded import EmbeddedStoryline
from storyline_extraction.article_text import ArticleText
from storyline_extraction.extraction_records import ArticleExtraction
from storyline_ingest.storage.tables import extraction_runs
from storyline_ingest.worker import extraction_runner, extraction_worker
from storyline_ingest.worker.extraction_runner import ExtractionFailed, ExtractionRunner
from storyline_platform.stage_dead_letters import StageLetter, list_letters
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import stored_event_names
from tests.unit.extraction_faults import faulty_extract_each


async def post(storyline: EmbeddedStoryline, feed: Feed, number: int, **overrides: Any) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles",
            json=article(external_id=f"wire-{number}", **overrides),
            headers=feed.headers,
        )
    assert response.status_code == 202, response.text


async def runs(storyline: EmbeddedStoryline) -> dict[str, str | None]:
    """Processed articles: article id -> the run's note."""
    async with storyline.engine.connect() as connection:
        rows = await connection.execute(
            select(extraction_runs.c.article_id, extraction_runs.c.note)
        )
        return {row.article_id: row.note for row in rows}


async def letters(storyline: EmbeddedStoryline) -> list[StageLetter]:
    async with storyline.engine.connect() as connection:
        return await list_letters(connection, "extraction")


@pytest.mark.parametrize("language", ["en-GB", "en-US", "EN", "en_gb"])
async def test_an_english_article_tagged_with_a_region_or_in_capitals_is_extracted(
    storyline: EmbeddedStoryline, feed: Feed, language: str
) -> None:
    await post(storyline, feed, 1, language=language)  # its body has the date "29 April"

    await storyline.extraction.catch_up()

    names = await stored_event_names(storyline)
    assert "storyline.strike_reported" in names
    assert await letters(storyline) == []


async def test_an_article_in_a_language_it_does_not_read_is_stored_and_noted(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, 1, language="xx-Fake", body="Zorblat vekkin drax mor tulen.")
    await post(storyline, feed, 2)

    await storyline.extraction.catch_up()

    notes = sorted((note or "") for note in (await runs(storyline)).values())
    assert notes == ["", "unsupported language 'xx-Fake': stored, not extracted"]
    assert (await stored_event_names(storyline)).count("storyline.strike_reported") == 1
    assert await letters(storyline) == []


async def test_an_article_the_extractor_fails_on_is_set_aside_and_the_batch_goes_on(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_batch, real_one = extraction_runner.extract_batch, extraction_runner.extract

    def poisoned(articles: Sequence[ArticleText]) -> list[ArticleExtraction]:
        if any(a.title == "POISON" for a in articles):
            raise ValueError("[E088] Text of length 1007999 exceeds maximum of 1000000")
        return real_batch(articles)

    def poisoned_one(article: ArticleText) -> ArticleExtraction:
        return poisoned([article])[0] if article.title == "POISON" else real_one(article)

    monkeypatch.setattr(extraction_runner, "extract_batch", poisoned)
    monkeypatch.setattr(extraction_runner, "extract", poisoned_one)
    await post(storyline, feed, 1)
    await post(storyline, feed, 2, title="POISON")
    await post(storyline, feed, 3, body="Officials in Kyiv said a missile hit a depot on Monday.")

    await storyline.extraction.catch_up()

    assert len(await runs(storyline)) == 2
    [letter] = await letters(storyline)
    assert "E088" in letter.error
    assert letter.error.startswith("extraction failed")


async def test_an_article_whose_events_cannot_be_stored_is_set_aside_after_a_few_tries(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_assign = extraction_worker.assign_story
    tries = 0

    async def assign(connection: Any, signals: Any, now: datetime) -> Any:
        nonlocal tries
        if signals.title == "POISON":
            tries += 1
            raise ValueError("a place name longer than the column")
        return await real_assign(connection, signals, now)

    monkeypatch.setattr(extraction_worker, "assign_story", assign)
    await post(storyline, feed, 1, title="POISON")
    await post(storyline, feed, 2)

    await storyline.extraction.catch_up()

    assert tries == 3
    assert len(await runs(storyline)) == 1
    [letter] = await letters(storyline)
    assert letter.error == "storing failed: ValueError: a place name longer than the column"


async def test_the_database_away_stops_the_batch_for_a_retry_and_sets_nothing_aside(
    storyline: EmbeddedStoryline, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def database_gone(*_args: Any) -> Any:
        raise OperationalError("INSERT", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(extraction_worker, "assign_story", database_gone)
    await post(storyline, feed, 1)

    with pytest.raises(OperationalError):
        await storyline.extraction.catch_up()

    assert await letters(storyline) == []
    monkeypatch.undo()
    await storyline.extraction.catch_up()  # back: the same batch goes through
    assert len(await runs(storyline)) == 1


def texts(*titles: str) -> list[ArticleText]:
    published = datetime(2023, 5, 4, 10, tzinfo=UTC)
    body = "Russia accused Ukraine on Thursday of a drone strike on the Kremlin."
    return [
        ArticleText(article_id=f"a{n}", title=title, body=body, published_at=published)
        for n, title in enumerate(titles)
    ]


@pytest.mark.parametrize(
    ("fault", "reason"),
    [("CRASH", "the extraction process died"), ("HANG", "did not finish within")],
)
async def test_an_article_that_kills_or_hangs_its_process_fails_alone(
    fault: str, reason: str
) -> None:
    runner = ExtractionRunner(
        processes=1,
        batch_seconds=5,
        seconds_per_article=0.5,
        extract_function=faulty_extract_each,
    )
    try:
        outcomes = await runner.extract(texts("first", fault, "third"))
        after = await runner.extract(texts("later"))  # the replaced pool serves on
    finally:
        runner.close()

    assert isinstance(outcomes[1], ExtractionFailed)
    assert reason in outcomes[1].error
    for outcome in (outcomes[0], outcomes[2], after[0]):
        assert isinstance(outcome, ArticleExtraction)
        assert outcome.events
