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
from spacy.util import compile_infix_regex

# "KYIV, May 4 (Northwire) - ", "LONDON (Reuters) -", "MINSK, 26 May (Agency) -", "Baku, 17
# October (Agency) -", "RAWALPINDI, Feb 26 (ICA):", "NAY PYI TAW, 27 Aug --", "Havana, January 19
# (Agency).-", "MOSCOW, May 3. /TASS/.": the dateline names where and when the article was filed,
# not where or when anything happened, so it is kept out of the analysis. A place in capitals
# needs only the dash after it; a place in ordinary case needs a date or an agency as well, so
# that a sentence opening "Gunmen - ..." is never taken for one.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DAY_MONTH = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s*\d{{4}})?"
_AGENCY = r"(?:\(\s*[^()\n]{1,40}\)|/[^/\n]{1,20}/)"
_DASH = r"\.?\s*(?:[-–—]+|:)\s+"
_DATELINE = re.compile(
    rf"""^[ \t]*(?:
        [A-Z][A-Z.'’/-]+(?:[ ][A-Z][A-Z.'’/-]*){{0,3}}   # KYIV, NAY PYI TAW, WASHINGTON/TOKYO
        (?:,[ ]*[A-Z][A-Za-z.'’-]+(?:[ ][A-Z][A-Za-z.'’-]+){{0,2}}(?=,|[ ]*\(|{_DASH}))?
        (?:,?[ ]*{_DAY_MONTH})?\.{{0,2}}[ ]*{_AGENCY}?\.?
      | [A-Z][a-z]+(?:[ ][A-Z][a-z]+){{0,2}}                     # Baku, Pyongyang, Nur-Sultan
        (?:,[ ]*{_DAY_MONTH}\.?[ ]*{_AGENCY}?|[ ]*{_AGENCY})\.?
    )(?:{_DASH}|(?<=/\.)[ ]+)""",
    re.VERBOSE,
)
_DATED = re.compile(r"\d|\(|/")
# A live blog's entries open with their time ("18:45 - ", "03:05 GMT - ") and its key points with
# a bullet ("- Israel bombs ..."): neither is part of the sentence.
_ENTRY_PREFIX = re.compile(
    r"[ \t]*(?:\d{1,2}[:.]\d{2}(?:[ ]?[A-Z]{2,4})?[ \t]*[-–—:|]+|[-–—•*])[ \t]+"
)
# How far into the body a dateline may open a line: below a page's headline, byline and stamps.
_DATELINE_LINES = 12
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


# "U.S.-led", "U.N.-brokered": spaCy keeps an abbreviation with a hyphened word after it as one
# token, so the state inside was never found ("Saudi-led" is split already).
_ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[a-z])"


def split_abbreviation_hyphens(nlp: Language) -> Language:
    """``nlp`` with its tokenizer splitting "U.S.-led" into "U.S.", "-", "led". Both the cheap
    tokenizer and the parser's use it, so that their tokens agree."""
    infixes = [*(nlp.Defaults.infixes or ()), _ABBREVIATION_HYPHEN]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    return nlp


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """The rule-based English tokenizer, built once per process."""
    return split_abbreviation_hyphens(spacy.blank("en"))


def dateline_span(body: str) -> tuple[int, int]:
    """Offsets of the dateline opening the report, or (0, 0) when there is none.

    It opens the body, or the first line of prose below a web page's headline and stamps."""
    offset = 0
    for line in body.split("\n", _DATELINE_LINES)[:_DATELINE_LINES]:
        match = _DATELINE.match(line)
        # "LIVE UPDATES: ..." is a heading: a colon ends a dateline only after a date or agency
        heading = match is not None and match.group().rstrip().endswith(":")
        if match and not (heading and not _DATED.search(match.group())):
            return offset, offset + match.end()
        offset += len(line) + 1
    return 0, 0


def dateline_end(body: str) -> int:
    """Offset just past the report's dateline, or 0 when there is none."""
    return dateline_span(body)[1]


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


_ELLIPSES = frozenset({"...", "…"})
_STRAIGHT_QUOTES = frozenset({'"', "'"})


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of the body; a line break always ends a sentence (headlines, bullet lists).

    One tokenizer call over the whole body, read as arrays of offsets: building a Python object
    per spaCy token, or running the sentencizer component, costs more than the tokenizing."""
    doc = blank_english().tokenizer(body)
    columns = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
    skip_from, skip = dateline_span(body)
    prefix_end = _entry_prefix_end(body, 0)
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
    trailing_off = False
    for idx, length, is_space in columns:
        if skip_from <= idx < skip or idx < prefix_end:
            continue
        text = body[idx : idx + length]
        if is_space:
            if "\n" in text:
                close()
                ended = False
                prefix_end = _entry_prefix_end(body, idx + text.rindex("\n") + 1)
            continue
        if ended and text[:1].islower() and (trailing_off or current[-1].text in _CLOSERS):
            # "It's unlikely... that it was fired", `"Out!" he shouted`: no end yet
            ended = False
        # a straight quotation mark after a space opens the next sentence: `said. "It's ...`
        opening = text in _STRAIGHT_QUOTES and body[idx - 1 : idx].isspace()
        if (ended and (text not in _CLOSERS or opening)) or len(current) >= MAX_SENTENCE_TOKENS:
            close()
            ended = False
        if text in _ENDERS:
            trailing_off = text in _ELLIPSES
        ended = ended or text in _ENDERS
        lower = lowered[idx : idx + length] if aligned else text.lower()
        current.append(Token(len(current), text, lower, idx, idx + length))
        if ended and text not in _ENDERS and text not in _CLOSERS:
            ended = False
    close()
    return sentences


def _entry_prefix_end(body: str, line_start: int) -> int:
    """Offset past a live-blog time, a bullet, or a dated dateline opening the line at
    ``line_start`` (a page that carries a second report: "MOSCOW, March 12. /TASS/. ...")."""
    match = _ENTRY_PREFIX.match(body, line_start)
    if match:
        return match.end()
    if line_start > 0 and body[line_start : line_start + 1].isupper():
        dateline = _DATELINE.match(body[line_start : line_start + 120])
        if dateline and _DATED.search(dateline.group()) and "\n" not in dateline.group():
            return line_start + dateline.end()
    return line_start
