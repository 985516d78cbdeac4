"""Story grouping scored on the project's labelled set, and the B-cubed scorer itself."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.cli import main
from storyline.commands.story_commands import DEFAULT_LABELLED_SET
from storyline_ingest.stories.grouping_evaluation import bcubed, load_labelled_set, score_grouping

# The level the rule reaches on tests/data/stories with the labelled signals. The thresholds were
# calibrated on this same set, so it is an upper bound, not a forecast for unseen news.
MINIMUM_BCUBED_F1 = 0.999


async def test_labelled_set_is_grouped_at_the_level_reached(story_engine: AsyncEngine) -> None:
    articles = load_labelled_set(DEFAULT_LABELLED_SET)

    score = await score_grouping(story_engine, articles)

    assert score.bcubed.f1 >= MINIMUM_BCUBED_F1
    assert score.predicted_stories == score.gold_stories


async def test_labelled_republications_are_all_recognised(story_engine: AsyncEngine) -> None:
    articles = load_labelled_set(DEFAULT_LABELLED_SET)

    score = await score_grouping(story_engine, articles)

    assert score.republications >= 4
    assert score.republications_recognised == score.republications
    assert score.false_near_duplicates == 0


def test_labelled_set_has_many_incidents_outlets_and_traps() -> None:
    articles = load_labelled_set(DEFAULT_LABELLED_SET)

    stories = {a.gold_story for a in articles}
    outlets = {a.signals.outlet for a in articles}

    assert len(stories) >= 8
    assert len(outlets) >= 5
    assert all(sum(a.gold_story == s for a in articles) >= 2 for s in stories)


def test_perfect_grouping_scores_one() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}

    score = bcubed({"a": "1", "b": "1", "c": "2"}, gold)

    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_everything_in_one_story_keeps_recall_and_loses_precision() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}

    score = bcubed({item: "all" for item in gold}, gold)

    assert score.recall == 1.0
    assert score.precision == pytest.approx(0.5)
    assert score.f1 == pytest.approx(2 / 3)


def test_every_article_alone_keeps_precision_and_loses_recall() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}

    score = bcubed({item: item for item in gold}, gold)

    assert score.precision == 1.0
    assert score.recall == pytest.approx((1 / 3 * 3 + 1) / 4)


def test_score_command_prints_bcubed_figures(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = main(["stories", "score", str(DEFAULT_LABELLED_SET)])

    printed = capsys.readouterr().out
    assert exit_code == 0
    assert "B-cubed  precision  1.000" in printed
    assert "F1         1.000" in printed


def test_score_command_refuses_a_missing_set(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = main(["stories", "score", "/nonexistent/labelled-set"])

    assert exit_code == 2
    assert "no labelled set" in capsys.readouterr().out


HELD_OUT_SET = DEFAULT_LABELLED_SET / "heldout.jsonl"
# Measured once when the held-out set was written, with the rule as it then stood (0.908): a guard
# against regressions, not a target. Thresholds are never tuned on this set.
HELD_OUT_MINIMUM_BCUBED_F1 = 0.85


def test_held_out_set_covers_many_theatres_outlets_and_copies() -> None:
    articles = load_labelled_set(HELD_OUT_SET)

    stories = {a.gold_story for a in articles}
    ids = {a.signals.article_id for a in articles}

    assert len(stories) >= 10
    assert len({a.signals.outlet for a in articles}) >= 5
    assert sum(1 for a in articles if a.republishes) >= 3
    assert all(a.republishes in ids for a in articles if a.republishes)
    assert all(sum(a.gold_story == s for a in articles) >= 2 for s in stories)


async def test_held_out_set_stays_above_its_first_measured_level(
    story_engine: AsyncEngine,
) -> None:
    score = await score_grouping(story_engine, load_labelled_set(HELD_OUT_SET))

    assert score.bcubed.f1 >= HELD_OUT_MINIMUM_BCUBED_F1
    assert score.false_near_duplicates == 0
