"""``storyline contracts generate|check``: the committed JSON Schemas and AsyncAPI document.

``generate`` rewrites them from the event classes; ``check`` exits 1 naming every file that no
longer matches the classes (run it in CI so a contract never changes without its documents).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storyline.commands import Subparsers


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "contracts", help="generate or check the JSON Schemas and the AsyncAPI document"
    )
    actions = parser.add_subparsers(dest="contracts_action", required=True)
    for name, run, help_text in (
        ("generate", run_generate, "write schemas/*.json and asyncapi.yaml from the classes"),
        ("check", run_check, "exit 1 if a committed document drifted from the classes"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument(
            "--root",
            type=Path,
            help="directory holding schemas/ and asyncapi.yaml (default: the contracts package's)",
        )
        action.set_defaults(run=run)


def run_generate(args: argparse.Namespace) -> int:
    from storyline_contracts.schema_export import default_root, write

    root = args.root or default_root()
    changed = write(root)
    for path in changed:
        print(f"wrote {root / path}")
    if not changed:
        print(f"{root}: contracts are up to date")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from storyline_contracts.schema_export import default_root, drifted

    root = args.root or default_root()
    drift = drifted(root)
    for item in drift:
        print(f"{root / item.path}: {item.problem}", file=sys.stderr)
    if drift:
        print("run `storyline contracts generate` and commit the result", file=sys.stderr)
        return 1
    print(f"{root}: contracts match the event classes")
    return 0
