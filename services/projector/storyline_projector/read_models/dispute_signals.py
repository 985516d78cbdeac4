"""What besides a contested allegation makes a story disputed, kept up to date event by event.

The claim checks (``claim_checks``) say a story is disputed when an allegation in it is denied or
doubted, or when it holds a contradiction. The story's stored ``status`` must say the same, so
that the story list and its filter agree with the story's claims. The allegation book knows the
contested allegations; this keeps the contradictions, applying the claim checks' own rules:

- **Different perpetrators:** for each act, who is named as its perpetrator and by which claims
  (accusations, from the book; claims of responsibility; the act's own reported attacker).
  After each batch only the acts a new claim bears on are checked again, so the cost of an event
  does not grow with the story.
- **Against a known affiliation:** a participant said to act for a side it is known to oppose.
  Whether the affiliation was in force is read when the status is: the year is the article's
  publication year, which may arrive after the event.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import Any

from storyline_contracts.extracted_events import Actor
from storyline_projector.read_models.actor_names import display_name
from storyline_projector.read_models.affiliations import Affiliation, load_affiliations
from storyline_projector.read_models.allegation_book import UNKNOWN, AllegationBook
from storyline_projector.read_models.article_ledger import ArticleLedger
from storyline_projector.read_models.claim_checks import (
    ACTS,
    PARTICIPATION,
    RESPONSIBILITY,
    names_apart,
    opposed_affiliation,
)

SIGNAL_TYPES = (*ACTS, RESPONSIBILITY, PARTICIPATION)


class DisputeSignals:
    __slots__ = ("_against", "_contradicted", "_named", "_pending")

    def __init__(self) -> None:
        # act id -> perpetrator key -> ids of the claims naming it (other than accusations)
        self._named: dict[str, dict[str, set[str]]] = {}
        self._pending: set[str] = set()  # acts to check again
        self._contradicted: set[str] = set()
        # participations against a known affiliation: (article id, occurred at, the affiliation)
        self._against: list[tuple[str, datetime, Affiliation]] = []

    def note(self, row: Mapping[str, Any]) -> None:
        """A timeline row of an act, a claim of responsibility or a participation."""
        kind, source = row["event_type"], row["source"]
        if not source:
            return
        actor = Actor.model_validate(source)
        if kind in ACTS:
            self._name(row["event_id"], actor, row["event_id"])
        elif kind == RESPONSIBILITY:
            for act in row["about"]:
                self._name(act, actor, row["event_id"])
        elif kind == PARTICIPATION:
            side = (row["details"] or {}).get("on_behalf_of")
            if side:
                known = opposed_affiliation(actor, Actor.model_validate(side), load_affiliations())
                if known is not None:
                    self._against.append((row["article_id"], row["occurred_at"], known))

    def settle(self, allegations: AllegationBook) -> None:
        """Check again the acts whose blame changed since the last call."""
        touched = allegations.take_touched_acts()
        acts = (
            self._pending | allegations.known_acts() | self._named.keys()
            if touched is None
            else self._pending | touched
        )
        self._pending = set()
        for act in acts:
            # Each perpetrator's claim ids as the sets they are kept in, not copied: an allegation
            # of a long story may hold thousands of accusations.
            named: dict[str, list[AbstractSet[str]]] = {
                key: [ids] for key, ids in self._named.get(act, {}).items()
            }
            for accused, ids in allegations.blame_of(act):
                key = accused.casefold()
                if key != UNKNOWN:
                    named.setdefault(key, []).append(ids)
            if names_apart(list(named.values())):
                self._contradicted.add(act)
            else:
                self._contradicted.discard(act)

    def contradicted_acts(self) -> set[str]:
        """The acts blamed on different perpetrators."""
        return set(self._contradicted)

    def contradicted(self, articles: ArticleLedger) -> bool:
        if self._contradicted:
            return True
        for article_id, occurred_at, known in self._against:
            published = articles.published.get(article_id)
            if known.in_force((published or occurred_at).year):
                return True
        return False

    def _name(self, act: str, actor: Actor, claim_id: str) -> None:
        key = display_name(actor).casefold()
        if key == UNKNOWN:
            return
        self._named.setdefault(act, {}).setdefault(key, set()).add(claim_id)
        self._pending.add(act)
