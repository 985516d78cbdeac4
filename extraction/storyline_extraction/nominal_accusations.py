"""Accusations told as nouns: "recent accusations against China by Robert O'Brien", "the U.S.
leader's allegations that China is interfering", "Iran rejects the United States accusations".

Copy often reports an accusation only by naming it, most of all in the answer to it. The noun
says who accuses (its owner: "Trump's", "U.S.", "by the European Union") and, one way or
another, whom: "against Y", the subject of what it says ("that Y ..."), or, when it is only
answered, whoever answers it ("Iran rejects the U.S. accusations": Iran is the accused).

A noun that only points back at an accusation the article has already reported ("China denied
Trump's accusations" after "Trump accused China ...") reports nothing new: those drafts carry
``REPEAT_OF_EARLIER`` and ``drop_repeated`` keeps them only when no earlier accusation in the
article has the same accuser and accused.
"""

from __future__ import annotations

from storyline_extraction.actor_roles import actors_at, subject_heads
from storyline_extraction.event_draft import EventDraft, side_key
from storyline_extraction.rule_context import RuleContext, speaker, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import (
    acting_sources,
    clause_text,
    make_draft,
    prep_objects,
)
from storyline_extraction.statement_context import is_itself
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

REPEAT_OF_EARLIER = "repeat_of_earlier"
# Said just before an accusation noun: who made it, or that it is made or answered.
_MADE = words("levelled leveled made renewed repeated")
# Just after it: whom it is against, whose it is, or what it says.
_PARTIES_AFTER = words("against by from that")

# Verbs that answer an accusation: their subject is the one accused.
_ANSWERING = words(
    "denied denies deny denying rejected rejects reject rejecting dismissed dismisses dismiss "
    "dismissing refuted refutes refute refuting rebuffed rebuffs rebuff brushed repudiated "
    "repudiates"
)
_CONTENT_DEPS = frozenset({"acl", "ccomp", "relcl"})


def names_its_parties(a: SentenceAnalysis, trig: Trigger) -> bool:
    """Whether an accusation noun may name who makes it, from the words around it (a cheap
    test before any parse): "made the accusation", "Trump's accusations", "U.S. accusations",
    "accusations against ...", "allegations that ..."."""
    before = window(a, trig.start - 4, trig.start)
    after = window(a, trig.end, trig.end + 1)
    if _MADE.intersection(before) or _PARTIES_AFTER.intersection(after) or "'s" in before:
        return True
    if after == ["of"] and any(trig.end < m.start <= trig.end + 3 for m in a.mentions):
        return True  # "the accusations of the Kyiv regime"
    return any(trig.start - 2 <= m.end <= trig.start for m in a.mentions)


def nominal_accusation_drafts(
    a: SentenceAnalysis, trig: Trigger, ctx: RuleContext
) -> list[EventDraft]:
    if not a.parsed:
        return []
    noun = trig.start
    accusers = [o for o in _owners(a, noun, ctx) if o.canonical or o.kind == "person"]
    if not accusers:
        return []  # "amid accusations that ...": nobody in particular
    accused = _accused(a, noun, ctx)
    drafts = []
    for accuser in accusers:
        targets = [t for t in accused if not is_itself(t, accuser) and not is_itself(accuser, t)]
        if not targets:
            continue
        draft = make_draft(
            "accusation_made",
            a,
            trig,
            accuser,
            targets,
            text=clause_text(a, noun),
            about=("strike_reported", "attack_reported"),
        )
        draft.notes[REPEAT_OF_EARLIER] = "dropped when an earlier accusation says the same"
        drafts.append(draft)
    return drafts


def _owners(a: SentenceAnalysis, noun: int, ctx: RuleContext) -> list[Actor]:
    # "accusations by Baku"; also "by" right after the noun's phrase that the parser hung on
    # the verb ("dismissed accusations against it by Baku")
    preps = [*a.deps(noun, "prep"), *a.deps(a.head(noun), "prep")]
    follows = max(a.subtree(noun)) + 1
    by = [
        x
        for p in preps
        if a.tokens[p].lower in {"by", "from"} and (a.head(p) == noun or p == follows)
        for x in actors_at(a, a.deps(p, "pobj"), ctx.discourse)
    ]
    if by:
        return by
    # "the accusations of the Kyiv regime": an actor after "of" owns them ("accusations of
    # genocide" name what is alleged, no actor)
    of = [
        x
        for p in a.deps(noun, "prep")
        if a.tokens[p].lower == "of"
        for x in actors_at(a, a.deps(p, "pobj"), ctx.discourse)
        if x.canonical
    ]
    if of:
        return of
    # "Trump's accusations", "the U.S. accusations": a name inside the noun's own phrase
    phrase = set(a.subtree(noun))
    return [m.actor() for m in a.mentions if m.end <= noun and m.start in phrase][-1:]


def _accused(a: SentenceAnalysis, noun: int, ctx: RuleContext) -> list[Actor]:
    against = prep_objects(a, noun, {"against"}, ctx)
    if against:
        return against
    for clause in a.deps(noun, *_CONTENT_DEPS):
        heads, passive = subject_heads(a, clause)
        if heads and not passive:
            said = [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]
            if said:
                return said
    verb = a.head(noun)
    role = a.tokens[noun].dep
    if role == "dobj" and (a.tokens[verb].lower in _ANSWERING or _called_untrue(a, verb)):
        sources, _ = acting_sources(a, verb, ctx)
        return [s for s in sources if s.canonical]
    if role == "nsubj" and _called_untrue(a, verb):
        # "Lukashenko said the EU's accusations were groundless": whoever says so is accused
        said_by = speaker(a, verb, ctx)
        return [said_by] if said_by is not None and said_by.canonical else []
    return []


def _called_untrue(a: SentenceAnalysis, verb: int) -> bool:
    """Whether the clause calls the accusation untrue, with a word the lexicon reads as a
    denial: "described the accusations as unfounded", "the accusations were groundless"."""
    denying = {i for t in a.triggers if t.kind == "denial_issued" for i in range(t.start, t.end)}
    said = [x for p in a.deps(verb, "prep") if a.tokens[p].lower == "as" for x in a.subtree(p)]
    said += [x for c in a.deps(verb, "acomp", "attr", "oprd") for x in a.subtree(c)]
    return bool(denying.intersection(said))


def drop_repeated(drafts: list[EventDraft]) -> list[EventDraft]:
    """The drafts without the accusations a noun only points back to (see the docstring)."""
    seen: set[tuple[str, str]] = set()
    repeats: set[int] = set()
    for d in sorted(drafts, key=lambda d: (d.sentence, d.trigger)):
        if d.kind == "accusation_made":
            pairs = {(side_key(d.source), side_key(t)) for t in d.targets}
            if REPEAT_OF_EARLIER in d.notes and pairs <= seen:
                repeats.add(id(d))
            seen |= pairs
    return [d for d in drafts if id(d) not in repeats]
