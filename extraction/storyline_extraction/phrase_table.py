"""Exact lookup of multi-word phrases in a token sequence, longest match first.

A dictionary keyed by the first word keeps lookups O(tokens x phrases starting there), which
is what makes the candidate pass cheap enough to run over every sentence.

Real copy quotes the words that carry a charge: urged "utmost caution", vowed a "crushing
response", a "terrorist attack". A quotation mark between a phrase's words does not break it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PhraseHit(Generic[T]):
    """Tokens ``start`` (inclusive) to ``end`` (exclusive) spell a phrase carrying ``payload``."""

    start: int
    end: int
    payload: T


class PhraseTable(Generic[T]):
    """Phrases (as token tuples) mapped to payloads; case-sensitive unless ``lowercase``."""

    def __init__(self, entries: Iterable[tuple[Sequence[str], T]], *, lowercase: bool) -> None:
        self._lowercase = lowercase
        by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for words, payload in entries:
            key = tuple(w.lower() for w in words) if lowercase else tuple(words)
            if key:
                by_first.setdefault(key[0], []).append((key, payload))
        for options in by_first.values():
            options.sort(key=lambda option: -len(option[0]))
        self._by_first = by_first

    def _key(self, word: str) -> str:
        return word.lower() if self._lowercase else word

    def find_all(self, words: Sequence[str]) -> list[PhraseHit[T]]:
        """Every match, overlapping ones included."""
        keys = [w.lower() for w in words] if self._lowercase else list(words)
        hits: list[PhraseHit[T]] = []
        by_first = self._by_first
        for start, first in enumerate(keys):
            options = by_first.get(first)
            if options is None:
                continue
            for phrase, payload in options:
                end = _spelled_to(keys, start, phrase)
                if end is not None:
                    hits.append(PhraseHit(start, end, payload))
        return hits

    def find_longest(self, words: Sequence[str]) -> list[PhraseHit[T]]:
        """Non-overlapping matches, scanning left to right and preferring the longest."""
        keys = [w.lower() for w in words] if self._lowercase else list(words)
        hits: list[PhraseHit[T]] = []
        start = 0
        by_first = self._by_first
        while start < len(keys):
            for phrase, payload in by_first.get(keys[start], ()):
                end = _spelled_to(keys, start, phrase)
                if end is not None:
                    hits.append(PhraseHit(start, end, payload))
                    start = end
                    break
            else:
                start += 1
        return hits


QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''"})
# The marks of reported speech: an apostrophe ("Reuters' report") is not one.
SPEECH_MARKS = frozenset({'"', "“", "”"})


def _spelled_to(keys: Sequence[str], start: int, phrase: tuple[str, ...]) -> int | None:
    """The end of ``phrase`` spelled from ``keys[start]`` (whose first word is known to match),
    quotation marks between its words skipped; None if it is not spelled there."""
    end = start + len(phrase)
    if end == start + 1 or tuple(keys[start:end]) == phrase:
        return end
    k = start + 1
    for word in phrase[1:]:
        while k < len(keys) and keys[k] in QUOTES:
            k += 1
        if k >= len(keys) or keys[k] != word:
            return None
        k += 1
    return k
