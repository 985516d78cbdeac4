"""Claims checked against each other: who carries each allegation independently, which claims
cannot all be true, and whether the story is disputed, with the reasons.

Rules, applied to one story's read models (its allegations, timeline and articles):

- **Independent outlets.** The outlets carrying one side of an allegation, where a near-duplicate
  (a syndicated or lightly edited copy) counts with the article it copies, and two articles of
  one outlet count once: articles joined by either link are one independent source. Ten papers
  running one wire story are one source, not ten.
- **Different perpetrators.** Claims about one act (a strike, an attack: the ``about`` of the
  accusations and claims of responsibility, or the act's own reported attacker) that name
  different perpetrators, unless one claim names them together ("Ukraine, with US help").
- **Against known affiliations.** A participant said to lead or fight an operation for a side
  it is known to oppose (``affiliations.json``, in force in the year of the report).
- **Disputed.** A story is disputed when an allegation in it is denied or doubted, or when it
  holds a contradiction; each is one reason, in words a reader can check against the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from storyline_contracts.extracted_events import Actor
from storyline_projector.read_models.actor_names import display_name
from storyline_projector.read_models.affiliations import Affiliation, AffiliationTable, Reference

ACTS = frozenset({"strike_reported", "attack_reported"})
RESPONSIBILITY = "responsibility_claimed"
PARTICIPATION = "participation_reported"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class StoryArticle:
    article_id: str
    outlet: str | None
    near_duplicate_of: str | None


@dataclass(frozen=True)
class Entry:
    """The parts of a timeline entry the checks read."""

    event_id: str
    event_type: str
    source: Actor | None
    targets: tuple[Actor, ...]
    about: tuple[str, ...]
    details: Mapping[str, Any]
    summary: str
    article_id: str
    reported_on: date


@dataclass(frozen=True)
class CheckedAllegation:
    accuser: str
    accused: str
    allegation: str
    accusation_event_ids: tuple[str, ...]
    denied_by: tuple[str, ...]
    doubted_by: tuple[str, ...]
    contested: bool
    independent_outlets: tuple[str, ...]  # one name per independent source
    denying_independent_outlets: tuple[str, ...]


@dataclass(frozen=True)
class Contradiction:
    kind: str  # "different_perpetrators" or "against_known_affiliation"
    summary: str
    event_ids: tuple[str, ...]
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class ClaimChecks:
    allegations: tuple[CheckedAllegation, ...]
    contradictions: tuple[Contradiction, ...]
    reasons: tuple[str, ...] = field(default=())

    @property
    def disputed(self) -> bool:
        return bool(self.reasons)


def check_claims(
    allegation_rows: Sequence[Mapping[str, Any]],
    entries: Sequence[Entry],
    articles: Sequence[StoryArticle],
    affiliations: AffiliationTable,
) -> ClaimChecks:
    by_id = {e.event_id: e for e in entries}
    checked = tuple(_allegation(row, by_id, articles) for row in allegation_rows)
    contradictions = (
        *_different_perpetrators(allegation_rows, entries, by_id),
        *_against_affiliations(entries, affiliations),
    )
    reasons = [_reason(a) for a in checked if a.contested]
    reasons += [c.summary for c in contradictions]
    return ClaimChecks(checked, tuple(contradictions), tuple(reasons))


def independent_outlets(
    article_ids: Iterable[str], articles: Sequence[StoryArticle]
) -> tuple[str, ...]:
    """One name per independent source among the articles carrying ``article_ids``' reports."""
    known = {a.article_id: a for a in articles}
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(x: str, y: str) -> None:
        parent[root(x)] = root(y)

    for a in articles:  # copies and their originals are one source
        if a.near_duplicate_of is not None:
            join(a.article_id, a.near_duplicate_of)
    first_of_outlet: dict[str, str] = {}
    for a in articles:  # so are two articles of one outlet
        if a.outlet:
            join(a.article_id, first_of_outlet.setdefault(a.outlet, a.article_id))
    carrying = {root(i) for i in article_ids}
    names: dict[str, set[str]] = {}
    for a in articles:
        if root(a.article_id) in carrying and a.outlet:
            names.setdefault(root(a.article_id), set()).add(a.outlet)
    for source in carrying - names.keys():  # an article the story does not list (yet)
        names[source] = {known[source].outlet or source} if source in known else {source}
    return tuple(sorted(" / ".join(sorted(outlets)) for outlets in names.values()))


def _allegation(
    row: Mapping[str, Any], by_id: Mapping[str, Entry], articles: Sequence[StoryArticle]
) -> CheckedAllegation:
    def carried_by(event_ids: Iterable[str]) -> tuple[str, ...]:
        return independent_outlets((by_id[i].article_id for i in event_ids if i in by_id), articles)

    return CheckedAllegation(
        accuser=row["accuser"],
        accused=row["accused"],
        allegation=row["allegation"],
        accusation_event_ids=tuple(row["accusation_event_ids"]),
        denied_by=tuple(row["denied_by"]),
        doubted_by=tuple(row["doubted_by"]),
        contested=bool(row["denied_by"] or row["doubted_by"]),
        independent_outlets=carried_by(row["accusation_event_ids"]),
        denying_independent_outlets=carried_by(row["denial_event_ids"]),
    )


def _reason(a: CheckedAllegation) -> str:
    said = f"{a.accuser}'s accusation against {a.accused}"
    parts = []
    if a.denied_by:
        parts.append(f"denied by {', '.join(a.denied_by)}")
    if a.doubted_by:
        parts.append(f"doubted by {', '.join(a.doubted_by)}")
    return f"{said} is {' and '.join(parts)}"


@dataclass
class _Blame:
    name: str
    by: list[str] = field(default_factory=list)  # who named them
    event_ids: set[str] = field(default_factory=set)


def _different_perpetrators(
    allegation_rows: Sequence[Mapping[str, Any]],
    entries: Sequence[Entry],
    by_id: Mapping[str, Entry],
) -> list[Contradiction]:
    blamed: dict[str, dict[str, _Blame]] = {}  # act id -> perpetrator key -> who said so

    def add(act: str, who: Actor | str, by: str, event_id: str) -> None:
        name = who if isinstance(who, str) else display_name(who)
        key = name.casefold()
        if key == UNKNOWN:
            return
        blame = blamed.setdefault(act, {}).setdefault(key, _Blame(name))
        if by not in blame.by:
            blame.by.append(by)
        blame.event_ids.add(event_id)

    for row in allegation_rows:
        for act in row["about"]:
            for event_id in row["accusation_event_ids"]:
                add(act, row["accused"], row["accuser"], event_id)
    for e in entries:
        if e.event_type == RESPONSIBILITY and e.source is not None:
            for act in e.about:
                add(act, e.source, "its own claim", e.event_id)
        if e.event_type in ACTS and e.source is not None:
            add(e.event_id, e.source, "the report of the act", e.event_id)
    found = []
    for act, blames in sorted(blamed.items()):
        named = list(blames.values())
        if not names_apart([[b.event_ids] for b in named]):
            continue
        what = _act_name(by_id[act]) if act in by_id else "one act"
        said = "; ".join(f"{b.name} (by {', '.join(b.by)})" for b in named)
        ids = set().union(*(b.event_ids for b in named)) | ({act} if act in by_id else set())
        found.append(
            Contradiction(
                "different_perpetrators",
                f"{what[0].upper()}{what[1:]} is blamed on different perpetrators: {said}",
                tuple(sorted(ids)),
            )
        )
    return found


def names_apart(claims_of_each: Sequence[Sequence[AbstractSet[str]]]) -> bool:
    """Whether some two perpetrators of one act are named by no claim in common (``claims_of_each``:
    for each perpetrator, the ids of the claims naming it, in one or more sets). "Ukraine, with US
    help": one claim naming both is no contradiction between them."""
    return any(
        all(x.isdisjoint(y) for x in xs for y in ys) for xs, ys in combinations(claims_of_each, 2)
    )


def opposed_affiliation(
    source: Actor, side: Actor, affiliations: AffiliationTable
) -> Affiliation | None:
    """The known affiliation of ``source`` when ``side`` is one it opposes (in force or not)."""
    known = affiliations.of(source)
    if known is None or not any(affiliations.is_side(side, name) for name in known.opposes):
        return None
    return known


def _act_name(act: Entry) -> str:
    """ "the strike on Russia": what a reader recognises in the timeline."""
    kind = {"strike_reported": "strike", "attack_reported": "attack"}.get(act.event_type)
    if kind is None:
        return act.summary
    hit = ", ".join(display_name(t) for t in act.targets)
    return f"the {kind} on {hit}" if hit else f"the {kind}"


def _against_affiliations(
    entries: Sequence[Entry], affiliations: AffiliationTable
) -> list[Contradiction]:
    found = []
    for e in entries:
        side_fields = e.details.get("on_behalf_of")
        if e.event_type != PARTICIPATION or e.source is None or not side_fields:
            continue
        side = Actor.model_validate(side_fields)
        known = opposed_affiliation(e.source, side, affiliations)
        if known is None or not known.in_force(e.reported_on.year):
            continue
        operation = e.details.get("operation") or "operation"
        sides = [f"for {', '.join(known.fights_for)}"] if known.fights_for else []
        sides.append(f"against {', '.join(known.opposes)}")
        found.append(
            Contradiction(
                "against_known_affiliation",
                f"{display_name(e.source)} is said to lead {display_name(side)}'s {operation}, "
                f"but is known to fight {' and '.join(sides)} ({known.period})",
                (e.event_id,),
                known.references,
            )
        )
    return found
