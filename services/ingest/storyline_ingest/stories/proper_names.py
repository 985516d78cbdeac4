"""Proper names in an article's lead that the gazetteer does not know.

Real news names far more places, facilities and organisations than any gazetteer holds: the
Kakhovka dam, the Kerch bridge, Energoatom, a village on the front line. Reports of one incident
share these names even when extraction resolves none of them, and without them such reports
share nothing but a country or two. Story grouping uses them as a third kind of name beside
actors and places (weighted by rarity like the others).

A name is a run of capitalised words, or an acronym, in the headline or the first sentences,
that does not open its sentence alone (there, capitals say nothing) and is not a calendar word, a
title or a demonym. Headlines written in Title Case are skipped: every word is capitalised there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LEAD_SENTENCES = 3
MAX_NAME_WORDS = 4
_TOKEN = re.compile(r"[A-Za-z][\w'’\-\.]*|[^\w\s]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z])")
# Russian, Ukrainians, Chinese: they say which side, not which incident.
_DEMONYM = re.compile(r"(?:ians?|eans?|ese)$")
_CONNECTORS = frozenset({"of", "de", "al", "el", "on", "upon"})
_NOT_NAME_TEXT = """
    a an the this that these those it its he she they we i you his her their our
    and but or nor so yet for in on at by to from with of as after before while when
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    president prime minister foreign defence defense interior secretary spokesman spokeswoman
    spokesperson minister's general colonel captain governor mayor chancellor king queen
    mr mrs ms dr sir lord pope
    north south east west northern southern eastern western central
    breaking update analysis exclusive live opinion
"""
_NOT_NAMES = frozenset(_NOT_NAME_TEXT.split())


def proper_names(title: str, body: str, known: Iterable[str] = ()) -> frozenset[str]:
    """Casefolded names from the headline and the lead, less the ``known`` ones."""
    found: set[str] = set()
    if not _title_case(title):
        found |= _names_in(title)
    for sentence in _SENTENCE_END.split(body.strip())[:LEAD_SENTENCES]:
        found |= _names_in(sentence)
    skip = {" ".join(name.casefold().split()) for name in known}
    return frozenset(name for name in found if name not in skip)


def _names_in(sentence: str) -> set[str]:
    words = _TOKEN.findall(sentence)
    names: set[str] = set()
    run: list[str] = []

    def close() -> None:
        while run and run[-1].casefold() in _CONNECTORS:
            run.pop()
        if run and len(run) <= MAX_NAME_WORDS:
            names.add(" ".join(run).casefold())
        run.clear()

    cleaned = [raw.removesuffix("'s").removesuffix("’s").strip("'’.") for raw in words]
    for index, word in enumerate(cleaned):
        # A capital opening the sentence says nothing, unless a name continues after it.
        opener_of_name = index == 0 and len(cleaned) > 1 and _is_name_word(cleaned[1])
        name_word = _is_name_word(word) and (index > 0 or opener_of_name)
        connector = bool(run) and word.casefold() in _CONNECTORS  # "Bank of England"
        if name_word or connector:
            run.append(word)
        else:
            close()
    close()
    return names


def _is_name_word(word: str) -> bool:
    if len(word) < 2 or word.casefold() in _NOT_NAMES or _DEMONYM.search(word):
        return False
    if word.isupper():
        return word.isalpha() and len(word) <= 6  # an acronym: IAEA, NATO
    return word[0].isupper() and any(c.islower() for c in word)


def _title_case(title: str) -> bool:
    words = [w for w in _TOKEN.findall(title) if w[0].isalpha() and len(w) > 3]
    capitalised = sum(w[0].isupper() for w in words)
    return len(words) >= 3 and capitalised / len(words) > 0.8
