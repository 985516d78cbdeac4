"""Sentences and tokens of an article body, with character offsets into the body.

The cheap pass uses spaCy's rule-based English tokenizer only (no statistical model) and finds
model), which runs at hundreds of thousands of words per second. Offsets are kept against the
original body so every event can point at its evidence sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH  # type: ignore[import-not-found]
from spacy.language import Language

# "KYIV, May 4 (Northwire) - " and "LONDON (Reuters) -": the dateline names where and when the
# article was filed, not where or when anything happened, so it is kept out of the analysis.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .'’-]{0,30})?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s*"
)
_ENDERS = frozenset({".", "!", "?", "...", "…"})
# Real sentences stay far below this; text without sentence ends (a table, a pasted list, junk)
# is cut into pieces of this many tokens, so that no "sentence" costs the parser gigabytes and no
# evidence quotes a whole page.
MAX_SENTENCE_TOKENS = 200
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})


class Token(NamedTuple):
    """One token. ``start``/``end`` are offsets into the body; ``head`` is -1 without a parse.

    A named tuple, not a dataclass: the cheap pass creates one per word of every article."""

    i: int
    text: str
    lower: str
    start: int
    end: int
    dep: str = ""
    head: int = -1


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """The rule-based English tokenizer, built once per process."""
    return spacy.blank("en")


def dateline_end(body: str) -> int:
    """Offset just past a leading dateline, or 0 when there is none."""
    match = _DATELINE.match(body)
    return match.end() if match else 0


def tokenize(text: str, offset: int) -> tuple[Token, ...]:
    """Tokens of ``text`` with offsets shifted by ``offset``, whitespace tokens dropped."""
    doc = blank_english().tokenizer(text)
    out: list[Token] = []
    for idx, length, is_space in doc.to_array([IDX, LENGTH, IS_SPACE]).tolist():
        if is_space:
            continue
        word = text[idx : idx + length]
        start = offset + idx
        out.append(Token(len(out), word, word.lower(), start, start + length))
    return tuple(out)


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of the body; a line break always ends a sentence (headlines, bullet lists).

    One tokenizer call over the whole body, read as arrays of offsets: building a Python object
    per spaCy token, or running the sentencizer component, costs more than the tokenizing."""
    doc = blank_english().tokenizer(body)
    columns = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
    skip = dateline_end(body)
    sentences: list[Sentence] = []
    current: list[Token] = []

    def close() -> None:
        if current:
            start, end = current[0].start, current[-1].end
            sentences.append(Sentence(len(sentences), start, end, body[start:end], tuple(current)))
            current.clear()

    # Lower-casing the body once is cheaper than once per token, unless a character changes
    # length when lower-cased (Turkish dotted I), which would shift every offset after it.
    lowered = body.lower()
    aligned = len(lowered) == len(body)
    ended = False
    for idx, length, is_space in columns:
        if idx < skip:
            continue
        text = body[idx : idx + length]
        if is_space:
            if "\n" in text:
                close()
                ended = False
            continue
        if (ended and text not in _CLOSERS) or len(current) >= MAX_SENTENCE_TOKENS:
            close()
        ended = ended or text in _ENDERS
        lower = lowered[idx : idx + length] if aligned else text.lower()
        current.append(Token(len(current), text, lower, idx, idx + length))
        if ended and text not in _ENDERS and text not in _CLOSERS:
            ended = False
    close()
    return sentences
