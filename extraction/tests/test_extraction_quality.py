"""The extractor's F1 on the labelled development set must not drop below what it reaches.

Measured with ``python -m storyline_extraction.scoring extraction/tests/data/dev.jsonl``:
type F1 0.945 and strict (type + actors + date) F1 0.842 on the development set; 0.841 and 0.652
on the held-out test set (38 articles), and 0.766 and 0.553 on its sealed part (the
``test-sealed-`` articles, whose errors nobody looked at while changing the rules). Raise the
bars when the numbers rise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline_extraction.scoring import extract_all, read_jsonl, score_records

DATA = Path(__file__).resolve().parent / "data"
SEALED = "test-sealed-"


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

    assert report.overall.f1 >= 0.94
    assert report.strict.f1 >= 0.835


@pytest.mark.usefixtures("syntax_model")
def test_f1_on_held_out_test_set_stays_above_the_bar() -> None:
    records = read_jsonl(DATA / "test.jsonl")
    report = score_records(records, extract_all(records))

    assert report.overall.f1 >= 0.83
    assert report.strict.f1 >= 0.64


def test_held_out_set_has_a_sealed_part_and_articles_with_nothing_to_extract() -> None:
    records = read_jsonl(DATA / "test.jsonl")
    sealed = [r for r in records if str(r["id"]).startswith(SEALED)]

    assert len(records) >= 38
    assert len(sealed) >= 8
    assert sum(1 for r in records if not r["gold"]) >= 5


@pytest.mark.usefixtures("syntax_model")
def test_f1_on_sealed_part_of_held_out_set_stays_above_the_bar() -> None:
    records = [r for r in read_jsonl(DATA / "test.jsonl") if str(r["id"]).startswith(SEALED)]
    report = score_records(records, extract_all(records))

    assert report.overall.f1 >= 0.75
    assert report.strict.f1 >= 0.54
