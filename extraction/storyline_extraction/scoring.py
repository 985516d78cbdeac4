"""Precision, recall and F1 of extracted events against a labelled set, the way users feel it.

Four levels, per event type and overall (micro-averaged), each one-to-one within a sentence:

* ``type``: an extracted event of the gold event's type whose evidence lies in the same sentence;
* ``actors``: it also names the same source (both unnamed counts as equal) and, when the gold
  event lists targets, the same set of targets, by canonical name ("Dmitry Peskov" is not
  "Russia");
* ``actors by country``: the same, with every actor taken as the state it belongs to (a
  spokesman, a ministry or a named official counts as their state; a group or an international
  body stays itself), which is what a reader of "who accused whom" mostly wants;
* ``+ date``: actors by country, and the date when the gold event gives one, compared at the
  gold's precision ("2023-04" is any day of April 2023).

A confusion table lists, for gold events of one type, what was extracted instead in the same
sentence (another type), or nothing. Run it with
``python -m storyline_extraction.scoring extraction/tests/data/dev.jsonl`` or
``storyline extract ARTICLES.jsonl --score GOLD.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline_extraction.article_input import article_from_record
from storyline_extraction.article_text import ArticleText
from storyline_extraction.extraction_records import ArticleExtraction

LEVELS = ("type", "actors", "country", "dated")
LEVEL_NAMES = {"type": "type", "actors": "actors", "country": "by country", "dated": "+ date"}
MISSED = "(nothing)"


@dataclass(frozen=True, slots=True)
class ScoredEvent:
    """What scoring compares: type, evidence span, actors (as named, and as states), date."""

    type: str
    start: int
    end: int
    source: str | None
    targets: frozenset[str] | None  # None in gold: targets are not scored for this event
    date: str | None  # None in gold: not scored; "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    source_state: str | None = None
    target_states: frozenset[str] | None = None

    def overlaps(self, other: ScoredEvent) -> bool:
        return self.start < other.end and other.start < self.end

    def agrees_with(self, predicted: ScoredEvent, level: str) -> bool:
        """Whether ``predicted`` matches this gold event at ``level`` (beyond its type)."""
        if level == "type":
            return True
        if level == "actors":
            same_source = self.source == predicted.source
            same_targets = self.targets is None or self.targets == predicted.targets
            return same_source and same_targets
        same_source = self.source_state == predicted.source_state
        same_targets = self.target_states is None or self.target_states == predicted.target_states
        if not (same_source and same_targets):
            return False
        if level == "country":
            return True
        return self.date is None or (predicted.date or "").startswith(self.date)


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
    levels: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {level: {} for level in LEVELS}
    )
    # (gold type, what was extracted instead) -> how often; MISSED when nothing was.
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    articles: int = 0

    @property
    def by_type(self) -> dict[str, Counts]:
        return self.levels["type"]

    @property
    def strict_by_type(self) -> dict[str, Counts]:
        return self.levels["actors"]

    def total(self, level: str) -> Counts:
        return _total(self.levels[level].values())

    @property
    def overall(self) -> Counts:
        return self.total("type")

    @property
    def strict(self) -> Counts:
        return self.total("actors")

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
            **{f"overall_{level}": row(self.total(level)) for level in LEVELS},
            "by_type": {
                level: {t: row(c) for t, c in sorted(rows.items())}
                for level, rows in self.levels.items()
            },
            "confusion": [
                {"gold": gold, "extracted": got, "count": n}
                for (gold, got), n in self.confusion.most_common()
            ],
        }


def _total(rows: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in rows:
        total.add(c)
    return total


@lru_cache(maxsize=1)
def state_of() -> Callable[[str | None, str | None], str | None]:
    """Maps an actor (canonical name, and its country code when known) to its state's name.

    States are themselves; people and organisations with a country in the gazetteer's data
    count as that state; anything else (an international body, a name the data lacks) stays
    as named."""
    from storyline_extraction.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    data = Path(__file__).parent / "data"
    country_of: dict[str, str] = {}
    for name, key in (("people.json", "people"), ("organisations.json", "organisations")):
        for entry in json.loads((data / name).read_text())[key]:
            if entry.get("country") and entry.get("kind") != "organisation":
                country_of[str(entry["canonical"])] = str(entry["country"])

    def state(name: str | None, country: str | None = None) -> str | None:
        if name is None:
            return None
        code = country or country_of.get(name)
        found = gazetteer.state(code) if code else None
        return found.canonical if found is not None else name

    return state


# -- reading gold and predictions ----------------------------------------------------------


def gold_events(record: Mapping[str, Any]) -> list[ScoredEvent]:
    body = str(record["body"])
    out: list[ScoredEvent] = []
    for g in record.get("gold", []):
        start = body.find(g["evidence"])
        if start < 0:
            raise ValueError(f"{record.get('id')}: evidence not in body: {g['evidence']!r}")
        targets = g.get("targets")
        state = state_of()
        out.append(
            ScoredEvent(
                type=g["type"],
                start=start,
                end=start + len(g["evidence"]),
                source=g.get("source"),
                targets=frozenset(targets) if targets is not None else None,
                date=g.get("date"),
                source_state=state(g.get("source"), None),
                target_states=(
                    frozenset(state(t, None) or t for t in targets) if targets is not None else None
                ),
            )
        )
    return out


def extracted_events(extraction: ArticleExtraction) -> list[ScoredEvent]:
    state = state_of()
    return [
        ScoredEvent(
            type=e.kind,
            start=e.evidence.start,
            end=e.evidence.end,
            source=e.source.canonical if e.source else None,
            targets=frozenset(t.canonical for t in e.targets if t.canonical),
            date=e.when.start.isoformat() if e.when and e.when.start else None,
            source_state=state(e.source.canonical, e.source.country) if e.source else None,
            target_states=frozenset(
                state(t.canonical, t.country) or t.canonical for t in e.targets if t.canonical
            ),
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
    unmatched_gold: list[ScoredEvent] = []
    unmatched_predicted: list[ScoredEvent] = []
    for kind in {e.type for e in gold} | {e.type for e in predicted}:
        g = [e for e in gold if e.type == kind]
        p = [e for e in predicted if e.type == kind]
        for level in LEVELS:
            matched = _match(g, p, level)
            report.levels[level].setdefault(kind, Counts()).add(
                Counts(len(matched), len(p) - len(matched), len(g) - len(matched))
            )
        typed = _match(g, p, "type")
        unmatched_gold += [e for i, e in enumerate(g) if i not in typed]
        unmatched_predicted += [e for j, e in enumerate(p) if j not in set(typed.values())]
    _confuse(unmatched_gold, unmatched_predicted, report.confusion)


def _confuse(
    gold: Sequence[ScoredEvent],
    predicted: Sequence[ScoredEvent],
    confusion: Counter[tuple[str, str]],
) -> None:
    """Gold events no extracted event of their type matched: what stood in their sentence."""
    taken: set[int] = set()
    for g in gold:
        instead = next(
            (j for j, p in enumerate(predicted) if j not in taken and g.overlaps(p)), None
        )
        if instead is None:
            confusion[(g.type, MISSED)] += 1
        else:
            taken.add(instead)
            confusion[(g.type, predicted[instead].type)] += 1
    for j, p in enumerate(predicted):
        if j not in taken:
            confusion[(MISSED, p.type)] += 1


def _match(
    gold: Sequence[ScoredEvent], predicted: Sequence[ScoredEvent], level: str
) -> dict[int, int]:
    """A maximum one-to-one matching, gold index -> predicted index (augmenting paths: small
    inputs, exact answer)."""
    edges = [
        [j for j, p in enumerate(predicted) if g.overlaps(p) and g.agrees_with(p, level)]
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

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


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


def format_report(report: ScoreReport, confusions: int = 15) -> str:
    header = f"{'type':<24}" + "".join(
        f" {LEVEL_NAMES[level] + ' P':>12} {'R':>6} {'F1':>6}" for level in LEVELS
    )
    lines = [header + f"   {'gold':>4} {'pred':>4}"]

    def row(name: str, rows: Mapping[str, Counts]) -> str:
        cells = "".join(
            f" {rows[level].precision:>12.3f} {rows[level].recall:>6.3f} {rows[level].f1:>6.3f}"
            for level in LEVELS
        )
        c = rows["type"]
        return f"{name:<24}{cells}   {c.tp + c.fn:>4} {c.tp + c.fp:>4}"

    for kind in sorted(report.by_type):
        lines.append(row(kind, {level: report.levels[level][kind] for level in LEVELS}))
    lines.append(row("overall (micro)", {level: report.total(level) for level in LEVELS}))
    lines.append(f"articles: {report.articles}")
    if report.confusion:
        lines.append("")
        lines.append(f"{'gold type':<24} {'extracted instead':<24} {'count':>5}")
        for (gold, got), count in report.confusion.most_common(confusions):
            lines.append(f"{gold:<24} {got:<24} {count:>5}")
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
