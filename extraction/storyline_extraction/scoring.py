"""Precision, recall and F1 of extracted events against a labelled set.

Two levels, per event type and overall (micro-averaged):

* ``type``: an extracted event matches a gold event of the same type whose evidence lies in
  the same sentence;
* ``strict``: it also has the same source (canonical name; both unnamed counts as equal), the
  same set of target canonical names when the gold event lists targets, and the same start
  date when the gold event gives one.

Matching is one-to-one, so a sentence with two gold denials needs two extracted denials.
Run it with ``python -m storyline_extraction.scoring extraction/tests/data/dev.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline_extraction.article_input import article_from_record
from storyline_extraction.article_text import ArticleText
from storyline_extraction.extraction_records import ArticleExtraction


@dataclass(frozen=True, slots=True)
class ScoredEvent:
    """What scoring compares: type, evidence span, source, targets and start date."""

    type: str
    start: int
    end: int
    source: str | None
    targets: frozenset[str] | None  # None in gold: targets are not scored for this event
    date: str | None  # None in gold: the date is not scored for this event

    def overlaps(self, other: ScoredEvent) -> bool:
        return self.start < other.end and other.start < self.end

    def agrees_with(self, predicted: ScoredEvent) -> bool:
        """Whether ``predicted`` has this gold event's actors and date."""
        if self.source != predicted.source:
            return False
        if self.targets is not None and self.targets != predicted.targets:
            return False
        return self.date is None or self.date == predicted.date


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class ScoreReport:
    by_type: dict[str, Counts] = field(default_factory=dict)
    strict_by_type: dict[str, Counts] = field(default_factory=dict)
    articles: int = 0

    @property
    def overall(self) -> Counts:
        return _total(self.by_type.values())

    @property
    def strict(self) -> Counts:
        return _total(self.strict_by_type.values())

    def as_dict(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, float | int]:
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
            }

        return {
            "articles": self.articles,
            "overall": row(self.overall),
            "strict": row(self.strict),
            "by_type": {t: row(c) for t, c in sorted(self.by_type.items())},
            "strict_by_type": {t: row(c) for t, c in sorted(self.strict_by_type.items())},
        }


def _total(rows: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in rows:
        total.add(c)
    return total


# -- reading gold and predictions ----------------------------------------------------------


def gold_events(record: Mapping[str, Any]) -> list[ScoredEvent]:
    body = str(record["body"])
    out: list[ScoredEvent] = []
    for g in record.get("gold", []):
        start = body.find(g["evidence"])
        if start < 0:
            raise ValueError(f"{record.get('id')}: evidence not in body: {g['evidence']!r}")
        targets = g.get("targets")
        out.append(
            ScoredEvent(
                type=g["type"],
                start=start,
                end=start + len(g["evidence"]),
                source=g.get("source"),
                targets=frozenset(targets) if targets is not None else None,
                date=g.get("date"),
            )
        )
    return out


def extracted_events(extraction: ArticleExtraction) -> list[ScoredEvent]:
    return [
        ScoredEvent(
            type=e.kind,
            start=e.evidence.start,
            end=e.evidence.end,
            source=e.source.canonical if e.source else None,
            targets=frozenset(t.canonical for t in e.targets if t.canonical),
            date=e.when.start.isoformat() if e.when and e.when.start else None,
        )
        for e in extraction.events
    ]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# -- scoring -------------------------------------------------------------------------------


def score_article(
    gold: Sequence[ScoredEvent], predicted: Sequence[ScoredEvent], report: ScoreReport
) -> None:
    report.articles += 1
    for kind in {e.type for e in gold} | {e.type for e in predicted}:
        g = [e for e in gold if e.type == kind]
        p = [e for e in predicted if e.type == kind]
        loose = _match(g, p, strict=False)
        strict = _match(g, p, strict=True)
        report.by_type.setdefault(kind, Counts()).add(Counts(loose, len(p) - loose, len(g) - loose))
        report.strict_by_type.setdefault(kind, Counts()).add(
            Counts(strict, len(p) - strict, len(g) - strict)
        )


def _match(gold: Sequence[ScoredEvent], predicted: Sequence[ScoredEvent], *, strict: bool) -> int:
    """Size of a one-to-one matching (augmenting paths: small inputs, exact answer)."""
    edges = [
        [j for j, p in enumerate(predicted) if g.overlaps(p) and (not strict or g.agrees_with(p))]
        for g in gold
    ]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(gold)))


def score_records(
    records: Sequence[Mapping[str, Any]], extractions: Mapping[str, ArticleExtraction]
) -> ScoreReport:
    report = ScoreReport()
    for record in records:
        article_id = str(record.get("id") or record.get("external_id"))
        extraction = extractions.get(article_id)
        predicted = extracted_events(extraction) if extraction else []
        score_article(gold_events(record), predicted, report)
    return report


def format_report(report: ScoreReport) -> str:
    lines = [
        f"{'type':<24} {'P':>6} {'R':>6} {'F1':>6}   {'strict P':>8} {'R':>6} {'F1':>6}"
        f"   {'gold':>4} {'pred':>4}"
    ]

    def row(name: str, c: Counts, s: Counts) -> str:
        return (
            f"{name:<24} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}   "
            f"{s.precision:>8.3f} {s.recall:>6.3f} {s.f1:>6.3f}   {c.tp + c.fn:>4} {c.tp + c.fp:>4}"
        )

    for kind in sorted(report.by_type):
        lines.append(row(kind, report.by_type[kind], report.strict_by_type[kind]))
    lines.append(row("overall (micro)", report.overall, report.strict))
    lines.append(f"articles: {report.articles}")
    return "\n".join(lines)


def extract_all(records: Sequence[Mapping[str, Any]]) -> dict[str, ArticleExtraction]:
    from storyline_extraction.extractor import extract

    articles: list[ArticleText] = [article_from_record(r) for r in records]
    return {a.article_id: extract(a) for a in articles}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m storyline_extraction.scoring",
        description="Score the extractor against labelled articles (JSON lines with 'gold').",
    )
    parser.add_argument("gold", nargs="+", type=Path, help="labelled articles, JSON lines")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--ids", default="", metavar="PREFIX", help="score only articles whose id starts so"
    )
    args = parser.parse_args(argv)
    records = [
        r
        for path in args.gold
        for r in read_jsonl(path)
        if str(r.get("id", "")).startswith(args.ids)
    ]
    report = score_records(records, extract_all(records))
    print(json.dumps(report.as_dict(), indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
