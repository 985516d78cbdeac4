"""The ``storyline`` command. Each group of subcommands lives in its own module under
``storyline.commands`` and registers itself through ``register(subparsers)``."""

from __future__ import annotations

import argparse

from storyline.commands import (
    database_commands,
    demo_command,
    feed_commands,
    service_commands,
)
from storyline_platform.logging_setup import configure_logging

COMMAND_MODULES = [demo_command, database_commands, feed_commands, service_commands]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyline", description="Storyline: news articles in, typed events and stories out."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(level=getattr(args, "log_level", None))
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
