"""The ``storyline`` command. Each group of subcommands lives in its own module under
``storyline.commands`` and registers itself through ``register(subparsers)``."""

from __future__ import annotations

import argparse
import sys

from pydantic import ValidationError

from storyline.commands import (
    contract_commands,
    database_commands,
    dead_letter_commands,
    demo_command,
    extraction_commands,
    feed_commands,
    rebuild_commands,
    reextraction_commands,
    service_commands,
    story_commands,
)
from storyline_ingest.settings import IngestSettings
from storyline_platform.database import DatabaseNotMigrated
from storyline_platform.logging_setup import configure_logging
from storyline_platform.settings_errors import BadSetting, explain
from storyline_projector.settings import ProjectorSettings

# A settings class that fails to read the environment is named by its ValidationError's title.
SETTINGS_CLASSES = {cls.__name__: cls for cls in (IngestSettings, ProjectorSettings)}

COMMAND_MODULES = [
    demo_command,
    database_commands,
    feed_commands,
    service_commands,
    extraction_commands,
    contract_commands,
    dead_letter_commands,
    rebuild_commands,
    reextraction_commands,
    story_commands,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyline", description="Storyline: news articles in, typed events and stories out."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "passthrough", False):
        args.passthrough_arguments = extra  # the command parses its own options
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        configure_logging(level=getattr(args, "log_level", None))
        result: int = args.run(args)
    except (DatabaseNotMigrated, BadSetting) as error:
        print(f"storyline {args.command}: {error}", file=sys.stderr)
        return 2
    except ValidationError as error:
        settings = SETTINGS_CLASSES.get(error.title)
        if settings is None:
            raise
        for line in explain(error, settings):
            print(f"storyline {args.command}: bad setting: {line}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":  # python -m storyline.cli, as the e2e tests run it
    raise SystemExit(main())
