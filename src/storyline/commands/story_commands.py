"""``storyline stories score [PATH]``: score story grouping on a labelled set with B-cubed F1.

Runs story assignment over the labelled articles in a fresh, migrated SQLite database of its own
(nothing else is touched) and prints B-cubed precision, recall and F1, and how many
republications were recognised as near-duplicates.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from storyline.commands import Subparsers
from storyline.migrate import REPOSITORY

DEFAULT_LABELLED_SET = REPOSITORY / "tests" / "data" / "stories"
# The migration that creates the story tables: a scoring database needs nothing later, and
# stopping there keeps the score independent of unrelated migrations.
STORY_TABLES_REVISION = "0003"


def register(subparsers: Subparsers) -> None:
    stories = subparsers.add_parser("stories", help="story grouping")
    commands = stories.add_subparsers(dest="stories_command", required=True)
    score = commands.add_parser(
        "score", help="score story grouping on a labelled set (B-cubed precision, recall, F1)"
    )
    score.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_LABELLED_SET,
        help="a labelled set: a directory holding articles.jsonl, or the file itself "
        "(default: the project's set in tests/data/stories)",
    )
    score.add_argument(
        "--signals",
        choices=("given", "extracted"),
        default="given",
        help="'given': the labelled actors, places and dates; 'extracted': run the extractor",
    )
    score.set_defaults(run=run_score)


def run_score(args: argparse.Namespace) -> int:
    path: Path = args.path
    if not path.exists():
        print(f"no labelled set at {path}")
        return 2
    print(asyncio.run(_score(path, args.signals)))
    return 0


async def _score(path: Path, signals: str) -> str:
    from storyline.migrate import upgrade_async
    from storyline_ingest.stories.grouping_evaluation import (
        extracted_signals,
        given_signals,
        load_labelled_set,
        score_grouping,
    )
    from storyline_platform.database import create_engine

    articles = load_labelled_set(path)
    signals_of = extracted_signals if signals == "extracted" else given_signals
    with tempfile.TemporaryDirectory(prefix="storyline-score-") as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'stories.db'}"
        await upgrade_async(url, STORY_TABLES_REVISION)
        engine = create_engine(url)
        try:
            score = await score_grouping(engine, articles, signals_of)
        finally:
            await engine.dispose()
    return "\n".join(
        [
            f"story grouping on {path} (signals: {signals})",
            f"  articles            {score.articles}",
            f"  stories  gold       {score.gold_stories}   formed {score.predicted_stories}",
            f"  B-cubed  precision  {score.bcubed.precision:.3f}",
            f"           recall     {score.bcubed.recall:.3f}",
            f"           F1         {score.bcubed.f1:.3f}",
            f"  near-duplicates     {score.republications_recognised} of "
            f"{score.republications} republications recognised, "
            f"{score.false_near_duplicates} false",
        ]
    )
