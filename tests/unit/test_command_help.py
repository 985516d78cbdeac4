"""Every command and option of ``storyline`` explains itself in ``--help``."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from storyline.cli import build_parser
from storyline_extraction.command import _parser as build_extraction_parser


def parsers(
    parser: argparse.ArgumentParser, path: str
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from parsers(child, f"{path} {name}")


def undocumented(parser: argparse.ArgumentParser, path: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            helped = {choice.dest for choice in action._choices_actions if choice.help}
            missing += [f"{path} {name}" for name in action.choices if name not in helped]
            continue
        if not action.help or action.help == argparse.SUPPRESS:
            missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_command_and_option_has_a_help_line() -> None:
    trees = [(build_parser(), "storyline"), (build_extraction_parser(), "storyline extract")]
    missing = [
        item
        for root, name in trees
        for path, parser in parsers(root, name)
        for item in undocumented(parser, path)
    ]
    assert missing == []
