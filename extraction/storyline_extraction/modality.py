"""Is the trigger a new, asserted happening? Negation, questions, hypotheticals and history.

Negated ("did not deny"), questioned, hypothetical ("could strike") and historical ("has
previously accused") mentions are not new events, so rules drop them; hedged ones ("allegedly",
"accused of targeting") are kept as ``alleged``.
"""

from __future__ import annotations

from typing import Literal

from storyline_extraction.lexicon import Lexicon
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.word_sets import ACCUSATION_NOUNS, CHARGE_NOUNS, words

Reading = Literal["asserted", "alleged", "skip"]

_EXTRA_NEGATORS = frozenset({"nobody", "none", "denies", "denied"})
# Modal verbs are how threats and pledges are worded ("would retaliate", "will send"): for
# those kinds only clause-level conditions ("if", "whether") make them hypothetical.
_MODALS = frozenset({"could", "would", "might", "may", "should"})
_CLAUSE_JOINS = frozenset({"and", "but", ",", ";", "while"})
# "a planned act of aggression", "a pre-planned provocation": premeditated, not to come
_PREMEDITATED = frozenset({"planned", "planning"})
# "may have been killed", "possibly thousands": an estimate of a toll, not a supposition
_ESTIMATES = frozenset({"may", "might", "could", "possibly"})
_FUTURE_KINDS = frozenset({"threat_issued", "pledge_made"})
INCIDENT_KINDS = frozenset(
    {"strike_reported", "attack_reported", "casualties_reported", "interception_reported"}
)
# Triggers that carry their own negation.
_NEGATIVE_TRIGGERS = frozenset(
    {
        "nothing to do with",
        "no involvement",
        "not involved",
        "no role",
        "could not be verified",
        "cannot be verified",
        "could not be confirmed",
        "unverified",
        "unconfirmed",
        # threats whose rule reads the negation itself ("will not escape", "no mercy")
        "whoever",
        "those responsible",
        "those behind",
        "killers",
        "unanswered",
        "unpunished",
        "no restraint",
        "no mercy",
        "no option",
        "no grounds",
        "no basis",
        "would not make sense",
        "makes no sense",
        "made no sense",
    }
)


def read_trigger(a: SentenceAnalysis, trig: Trigger, lexicon: Lexicon, kind: str) -> Reading:
    if a.is_question:
        return "skip"
    if trig.phrase not in _NEGATIVE_TRIGGERS and is_negated(a, trig, lexicon, kind):
        return "skip"
    if _marker_near(a, trig, lexicon, "historical", before=4, after=4):
        return "skip"
    if is_hypothetical(a, trig, lexicon, kind):
        return "skip"
    # Hedges qualify happenings; an accusation or a denial is asserted by being reported.
    if kind in INCIDENT_KINDS and _marker_near(a, trig, lexicon, "hedges", before=6, after=2):
        return "alleged"
    return "asserted"


_DENYING = frozenset({"denied", "denies", "deny", "denying", "rejected", "dismissed"})


def _under_denial(a: SentenceAnalysis, i: int) -> bool:
    """Whether token ``i`` sits in the clause a denying verb governs."""
    cur = i
    for _ in range(4):
        dep = a.tokens[cur].dep
        head = a.head(cur)
        if head == cur:
            return False
        if dep not in {"ccomp", "xcomp", "auxpass", "aux", "pcomp", "pobj", "prep", "dobj"}:
            return False
        if a.tokens[head].lower in _DENYING:
            # "Congo accuses Rwanda of backing the M23, a charge Kigali denies": the parser
            # hangs the accusation under the denial that answers it; it is still made
            answered = cur < head and _ANSWERED.intersection(a.lower_between(cur, head))
            return not answered
        cur = head
    return False


# Nouns that take up what was just said, for the denial after them to answer it.
_ANSWERED = ACCUSATION_NOUNS | CHARGE_NOUNS | words("claim claims which")


# "Iran rejected the U.S. accusations": denying an accusation does not unmake it.


# "will not rest until", "would not abandon the people of ...": a promise made by refusing
_REFUSALS_PROMISED = frozenset({"rest", "abandon", "retreat", "surrender", "forget"})


def _refusal_promised(a: SentenceAnalysis, trig: Trigger, kind: str) -> bool:
    """ "will not rest until", "would not abandon", "will not stop until": a promise."""
    after = a.lower_between(trig.end, trig.end + 5)
    if kind not in _FUTURE_KINDS or trig.phrase not in {"will", "would"} or after[:1] != ["not"]:
        return False
    verbs = [w for w in after[1:3] if w != '"']
    return bool(_REFUSALS_PROMISED.intersection(verbs)) or (
        verbs[:1] == ["stop"] and "until" in after
    )


# "would not hesitate to respond": the negation affirms the act it governs.
_HESITATING = frozenset({"hesitate", "hesitated", "hesitates", "hesitating"})


def is_negated(a: SentenceAnalysis, trig: Trigger, lexicon: Lexicon, kind: str) -> bool:
    if _refusal_promised(a, trig, kind):
        return False
    if kind != "denial_issued" and trig.phrase not in ACCUSATION_NOUNS:
        # "denied that civilians had been killed": a denial, not a casualty report
        if a.parsed and _under_denial(a, trig.start):
            return True
        # without a parse, a denying verb just before; with one, only what it governs ("denied
        # that ... were killed", not "denied any involvement and warned it would answer")
        if not a.parsed and any(w in _DENYING for w in a.lower_between(trig.start - 5, trig.start)):
            return True
    if a.parsed and _no_sign_of(a, trig.start):
        return True
    if a.parsed:
        heads = [trig.start, *a.ancestors(trig.start)[:2]]
        for h in heads:
            if a.deps(h, "neg") and a.tokens[h].lower not in _HESITATING:
                return True
            if any(a.tokens[d].lower in {"no", "nobody", "none"} for d in a.deps(h, "det")):
                return True
            if a.tokens[h].dep not in {"xcomp", "aux", "auxpass", "acomp"}:
                break
    lo = max(0, trig.start - 3)
    # "Ukraine and not ISIS was behind it", "Kyiv, not Moscow, fired": a party set aside, not
    # the act negated
    window = [
        w if not _contrasts_party(a, lo + n) else ""
        for n, w in enumerate(a.lower_between(lo, trig.start))
    ]
    for k in range(len(window) - 1, -1, -1):
        if window[k] in _CLAUSE_JOINS:
            window = window[k + 1 :]  # "the bridge was not damaged and strikes hit ..."
            break
    negators = lexicon.negators | _EXTRA_NEGATORS
    if kind == "denial_issued" or trig.phrase in ACCUSATION_NOUNS:
        negators = negators - _DENYING - {"denies"}
    # "not only ... but": emphasis, not negation; "not hesitate to": affirmation
    if "only" in window or _HESITATING.intersection(window):
        return False
    return any(w in negators for w in window)


def _contrasts_party(a: SentenceAnalysis, k: int) -> bool:
    """Whether token ``k`` is the "not" of "X and not Y" or "X, not Y" before a named party."""
    if a.tokens[k].lower != "not" or k == 0 or a.tokens[k - 1].lower not in {"and", ","}:
        return False
    return any(m.start == k + 1 for m in a.mentions)


_SIGNS = frozenset({"indication", "indications", "sign", "signs", "evidence", "proof"})


def _no_sign_of(a: SentenceAnalysis, i: int) -> bool:
    """ "we have no indication this was the result of a deliberate attack": what there is no
    sign of is not said."""
    for anc in a.ancestors(i)[:5]:
        for x in [anc, *a.deps(anc, "dobj", "attr")]:
            if a.tokens[x].lower in _SIGNS and any(
                a.tokens[d].lower == "no" for d in a.deps(x, "det", "neg")
            ):
                return True
    return False


def is_hypothetical(a: SentenceAnalysis, trig: Trigger, lexicon: Lexicon, kind: str) -> bool:
    start = max(0, trig.start - 8)
    words = a.lower_between(start, trig.start)
    hits = lexicon.hypothetical.find_all(words)
    for hit in hits:
        phrase = " ".join(words[hit.start : hit.end])
        first = start + hit.start
        if first > 0 and a.tokens[first].text[:1].isupper():
            continue  # "Theresa May", "in May": a name or a month, not the modal
        if kind in _FUTURE_KINDS and phrase in _MODALS | {"threatens to"}:
            continue
        if kind == "accusation_made" and phrase == "should":
            continue  # "Kyiv should bear full responsibility": blame, not a supposition
        if kind == "accusation_made" and phrase in _PREMEDITATED and hit.end >= len(words) - 2:
            continue
        if kind == "casualties_reported" and phrase in _ESTIMATES:
            continue
        if kind == "accusation_made" and words[hit.end : hit.end + 1] == ["only"]:
            continue  # "could only have been carried out with the involvement of": certainty
        # a comma between marker and trigger usually closes the conditional clause
        if "," in words[hit.end :]:
            continue
        return True
    return False


def _marker_near(
    a: SentenceAnalysis, trig: Trigger, lexicon: Lexicon, table: str, *, before: int, after: int
) -> bool:
    phrases = lexicon.historical if table == "historical" else lexicon.hedges
    words = a.lower_between(trig.start - before, trig.end + after)
    return bool(phrases.find_all(words))
