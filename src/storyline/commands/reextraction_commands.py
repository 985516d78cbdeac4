"""``storyline reextract``: read stored articles again with the installed extractor, see what
would change, and adopt it.

    storyline reextract [--extractor-version V] [--since T] [--stories S ...]   start a run
    storyline reextract --run RUN                                               resume it
    storyline reextract status [RUN]
    storyline reextract diff RUN [--examples N]
    storyline reextract adopt RUN
    storyline reextract cancel RUN

A run writes a candidate stream of events beside the published one; consumers see nothing of it
until ``adopt`` publishes the change (retractions, then the new events). The query API shows a
story under a candidate run with ``?run=RUN``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from storyline.commands import Subparsers

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from storyline_ingest.worker.reextraction import RunInfo
    from storyline_ingest.worker.reextraction_diff import RunDiff


T = TypeVar("T")


def register(subparsers: Subparsers) -> None:
    reextract = subparsers.add_parser(
        "reextract",
        help="read stored articles again with the installed extractor; diff and adopt the runs",
        description="Without a subcommand: start a re-extraction run (or resume one with --run).",
    )
    reextract.add_argument(
        "--extractor-version",
        metavar="V",
        help="the version to read with; must be the installed extractor's (the default)",
    )
    reextract.add_argument(
        "--since", type=_timestamp, metavar="T", help="only article versions received at or after T"
    )
    reextract.add_argument(
        "--stories", nargs="+", metavar="STORY", help="only articles of these stories"
    )
    reextract.add_argument(
        "--run", dest="resume", metavar="RUN", help="resume this run instead of starting one"
    )
    reextract.set_defaults(run_command=run_start)
    commands = reextract.add_subparsers(dest="reextract_command")
    status = commands.add_parser("status", help="list the runs (or one) with their progress")
    status.add_argument("run_id", nargs="?", metavar="RUN", help="the run to show (default: all)")
    status.set_defaults(run_command=run_status)
    diff = commands.add_parser(
        "diff", help="what adopting RUN would add, remove or change, per type and per story"
    )
    diff.add_argument("run_id", metavar="RUN", help="the run to compare with what stands")
    diff.add_argument(
        "--examples", type=int, default=3, metavar="N", help="examples of each kind (default 3)"
    )
    diff.set_defaults(run_command=run_diff)
    adopt = commands.add_parser("adopt", help="publish RUN's reading: retractions, then new events")
    adopt.add_argument("run_id", metavar="RUN", help="the run to publish")
    adopt.set_defaults(run_command=run_adopt)
    cancel = commands.add_parser("cancel", help="stop RUN; it can no longer be adopted")
    cancel.add_argument("run_id", metavar="RUN", help="the run to stop")
    cancel.set_defaults(run_command=run_cancel)
    reextract.set_defaults(run=_dispatch)


def _dispatch(args: argparse.Namespace) -> int:
    from storyline_ingest.worker.reextraction import RunError

    try:
        result: int = args.run_command(args)
    except RunError as error:
        print(f"storyline reextract: {error}", file=sys.stderr)
        return 2
    return result


def _timestamp(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def run_start(args: argparse.Namespace) -> int:
    from storyline_ingest.settings import IngestSettings
    from storyline_ingest.worker.extraction_runner import ExtractionRunner
    from storyline_ingest.worker.reextraction import continue_run, run_info, start_run
    from storyline_platform.database import create_engine, require_migrated

    settings = IngestSettings()

    async def main() -> int:
        engine = create_engine(settings.database_url)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        runner = ExtractionRunner(processes=settings.extraction_processes)
        try:
            await require_migrated(engine)
            if args.resume:
                info = await run_info(engine, args.resume)
            else:
                info = await start_run(
                    engine,
                    requested_version=args.extractor_version,
                    since=args.since,
                    story_ids=args.stories,
                )
                print(f"started {info.run_id}: {info.articles_total} article(s) to read")
            started = time.monotonic()
            info = await continue_run(
                engine, info.run_id, runner, progress=_progress(started), stop=stop
            )
        finally:
            runner.close()
            await engine.dispose()
        print(_status_line(info))
        if info.state == "complete":
            print(f"next: storyline reextract diff {info.run_id}")
        elif info.state == "running":
            print(f"stopped; resume with: storyline reextract --run {info.run_id}")
        return 0

    return asyncio.run(main())


def _progress(started: float) -> Callable[[RunInfo], None]:
    def show(info: RunInfo) -> None:
        rate = info.articles_done / max(time.monotonic() - started, 1e-6)
        share = info.articles_done / info.articles_total if info.articles_total else 1.0
        print(
            f"{info.run_id}: {info.articles_done}/{info.articles_total} articles read "
            f"({share:.0%}), {rate:.1f}/s",
            file=sys.stderr,
        )

    return show


def run_status(args: argparse.Namespace) -> int:
    from storyline_ingest.worker.reextraction import list_runs

    runs = _with_engine(lambda engine: list_runs(engine, args.run_id))
    if args.run_id and not runs:
        print(f"storyline reextract: no run {args.run_id!r}", file=sys.stderr)
        return 2
    for info in runs:
        print(_status_line(info))
    if not runs:
        print("no re-extraction runs")
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from storyline_ingest.worker.reextraction_diff import diff_run

    diff = _with_engine(lambda engine: diff_run(engine, args.run_id))
    print(format_diff(diff, args.examples))
    return 0


def run_adopt(args: argparse.Namespace) -> int:
    from storyline_ingest.worker.reextraction_adoption import adopt_run

    adoption = _with_engine(lambda engine: adopt_run(engine, args.run_id))
    print(
        f"adopted {adoption.run_id}: {adoption.articles} article(s), "
        f"{adoption.retracted} event(s) retracted, {adoption.published} published"
    )
    for article_id, why in adoption.skipped:
        print(f"left as it is: {article_id}: {why}")
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from storyline_ingest.worker.reextraction import cancel_run

    info = _with_engine(lambda engine: cancel_run(engine, args.run_id))
    print(_status_line(info))
    return 0


def format_diff(diff: RunDiff, examples: int) -> str:
    from storyline_ingest.worker.reextraction_diff import KINDS

    lines = [
        f"{diff.run_id} ({diff.extractor_version}): {diff.articles} article(s)",
        "",
        f"{'event type':<24}" + "".join(f" {kind:>10}" for kind in KINDS),
    ]
    for event_type in sorted(diff.by_type):
        counts = diff.by_type[event_type]
        lines.append(f"{event_type:<24}" + "".join(f" {counts[kind]:>10}" for kind in KINDS))
    totals = diff.totals()
    lines.append(f"{'all':<24}" + "".join(f" {totals[kind]:>10}" for kind in KINDS))
    lines += ["", f"{'story':<40}" + "".join(f" {kind:>10}" for kind in KINDS[:3])]
    moving = {s: c for s, c in diff.by_story.items() if c["added"] + c["removed"] + c["changed"]}
    for story_id in sorted(moving):
        counts = moving[story_id]
        lines.append(f"{story_id:<40}" + "".join(f" {counts[kind]:>10}" for kind in KINDS[:3]))
    if not moving:
        lines.append("(no story changes)")
    for kind in KINDS[:3]:
        shown = diff.examples(kind, examples)
        if shown:
            lines += ["", f"{kind}:"]
        for change in shown:
            what = f" ({', '.join(change.moved)})" if change.moved else ""
            lines.append(f"  {change.event_type}{what} in story {change.story_id}")
            lines.append(f"    {change.sentence}")
            if change.before:
                lines.append(f"    before: {change.before}")
            if change.after:
                lines.append(f"    after:  {change.after}")
    for article_id, why in diff.kept:
        lines.append(f"kept as it stands: {article_id}: {why}")
    return "\n".join(lines)


def _status_line(info: RunInfo) -> str:
    scope = []
    if info.since:
        scope.append(f"since {info.since.isoformat()}")
    if info.story_ids:
        scope.append(f"{len(info.story_ids)} stor{'y' if len(info.story_ids) == 1 else 'ies'}")
    return (
        f"{info.run_id}  {info.state:<9}  {info.articles_done}/{info.articles_total} read  "
        f"{info.extractor_version}" + (f"  ({', '.join(scope)})" if scope else "")
    )


def _with_engine(action: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    """Run ``action`` on an engine for the ingest database, then dispose of it."""
    from storyline_ingest.settings import IngestSettings
    from storyline_platform.database import create_engine, require_migrated

    async def main() -> T:
        engine = create_engine(IngestSettings().database_url)
        try:
            await require_migrated(engine)
            return await action(engine)
        finally:
            await engine.dispose()

    return asyncio.run(main())
