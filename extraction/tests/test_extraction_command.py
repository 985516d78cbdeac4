"""``storyline extract``: JSON lines in, extracted events out, bad lines reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline_extraction.command import run

ARTICLE = {
    "id": "wire-1",
    "title": "Kyiv denies role",
    "body": "Moscow accused Kyiv of the attack. Ukraine denied the accusation.",
    "published_at": "2024-05-08T10:00:00+00:00",
    "outlet": "Test Wire",
    "language": "en",
    "version": 1,
}


@pytest.mark.usefixtures("syntax_model")
def test_events_are_written_as_json_lines_with_the_article_id(tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n")
    out = tmp_path / "events.jsonl"

    status = run([str(source), "-o", str(out)])

    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert status == 0
    assert [line["type"] for line in lines] == ["accusation_made", "denial_issued"]
    assert {line["article_id"] for line in lines} == {"wire-1"}
    accusation = lines[0]["event"]
    assert accusation["source"]["canonical"] == "Russia"
    assert [target["canonical"] for target in accusation["targets"]] == ["Ukraine"]
    assert accusation["evidence"]["sentence"] == "Moscow accused Kyiv of the attack."


@pytest.mark.usefixtures("syntax_model")
def test_a_bad_line_is_reported_and_the_rest_still_extracted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "articles.jsonl"
    broken = {**ARTICLE, "id": "wire-2", "published_at": "yesterday"}
    source.write_text(json.dumps(broken) + "\nnot json\n" + json.dumps(ARTICLE) + "\n")
    out = tmp_path / "events.jsonl"

    status = run([str(source), "-o", str(out)])

    err = capsys.readouterr().err
    assert status == 1
    assert "line 1: 'published_at' is not ISO 8601" in err
    assert "line 2: not JSON" in err
    assert len(out.read_text().splitlines()) == 2


@pytest.mark.usefixtures("syntax_model")
def test_score_option_prints_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = {**ARTICLE, "gold": [
        {"type": "accusation_made", "evidence": "Moscow accused Kyiv", "source": "Russia",
         "targets": ["Ukraine"]},
        {"type": "denial_issued", "evidence": "Ukraine denied", "source": "Ukraine",
         "targets": ["Russia"]},
    ]}  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n")

    run([str(path), "-o", str(tmp_path / "events.jsonl"), "--score", str(path)])

    report = capsys.readouterr().err
    overall = next(line for line in report.splitlines() if line.startswith("overall"))
    assert overall.split()[2:14] == ["1.000"] * 12  # P, R and F1 at every level
