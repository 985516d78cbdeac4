"""Blasts told in a story of shelling or missile fire are strikes.

"More than a dozen blasts shook the nuclear plant", in a report about shelling, are the
shells landing; in a report of a car bomb they are the bomb. An explosion word alone says
which neither way, so an attack read from one takes the kind of the article's strikes when
the article reports strikes (or argues over them) and no attack of another kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from storyline_extraction.event_draft import EventDraft
from storyline_extraction.sentence_analysis import SentenceAnalysis
from storyline_extraction.word_sets import words

_EXPLOSIONS = words("blast blasts explosion explosions exploded")
_LANDING = words("hit hits shook shake shakes rocked struck")
_FIRE = words("shelling shelled shells missile missiles rocket rockets strike strikes drone drones")


def explosions_as_strikes(
    drafts: Sequence[EventDraft], sentences: Mapping[int, SentenceAnalysis]
) -> list[EventDraft]:
    """``drafts`` with each attack read from an explosion word alone made a strike, in an
    article that reports strikes and no attack of another method."""
    strikes = any(
        d.kind == "strike_reported"
        # "accused Russian forces of shelling the facility": the strikes are what is argued over
        or (d.kind == "accusation_made" and _FIRE.intersection(d.text.lower().split()))
        for d in drafts
    )
    bombing = any(
        d.kind == "attack_reported" and d.method not in {None, "explosion"} for d in drafts
    )
    if not strikes or bombing:
        return list(drafts)
    return [
        replace(d, kind="strike_reported")
        if d.kind == "attack_reported" and _explosion_word(d, sentences)
        else d
        for d in drafts
    ]


def _explosion_word(d: EventDraft, sentences: Mapping[int, SentenceAnalysis]) -> bool:
    """Whether the attack was read from blasts that hit or shook something ("powerful
    explosions hit the plant"), not from one that went off somewhere ("an explosion at a
    hospital killed hundreds")."""
    tokens = sentences[d.sentence].tokens
    if d.trigger >= len(tokens) or tokens[d.trigger].lower not in _EXPLOSIONS:
        return False
    after = [t.lower for t in tokens[d.trigger + 1 : d.trigger + 3]]
    return bool(_LANDING.intersection(after))
