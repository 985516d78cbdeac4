"""``storyline extract`` (or ``python -m storyline_extraction``): articles as JSON lines in, the
events extraction finds out, one JSON line each.

Each input line is an article with the fields the ingest API accepts (``id`` or
``external_id``, ``title``, ``body``, ``published_at``, ``outlet``, ``language``, ``version``).
Each output line is one event: ``{"article_id", "type", "event"}``. With ``--score GOLD`` the
events are also scored against labelled articles (see ``scoring``) and the report is written to
standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from storyline_extraction.article_input import ArticleRecordError, article_from_record
from storyline_extraction.extraction_records import ArticleExtraction
from storyline_extraction.extractor import extract
from storyline_extraction.scoring import format_report, read_jsonl, score_records


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyline extract",
        description="Extract events from articles given as JSON lines.",
    )
    parser.add_argument(
        "input", nargs="?", default="-", help="JSON lines file of articles, or - for stdin"
    )
    parser.add_argument("-o", "--output", default="-", help="where to write events (default -)")
    parser.add_argument(
        "--score", metavar="GOLD", type=Path, help="labelled articles to score the events against"
    )
    return parser


def _records(stream: TextIO) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not JSON: {exc.msg}"
            continue
        if not isinstance(record, dict):
            yield number, None, "expected a JSON object"
            continue
        yield number, record, None


def run(argv: list[str] | None = None) -> int:
    """Entry point for ``storyline extract``; returns the exit status."""
    args = _parser().parse_args(argv)
    source_path = args.input
    if source_path == "-" and args.score is not None and sys.stdin.isatty():
        source_path = str(args.score)  # score the labelled articles themselves
    source = sys.stdin if source_path == "-" else open(source_path, encoding="utf-8")  # noqa: SIM115
    sink = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    errors = 0
    extractions: dict[str, ArticleExtraction] = {}
    try:
        for number, record, problem in _records(source):
            try:
                if record is None:
                    raise ArticleRecordError(problem or "unreadable line")
                article = article_from_record(record)
            except ArticleRecordError as exc:
                errors += 1
                print(f"line {number}: {exc}", file=sys.stderr)
                continue
            extraction = extract(article)
            extractions[article.article_id] = extraction
            for event in extraction:
                line = {
                    "article_id": article.article_id,
                    "type": event.kind,
                    "event": event.as_json(),
                }
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if source is not sys.stdin:
            source.close()
        if sink is not sys.stdout:
            sink.close()
    if args.score is not None:
        report = score_records(read_jsonl(args.score), extractions)
        print(format_report(report), file=sys.stderr)
    return 1 if errors else 0


def main() -> None:
    """The ``storyline-extract`` script."""
    sys.exit(run())
