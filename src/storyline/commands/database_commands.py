"""``storyline migrate``: create or upgrade the tables (Alembic ``upgrade head``)."""

from __future__ import annotations

import argparse

from storyline.commands import Subparsers


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("migrate", help="create or upgrade the database tables")
    parser.add_argument(
        "--database-url", help="default: STORYLINE_DATABASE_URL, else var/storyline.db (SQLite)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from storyline.migrate import upgrade
    from storyline_ingest.settings import IngestSettings

    upgrade(args.database_url or IngestSettings().database_url)
    return 0
