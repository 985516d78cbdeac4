"""The allegation rules written plainly, over a story's whole set of claims at once.

This is what ``allegation_book`` must agree with however the claims arrive: it recomputes every
allegation from all the claims and sources each time, the way the projector did before it kept
stories in memory (names listed for several claims of one actor: the smallest spelling).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storyline_projector.read_models.allegation_book import (
    ACCUSATION,
    ACCUSING,
    DENIAL,
    DENYING,
    SKEPTICISM,
    UNKNOWN,
    Claim,
)


@dataclass(frozen=True)
class Sources:
    outlets: dict[str, str | None]  # article id -> outlet
    copies: dict[str, set[str]]  # article id -> its near-duplicates

    def count(self, article_ids: Iterable[str]) -> tuple[int, int]:
        articles = set(article_ids)
        for article_id in list(articles):
            articles |= self.copies.get(article_id, set())
        outlets = {self.outlets.get(article_id) for article_id in articles} - {None}
        return len(articles), len(outlets)


def derive_allegations(
    story_id: str, claims: Sequence[Claim], sources: Sources
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every allegation row of the story, and every allegation event row."""
    accusations = sorted((c for c in claims if c.kind == ACCUSATION), key=lambda c: c.rank)
    denials = [c for c in claims if c.kind == DENIAL]
    doubts = [c for c in claims if c.kind == SKEPTICISM]
    accusation_ids = {c.event_id for c in accusations}
    acts_of = {c.event_id: c.about - accusation_ids for c in accusations}
    pairs: dict[tuple[str, str], list[Claim]] = {}
    for accusation in accusations:
        for accused in accusation.target_keys or (UNKNOWN,):
            pairs.setdefault((accusation.source_key, accused), []).append(accusation)
    rows, events = [], []
    for (accuser_key, accused_key), supporting in sorted(pairs.items()):
        ids = {c.event_id for c in supporting}
        acts = frozenset().union(*(c.about for c in supporting)) - accusation_ids
        answers = [d for d in denials if _answers(d, ids, acts, accused_key, acts_of)]
        doubters = [d for d in doubts if d.about & (ids | acts)]
        first = supporting[0]
        key = {"story_id": story_id, "accuser_key": accuser_key, "accused_key": accused_key}
        rows.append(
            {
                **key,
                "accuser": first.source,
                "accused": next(
                    (
                        n
                        for n, k in zip(first.targets, first.target_keys, strict=True)
                        if k == accused_key
                    ),
                    UNKNOWN,
                ),
                "allegation": first.text,
                "about": sorted(acts),
                "denied_by": _names(answers),
                "doubted_by": _names(doubters),
                "disputed": bool(answers),
                **_side("accusing", sources.count(c.article_id for c in supporting)),
                **_side("denying", sources.count(d.article_id for d in answers)),
            }
        )
        events += [{**key, "side": ACCUSING, "event_id": event_id} for event_id in sorted(ids)]
        events += [
            {**key, "side": DENYING, "event_id": event_id}
            for event_id in sorted({d.event_id for d in answers})
        ]
    return rows, events


def _answers(
    denial: Claim,
    ids: set[str],
    acts: frozenset[str],
    accused_key: str,
    acts_of: dict[str, frozenset[str]],
) -> bool:
    if denial.about & ids:
        return True
    if denial.source_key != accused_key:
        return False
    named = denial.about & acts_of.keys()
    denied_acts = (denial.about - named).union(*(acts_of[a] for a in named))
    return bool(denied_acts & acts) or not named


def _names(claims: Iterable[Claim]) -> list[str]:
    by_key: dict[str, str] = {}
    for claim in claims:
        by_key[claim.source_key] = min(by_key.get(claim.source_key, claim.source), claim.source)
    return [by_key[key] for key in sorted(by_key)]


def _side(side: str, counts: tuple[int, int]) -> dict[str, int]:
    return {f"{side}_articles": counts[0], f"{side}_outlets": counts[1]}
