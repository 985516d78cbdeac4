"""``storyline dead-letters list|replay``: inspect the messages the projector could not use, and
re-apply them through the normal path once the cause is fixed."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from storyline.commands import Subparsers

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection


def register(subparsers: Subparsers) -> None:
    letters = subparsers.add_parser(
        "dead-letters", help="list or replay the messages the projector could not apply"
    )
    commands = letters.add_subparsers(dest="dead_letters_command", required=True)
    listing = commands.add_parser("list", help="show every dead letter of the live read models")
    listing.set_defaults(run=run_list)
    replay = commands.add_parser(
        "replay", help="re-apply dead letters; those that apply are removed, the others stay"
    )
    chosen = replay.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--all", action="store_true", help="replay every dead letter")
    chosen.add_argument(
        "positions",
        nargs="*",
        default=[],
        metavar="POSITION",
        help="TOPIC:PARTITION:OFFSET as `dead-letters list` shows it",
    )
    replay.set_defaults(run=run_replay)


def parse_position(text: str) -> tuple[str, int, int]:
    """``TOPIC:PARTITION:OFFSET`` (topic names never contain a colon)."""
    stream, partition, position = text.rsplit(":", 2) if text.count(":") >= 2 else ("", "", "")
    if not stream or not partition.isdigit() or not position.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not TOPIC:PARTITION:OFFSET")
    return stream, int(partition), int(position)


def run_list(_args: argparse.Namespace) -> int:
    from storyline_projector.dead_letters import list_dead_letters

    async def show() -> None:
        async with _live_transaction() as connection:
            letters = await list_dead_letters(connection)
        for item in letters:
            stream, partition, position = item.letter_id
            reason = item.letter.error.splitlines()[0] if item.letter.error else ""
            when = item.recorded_at.strftime("%Y-%m-%dT%H:%M:%S")
            print(f"{stream}:{partition}:{position}\t{when}\t{reason}")
        print(f"{len(letters)} dead letter(s)")

    asyncio.run(show())
    return 0


def run_replay(args: argparse.Namespace) -> int:
    from storyline_projector.dead_letters import replay_dead_letters

    try:
        wanted = None if args.all else [parse_position(text) for text in args.positions]
    except argparse.ArgumentTypeError as error:
        print(f"storyline dead-letters replay: {error}")
        return 2

    async def replay() -> int:
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
        return 1 if outcome.still_failing or unknown else 0

    return asyncio.run(replay())


@asynccontextmanager
async def _live_transaction() -> AsyncIterator[AsyncConnection]:
    """One transaction on the live read models of ``STORYLINE_PROJECTOR_DATABASE_URL``."""
    from storyline_platform.database import create_engine
    from storyline_projector.read_model_generations import begin_generation
    from storyline_projector.settings import ProjectorSettings

    engine = create_engine(ProjectorSettings().database_url)
    try:
        async with begin_generation(engine) as connection:
            yield connection
    finally:
        await engine.dispose()
