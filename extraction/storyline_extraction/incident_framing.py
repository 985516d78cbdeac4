"""Incident words that do not report a new incident, whatever their modality.

Real copy names strikes, attacks and tolls in many places that are not news of them: a
condition ("any Israeli attack", "would be targeted if ..."), a simulation or a weapon's name
("simulating precision strikes", "Iranian attack drones"), a count of nobody ("no one was
hurt"), a long stretch of time ("bombardment for more than four years"), and, once the article
has reported its incident, the act inside someone's claim about it ("accused Indian troops of
... attacking", "claims that Russian ships opened fire", "the Mossad had been behind a
cyberattack on the plant"): that sentence is the claim, not a second incident; so is a name
given to it ("this was an intentional attack", "it was a terrorist attack"). An act someone
denies ("denied reports that Russian missiles had hit Poland") is not told either.
"""

from __future__ import annotations

from storyline_extraction.rule_context import RuleContext, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.word_sets import ACCOUNT_NOUNS, words

# "any Israeli attack on Iranian territory", "to blame for any civilian deaths"
_ANY = words("any")
# A condition opening the clause the trigger is in, however far before it.
_CONDITIONS = words("if unless whether")
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–"})
# "would be targeted", "will face air strikes", "it was impossible for a missile to have struck"
_FUTURE_PASSIVE = words("would will could might")
_UNLIKELY = words("impossible unlikely")
_FACING = words("face faces facing risk risked")
# Anywhere in the sentence: "fired four missiles into the sea, simulating strikes on ..."
_SIMULATED = words("simulating simulated simulate simulation rehearsing rehearsed")
# Next to the trigger: "a bombing drill", "strikes in the exercise"
_DRILLS = words("drill drills exercise exercises")
# "attack drones", "attack helicopters": a kind of weapon, not an attack
_WEAPON_AFTER = words(
    "drone drones helicopter helicopters submarine submarines aircraft jet jets craft boats dog"
)
# "for use against Ukraine": what a weapon is made for
_PURPOSE = ("for", "use", "against")
_NOBODY = (("no", "one"), ("nobody",), ("none",))
# "for more than four years", "over the past decade": a campaign's span, not one incident
_SPAN_UNITS = words("years decades")
# Nouns and verbs whose complement is someone's account of an act, not the article's report.
_CLAIM_NOUNS = words(
    "accusation accusations allegation allegations claim claims charge charges suggestion "
    "suggestions assertion assertions"
)
_CLAIM_VERBS = words(
    "accused accusing accuses blamed blaming charged alleged alleging behind orchestrate "
    "orchestrating orchestrated directing masterminding"
)


def not_news_of_incident(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> bool:
    """Whether ``trig`` names an incident without reporting one that happened."""
    return (
        _conditional(a, trig)
        or _simulated_or_weapon(a, trig)
        or _counts_nobody(a, trig)
        or _long_span(a, trig)
        or _not_yet_or_one_of_many(a, trig)
        or _denied(a, trig)
        or _asked_who(a, trig)
        or _name_given(a, trig)
        or _account_of(a, trig)
        or (
            bool(ctx.incident_kinds_seen)
            and (_inside_claim(a, trig) or _named_as(a, trig) or _hit_again(a, trig))
        )
    )


# "cast doubt on the Serb account of the shelling", "Libya's version of the raid": an account
# of an incident told as known, not a report of it
_ACCOUNTS_OF = ACCOUNT_NOUNS | words("account accounts version versions description")


def _account_of(a: SentenceAnalysis, trig: Trigger) -> bool:
    before = window(a, trig.start - 3, trig.start)
    return before[-2:] == ["of", "the"] and before[:1] != [] and before[0] in _ACCOUNTS_OF


# "denied reports that Russian missiles had hit Polish territory": what is denied is not told
_DENYING = words("denied denies deny denying rejected rejects dismissed dismisses")


def _denied(a: SentenceAnalysis, trig: Trigger) -> bool:
    before = window(a, trig.start - 10, trig.start)
    for n, w in enumerate(before):
        if w in _DENYING:
            rest = before[n + 1 : n + 4]
            return "that" in rest and (rest[0] == "that" or rest[0] in ACCOUNT_NOUNS)
        # "there was no indication that the blast was an intentional attack"
        if w == "no" and before[n + 1 : n + 2] and before[n + 1] in _SIGNS:
            return "that" in before[n + 2 : n + 4]
    return False


_SIGNS = words("indication indications sign signs evidence proof suggestion")


# "unclear ... who fired the missile", "Who fired the missiles ... remains unclear": who did it
# is the open question, and the act inside it is no report of a new one.
_OPEN_QUESTION = words(
    "unclear unknown uncertain clear known know knew determine determined establish established "
    "say said investigating investigate including whether"
)


def _asked_who(a: SentenceAnalysis, trig: Trigger) -> bool:
    before = window(a, trig.start - 2, trig.start)
    if "who" not in before:
        return False
    who = trig.start - len(before) + before.index("who")
    if who == 0:
        return True  # "Who fired the missiles that brought down the plane remains unclear"
    return a.tokens[who - 1].lower in _OPEN_QUESTION or a.tokens[who - 1].text == ","


def _clause_before(a: SentenceAnalysis, trig: Trigger, reach: int) -> list[str]:
    """Up to ``reach`` words before the trigger, back to the nearest clause break."""
    before = window(a, trig.start - reach, trig.start)
    for n in range(len(before) - 1, -1, -1):
        if before[n] in _CLAUSE_BREAKS:
            return before[n + 1 :]
    return before


def _conditional(a: SentenceAnalysis, trig: Trigger) -> bool:
    near = window(a, trig.start - 4, trig.start)
    if _ANY.intersection(near):
        return True
    clause = _clause_before(a, trig, 16)
    if _CONDITIONS.intersection(clause):
        return True
    two = window(a, trig.start - 2, trig.start)
    if two[-1:] == ["be"] and _FUTURE_PASSIVE.intersection(two):
        return True  # "its bases would be targeted"
    if "to" in window(a, trig.start - 3, trig.start) and _UNLIKELY.intersection(clause):
        return True  # "impossible for a missile to have struck the plane"
    return bool(_FACING.intersection(window(a, trig.start - 3, trig.start)))


def _simulated_or_weapon(a: SentenceAnalysis, trig: Trigger) -> bool:
    if _SIMULATED.intersection(t.lower for t in a.tokens):
        return True
    if _DRILLS.intersection(window(a, trig.start - 4, trig.end + 2)):
        return True
    after = window(a, trig.end, trig.end + 1)
    if trig.phrase == "attack" and after and after[0] in _WEAPON_AFTER:
        return True
    after = window(a, trig.end, trig.end + 6)
    return any(tuple(after[n : n + 3]) == _PURPOSE for n in range(len(after)))


def _counts_nobody(a: SentenceAnalysis, trig: Trigger) -> bool:
    clause = _clause_before(a, trig, 6)
    pairs = {tuple(clause[n : n + 2]) for n in range(len(clause))}
    singles = {(w,) for w in clause}
    return any(p in pairs or p in singles for p in _NOBODY)


def _long_span(a: SentenceAnalysis, trig: Trigger) -> bool:
    after = window(a, trig.end, trig.end + 8)
    for n, w in enumerate(after):
        if w in _SPAN_UNITS and {"for", "over", "past"}.intersection(after[max(0, n - 5) : n]):
            return True
    return False


def _inside_claim(a: SentenceAnalysis, trig: Trigger) -> bool:
    """ "Ukrainian claims that Russian ships opened fire", "accused the troops of crossing
    the line to attack", "had been behind a cyberattack": the act is what the claim is
    about; the article has already reported it."""
    before = _clause_before(a, trig, 12)
    for n, w in enumerate(before):
        if w in _CLAIM_NOUNS and {"that", "of"}.intersection(before[n + 1 : n + 3]):
            return True
        if w in _CLAIM_VERBS:
            return True
    return False


# "this was an intentional attack", "that it was a deliberate strike": the known incident named
_BACK_SUBJECTS = words("this it that")
_COPULA = words("was is were 's")
_ARTICLES = words("a an")


def _named_as(a: SentenceAnalysis, trig: Trigger) -> bool:
    before = _clause_before(a, trig, 6)
    for k in range(1, len(before)):
        if before[k] in _COPULA and before[k - 1] in _BACK_SUBJECTS:
            rest = before[k + 1 :]
            return bool(rest) and rest[0] in _ARTICLES and len(rest) <= 4
    return False


# "called the Soviet action a massacre", "described the raid as a brutal attack": the name a
# verb of naming gives an act it has named already, not a second act
_NAMING = words("called calls branded brands described describes termed terms dubbed labelled")


def _name_given(a: SentenceAnalysis, trig: Trigger) -> bool:
    before = _clause_before(a, trig, 9)
    verbs = [n for n, w in enumerate(before) if w in _NAMING]
    if not verbs:
        return False
    rest = before[verbs[-1] + 1 :]
    marks = [n for n, w in enumerate(rest) if w in _ARTICLES or w == "as"]
    # something named between the verb and the name ("the Soviet action"), the name right
    # after its article, an adjective or two between
    return bool(marks) and marks[-1] >= 2 and len(rest) - marks[-1] <= 3


# "a threatened bombing assault", "an imminent attack": an incident still to come; "repeated
# shelling of the plant": a campaign; "they suspect sabotage": a suspicion, not a report
_NOT_YET = words(
    "threatened planned proposed expected imminent looming feared possible potential repeated"
)
_SUSPICIONS = words("suspect suspected suspects")
# "the latest in a series of bomb attacks": a campaign, of which the news is one
_SERIES = words("series spate string wave")
_BEGINNINGS = words("beginning start outbreak")


def _not_yet_or_one_of_many(a: SentenceAnalysis, trig: Trigger) -> bool:
    if _NOT_YET.intersection(window(a, trig.start - 2, trig.start)):
        return True
    if _SUSPICIONS.intersection(window(a, trig.start - 1, trig.start)):
        return True  # "suspect sabotage"; not "suspected jihadists attacked"
    before = window(a, trig.start - 6, trig.start)
    if "latest" in before and _SERIES.intersection(before):
        return True
    # "the first such attack since the beginning of the Kremlin's assault": a war as a whole
    if "since" in before and _BEGINNINGS.intersection(before[before.index("since") :]):
        return True
    # "is suspected of having taken part in attacks": the suspicion is the news
    clause = _clause_before(a, trig, 8)
    return any(w == "suspected" and clause[k + 1 : k + 2] == ["of"] for k, w in enumerate(clause))


def _hit_again(a: SentenceAnalysis, trig: Trigger) -> bool:
    """ "no residents of the buildings hit by the aircraft were hurt": what the incident
    already told of hit, named again."""
    before, after = window(a, trig.start - 2, trig.start), window(a, trig.end, trig.end + 1)
    return len(before) == 2 and before[0] in ("the", "those") and after == ["by"]
