"""The extractor's F1 on the labelled development set must not drop below what it reaches.

Measured with ``python -m storyline_ingest.extraction.scoring tests/data/extraction/dev.jsonl``:
type F1 0.939 and strict (type + actors + date) F1 0.836 on the development set; 0.652 and 0.522
on the held-out test set, which the rules were not tuned on. Raise the bars when the numbers
rise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline_ingest.extraction.scoring import extract_all, read_jsonl, score_records

DATA = Path(__file__).resolve().parents[2] / "data" / "extraction"


def test_dev_set_is_large_enough_and_covers_every_type() -> None:
    records = read_jsonl(DATA / "dev.jsonl")
    types = {g["type"] for r in records for g in r["gold"]}

    assert len(records) >= 40
    assert sum(1 for r in records if not r["gold"]) >= 3
    assert {
        "strike_reported", "attack_reported", "accusation_made", "denial_issued",
        "threat_issued", "pledge_made", "casualties_reported", "statistic_reported",
        "skepticism_expressed",
    } <= types  # fmt: skip


@pytest.mark.usefixtures("syntax_model")
def test_f1_on_dev_set_stays_above_the_bar() -> None:
    records = read_jsonl(DATA / "dev.jsonl")
    report = score_records(records, extract_all(records))

    assert report.overall.f1 >= 0.92
    assert report.strict.f1 >= 0.82


@pytest.mark.usefixtures("syntax_model")
def test_f1_on_held_out_test_set_stays_above_the_bar() -> None:
    records = read_jsonl(DATA / "test.jsonl")
    report = score_records(records, extract_all(records))

    assert report.overall.f1 >= 0.62
    assert report.strict.f1 >= 0.50
