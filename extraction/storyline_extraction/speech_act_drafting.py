"""Helpers the speech-act rules share: who acts, the clause text, and building a draft."""

from __future__ import annotations

from collections.abc import Iterable

from storyline_extraction.actor_roles import (
    actors_at,
    dedupe,
    linear_source,
)
from storyline_extraction.event_draft import EventDraft, actor_key
from storyline_extraction.rule_context import (
    RuleContext,
    clause_subjects,
    confidence,
)
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.values import Actor

_EXPLETIVES = frozenset({"there", "this", "which", "what"})


def make_draft(
    kind: str,
    a: SentenceAnalysis,
    trig: Trigger,
    source: Actor | None,
    targets: Iterable[Actor],
    *,
    text: str = "",
    base: float = 0.6,
    about: tuple[str, ...] = (),
) -> EventDraft:
    source_key = actor_key(source)
    clean = tuple(t for t in dedupe(targets) if actor_key(t) != source_key)
    return EventDraft(
        kind=kind,
        sentence=a.index,
        trigger=trig.start,
        trigger_offset=a.tokens[trig.start].start,
        source=source,
        targets=clean,
        text=text,
        about_kinds=about,
        confidence=confidence(
            base, named_source=bool(source and source.canonical), parsed=a.parsed, alleged=False
        ),
    )


def acting_sources(a: SentenceAnalysis, i: int, ctx: RuleContext) -> tuple[list[Actor], bool]:
    if a.parsed:
        actors, passive = clause_subjects(a, i, ctx)
        return [x for x in actors if x.text.lower() not in _EXPLETIVES], passive
    return linear_source(a, i), False


def clause_text(a: SentenceAnalysis, i: int, limit: int = 14) -> str:
    """The words from token ``i`` to the end of its clause, at most ``limit`` of them. A clause
    cut short ends before its last prepositional phrase rather than inside it ("... a strike on
    the Kremlin", not "... a strike on the Kremlin on 29")."""
    rest = range(i, len(a.tokens))
    clause = [t for t in a.subtree(i) if t >= i] if a.parsed else list(rest)
    span = clause[:limit]
    if len(clause) > limit:
        phrases = [k for k, t in enumerate(span) if k > 1 and _opens_phrase(a, t)]
        span = span[: phrases[-1]] if phrases else span
    while len(span) > 1 and not a.tokens[span[-1]].text[0].isalnum():
        span.pop()  # a trailing comma or dash
    return a.words(span[0], span[-1] + 1) if span else ""


_PREPOSITION_TEXT = "of on in at for over against from with by after before during near into to"
_PREPOSITIONS = frozenset(_PREPOSITION_TEXT.split())


def _opens_phrase(a: SentenceAnalysis, t: int) -> bool:
    if a.parsed:
        return a.tokens[t].dep == "prep"
    return a.tokens[t].lower in _PREPOSITIONS


def prep_objects(a: SentenceAnalysis, i: int, preps: set[str], ctx: RuleContext) -> list[Actor]:
    """Actors governed by the given prepositions anywhere under token ``i``."""
    out: list[Actor] = []
    for t in a.subtree(i):
        if a.tokens[t].dep == "prep" and a.tokens[t].lower in preps:
            out.extend(actors_at(a, [o for p in [t] for o in a.deps(p, "pobj")], ctx.discourse))
    return [x for x in out if x.canonical]
