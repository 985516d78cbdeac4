"""Doubts said other ways: a claim that could not be confirmed, and calls for caution.

* "could not independently verify", "the figure could not be verified", "have not been able to
  confirm", "impossible to verify", "cannot confirm them": a verb of checking (``CHECKING``)
  under a negation or an inability. Whoever could not check doubts the claim; with nobody named
  (the passive, the reporting outlet, "we"), the doubt has no source, as the outlet that
  reports is not an actor.
* "unverified footage", "unconfirmed reports": the outlet's own doubt (no source).
* "urged caution about the claim", "there was no evidence (that ...)", "saw no evidence":
  the speaker doubts.

Whose claim: the owner named with it ("the Russian Volunteer Corps' claim", "claims by both
sides"), else the claim the article reported last (``statement_context``).
"""

from __future__ import annotations

from storyline_extraction.denial_rules import CLAIMS, claim_owners
from storyline_extraction.event_draft import EventDraft, actor_key
from storyline_extraction.rule_context import RuleContext, speaker, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import clause_text, make_draft
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

CHECKING = words(
    "verify verified confirm confirmed corroborate corroborated substantiate substantiated "
    "authenticate authenticated"
)
_UNABLE = words("not n't cannot unable impossible no never")
# The reporting outlet or the article's own "we" is not an actor.
_OUTLET_WORDS = words(
    "we reuters ap afp wire agency outlet newspaper broadcaster correspondents reporters "
    "journalists"
)
CAUTION_PHRASES = frozenset(
    {
        "urged caution",
        "urged utmost caution",
        "urged extreme caution",
        "urges caution",
        "urging caution",
        "called for caution",
    }
)
DOUBT_PHRASES = CAUTION_PHRASES | {
    "no evidence",
    "saw no evidence",
    "no proof",
    # "there was no indication that the blast was an intentional attack"
    "no indication",
    "no indications",
    # "there was no 'unequivocal evidence' of where the missile came from"
    "no clear evidence",
    "no conclusive evidence",
    "no unequivocal evidence",
    "no hard evidence",
    "no direct evidence",
    "no firm evidence",
    # "it would not make sense for Ukraine to destroy the dam"
    "would not make sense",
    "makes no sense",
    "made no sense",
}
# Adjectives that carry their own "not": "unverified footage", "unconfirmed reports".
UNCHECKED_ADJECTIVES = frozenset({"unverified", "unconfirmed"})


def doubt_draft(
    a: SentenceAnalysis, trig: Trigger, source: Actor | None, targets: list[Actor], base: float
) -> EventDraft:
    """A doubt from ``trig``'s clause, about an accusation or a claim of responsibility (whose
    owner ``statement_context`` makes the target when the sentence names none)."""
    return make_draft(
        "skepticism_expressed",
        a,
        trig,
        source,
        targets,
        text=clause_text(a, trig.start),
        base=base,
        about=("accusation_made", "responsibility_claimed"),
    )


def unverified_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """A claim somebody could not check (see the module's docstring)."""
    i = trig.start
    if trig.phrase in UNCHECKED_ADJECTIVES and a.parsed and a.tokens[i].dep != "amod":
        return []  # "remains unconfirmed" says no more than the adjective before a noun
    if trig.phrase in CHECKING and not _unable(a, i):
        return []
    unsupported = _offered_no_evidence(a, trig, ctx)
    if unsupported is not None:
        return [unsupported]
    source = _doubter(a, i, ctx)
    both = _both_sides(a)
    owners = [] if both else owners_near(a, i)
    d = doubt_draft(a, trig, source, owners, base=0.55)
    if both:
        d.notes[BOTH_SIDES] = "the claims of both parties to the conflict"
    return [d]


# "India had provided no evidence", "London has offered no proof": the one who gave none
_GIVING = words(
    "provided provide provides offered offer offers presented present presents produced "
    "produce produces shown show shows given give gives supplied supply shared share"
)


def _offered_no_evidence(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> EventDraft | None:
    """ "Pakistan said India had provided no evidence": the speaker doubts the claim of the one
    said to have given no evidence for it, who is not the doubter."""
    if not a.parsed or not trig.phrase.startswith("no "):
        return None
    noun = trig.end - 1
    verb = a.head(noun)
    if a.tokens[noun].dep != "dobj" or a.tokens[verb].lower not in _GIVING:
        return None
    subjects = {t for s in a.deps(verb, "nsubj") for t in a.subtree(s)}
    owners = [m.actor() for m in a.mentions if m.start in subjects and m.entity.canonical]
    said_by = speaker(a, verb, ctx)
    if not owners or said_by is None or not (said_by.canonical or said_by.kind == "person"):
        return None
    if actor_key(said_by) == actor_key(owners[0]):
        return None
    return doubt_draft(a, trig, said_by, owners[:1], base=0.55)


BOTH_SIDES = "both sides"
_EITHER = words("both either neither each")
_SIDES = words("side sides account accounts version versions claims parties")


def _both_sides(a: SentenceAnalysis) -> bool:
    """ "claims by both sides", "neither side's version", "either side's account"."""
    lower = [t.lower for t in a.tokens]
    return any(
        w in _EITHER and any(x in _SIDES for x in lower[k + 1 : k + 3]) for k, w in enumerate(lower)
    ) or "two sides" in " ".join(lower)


def _unable(a: SentenceAnalysis, i: int) -> bool:
    return unable_by_words(a, i) or bool(a.parsed and a.deps(i, "neg"))


def unable_by_words(a: SentenceAnalysis, i: int) -> bool:
    """A negation or inability just before the checking verb, or a subject opened by "neither"
    ("neither side's version of events could be independently verified")."""
    if any(w in _UNABLE for w in window(a, i - 4, i)):
        return True
    before = window(a, i - 10, i)
    return "neither" in before and "," not in before[before.index("neither") :]


def _doubter(a: SentenceAnalysis, i: int, ctx: RuleContext) -> Actor | None:
    if not a.parsed:
        before = [m for m in a.mentions if m.end <= i and i - m.end <= 5]
        return before[-1].actor() if before and not _passive_near(a, i) else None
    if _passive_near(a, i):
        said_by = speaker(a, i, ctx)  # "analysts said the figure could not be verified"
    else:
        said_by = None
        cur = i
        for _ in range(4):
            subj = a.deps(cur, "nsubj")
            if subj:
                words_ = {a.tokens[t].lower for t in a.subtree(subj[0])}
                if words_ & _OUTLET_WORDS:
                    return None
                found = [m.actor() for m in a.mentions if m.start in set(a.subtree(subj[0]))]
                if found:
                    return found[0]
                break
            if a.head(cur) == cur:
                break
            cur = a.head(cur)
        said_by = said_by or speaker(a, i, ctx)
    if said_by is None or not (said_by.canonical or said_by.kind == "person"):
        return None
    return said_by


def _passive_near(a: SentenceAnalysis, i: int) -> bool:
    return any(w in {"be", "been", "being"} for w in window(a, i - 3, i))


def owners_near(a: SentenceAnalysis, i: int) -> list[Actor]:
    """ "the group's figure could not be verified", "could not verify the claims of X"."""
    lower = [t.lower for t in a.tokens]
    for j in [*range(i - 1, max(-1, i - 8), -1), *range(i + 1, min(len(lower), i + 8))]:
        if lower[j] in CLAIMS or lower[j] in {"figure", "figures", "toll", "claim", "version"}:
            found = claim_owners(a, j)
            if found:
                return found
            break
    return []
