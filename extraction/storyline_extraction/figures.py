"""Numbers in text: "170%", "at least 12", "two dozen", "1.5 million", with their qualifiers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline_extraction.text_segments import Token

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
    "bn": 1_000_000_000,
    "m": 1_000_000,
}
_VAGUE = {
    "dozens": (24, None),
    "scores": (40, None),
    "hundreds": (200, None),
    "thousands": (2000, None),
    "several": (3, 9),
    "a few": (2, 5),
}
_AT_LEAST = {
    "at least",
    "more than",
    "over",
    "at least some",
    "upwards of",
    "nearly",
    "almost",
    "about",
    "around",
    "some",
    "roughly",
    "up to",
    "approximately",
}
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number spanning tokens ``start``..``end``; ``low`` is set for "at least"-style bounds."""

    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    unit: str | None
    text: str


def find_numbers(tokens: Sequence[Token], text: str, offset: int) -> list[NumberMention]:
    found: list[NumberMention] = []
    lower = [t.lower for t in tokens]
    i = 0
    while i < len(tokens):
        value, end = _number_at(lower, i)
        if value is None:
            i += 1
            continue
        start = i
        low = high = None
        qualifier = _qualifier_before(lower, i)
        if qualifier:
            start = i - len(qualifier.split())
            if qualifier in {"up to"} or qualifier in {"nearly", "almost"}:
                high = value
            else:
                low = value
        if lower[i] in _VAGUE:
            low, high = _VAGUE[lower[i]]
        unit = None
        if end < len(tokens) and lower[end] in {"%", "percent"}:
            unit, end = "percent", end + 1
        elif end + 1 < len(tokens) and (lower[end], lower[end + 1]) == ("per", "cent"):
            unit, end = "percent", end + 2
        elif start > 0 and tokens[start - 1].text in {"$", "€", "£"}:
            unit, start = {"$": "USD", "€": "EUR", "£": "GBP"}[tokens[start - 1].text], start - 1
        span = text[tokens[start].start - offset : tokens[end - 1].end - offset]
        found.append(NumberMention(start, end, value, low, high, unit, span))
        i = end
    return found


def _number_at(lower: Sequence[str], i: int) -> tuple[float | None, int]:
    word = lower[i]
    if word in _VAGUE:
        return float(_VAGUE[word][0]), i + 1
    if word in {"a", "an"} and i + 1 < len(lower) and lower[i + 1] == "dozen":
        return 12.0, i + 2
    value: float | None = None
    end = i + 1
    if _NUMBER.match(word):
        value = float(word.replace(",", ""))
    elif word in _UNITS:
        value = float(_UNITS[word])
        # "twenty - five"
        if end + 1 < len(lower) and lower[end] == "-" and lower[end + 1] in _UNITS:
            value += _UNITS[lower[end + 1]]
            end += 2
    if value is None:
        return None, i + 1
    while end < len(lower) and lower[end] in _SCALES:
        value *= _SCALES[lower[end]]
        end += 1
    return value, end


def _qualifier_before(lower: Sequence[str], i: int) -> str | None:
    for width in (3, 2, 1):
        if i - width >= 0:
            phrase = " ".join(lower[i - width : i])
            if phrase in _AT_LEAST:
                return phrase
    return None
