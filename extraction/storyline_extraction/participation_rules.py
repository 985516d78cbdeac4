"""Who is said to lead or fight an operation, and for which side: "the counteroffensive would be
led by the Wagner Group".

The operation belongs to a side: the state named with it ("a Ukrainian counteroffensive",
"Kyiv's offensive"), or whoever announced or threatened it earlier in the article ("Zelensky
pledged to launch a counteroffensive"; "this will be led by ..." refers back to it). The
participant is the armed group, organisation or state after "led by". Whether the participant
is known to fight for that side is not for extraction to judge: it reports what the article
says, and the read models check the claim against known affiliations.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline_extraction.event_assembly import as_party
from storyline_extraction.event_draft import EventDraft
from storyline_extraction.modality import is_negated
from storyline_extraction.rule_context import Operation, RuleContext
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

KIND = "participation_reported"
OPERATIONS = words(
    "counteroffensive counter-offensive offensive assault operation operations incursion "
    "invasion campaign push advance"
)
# Words between the operation and "led by": "would be", "is expected to be", "reportedly".
_BETWEEN = words(
    "will would be is was are were been being to expected set due going reportedly now also "
    "already allegedly apparently"
)
_REFERRING = words("this it that")
_PARTICIPANTS = frozenset({"group", "organisation", "state"})
# Kinds of announcement that give an operation its side: who pledged, threatened or claimed it.
_ANNOUNCING = frozenset({"pledge_made", "threat_issued", "responsibility_claimed"})


def note_operations(a: SentenceAnalysis, drafts: Sequence[EventDraft], ctx: RuleContext) -> None:
    """Remember the operations this sentence gives a side, for later sentences to refer to."""
    for d in drafts:
        if d.kind not in _ANNOUNCING or d.source is None:
            continue
        named = [w for w in d.text.lower().replace("-", " ").split() if w in OPERATIONS]
        if named:
            operation = Operation(as_party(d.source, ctx.gazetteer), d.targets)
            ctx.operations[named[-1]] = operation
            ctx.last_operation = operation
    lower = [t.lower for t in a.tokens]
    for i, word in enumerate(lower):
        if word in OPERATIONS:
            side = _side_named_before(a, i, ctx)
            if side is not None:
                operation = Operation(side, ())
                ctx.operations[word] = operation
                ctx.last_operation = operation


def participation_drafts(a: SentenceAnalysis, ctx: RuleContext) -> list[EventDraft]:
    drafts = []
    for trig in a.triggers:
        if trig.kind != KIND or is_negated(a, trig, ctx.lexicon, KIND):
            continue
        participant = _participant(a, trig)
        found = _operation(a, trig, ctx)
        if participant is None or found is None:
            continue
        noun, operation = found
        if operation.side.country and operation.side.country == participant.country:
            continue  # its own state's operation: the usual order of things, no claim of sides
        drafts.append(
            EventDraft(
                kind=KIND,
                sentence=a.index,
                trigger=trig.start,
                trigger_offset=a.tokens[trig.start].start,
                source=participant,
                targets=operation.against,
                modality="alleged" if _reported(a) else "asserted",
                confidence=0.55,
                text=noun,
                on_behalf_of=operation.side,
                date_attachable=False,
            )
        )
    return drafts


def _participant(a: SentenceAnalysis, trig: Trigger) -> Actor | None:
    for m in a.mentions:
        if trig.end <= m.start <= trig.end + 1 and m.entity.kind in _PARTICIPANTS:
            return m.actor()
    return None


def _operation(
    a: SentenceAnalysis, trig: Trigger, ctx: RuleContext
) -> tuple[str, Operation] | None:
    """The operation "led by" is said of, and its side."""
    i = trig.start - 1
    while i >= 0 and a.tokens[i].lower in _BETWEEN and trig.start - i <= 5:
        i -= 1
    if i < 0:
        return None
    word = a.tokens[i].lower
    if word in OPERATIONS:
        side = _side_named_before(a, i, ctx)
        if side is not None:
            return word, Operation(side, ctx.operations.get(word, Operation(side, ())).against)
        known = ctx.operations.get(word)
        return (word, known) if known is not None else None
    if word in _REFERRING and i == 0 and ctx.last_operation is not None:
        nouns = [n for n, op in ctx.operations.items() if op is ctx.last_operation]
        return (nouns[-1] if nouns else "operation"), ctx.last_operation
    return None


def _side_named_before(a: SentenceAnalysis, i: int, ctx: RuleContext) -> Actor | None:
    """The state named just before an operation noun: "Ukrainian", "Kyiv's", "Russia's"."""
    end = i - 1 if i > 0 and a.tokens[i - 1].lower in {"'s", "’s"} else i
    state = ctx.gazetteer.state_ending_at([t.text for t in a.tokens[max(0, end - 3) : end]])
    if state is None:
        return None
    return Actor(
        text=state.canonical, canonical=state.canonical, kind="state", country=state.country
    )


def _reported(a: SentenceAnalysis) -> bool:
    """Said by someone else ("one report said", "a channel claimed"): a claim, not a fact."""
    said = set(a.lower_between(0, len(a.tokens)))
    return bool(said & words("said says report reports reportedly claimed claims allegedly"))
