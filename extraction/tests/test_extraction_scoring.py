"""The scorer: one-to-one matching per sentence, and what strict matching compares."""

from __future__ import annotations

from storyline_extraction.scoring import ScoredEvent, ScoreReport, score_article


def event(kind: str, source: str | None, targets: set[str] | None = None, date: str | None = None,
          start: int = 0) -> ScoredEvent:  # fmt: skip
    return ScoredEvent(kind, start, start + 10, source,
                       frozenset(targets) if targets is not None else None, date)  # fmt: skip


def test_two_gold_denials_need_two_extracted_denials() -> None:
    gold = [event("denial_issued", "United States"), event("denial_issued", "Ukraine")]
    report = ScoreReport()

    score_article(gold, [event("denial_issued", "United States", set())], report)

    counts = report.by_type["denial_issued"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 1)


def test_strict_match_needs_source_targets_and_date() -> None:
    gold = [event("accusation_made", "Russia", {"Ukraine"}, "2023-04-29")]
    wrong_target = [event("accusation_made", "Russia", {"United States"}, "2023-04-29")]
    report = ScoreReport()

    score_article(gold, wrong_target, report)

    assert report.by_type["accusation_made"].tp == 1
    assert report.strict_by_type["accusation_made"].tp == 0


def test_unscored_targets_and_dates_are_ignored() -> None:
    gold = [event("strike_reported", "Russia")]
    extracted = [event("strike_reported", "Russia", {"Ukraine"}, "2023-05-01")]
    report = ScoreReport()

    score_article(gold, extracted, report)

    assert report.strict.f1 == 1.0


def test_different_sentences_do_not_match() -> None:
    report = ScoreReport()

    score_article([event("threat_issued", "Russia")], [event("threat_issued", "Russia", start=50)],
                  report)  # fmt: skip

    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 1, 1)
