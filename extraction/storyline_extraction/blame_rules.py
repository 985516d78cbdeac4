"""Accusations said other ways: responsibility put on someone in the speaker's words.

Copy rarely writes "X accused Y". It writes "Y was to blame", "the culprit was Y", "Y bore full
responsibility", "responsibility lay with Y", "the work of Y", "the hallmarks of Y", "traced to
Y", "Y's role", "Y must be held to account"; or "pinned the blame on Y", "which X blamed on Y".
Each of these names a responsible party in one of three places, by the shape of its phrase:

* after the phrase's own preposition ("hallmarks of Y", "traced to Y", "lies with Y");
* as the owner of a noun ("Y's role", "the complicity of Y");
* as the subject of the clause ("Y was to blame", "Y bore responsibility"), or, when the
  trigger is itself the subject, what it is said to be ("the sponsor was Y").

The accuser is whoever says it (the speaker of the clause). Said in the article's own voice, it
is no accusation ("the attack bore the hallmarks of ..." is the reporter's reading), except
for verbs that have an accuser of their own ("X blamed it on Y", "X attributed it to Y").
"""

from __future__ import annotations

from storyline_extraction.actor_roles import actors_at, conjuncts, subject_heads
from storyline_extraction.event_draft import EventDraft
from storyline_extraction.rule_context import RuleContext, speaker, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import acting_sources, clause_text, make_draft
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

# The responsible party follows the phrase's last word (a preposition) or the word "with".
_PARTY_AFTER = words("of to on with")
_OWNED = words("role complicity responsibility")
# Verbs that carry their own accuser: the subject blames, whoever reports it.
_OWN_ACCUSER = words("blamed attributed")
_COPULAS = words("was is were are be been being")
_BEAR = words("bore bear bears bearing")
_LIE = words("lies lay lie rests rested")
_SKIP_TO_NAME = words("the a an full entirely solely with squarely firmly")

BLAME_PHRASES = frozenset(
    {
        "to blame",
        "culprit",
        "culprits",
        "perpetrator",
        "perpetrators",
        "guilty",
        "villain",
        "sponsor",
        "work of",
        "hallmarks of",
        "hallmark of",
        "traced to",
        "traced back to",
        "attributed to",
        "blamed on",
        "trail leads to",
        "trail led to",
        "role",
        "complicity",
        "involved",
        "held to account",
        "hold to account",
        "be held to account",
        "accountable",
    }
)


def is_blame_phrase(phrase: str) -> bool:
    return phrase in BLAME_PHRASES or phrase == "responsibility"


def blame_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """Accusations from the phrases of ``BLAME_PHRASES`` and "... responsibility" (see above)."""
    words_ = trig.phrase.split()
    if words_[0] in _OWN_ACCUSER:
        sources, _ = acting_sources(a, trig.start, ctx)
    else:
        said_by = speaker(a, trig.start, ctx) if a.parsed else None
        sources = [said_by] if said_by is not None else []
    parties = _responsible(a, trig, ctx)
    sources = [s for s in sources if s.canonical or s.kind == "person"]
    if not parties or not sources:
        return []
    text = clause_text(a, a.head(trig.start)) if a.parsed else clause_text(a, trig.start)
    return [
        make_draft(
            "accusation_made",
            a,
            trig,
            s,
            parties,
            text=text,
            about=("strike_reported", "attack_reported"),
        )
        for s in sources
    ]


def _responsible(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    last = a.tokens[trig.end - 1].lower
    if last in _PARTY_AFTER:
        return _after(a, trig, ctx)
    if trig.phrase == "responsibility":
        return _responsibility(a, trig, ctx)
    if trig.phrase in _OWNED:
        return _owner(a, trig, ctx)
    return _subject_party(a, trig, ctx)


def _named(actors: list[Actor]) -> list[Actor]:
    return [x for x in actors if x.canonical]


def _after(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    """The party right after the phrase: "traced to Moscow", "lies entirely with the army"."""
    if a.parsed:
        last = trig.end - 1
        objs = [o for p in [last, *a.deps(last, "prep")] for o in a.deps(p, "pobj")]
        found = _named(actors_at(a, [c for o in objs for c in conjuncts(a, o)], ctx.discourse))
        if found:
            return found
    j = trig.end
    while j < len(a.tokens) and j - trig.end < 4 and a.tokens[j].lower in _SKIP_TO_NAME:
        j += 1
    return [m.actor() for m in a.mentions if m.start == j]


def _responsibility(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    """ "X bore full responsibility", "responsibility lies with X", "X's responsibility"."""
    if not a.parsed:
        return []
    head = a.head(trig.start)
    verb = a.tokens[head].lower
    if verb in _BEAR:
        return _subject_party_of(a, head, ctx)
    if verb in _LIE:
        withs = [p for p in a.deps(head, "prep") if a.tokens[p].lower == "with"]
        objs = [o for p in withs for o in a.deps(p, "pobj")]
        return _named(actors_at(a, [c for o in objs for c in conjuncts(a, o)], ctx.discourse))
    if a.tokens[trig.start].dep in {"dobj", "nsubj"}:
        return []  # "claimed responsibility", "took responsibility": claims, not blame
    return _owner(a, trig, ctx)


def _owner(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    """ "Iran's role", "the complicity of the army", "an Iranian role"."""
    i = trig.start
    before = [m for m in a.mentions if m.end in (i, i - 1)]
    if before and (before[-1].end == i or a.tokens[i - 1].lower in {"'s", "’s"}):
        return [before[-1].actor()]
    if window(a, trig.end, trig.end + 1) == ["of"]:
        j = trig.end + 1 + (window(a, trig.end + 1, trig.end + 2) == ["the"])
        return [m.actor() for m in a.mentions if m.start == j]
    return []


def _subject_party(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    """ "Iran was to blame", "the culprit was Iran", "those involved were Iranian agents"."""
    if not a.parsed:
        return []
    for i in range(trig.start, trig.end):
        found = _subject_party_of(a, i, ctx)
        if found:
            return found
    return []


def _subject_party_of(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor]:
    if a.tokens[i].dep in {"nsubj", "nsubjpass"}:
        head = a.head(i)
        attrs = a.deps(head, "attr", "acomp")
        return _named(actors_at(a, [c for x in attrs for c in conjuncts(a, x)], ctx.discourse))
    heads, _ = subject_heads(a, i)
    found = _named(actors_at(a, heads, ctx.discourse))
    if found:
        return found
    # "Iran was the culprit": the subject of the copula the noun is the attribute of
    head = a.head(i)
    if a.tokens[head].lower in _COPULAS:
        subj = a.deps(head, "nsubj")
        return _named(actors_at(a, [c for s in subj for c in conjuncts(a, s)], ctx.discourse))
    return []
