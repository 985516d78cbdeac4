"""Who accused whom in one story, who denied it, and how many sources carry each side, kept up
to date one claim at a time.

An allegation is one accuser blaming one accused party within a story; every accusation event
(from any article) with that pair supports it. Rules, applied to the story's claims:

- A denial answers an allegation when it names one of the allegation's accusations in ``about``;
  or when the denier is the accused and the denial names the act the allegation is about
  (directly, or through another accusation of that act), or names no accusation of the story at
  all ("the United States denied involvement").
- An allegation is ``disputed`` when at least one denial answers it, and ``contested`` when it is
  denied or doubted (what the claim checks call contested).
- Skepticism that names one of its accusations, or the act, is listed as ``doubted_by``.
- Sources of a side are the distinct articles of its events, plus the near-duplicates of those
  articles (a wire story republished elsewhere is another source, not another event), and the
  distinct outlets of all of them.
- The allegation is worded as its earliest (then surest) accusation; a name listed for several
  claims of one actor is the smallest of their spellings.

The result depends on the set of claims only, not on the order they arrive in. The book keeps,
per allegation, what its row is made of, and indexes from an event id, an act or an actor to the
allegations concerned, so that a claim changes the allegations it bears on at a cost that does
not grow with the story. One arrival changes what earlier claims meant: an accusation whose id
another claim already named (a denial filed before the accusation it denies). Then the book is
worked out again from all its claims, and its rows are rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from storyline_projector.read_models.article_ledger import ArticleChange, ArticleLedger
from storyline_projector.read_models.utc import as_utc

ACCUSATION, DENIAL, SKEPTICISM = "accusation_made", "denial_issued", "skepticism_expressed"
CLAIM_TYPES = (ACCUSATION, DENIAL, SKEPTICISM)
UNKNOWN = "unknown"  # who an accusation blames, or who makes a claim, when the text does not say
ACCUSING, DENYING = "accusation", "denial"  # the sides, as read_allegation_events names them

PairKey = tuple[str, str]  # (accuser key, accused key)


@dataclass(slots=True)
class Claim:
    """The parts of an accusation, denial or doubt the rules look at. Not frozen, though
    nothing changes it once made: one is made per claim filed, and a frozen dataclass's
    ``__init__`` costs about four times as much."""

    event_id: str
    kind: str
    source: str  # display name
    source_key: str
    targets: tuple[str, ...]  # display names
    target_keys: tuple[str, ...]
    about: frozenset[str]
    text: str
    article_id: str
    rank: tuple[Any, ...]  # earlier and surer first: picks the wording of an allegation


def claim_from_row(row: Mapping[str, Any]) -> Claim:
    """The claim a timeline row records (as written by ``story_facts``, or read back)."""
    source = _display(row["source"]) if row["source"] else UNKNOWN
    targets = tuple(_display(target) for target in row["targets"])
    details = row["details"] or {}
    return Claim(
        event_id=row["event_id"],
        kind=row["event_type"],
        source=source,
        source_key=source.casefold(),
        targets=targets,
        target_keys=tuple(name.casefold() for name in targets),
        about=frozenset(row["about"]),
        text=details.get("allegation") or row["summary"],
        article_id=row["article_id"],
        rank=(as_utc(row["occurred_at"]), -row["confidence"], row["event_id"]),
    )


def _display(actor: Mapping[str, Any]) -> str:
    # actor_names.display_name, on the stored form of an actor
    return str(actor.get("canonical") or actor["text"]).strip()


class _Tally:
    """One side's sources: the articles of its claims, their near-duplicates, their outlets."""

    __slots__ = ("claim_articles", "outlets", "sources")

    def __init__(self) -> None:
        self.claim_articles: dict[str, int] = {}  # article -> claims on this side from it
        self.sources: dict[str, int] = {}  # article or near-duplicate -> how it got here
        self.outlets: dict[str, int] = {}  # outlet -> sources with it

    def counts(self) -> tuple[int, int]:
        return len(self.sources), len(self.outlets)


class _Allegation:
    __slots__ = (
        "accusing",
        "acts",
        "answers",
        "denier_names",
        "denying",
        "doubter_names",
        "doubters",
        "first",
        "ids",
        "key",
    )

    def __init__(self, key: PairKey, first: Claim) -> None:
        self.key = key
        self.first = first
        self.ids: set[str] = {first.event_id}
        self.acts: set[str] = set()
        self.answers: set[str] = set()
        self.denier_names: dict[str, str] = {}
        self.doubters: set[str] = set()
        self.doubter_names: dict[str, str] = {}
        self.accusing = _Tally()
        self.denying = _Tally()


@dataclass
class AllegationChanges:
    """What to write for a story's allegations since the last call."""

    rows: list[dict[str, Any]]  # allegation rows to insert or overwrite
    events: list[dict[str, Any]]  # read_allegation_events rows to insert
    rewrite: bool  # the rows above are all of them: delete the story's stored ones first


class AllegationBook:
    def __init__(self, story_id: str, ledger: ArticleLedger) -> None:
        self.story_id = story_id
        self._ledger = ledger
        self._claims: dict[str, Claim] = {}
        self._accusation_ids: set[str] = set()
        self._referenced: set[str] = set()  # every id some claim names in ``about``
        self._changed: set[PairKey] = set()
        self._new_events: list[tuple[PairKey, str, str]] = []
        self._rewrite = False
        self._clear()

    def _clear(self) -> None:
        self._allegations: dict[PairKey, _Allegation] = {}
        self._contested = 0  # allegations denied or doubted
        self._touched_acts: set[str] | None = set()  # None: all of them (after a rewrite)
        self._acts_of: dict[str, frozenset[str]] = {}
        self._of_accusation: dict[str, list[PairKey]] = {}
        self._by_accused: dict[str, set[PairKey]] = {}
        self._by_act: dict[str, set[PairKey]] = {}
        self._unnamed_denials: dict[str, list[Claim]] = {}  # denier key -> denials naming none
        self._denials_of_act: dict[tuple[str, str], list[Claim]] = {}  # (denier key, act)
        self._doubts_about: dict[str, list[Claim]] = {}
        self._by_claim_article: dict[str, set[tuple[PairKey, str]]] = {}
        self._by_source: dict[str, set[tuple[PairKey, str]]] = {}

    @property
    def contested(self) -> bool:
        return self._contested > 0

    def take_touched_acts(self) -> set[str] | None:
        """The acts whose blame (``blame_of``) may have changed since the last call; None: any."""
        touched, self._touched_acts = self._touched_acts, set()
        return touched

    def known_acts(self) -> set[str]:
        return set(self._by_act)

    def blame_of(self, act: str) -> list[tuple[str, set[str]]]:
        """(accused, accusation ids) of every allegation about ``act``, as their rows say."""
        return [
            (self._accused_name(self._allegations[key]), self._allegations[key].ids)
            for key in sorted(self._by_act.get(act, ()))
        ]

    def add(self, claims: Iterable[Claim]) -> None:
        """File claims; accusations first, so that claims arriving together never need a rewrite."""
        for claim in sorted(claims, key=lambda claim: CLAIM_TYPES.index(claim.kind)):
            self._add(claim)

    def _add(self, claim: Claim) -> None:
        if claim.event_id in self._claims:
            return
        self._claims[claim.event_id] = claim
        if claim.kind == ACCUSATION:
            regular = claim.event_id not in self._referenced
            self._accusation_ids.add(claim.event_id)
            self._referenced |= claim.about
            if regular:
                self._file_accusation(claim)
            else:
                self._work_out_again()
            return
        self._referenced |= claim.about
        if claim.kind == DENIAL:
            self._file_denial(claim)
        else:
            self._file_doubt(claim)

    def article_changed(self, article_id: str, change: ArticleChange) -> None:
        """The ledger learnt an article's outlet, or that it is a near-duplicate."""
        if change.outlet is not None:  # before the copy: a source added below counts it already
            for key, side in self._by_source.get(article_id, ()):
                tally = self._tally(key, side)
                tally.outlets[change.outlet] = tally.outlets.get(change.outlet, 0) + 1
                self._changed.add(key)
        if change.copy_of is not None:
            for key, side in list(self._by_claim_article.get(change.copy_of, ())):
                self._add_source(key, side, article_id)
                self._changed.add(key)

    def changes(self) -> AllegationChanges:
        """Rows to write since the last call (all of them after a rewrite)."""
        if self._rewrite:
            changed = AllegationChanges(self.rows(), self.events(), rewrite=True)
        else:
            changed = AllegationChanges(
                [self._row(self._allegations[key]) for key in sorted(self._changed)],
                [self._event_row(key, side, event_id) for key, side, event_id in self._new_events],
                rewrite=False,
            )
        self._changed, self._new_events, self._rewrite = set(), [], False
        return changed

    def rows(self) -> list[dict[str, Any]]:
        return [self._row(self._allegations[key]) for key in sorted(self._allegations)]

    def events(self) -> list[dict[str, Any]]:
        return [
            self._event_row(key, side, event_id)
            for key, allegation in sorted(self._allegations.items())
            for side, ids in ((ACCUSING, allegation.ids), (DENYING, allegation.answers))
            for event_id in sorted(ids)
        ]

    # --- filing ---------------------------------------------------------------------------------

    def _work_out_again(self) -> None:
        self._rewrite = True
        self._changed, self._new_events = set(), []
        self._clear()
        self._touched_acts = None
        # With every accusation id known up front, no claim is filed before an id it names.
        for claim in sorted(
            self._claims.values(), key=lambda claim: (CLAIM_TYPES.index(claim.kind), claim.rank)
        ):
            if claim.kind == ACCUSATION:
                self._file_accusation(claim)
            elif claim.kind == DENIAL:
                self._file_denial(claim)
            else:
                self._file_doubt(claim)

    def _file_accusation(self, accusation: Claim) -> None:
        acts = accusation.about - self._accusation_ids
        self._acts_of[accusation.event_id] = acts
        keys = dict.fromkeys(
            (accusation.source_key, accused) for accused in accusation.target_keys or (UNKNOWN,)
        )
        for key in keys:
            allegation = self._allegations.get(key)
            created = allegation is None
            if allegation is None:
                allegation = self._allegations[key] = _Allegation(key, accusation)
                self._by_accused.setdefault(key[1], set()).add(key)
            else:
                allegation.ids.add(accusation.event_id)
                if accusation.rank < allegation.first.rank:
                    allegation.first = accusation
            self._of_accusation.setdefault(accusation.event_id, []).append(key)
            self._changed.add(key)
            self._new_events.append((key, ACCUSING, accusation.event_id))
            self._add_claim_article(key, ACCUSING, accusation.article_id)
            new_acts = acts - allegation.acts
            allegation.acts |= new_acts
            if self._touched_acts is not None:
                # A new act may now have two perpetrators named apart. One more id for acts the
                # allegation already had can only join perpetrators, and only those this same
                # accusation names too: so those acts matter only when it names several.
                self._touched_acts |= allegation.acts if len(keys) > 1 else new_acts
            # Nothing names this accusation yet: only its acts, and the pair itself if it is new,
            # can bring in denials and doubts already filed.
            answering = list(self._unnamed_denials.get(key[1], ())) if created else []
            for act in sorted(new_acts):
                self._by_act.setdefault(act, set()).add(key)
                answering += self._denials_of_act.get((key[1], act), ())
                for doubt in self._doubts_about.get(act, ()):
                    self._doubt(allegation, doubt)
            for denial in answering:
                self._answer(allegation, denial)

    def _file_denial(self, denial: Claim) -> None:
        named = denial.about & self._accusation_ids
        denier = denial.source_key
        candidates: set[PairKey] = set()
        for accusation_id in named:
            candidates.update(self._of_accusation.get(accusation_id, ()))
        if not named:
            self._unnamed_denials.setdefault(denier, []).append(denial)
            candidates.update(self._by_accused.get(denier, ()))
        else:
            # The accused denying another accusation of the same act denies this one too: "the
            # United States denied the accusation" (Peskov's) answers Russia's of the same strike.
            denied_acts = (denial.about - named).union(*(self._acts_of[a] for a in named))
            for act in denied_acts:
                self._denials_of_act.setdefault((denier, act), []).append(denial)
                candidates.update(key for key in self._by_act.get(act, ()) if key[1] == denier)
        for key in sorted(candidates):
            self._answer(self._allegations[key], denial)

    def _file_doubt(self, doubt: Claim) -> None:
        candidates: set[PairKey] = set()
        for named in doubt.about:
            self._doubts_about.setdefault(named, []).append(doubt)
            candidates.update(self._of_accusation.get(named, ()))
            candidates.update(self._by_act.get(named, ()))
        for key in sorted(candidates):
            self._doubt(self._allegations[key], doubt)

    def _answer(self, allegation: _Allegation, denial: Claim) -> None:
        if denial.event_id in allegation.answers:
            return
        if not allegation.answers and not allegation.doubters:
            self._contested += 1
        allegation.answers.add(denial.event_id)
        _keep_smallest(allegation.denier_names, denial)
        self._changed.add(allegation.key)
        self._new_events.append((allegation.key, DENYING, denial.event_id))
        self._add_claim_article(allegation.key, DENYING, denial.article_id)

    def _doubt(self, allegation: _Allegation, doubt: Claim) -> None:
        if doubt.event_id not in allegation.doubters:
            if not allegation.answers and not allegation.doubters:
                self._contested += 1
            allegation.doubters.add(doubt.event_id)
            _keep_smallest(allegation.doubter_names, doubt)
            self._changed.add(allegation.key)

    # --- sources --------------------------------------------------------------------------------

    def _tally(self, key: PairKey, side: str) -> _Tally:
        allegation = self._allegations[key]
        return allegation.accusing if side == ACCUSING else allegation.denying

    def _add_claim_article(self, key: PairKey, side: str, article_id: str) -> None:
        tally = self._tally(key, side)
        before = tally.claim_articles.get(article_id, 0)
        tally.claim_articles[article_id] = before + 1
        if before:
            return
        self._by_claim_article.setdefault(article_id, set()).add((key, side))
        self._add_source(key, side, article_id)
        for copy in self._ledger.copies.get(article_id, ()):
            self._add_source(key, side, copy)

    def _add_source(self, key: PairKey, side: str, article_id: str) -> None:
        tally = self._tally(key, side)
        before = tally.sources.get(article_id, 0)
        tally.sources[article_id] = before + 1
        if before:
            return
        self._by_source.setdefault(article_id, set()).add((key, side))
        outlet = self._ledger.outlets.get(article_id)
        if outlet is not None:
            tally.outlets[outlet] = tally.outlets.get(outlet, 0) + 1

    # --- rows -----------------------------------------------------------------------------------

    def _row(self, allegation: _Allegation) -> dict[str, Any]:
        accuser_key, accused_key = allegation.key
        first = allegation.first
        accusing_articles, accusing_outlets = allegation.accusing.counts()
        denying_articles, denying_outlets = allegation.denying.counts()
        return {
            "story_id": self.story_id,
            "accuser_key": accuser_key,
            "accused_key": accused_key,
            "accuser": first.source,
            "accused": self._accused_name(allegation),
            "allegation": first.text,
            "about": sorted(allegation.acts),
            "denied_by": _names(allegation.denier_names),
            "doubted_by": _names(allegation.doubter_names),
            "disputed": bool(allegation.answers),
            "accusing_articles": accusing_articles,
            "accusing_outlets": accusing_outlets,
            "denying_articles": denying_articles,
            "denying_outlets": denying_outlets,
        }

    @staticmethod
    def _accused_name(allegation: _Allegation) -> str:
        first, accused_key = allegation.first, allegation.key[1]
        return next(
            (
                name
                for name, key in zip(first.targets, first.target_keys, strict=True)
                if key == accused_key
            ),
            UNKNOWN,
        )

    def _event_row(self, key: PairKey, side: str, event_id: str) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "accuser_key": key[0],
            "accused_key": key[1],
            "side": side,
            "event_id": event_id,
        }


def _keep_smallest(names: dict[str, str], claim: Claim) -> None:
    known = names.get(claim.source_key)
    if known is None or claim.source < known:
        names[claim.source_key] = claim.source


def _names(names: dict[str, str]) -> list[str]:
    return [names[key] for key in sorted(names)]
