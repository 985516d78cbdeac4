"""Dates are resolved against the publication date, including dateparser's pitfalls."""

from __future__ import annotations

from datetime import date

import pytest

from storyline_extraction.dates import find_dates

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
