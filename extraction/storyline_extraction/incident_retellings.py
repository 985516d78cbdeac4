"""Incidents and tolls an article has already reported, told again further down.

Copy repeats its incident: a lead gives "killing 12 people", a later paragraph says "the
attack, which killed 12 people", a recap says "12 people were killed on Tuesday". Only the
first report is an event. A later toll that repeats every figure of an earlier toll, with the
same date, is dropped; a toll that adds a figure (a new count of wounded, a higher count of
dead) is kept, since it is news.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyline_extraction.event_draft import EventDraft, side_key
from storyline_extraction.sentence_analysis import SentenceAnalysis
from storyline_extraction.values import Figure, Place
from storyline_extraction.word_sets import words

_TOLL = "casualties_reported"


def _figure_key(f: Figure) -> tuple[float, str | None]:
    return (f.value, f.counts)


def drop_retold_tolls(drafts: Sequence[EventDraft]) -> list[EventDraft]:
    """The drafts without tolls that only restate an earlier toll of the article."""
    told: list[EventDraft] = []
    kept: list[EventDraft] = []
    for d in sorted(drafts, key=lambda x: (x.sentence, x.trigger_offset)):
        if d.kind == _TOLL and d.figures:
            figures = {_figure_key(f) for f in d.figures}
            if any(
                figures <= {_figure_key(f) for f in earlier.figures}
                and (d.when is None or earlier.when is None or d.when.start == earlier.when.start)
                for earlier in told
            ):
                continue
            told.append(d)
        kept.append(d)
    return kept


_INCIDENTS = frozenset({"strike_reported", "attack_reported"})
# Words that say a sentence tells another incident: "drones also hit", "a second bomb".
_ANOTHER = words("also another second third separate separately other further fresh again new")


def drop_retold_incidents(
    drafts: Sequence[EventDraft], sentences: Mapping[int, SentenceAnalysis]
) -> list[EventDraft]:
    """The drafts without strikes and attacks that only tell an earlier one of the article
    again: no doer, target, day, place or weapon of their own that the earlier report lacks,
    and no word saying it is another ("also", "a second", "separate")."""
    told: list[EventDraft] = []
    kept: list[EventDraft] = []
    for d in sorted(drafts, key=lambda x: (x.sentence, x.trigger_offset)):
        if d.kind in _INCIDENTS:
            a = sentences[d.sentence]
            if not _ANOTHER.intersection(t.lower for t in a.tokens) and any(
                _retells(d, earlier) and _hits_nothing_new(a, d, sentences[earlier.sentence])
                for earlier in told
            ):
                continue
            told.append(d)
        kept.append(d)
    return kept


_STOP = words("the a an its their his her of in on at near with and by from into to")


def _hits_nothing_new(a: SentenceAnalysis, d: EventDraft, earlier: SentenceAnalysis) -> bool:
    """Whether what the later trigger hit ("a dormitory", "its positions") was already named
    in the earlier sentence: the words after the trigger, up to the clause's end."""
    after: list[str] = []
    for t in a.tokens[d.trigger + 1 : d.trigger + 7]:
        if not t.lower.isalpha():
            break
        after.append(t.lower)
    named = {t.lower for t in earlier.tokens}
    return all(w in named or w in _STOP for w in after)


def _retells(later: EventDraft, earlier: EventDraft) -> bool:
    if later.sentence == earlier.sentence:
        return False
    if later.source is not None and side_key(later.source) != side_key(earlier.source):
        return False
    targets = {side_key(t) for t in later.targets}
    if targets and targets != {side_key(t) for t in earlier.targets}:
        return False
    day = later.when.start if later.when is not None else None
    if day is not None and (earlier.when is None or earlier.when.start != day):
        return False
    if later.weapon and earlier.weapon and later.weapon != earlier.weapon:
        return False
    places = {_place(p) for p in earlier.places}
    return all(_place(p) in places for p in later.places)


def _place(place: Place) -> str:
    return place.canonical or place.text.lower()
