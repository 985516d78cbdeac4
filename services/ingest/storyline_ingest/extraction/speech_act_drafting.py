"""Helpers the speech-act rules share: who acts, the clause text, and building a draft."""

from __future__ import annotations

from collections.abc import Iterable

from storyline_contracts.extracted_events import Actor
from storyline_ingest.extraction.actor_roles import (
    actors_at,
    dedupe,
    linear_source,
)
from storyline_ingest.extraction.event_draft import EventDraft, actor_key
from storyline_ingest.extraction.rule_context import (
    RuleContext,
    clause_subjects,
    confidence,
)
from storyline_ingest.extraction.sentence_analysis import SentenceAnalysis, Trigger

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
    if not a.parsed:
        return a.words(i, min(len(a.tokens), i + limit))
    span = [t for t in a.subtree(i) if t >= i][:limit]
    return a.words(span[0], span[-1] + 1) if span else ""


def prep_objects(a: SentenceAnalysis, i: int, preps: set[str], ctx: RuleContext) -> list[Actor]:
    """Actors governed by the given prepositions anywhere under token ``i``."""
    out: list[Actor] = []
    for t in a.subtree(i):
        if a.tokens[t].dep == "prep" and a.tokens[t].lower in preps:
            out.extend(actors_at(a, [o for p in [t] for o in a.deps(p, "pobj")], ctx.discourse))
    return [x for x in out if x.canonical]
