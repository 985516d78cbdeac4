"""``storyline dead-letters list|replay``: what a stage set aside, and putting it through again.

Three stages set inputs aside instead of stopping on them:

* the projector (a message it could not decode or apply): named ``TOPIC:PARTITION:OFFSET``,
  replayed through the normal apply path;
* the relay (an event the broker cannot take): named ``relay:EVENT_ID``, replayed by putting it
  back in the outbox (the relay publishes it on its next pass);
* the extraction worker (an article it could not extract or store): named
  ``extraction:EVENT_ID``, replayed by running the worker on it here and now.

A letter that goes through is removed; one that fails again stays, with the new error.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.commands import Subparsers

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

STAGE_NAMES = ("projector", "relay", "extraction")
INGEST_STAGES = ("relay", "extraction")


def register(subparsers: Subparsers) -> None:
    letters = subparsers.add_parser(
        "dead-letters",
        help="list or replay what the projector, the relay or the extraction worker set aside",
    )
    commands = letters.add_subparsers(dest="dead_letters_command", required=True)
    listing = commands.add_parser("list", help="show every dead letter, newest first per stage")
    listing.add_argument("--stage", choices=STAGE_NAMES, help="only this stage's letters")
    listing.set_defaults(run=run_list)
    replay = commands.add_parser(
        "replay", help="put dead letters through again; those that pass are removed"
    )
    chosen = replay.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--all", action="store_true", help="replay every dead letter")
    chosen.add_argument(
        "letters",
        nargs="*",
        default=[],
        metavar="LETTER",
        help="TOPIC:PARTITION:OFFSET (projector), relay:EVENT_ID or extraction:EVENT_ID, "
        "as `dead-letters list` shows them",
    )
    replay.add_argument("--stage", choices=STAGE_NAMES, help="with --all: only this stage")
    replay.set_defaults(run=run_replay)


def parse_position(text: str) -> tuple[str, int, int]:
    """``TOPIC:PARTITION:OFFSET`` (topic names never contain a colon)."""
    stream, partition, position = text.rsplit(":", 2) if text.count(":") >= 2 else ("", "", "")
    if not stream or not partition.isdigit() or not position.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not TOPIC:PARTITION:OFFSET")
    return stream, int(partition), int(position)


@dataclass
class Wanted:
    """The letters a replay names: projector positions and ingest stage subjects."""

    projector: list[tuple[str, int, int]] = field(default_factory=list)
    relay: list[str] = field(default_factory=list)
    extraction: list[str] = field(default_factory=list)


def parse_letters(texts: Sequence[str]) -> Wanted:
    wanted = Wanted()
    for text in texts:
        stage, _, subject = text.partition(":")
        if stage == "relay" and subject:
            wanted.relay.append(subject)
        elif stage == "extraction" and subject:
            wanted.extraction.append(subject)
        else:
            wanted.projector.append(parse_position(text))
    return wanted


def run_list(args: argparse.Namespace) -> int:
    async def show() -> None:
        total = 0
        if args.stage in (None, "projector"):
            total += await _list_projector_letters()
        if args.stage != "projector":
            total += await _list_stage_letters(args.stage)
        print(f"{total} dead letter(s)")

    asyncio.run(show())
    return 0


async def _list_projector_letters() -> int:
    from storyline_projector.consume.dead_letters import list_dead_letters

    async with _live_transaction() as connection:
        letters = await list_dead_letters(connection)
    for item in letters:
        stream, partition, position = item.letter_id
        when = item.recorded_at.strftime("%Y-%m-%dT%H:%M:%S")
        print(f"{stream}:{partition}:{position}\t{when}\t{_first_line(item.letter.error)}")
    return len(letters)


async def _list_stage_letters(stage: str | None) -> int:
    from storyline_platform.stage_dead_letters import list_letters

    async with _ingest_connection() as connection:
        letters = await list_letters(connection, stage)  # type: ignore[arg-type]
    for letter in letters:
        when = letter.last_failed_at.strftime("%Y-%m-%dT%H:%M:%S")
        tries = f"{letter.attempts} attempt(s)"
        print(f"{letter.letter_id}\t{when}\t{tries}\t{_first_line(letter.error)}")
    return len(letters)


def run_replay(args: argparse.Namespace) -> int:
    if args.stage and not args.all:
        print("storyline dead-letters replay: --stage goes with --all")
        return 2
    try:
        wanted = None if args.all else parse_letters(args.letters)
    except argparse.ArgumentTypeError as error:
        print(f"storyline dead-letters replay: {error}")
        return 2

    async def replay() -> int:
        failures = 0
        if wanted is not None or args.stage in (None, "projector"):
            failures += await _replay_projector(None if wanted is None else wanted.projector)
        if wanted is not None or args.stage in (None, "relay"):
            failures += await _replay_relay(None if wanted is None else wanted.relay)
        if wanted is not None or args.stage in (None, "extraction"):
            failures += await _replay_extraction(None if wanted is None else wanted.extraction)
        return 1 if failures else 0

    return asyncio.run(replay())


async def _replay_projector(wanted: list[tuple[str, int, int]] | None) -> int:
    from storyline_projector.consume.dead_letters import replay_dead_letters

    if wanted == []:
        return 0
    async with _live_transaction() as connection:
        outcome = await replay_dead_letters(connection, wanted)
    for stream, partition, position in outcome.replayed:
        print(f"replayed {stream}:{partition}:{position}")
    for stream, partition, position in outcome.still_failing:
        print(f"still failing {stream}:{partition}:{position}")
    found = {*outcome.replayed, *outcome.still_failing}
    unknown = [letter for letter in wanted or () if letter not in found]
    for stream, partition, position in unknown:
        print(f"no dead letter at {stream}:{partition}:{position}")
    return len(outcome.still_failing) + len(unknown)


async def _replay_relay(wanted: list[str] | None) -> int:
    from storyline_ingest.outbox.relay import requeue
    from storyline_platform.stage_dead_letters import list_letters

    if wanted == []:
        return 0
    async with _ingest_connection() as connection:
        held = {letter.subject for letter in await list_letters(connection, "relay")}
        chosen = sorted(held) if wanted is None else [s for s in wanted if s in held]
        requeued = set(await requeue(connection, chosen))
        await connection.commit()
    for subject in chosen:
        state = "requeued for the relay" if subject in requeued else "not in the event store"
        print(f"{state}: relay:{subject}")
    unknown = [subject for subject in wanted or () if subject not in held]
    for subject in unknown:
        print(f"no dead letter at relay:{subject}")
    return len(chosen) - len(requeued) + len(unknown)


async def _replay_extraction(wanted: list[str] | None) -> int:
    from sqlalchemy import select

    from storyline_contracts import decode
    from storyline_contracts.article_events import ArticleEvent
    from storyline_ingest.outbox.event_store import stored_event_from_row
    from storyline_ingest.settings import IngestSettings
    from storyline_ingest.storage.tables import event_store
    from storyline_ingest.worker.extraction_runner import ExtractionRunner
    from storyline_ingest.worker.extraction_worker import ExtractionWorker
    from storyline_platform.database import create_engine
    from storyline_platform.stage_dead_letters import list_letters

    if wanted == []:
        return 0
    engine = create_engine(IngestSettings().database_url)
    try:
        async with engine.connect() as connection:
            held = {letter.subject for letter in await list_letters(connection, "extraction")}
            chosen = sorted(held) if wanted is None else [s for s in wanted if s in held]
            rows = await connection.execute(
                select(event_store).where(event_store.c.event_id.in_(chosen))
            )
            stored = [stored_event_from_row(row) for row in rows.mappings()]
        events = [
            event
            for item in stored
            if isinstance(event := decode(item.headers, item.payload), ArticleEvent)
        ]
        worker = ExtractionWorker(engine, ExtractionRunner())
        done, failing = await worker.replay(events) if events else ([], [])
    finally:
        await engine.dispose()
    for subject in done:
        print(f"replayed extraction:{subject}")
    replayable = {event.event_id for event in events}
    stuck = [*failing, *(subject for subject in chosen if subject not in replayable)]
    for subject in stuck:
        print(f"still failing extraction:{subject}")
    unknown = [subject for subject in wanted or () if subject not in held]
    for subject in unknown:
        print(f"no dead letter at extraction:{subject}")
    return len(stuck) + len(unknown)


def _first_line(error: str) -> str:
    return error.splitlines()[0] if error else ""


@asynccontextmanager
async def _live_transaction() -> AsyncIterator[AsyncConnection]:
    """One transaction on the live read models of ``STORYLINE_PROJECTOR_DATABASE_URL``."""
    from storyline_platform.database import create_engine
    from storyline_projector.read_models.generations import begin_generation
    from storyline_projector.settings import ProjectorSettings

    engine = create_engine(ProjectorSettings().database_url)
    try:
        async with begin_generation(engine) as connection:
            yield connection
    finally:
        await engine.dispose()


@asynccontextmanager
async def _ingest_connection() -> AsyncIterator[AsyncConnection]:
    """A connection to the ingest database (``STORYLINE_INGEST_DATABASE_URL``)."""
    from storyline_ingest.settings import IngestSettings
    from storyline_platform.database import create_engine

    engine = create_engine(IngestSettings().database_url)
    try:
        async with engine.connect() as connection:
            yield connection
    finally:
        await engine.dispose()
