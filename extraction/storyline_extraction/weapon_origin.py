"""Accusations made by naming where the weapons came from: "Riyadh said the drones used in the
attack were Iranian-made", "Kyiv said the missiles were of North Korean origin", "the Pentagon
said the drones had been made in Iran". The speaker makes the state that made or supplied the
weapons answer for the act: an accusation of that state.

The weapon's origin must be said by someone the sentence names; told in the article's own voice
("the Iranian-made drones hit a depot") it describes the weapon, and accuses no one.
"""

from __future__ import annotations

from storyline_extraction.event_draft import EventDraft
from storyline_extraction.gazetteer import Entity, Gazetteer
from storyline_extraction.lexicon import Lexicon
from storyline_extraction.rule_context import RuleContext, speaker, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import clause_text, make_draft
from storyline_extraction.statement_context import is_itself
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

# Accusation triggers (``data/statements.json``) that bring such a sentence to its parse; the
# rule itself reads every sentence parsed, as "were Iranian" has no word of its own to find.
ORIGIN_PHRASES = frozenset({"- made", "made in", "manufactured in", "supplied by", "origin"})
_COPULAS = words("was were is are")
# What the weapons may be called besides the lexicon's weapon words.
_WEAPON_WORDS = words(
    "weapons weapon arms munitions ammunition debris fragments remnants wreckage parts tanks "
    "shells rifles guns"
)
# how far before the copula the weapon may be named: "the drones used in the attack were"
_WEAPON_REACH = 8


def may_name_origin(a: SentenceAnalysis, lexicon: Lexicon) -> bool:
    """A weapon word, then a copula and a capitalised name or an origin phrase after it: the
    cheap test before a parse."""
    for k in _copulas(a):
        if _names_weapons(a, k, lexicon):
            after = a.tokens[k + 1 : k + 4]
            if any(t.text[:1].isupper() for t in after):
                return True
    return False


def origin_drafts(a: SentenceAnalysis, ctx: RuleContext) -> list[EventDraft]:
    if not a.parsed:
        return []
    drafts = []
    for k in _copulas(a):
        if not _names_weapons(a, k, ctx.lexicon):
            continue
        found = _origin_after(a, k, ctx.gazetteer)
        if found is None:
            continue
        state, start, end = found
        said_by = speaker(a, k, ctx)
        if said_by is None or not (said_by.canonical or said_by.kind == "person"):
            continue
        accused = Actor(
            text=a.words(start, end), canonical=state.canonical, kind="state", country=state.country
        )
        if is_itself(accused, said_by) or is_itself(said_by, accused):
            continue
        trig = Trigger(start, end, "accusation_made", a.words(start, end).lower())
        text = clause_text(a, k)
        drafts.append(make_draft("accusation_made", a, trig, said_by, [accused], text=text))
    return drafts


def _copulas(a: SentenceAnalysis) -> list[int]:
    return [k for k, t in enumerate(a.tokens) if t.lower in _COPULAS]


def _names_weapons(a: SentenceAnalysis, k: int, lexicon: Lexicon) -> bool:
    before = window(a, k - _WEAPON_REACH, k)
    return bool(_WEAPON_WORDS.intersection(before) or lexicon.weapons.find_all(before))


def _origin_after(
    a: SentenceAnalysis, k: int, gazetteer: Gazetteer
) -> tuple[Entity, int, int] | None:
    """The state named as the weapons' origin after copula ``k``: "were Iranian(-made)", "were
    of North Korean origin", "were made in Iran", "had been supplied by Iran"."""
    after = window(a, k + 1, k + 3)
    skip = 1 if after[:1] in (["of"], ["made"], ["manufactured"], ["supplied"]) else 0
    skip += 1 if skip and after[1:2] in (["in"], ["by"]) else 0
    start = k + 1 + skip
    found = gazetteer.state_starting([t.text for t in a.tokens[start : start + 3]])
    if found is None:
        return None
    state, end = found[0], start + found[1]
    rest = window(a, end, end + 2)
    if after[:1] == ["of"]:
        told = rest[:1] in (["origin"], ["manufacture"])
    elif skip:
        told = True  # "made in Iran", "supplied by Iran"
    else:
        told = rest[:2] == ["-", "made"] or not rest or rest[0] in {".", ",", "and", ";"}
    return (state, start, end) if told else None
