"""The scorer: one-to-one matching per sentence, and what strict matching compares."""

from __future__ import annotations

from storyline_extraction.scoring import ScoredEvent, ScoreReport, score_article


def event(kind: str, source: str | None, targets: set[str] | None = None, date: str | None = None,
          start: int = 0) -> ScoredEvent:  # fmt: skip
    frozen = frozenset(targets) if targets is not None else None
    return ScoredEvent(kind, start, start + 10, source, frozen, date, source, frozen)


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


def test_a_spokesman_counts_as_his_state_at_country_level() -> None:
    gold = [ScoredEvent("denial_issued", 0, 10, "Russia", None, None, "Russia", None)]
    spokesman = [
        ScoredEvent("denial_issued", 0, 10, "Dmitry Peskov", frozenset(), None, "Russia", None)
    ]
    report = ScoreReport()

    score_article(gold, spokesman, report)

    assert report.levels["actors"]["denial_issued"].tp == 0
    assert report.levels["country"]["denial_issued"].tp == 1


def test_a_date_is_compared_at_the_golds_precision() -> None:
    gold = [ScoredEvent("strike_reported", 0, 10, None, None, "2023-04", None, None)]
    report = ScoreReport()

    score_article(gold, [event("strike_reported", None, set(), "2023-04-29")], report)

    assert report.levels["dated"]["strike_reported"].tp == 1


def test_the_confusion_table_names_what_stood_in_for_a_missed_event() -> None:
    gold = [event("threat_issued", "Russia"), event("denial_issued", "Ukraine", start=40)]
    report = ScoreReport()

    score_article(gold, [event("pledge_made", "Russia")], report)

    assert report.confusion[("threat_issued", "pledge_made")] == 1
    assert report.confusion[("denial_issued", "(nothing)")] == 1
