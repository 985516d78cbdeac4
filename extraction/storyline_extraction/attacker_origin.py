"""Accusations made by saying where the attackers came from: "India said the gunmen had crossed
from Pakistan", "the army said the militants infiltrated from Pakistan", "officials said the
raiders came from Afghanistan". The speaker makes the state the attackers came from answer for
the attack: an accusation of that state.

As with the origin of weapons (``weapon_origin``), only someone the sentence names accuses; told
in the article's own voice ("gunmen who crossed from Pakistan attacked the base") it is the
report of an attack, and a state's own people coming home from it ("fighters returned from
Syria") accuse nobody, as the verbs are verbs of coming in.
"""

from __future__ import annotations

from storyline_extraction.event_draft import EventDraft
from storyline_extraction.gazetteer import Gazetteer
from storyline_extraction.rule_context import RuleContext, speaker, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import clause_text, make_draft
from storyline_extraction.statement_context import is_itself
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

# Accusation triggers (``data/statements.json``) that bring such a sentence to its parse; the
# rule reads the sentence once, whichever of them it holds.
COMING_PHRASES = frozenset(
    {"came from", "come from", "crossed from", "crossed over from", "infiltrated from"}
    | {"came in from", "sneaked in from", "entered from"}
)
_ATTACKERS = words(
    "attackers attacker gunmen gunman militants militant terrorists terrorist infiltrators "
    "intruders raiders assailants fighters insurgents"
)
_CAME_IN = words("came come crossed infiltrated sneaked snuck entered slipped intruded arrived")
# how far after the attackers their coming may be told: "the four attackers, who had crossed"
_REACH = 9


def may_name_attackers_origin(a: SentenceAnalysis) -> bool:
    """Attackers, then a verb of coming in and "from": the cheap test before any parse."""
    return bool(_from_words(a))


def attacker_origin_drafts(a: SentenceAnalysis, ctx: RuleContext) -> list[EventDraft]:
    if not a.parsed:
        return []
    drafts = []
    for k in _from_words(a):
        found = _state_after(a, k + 1, ctx.gazetteer)
        if found is None:
            continue
        accused, end = found
        said_by = speaker(a, k, ctx)
        if said_by is None or not (said_by.canonical or said_by.kind == "person"):
            continue
        if is_itself(accused, said_by) or is_itself(said_by, accused):
            continue
        trig = Trigger(k + 1, end, "accusation_made", a.words(k + 1, end).lower())
        text = clause_text(a, k)
        drafts.append(make_draft("accusation_made", a, trig, said_by, [accused], text=text))
    return drafts


def _from_words(a: SentenceAnalysis) -> list[int]:
    """The "from" of each "attackers ... came (across) from" in the sentence."""
    lower = [t.lower for t in a.tokens]
    out = []
    for k, w in enumerate(lower):
        if w != "from" or k < 2:
            continue
        verb = next((v for v in range(k - 1, max(0, k - 4), -1) if lower[v] in _CAME_IN), None)
        if verb is None:
            continue
        if _ATTACKERS.intersection(window(a, verb - _REACH, verb)):
            out.append(k)
    return out


def _state_after(a: SentenceAnalysis, start: int, gazetteer: Gazetteer) -> tuple[Actor, int] | None:
    """The state named right after "from" ("from Pakistan"; "from across the border with
    Pakistan" is not read: the border names where, not who)."""
    found = gazetteer.state_starting([t.text for t in a.tokens[start : start + 3]])
    if found is None:
        return None
    state, end = found[0], start + found[1]
    text = a.words(start, end)
    return Actor(text=text, canonical=state.canonical, kind="state", country=state.country), end
