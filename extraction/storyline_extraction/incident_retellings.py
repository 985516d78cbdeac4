"""Incidents and tolls an article has already reported, told again further down.

Copy repeats its incident: a lead gives "killing 12 people", a later paragraph says "the
attack, which killed 12 people", a recap says "12 people were killed on Tuesday". Only the
first report is an event. A later toll that repeats every figure of an earlier toll, with the
same date, is dropped; a toll that adds a figure (a new count of wounded, a higher count of
dead) is kept, since it is news. An act an accusation says of the thing already hit is the
accusation, not a second incident (``accused_acts``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyline_extraction.blame_rules import CONTESTED_ONLY, NOUN_ROLES
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


def accused_acts(a: SentenceAnalysis, said: list[EventDraft], told: set[str]) -> frozenset[int]:
    """Tokens whose act is what an accusation in the same sentence says about a thing already
    told of ("the governor said the bridge had been attacked by Kyiv's regime", once the attack
    was reported): there the sentence is the accusation, not a second incident. A new place or
    object hit ("said Armenian forces had fired rockets at Ganja") is news of its own."""
    if not told:
        return frozenset()
    return frozenset(
        d.trigger
        for d in said
        if d.kind == "accusation_made"
        and CONTESTED_ONLY not in d.notes
        and _told_thing_hit(a, d.trigger, told)
    )


# "the bridge had been attacked by ...", "blew up the plant", "it was struck by ...": the thing
# an earlier incident report named, hit; "also", "again" or a place, day or count of its own
# make it news.
_TOLD = frozenset({"the", "this", "that"})
_BACK_PRONOUNS = frozenset({"it", "them"})
_NEW = frozenset({"also", "again", "another", "second", "new", "further", "more"})


def _told_thing_hit(a: SentenceAnalysis, i: int, told: set[str]) -> bool:
    if not a.parsed or _NEW.intersection(t.lower for t in a.tokens):
        return False
    hit = a.deps(i, "nsubjpass") if a.deps(i, "agent") else a.deps(i, "dobj")
    named = a.tokens[i].dep in NOUN_ROLES  # "deliberate sabotage by the other side"
    if not named and not any(
        a.tokens[h].lower in _BACK_PRONOUNS
        or (a.tokens[h].lower in told and any(a.tokens[x].lower in _TOLD for x in a.deps(h, "det")))
        for h in hit
    ):
        return False
    doers = {t for x in a.deps(i, "agent", "nsubj") for t in a.subtree(x)}
    span = (set(a.subtree(i)) | {t for h in hit for t in a.subtree(h)}) - doers
    lo, hi = a.tokens[min(span)].start, a.tokens[max(span)].end
    return not (
        any(p.start in span for p in a.places)
        or any(n.start in span for n in a.numbers)
        or any(lo <= x.start < hi for x in a.dates)
    )


def blamed_doers(found: list[EventDraft]) -> None:
    """An incident with no doer of its own that the same sentence blames on a party ("Ukraine
    blamed Russia for the blast", "said Kyiv was behind the sabotage") is that party's act, as
    alleged: the party accused is its doer, never the one it hit."""
    accused = [
        t
        for d in found
        if d.kind == "accusation_made" and d.source is not None
        for t in d.targets
        if t.canonical and side_key(t) != side_key(d.source)
    ]
    for d in found:
        if d.kind not in _INCIDENTS or d.source is not None:
            continue
        doer = next(
            (x for x in accused if any(side_key(t) == side_key(x) for t in d.targets)), None
        )
        if doer is not None:
            d.source = doer
            d.targets = tuple(t for t in d.targets if side_key(t) != side_key(doer))
            d.modality = "alleged"
