"""Accusations made by calling someone a wrongdoer: "Dagalo called Burhan a criminal", "Kyiv
branded Russia a terrorist state", "described Putin as a war criminal", "was branded a murderer
by the opposition". Whoever gives the name accuses whoever is given it.

Only verbs of naming count, so "the terrorists attacked the convoy" or "a criminal court" accuse
nobody; an insult that names no wrong ("a liar", "a dictator") is not an accusation.
"""

from __future__ import annotations

from storyline_extraction.actor_roles import actors_at, agent_heads
from storyline_extraction.event_draft import EventDraft
from storyline_extraction.modality import read_trigger
from storyline_extraction.rule_context import RuleContext, unknown_person, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import acting_sources, clause_text, make_draft
from storyline_extraction.statement_context import is_itself
from storyline_extraction.word_sets import words

# The names; the same phrases are accusation triggers in ``data/statements.json``.
CULPRIT_NOUNS = frozenset(
    {
        "war criminal", "war criminals", "criminal", "criminals", "terrorist", "terrorists",
        "terrorist state", "terrorist regime", "terrorist organisation", "terrorist organization",
        "state sponsor of terrorism", "murderer", "murderers", "butcher", "aggressor",
    }
)  # fmt: skip
_CALLING = words(
    "called calls calling branded brands branding labelled labeled labelling labeling dubbed "
    "dubs described describes describing termed terms designated designates designating"
)
# how far before the name its verb may stand: "called the army chief and his aides criminals"
_REACH = 8


def may_name_culprit(a: SentenceAnalysis, trig: Trigger) -> bool:
    """A verb of naming shortly before the name: the cheap test before any parse."""
    return bool(_CALLING.intersection(window(a, trig.start - _REACH, trig.start)))


def culprit_named_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    if not a.parsed or read_trigger(a, trig, ctx.lexicon, "accusation_made") == "skip":
        return []
    verb = _calling_verb(a, trig.start)
    if verb is None:
        return []
    sources, passive = acting_sources(a, verb, ctx)
    if passive:
        # "Putin was branded a war criminal by Biden": the subject is named, the agent names
        # ("by" may hang on the name itself)
        by = a.deps(verb, "prep") + a.deps(trig.end - 1, "prep")
        agents = agent_heads(a, verb) or [
            o for p in by if a.tokens[p].lower == "by" for o in a.deps(p, "pobj")
        ]
        named, sources = sources, actors_at(a, agents, ctx.discourse)
    else:
        objects = [o for o in a.deps(verb, "dobj", "dative") if trig.start not in set(a.subtree(o))]
        named = [x for x in actors_at(a, objects, ctx.discourse) if x.canonical]
        named = named or [p for p in (unknown_person(a, o) for o in objects) if p is not None]
        if not objects:
            # "called the Ukrainian leadership terrorists": the parser makes the named party
            # part of the name
            inside = set(a.subtree(a.head(trig.start)))
            named = [m.actor() for m in a.mentions if m.start in inside and m.end <= trig.start]
    sources = [s for s in sources if s.canonical or s.kind == "person"]
    drafts = []
    for s in sources:
        targets = [t for t in named if not (is_itself(t, s) or is_itself(s, t))]
        if targets:
            text = clause_text(a, verb, limit=16)
            drafts.append(make_draft("accusation_made", a, trig, s, targets, text=text))
    return drafts


def _calling_verb(a: SentenceAnalysis, noun: int) -> int | None:
    """The verb of naming the name hangs on, directly ("called X a criminal") or through "as"
    ("described X as a war criminal")."""
    for up in a.ancestors(noun)[:3]:
        if a.tokens[up].lower in _CALLING:
            return up
    return None
