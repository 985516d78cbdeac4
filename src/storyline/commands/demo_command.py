"""``storyline demo``: the first thing a newcomer runs."""

from __future__ import annotations

import argparse
import asyncio

from storyline.commands import Subparsers


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="post the example articles to an embedded Storyline"
    )
    # The demo prints its own report; keep the log to what needs attention.
    parser.set_defaults(run=run, log_level="WARNING")


def run(_args: argparse.Namespace) -> int:
    from storyline.demo import run_demo

    asyncio.run(run_demo())
    return 0
