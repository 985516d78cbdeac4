"""When: finds date expressions in a sentence and resolves them against the publication date.

Absolute dates ("29 April", "April 29, 2023", "29/04/2023") go through dateparser, then the year
is corrected: without a year in the text, the year that puts the date closest to publication
wins (dateparser with PREFER_DATES_FROM="past" puts "May 5" in the previous year when an article
of 3 May announces talks on 5 May; without it, "December 30" in a January article lands eleven
months ahead). Weekdays and other relative expressions are resolved here, because news usage
differs from dateparser's: "on Wednesday" in an article from a Wednesday means that same day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from storyline_extraction.values import EventTime

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"  # noqa: E501
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("numeric", re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")),
    (
        "day_month",
        re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"),
    ),
    ("month_day", re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?")),
    ("last_weekday", re.compile(rf"\blast\s+{_WEEKDAY}\b{_PART_OF_DAY}")),
    ("next_weekday", re.compile(rf"\bnext\s+{_WEEKDAY}\b")),
    ("weekday", re.compile(rf"\b{_WEEKDAY}(?:'s)?{_PART_OF_DAY}\b")),
    (
        "overnight",
        re.compile(r"\bovernight\b|\blast night\b|\bduring the night\b", re.IGNORECASE),
    ),
    ("yesterday", re.compile(r"\byesterday\b", re.IGNORECASE)),
    ("today", re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)),
    (
        "days_after",
        re.compile(
            r"\b(an?|one|two|three|four|five|six|seven|ten|\d{1,2}|hours|minutes)"
            r"(?:\s+(days?|weeks?|months?|years?))?\s+(?:after|since)\b",
            re.I,
        ),
    ),
    ("days_ago", re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|ten) days ago\b", re.I)),
    (
        "past_week",
        re.compile(r"\b(?:over|in|during) the (?:past|last) (?:week|seven days)\b", re.I),
    ),
    ("last_week", re.compile(r"\blast week\b", re.IGNORECASE)),
    ("this_week", re.compile(r"\b(?:earlier |later )?this week\b", re.IGNORECASE)),
    ("last_month", re.compile(r"\blast month\b", re.IGNORECASE)),
    ("this_month", re.compile(r"\b(?:earlier |later )?this month\b", re.IGNORECASE)),
    (
        "month",
        re.compile(
            # "In May, drones struck": the preposition may open the sentence
            rf"\b(?i:in|since|during|early|late|mid-?|by|of|for)\s+{_MONTH}(?:\s+\d{{4}})?\b"
        ),
    ),
    # "In 2013, a sarin attack ...": the preposition may open the sentence
    ("year", re.compile(r"\b(?i:in|since|during|last)\s+(?:19|20)\d{2}\b|\b(?i:last) year\b")),
]
# A bare weekday after these words is ahead of publication, not behind it.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is due|are due|scheduled|expected to|set to|planned)\b[^.;]*$",
    re.IGNORECASE,
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "ten": 10,
}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression at body offsets ``start``..``end``."""

    start: int
    end: int
    time: EventTime
    # The date modifies what follows it, not what came before: "Saturday's shelling", "two days
    # after a bombing killed 40".
    forward: bool = False


# Every pattern needs one of these; most sentences have none, and one search is cheaper than
# running every pattern.
_ANY_DATE = re.compile(
    rf"\d|{_MONTH}|{_WEEKDAY}|night|yesterday|today|tonight|this (?:morning|afternoon|evening)"
    r"|week|month|year",
    re.IGNORECASE,
)


# What each pattern cannot match without: a cheap test first spares most regex searches.
_MONTH_WORD = re.compile(_MONTH)
_WEEKDAY_WORD = re.compile(_WEEKDAY)
_NEEDS: dict[str, str | tuple[str, ...]] = {
    "numeric": "digit",
    "day_month": "month",
    "month_day": "month",
    "month": "month",
    "last_weekday": "weekday",
    "next_weekday": "weekday",
    "weekday": "weekday",
    "overnight": ("night",),
    "yesterday": ("yesterday",),
    "today": ("today", "tonight", "this "),
    "days_ago": ("days ago",),
    "days_after": (" after", " since"),
    "past_week": ("week", "seven days"),
    "last_week": ("last week",),
    "this_week": ("this week",),
    "last_month": ("last month",),
    "this_month": ("this month",),
    "year": ("last year", "19", "20"),
}


def find_dates(text: str, offset: int, published: date, language: str = "en") -> list[DateMention]:
    """Date expressions of one sentence, resolved; earlier patterns win overlaps."""
    if not _ANY_DATE.search(text):
        return []
    lowered = text.lower()
    has_month = _MONTH_WORD.search(text) is not None
    has_weekday = _WEEKDAY_WORD.search(text) is not None
    has_digit = any(c.isdigit() for c in text)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        needs = _NEEDS.get(kind)
        if needs == "month" and not has_month:
            continue
        if needs == "weekday" and not has_weekday:
            continue
        if needs == "digit" and not has_digit:
            continue
        if isinstance(needs, tuple) and not any(w in lowered for w in needs):
            continue
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            if kind == "weekday" and _FUTURE.search(text[max(0, span[0] - 40) : span[0]]):
                kind_here = "next_weekday"  # "will take effect on Sunday"
            else:
                kind_here = kind
            if kind == "days_after":
                continue  # resolved below, against the sentence's own date
            time = _resolve(kind_here, match.group(0), published, language)
            if time is None:
                continue
            taken.append(span)
            forward = match.group(0).endswith(("'s", "’s"))
            found.append(DateMention(offset + span[0], offset + span[1], time, forward))
    found += _days_after(text, offset, published, found, taken)
    return sorted(found, key=lambda d: d.start)


_DAYS_AFTER = next(p for k, p in _PATTERNS if k == "days_after")


def _days_after(
    text: str, offset: int, published: date, found: list[DateMention], taken: list[tuple[int, int]]
) -> list[DateMention]:
    """ "said on Friday, a day after a bombing killed 40": the day before the sentence's own
    date (its last date before the phrase, else publication); it dates what follows."""
    out = []
    for match in _DAYS_AFTER.finditer(text) if " after" in text or " since" in text else ():
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        count, unit = match.group(1).lower(), (match.group(2) or "").lower()
        if count in {"hours", "minutes"}:
            n = 0
        elif not unit:
            continue  # "one after another"
        else:
            n = (
                1
                if count in {"a", "an", "one"}
                else (int(count) if count.isdigit() else _WORD_NUMBERS.get(count, 0))
            )
            # "three months after drone attacks": far enough back to be background
            n *= _UNIT_DAYS[unit.rstrip("s")]
        anchors = [d for d in found if d.start < offset + match.start() and d.time.start]
        if n == 0 and not anchors:
            continue  # "minutes after the Nairobi blast": no day of its own
        base = anchors[-1].time.start if anchors else published
        assert base is not None
        day = base - timedelta(days=n)
        coarse = unit.startswith(("month", "year"))
        time = EventTime(
            text=match.group(0), start=day, end=day, precision="month" if coarse else "day"
        )
        out.append(DateMention(offset + match.start(), offset + match.end(), time, True))
    return out


def _resolve(kind: str, text: str, published: date, language: str) -> EventTime | None:
    if kind in {"numeric", "day_month", "month_day"}:
        return _absolute(text, published, language)
    if kind in {"weekday", "last_weekday", "next_weekday"}:
        return _weekday(kind, text, published)
    if kind == "month":
        return _month(text, published)
    return _relative(kind, text, published)


@lru_cache(maxsize=4096)
def _absolute(text: str, published: date, language: str) -> EventTime | None:
    base = datetime(published.year, published.month, published.day, 12)
    parsed = dateparser.parse(
        re.sub(r"\b(?:on|of)\s+", "", text),
        languages=[language],
        settings={"RELATIVE_BASE": base, "REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"},
    )
    if parsed is None:
        return None
    day = parsed.date()
    if not re.search(r"\b\d{4}\b", text):
        day = _closest_year(day, published)
    return EventTime(text=text, start=day, end=day, precision="day")


def _closest_year(day: date, published: date) -> date:
    """The same day and month in the year that puts it nearest to publication."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(day.replace(year=year))
        except ValueError:  # 29 February
            continue
    return min(options, key=lambda d: abs((d - published).days))


def _weekday(kind: str, text: str, published: date) -> EventTime:
    name = re.search(_WEEKDAY, text)
    assert name is not None
    target = _WEEKDAYS[name.group(0).lower()]
    back = (published.weekday() - target) % 7
    if kind == "next_weekday":
        day = published + timedelta(days=(target - published.weekday()) % 7 or 7)
    elif kind == "last_weekday":
        day = published - timedelta(days=back or 7)
    else:
        # News copy uses a bare weekday for the past seven days, the publication day included.
        day = published - timedelta(days=back)
    return EventTime(text=text, start=day, end=day, precision="day")


def _month(text: str, published: date) -> EventTime | None:
    name = re.search(_MONTH, text)
    if name is None:
        return None
    month = _MONTHS.get(name.group(0).rstrip(".").lower())
    if month is None:
        return None
    year_match = re.search(r"\d{4}", text)
    year = int(year_match.group(0)) if year_match else published.year
    if not year_match and month > published.month:
        year -= 1  # "in December", written in March, is the December before
    last = calendar.monthrange(year, month)[1]
    return EventTime(
        text=text, start=date(year, month, 1), end=date(year, month, last), precision="month"
    )


def _relative(kind: str, text: str, published: date) -> EventTime | None:
    one_day = timedelta(days=1)
    if kind == "overnight":
        # A night spans two dates; the night before publication is the usual sense.
        return EventTime(text=text, start=published - one_day, end=published, precision="day")
    if kind == "yesterday":
        return EventTime(
            text=text, start=published - one_day, end=published - one_day, precision="day"
        )
    if kind == "today":
        return EventTime(text=text, start=published, end=published, precision="day")
    if kind == "days_ago":
        count = text.split()[0].lower()
        n = int(count) if count.isdigit() else _WORD_NUMBERS[count]
        day = published - timedelta(days=n)
        return EventTime(text=text, start=day, end=day, precision="day")
    monday = published - timedelta(days=published.weekday())
    if kind == "past_week":
        return EventTime(text=text, start=published - 7 * one_day, end=published, precision="week")
    if kind == "last_week":
        return EventTime(
            text=text, start=monday - 7 * one_day, end=monday - one_day, precision="week"
        )
    if kind == "this_week":
        return EventTime(text=text, start=monday, end=published, precision="week")
    first = published.replace(day=1)
    if kind == "last_month":
        prev_last = first - one_day
        return EventTime(
            text=text, start=prev_last.replace(day=1), end=prev_last, precision="month"
        )
    if kind == "this_month":
        return EventTime(text=text, start=first, end=published, precision="month")
    if kind == "year":
        year_match = re.search(r"\d{4}", text)
        year = int(year_match.group(0)) if year_match else published.year - 1
        return EventTime(
            text=text, start=date(year, 1, 1), end=date(year, 12, 31), precision="year"
        )
    return None
