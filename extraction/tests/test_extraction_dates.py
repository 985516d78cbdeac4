"""Dates are resolved against the publication date, including dateparser's pitfalls."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storyline_extraction.dates import find_dates
from storyline_extraction.event_assembly import date_undated_incidents
from storyline_extraction.event_draft import EventDraft
from storyline_extraction.values import EventTime

WEDNESDAY = date(2023, 5, 3)


def resolve(text: str, published: date) -> tuple[date | None, date | None, str]:
    found = find_dates(text, 0, published)
    assert found, f"no date found in {text!r}"
    time = found[0].time
    return time.start, time.end, time.precision


def test_day_and_month_take_the_publication_year() -> None:
    assert resolve("a strike on the Kremlin on 29 April", date(2023, 5, 4))[0] == date(2023, 4, 29)


def test_a_weekday_in_an_article_from_that_weekday_is_the_same_day() -> None:
    # dateparser with PREFER_DATES_FROM="past" answers 26 April here
    assert resolve("the strike on Wednesday", WEDNESDAY)[0] == WEDNESDAY


def test_a_bare_weekday_is_the_most_recent_one() -> None:
    assert resolve("drones struck on Monday", WEDNESDAY)[0] == date(2023, 5, 1)
    assert resolve("drones struck on Thursday", WEDNESDAY)[0] == date(2023, 4, 27)


def test_a_coming_date_stays_in_the_publication_year() -> None:
    # dateparser with PREFER_DATES_FROM="past" puts this in 2022
    assert resolve("talks in Istanbul on May 5", WEDNESDAY)[0] == date(2023, 5, 5)


def test_a_date_late_in_the_previous_year_is_not_pushed_into_the_next() -> None:
    # without a preference dateparser answers 30 December 2024
    assert resolve("the attack on December 30", date(2024, 1, 2))[0] == date(2023, 12, 30)


def test_future_weekday_after_will() -> None:
    assert resolve("the truce will take effect on Sunday", WEDNESDAY)[0] == date(2023, 5, 7)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("yesterday", date(2023, 5, 2), date(2023, 5, 2), "day"),
        ("overnight", date(2023, 5, 2), date(2023, 5, 3), "day"),
        ("last week", date(2023, 4, 24), date(2023, 4, 30), "week"),
        ("over the past week", date(2023, 4, 26), date(2023, 5, 3), "week"),
        ("in April", date(2023, 4, 1), date(2023, 4, 30), "month"),
        ("last month", date(2023, 4, 1), date(2023, 4, 30), "month"),
    ],
)
def test_relative_expressions(text: str, start: date, end: date, precision: str) -> None:
    assert resolve(f"it happened {text}", WEDNESDAY) == (start, end, precision)


def _incident(sentence: int, when: EventTime | None, kind: str = "strike_reported") -> EventDraft:
    return EventDraft(kind=kind, sentence=sentence, trigger=0, trigger_offset=sentence * 100,
                      source=None, when=when)  # fmt: skip


def test_an_undated_incident_takes_the_nearest_strike_before_it_else_the_first_after_it() -> None:
    monday = EventTime(start=date(2024, 3, 4), end=date(2024, 3, 4), precision="day")
    friday = EventTime(start=date(2024, 3, 1), end=date(2024, 3, 1), precision="day")
    first = _incident(0, None)
    strike = _incident(1, monday)
    toll = _incident(2, friday, kind="casualties_reported")
    after_toll = _incident(3, None, kind="casualties_reported")
    drafts = [after_toll, strike, first, toll]

    date_undated_incidents(drafts, datetime(2024, 3, 5, 12, tzinfo=UTC))

    assert first.when == monday  # nothing dated before: the nearest after it
    assert after_toll.when == monday  # the strike before it, not the other incident's toll


def test_dating_a_long_article_never_compares_drafts_pairwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every undated incident once looked through every dated one for each of the others: an
    # article of a few thousand sentences held an extraction worker for minutes.
    comparisons = 0
    equal = EventDraft.__eq__

    def counted(self: EventDraft, other: object) -> bool:
        nonlocal comparisons
        comparisons += 1
        return equal(self, other)

    monkeypatch.setattr(EventDraft, "__eq__", counted)
    day = EventTime(start=date(2024, 3, 4), end=date(2024, 3, 4), precision="day")
    drafts = [_incident(n, day if n % 2 else None) for n in range(2000)]

    date_undated_incidents(drafts, datetime(2024, 3, 5, 12, tzinfo=UTC))

    assert comparisons == 0
    assert all(d.when == day for d in drafts)
