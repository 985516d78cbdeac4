"""Denials said other ways: a claim called false, and one's own side said not to have done it.

* A claim dismissed in so many words: "Ukrainian claims that ... are groundless, Slutsky said",
  "described the accusations by the European Union as unfounded", "a claim that an Armenian
  spokeswoman called unfounded and false". A word that dismisses (the triggers
  ``statement_rules.DISMISSING_TRIGGERS`` routes here) near a word for a claim (``CLAIMS``), in
  someone's words: that someone denies it, answering whoever made the claim ("Ukrainian
  claims" -> Ukraine; "accusations by the European Union").
* A claim called a smear: "the accusations against Russia represented another campaign based
  on a provocation", "these claims are a provocation". Whoever says so denies it.
* One's own side said not to have done it: "'We did not fire on the market,' Karadzic said",
  "said the party's forces had not attacked the base", "said his country was not behind the
  attacks", "said Russia had no part in the poisoning". A negated act or responsibility whose
  doer is the speaker or the speaker's side is a denial by the speaker.
"""

from __future__ import annotations

from storyline_extraction.actor_roles import actors_at, conjuncts, subject_heads
from storyline_extraction.event_draft import EventDraft, actor_key
from storyline_extraction.rule_context import RuleContext, speaker, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import acting_sources, clause_text, make_draft
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import ARMED_MEANS, words

CLAIMS = words(
    "claim claims allegation allegations accusation accusations charge charges report reports "
    "suggestion suggestions assertion assertions statement statements version account accounts "
    "evidence findings story assessment footage video images figures accounts ruling verdict "
    "suspect suspicion suspicions comments remarks results conclusions information"
)
# Verbs whose subject does the dismissing: "described the accusations as unfounded".
_LABELLING = words(
    "described describes describing called calls calling dismissed dismisses branded brands "
    "labelled labeled termed terms denounced denounces rejected rejects dubbed dubs"
)
_WE = words("we us our i")
_OWNERS_PREPS = words("by from of")


def dismissal_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """A claim called false by whoever says so (see the module's docstring)."""
    i = trig.start
    claim = _claim_near(a, i)
    if claim is None:
        return _liar_drafts(a, trig, ctx)
    denier = _denier(a, i, claim, ctx)
    if denier is None:
        return []
    owners = claim_owners(a, claim)
    draft = make_draft(
        "denial_issued",
        a,
        trig,
        denier,
        owners,
        text=clause_text(a, claim),
        about=("accusation_made",),
    )
    draft.target_from_link = not draft.targets
    return [draft]


def _liar_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """ "Peskov is just lying, pure and simple," Kirby said; "Baku is spreading disinformation":
    the speaker denies what the one called a liar says."""
    i = trig.start
    if not a.parsed or a.deps(i, "neg"):
        return []
    if trig.phrase == "lying":
        liar_of = i
    elif a.tokens[i].dep == "dobj" and a.tokens[a.head(i)].lower in _SPREADING:
        liar_of = a.head(i)
    else:
        return []
    liars = [x for x in actors_at(a, a.deps(liar_of, "nsubj"), ctx.discourse) if x.canonical]
    said_by = speaker(a, i, ctx)
    if not liars or said_by is None or not (said_by.canonical or said_by.kind == "person"):
        return []
    return [
        make_draft(
            "denial_issued",
            a,
            trig,
            said_by,
            liars,
            text=clause_text(a, i),
            about=("accusation_made",),
        )
    ]


# Verbs whose subject is called a liar by what they spread: "Baku is spreading disinformation".
_SPREADING = words("spreading spread spreads peddling peddled peddles telling told tells")


def _claim_near(a: SentenceAnalysis, i: int) -> int | None:
    """The claim a dismissive word is about: a claim word before it in its clause ("claims
    that ... are groundless") or right after it ("dismissed as baseless the claim")."""
    lower = [t.lower for t in a.tokens]
    for j in range(i - 1, max(-1, i - 25), -1):
        if lower[j] in CLAIMS:
            return j
        if lower[j] in {";", "but", "while", "whereas"}:
            break
    for j in range(i + 1, min(len(lower), i + 5)):
        if lower[j] in CLAIMS:
            return j
    if lower[max(0, i - 4) : i] and {"this", "that", "it"} & set(lower[max(0, i - 4) : i]):
        return i  # "the army says this is untrue"
    return None


def _denier(a: SentenceAnalysis, i: int, claim: int, ctx: RuleContext) -> Actor | None:
    if a.parsed:
        for anc in [i, *a.ancestors(i)[:4]]:
            if a.tokens[anc].lower in _LABELLING:
                found, _ = acting_sources(a, anc, ctx)
                named = [x for x in found if x.canonical or x.kind == "person"]
                if named:
                    return named[0]
        for at in (i, claim):
            said_by = speaker(a, at, ctx)
            if said_by is not None and (said_by.canonical or said_by.kind == "person"):
                return said_by
        return None
    before = [m for m in a.mentions if m.end <= claim]
    labelling = [j for j in range(claim) if a.tokens[j].lower in _LABELLING]
    if labelling and before:
        return before[-1].actor()
    return None


def claim_owners(a: SentenceAnalysis, claim: int) -> list[Actor]:
    """ "Ukrainian claims", "India's claims", "the accusations by the European Union",
    "the claim by Amnesty International", "claims from both sides" (nobody in particular)."""
    owners = [m for m in a.mentions if claim - 3 <= m.start and m.end <= claim]
    if owners:
        return [owners[-1].actor()]
    after = window(a, claim + 1, claim + 2)
    if after and after[0] in _OWNERS_PREPS:
        j = claim + 2
        while j < len(a.tokens) and a.tokens[j].lower in {"the", "some", "a", "official"}:
            j += 1
        return [m.actor() for m in a.mentions if m.start <= j < m.end]
    return []


# -- a claim called a smear -------------------------------------------------------------------

_SMEARS = words(
    "provocation provocations campaign lie lies fabrication fabrications propaganda fake slander "
    "smear hoax farce show circus theatre theater fiction fantasy nonsense insinuation "
    "insinuations"
)
_AMOUNTING = words("is are was were represented represents represent amounted amounts constituted")


def smeared_claim_drafts(a: SentenceAnalysis, ctx: RuleContext) -> list[EventDraft]:
    """A claim (``CLAIMS``) the subject of "is", "represented" or "amounted to" a smear
    (``_SMEARS``), in someone's words: a denial by that someone."""
    if not a.parsed:
        return []
    drafts = []
    for i, tok in enumerate(a.tokens):
        if tok.lower not in CLAIMS or tok.dep != "nsubj":
            continue
        verb = a.head(i)
        if a.tokens[verb].lower not in _AMOUNTING or a.deps(verb, "neg"):
            continue
        said = a.deps(verb, "attr", "dobj") + [
            o for p in a.deps(verb, "prep") if a.tokens[p].lower == "to" for o in a.deps(p, "pobj")
        ]
        if not any(a.tokens[c].lower in _SMEARS for x in said for c in conjuncts(a, x)):
            continue
        said_by = speaker(a, verb, ctx)
        if said_by is None or not (said_by.canonical or said_by.kind == "person"):
            continue
        trig = Trigger(verb, verb + 1, "denial_issued", a.tokens[verb].lower)
        d = make_draft(
            "denial_issued",
            a,
            trig,
            said_by,
            claim_owners(a, i),
            text=clause_text(a, i),
            about=("accusation_made",),
        )
        d.target_from_link = not d.targets
        drafts.append(d)
    return drafts


# -- one's own side did not do it ------------------------------------------------------------

_DENIED_ACTS = words(
    "fire fired attack attacked strike struck hit target targeted kill killed harm harmed "
    "shell shelled bomb bombed launch launched use used carry carried poison poisoned order "
    "ordered plan planned stage staged shoot shot sink sank cross crossed violate violated "
    "involve involved start started begin began"
)
# Acts that deny only with armed means as their object: "said it had not flown drones over the
# border", "did not send troops", not "did not send a delegation".
_DENIED_WITH_MEANS = words(
    "operate operated send sent fly flew flown deploy deployed conduct conducted dispatch "
    "dispatched"
)
_NOT_RESPONSIBLE = words("behind responsible involved linked connected")
_NO_SHARE = words("part role hand link links connection")
# Words that, after a negation, may deny one's own act (a cheap test before any parse).
DENIABLE = (
    _DENIED_ACTS | _DENIED_WITH_MEANS | _NOT_RESPONSIBLE | _NO_SHARE | words("no nothing one wrong")
)


def _denied_act(a: SentenceAnalysis, i: int) -> bool:
    word = a.tokens[i].lower
    if word in _DENIED_WITH_MEANS:
        return any(
            a.tokens[t].lower in ARMED_MEANS for o in a.deps(i, "dobj") for t in a.subtree(o)
        )
    return word in _DENIED_ACTS


def own_side_denial_drafts(a: SentenceAnalysis, ctx: RuleContext) -> list[EventDraft]:
    """ "'We did not fire on the market,' Karadzic said", "said Russia had no part in it"."""
    if not a.parsed:
        return []
    drafts = []
    for i, tok in enumerate(a.tokens):
        word = tok.lower
        negated = bool(a.deps(i, "neg")) or any(
            a.tokens[d].lower in {"no", "never"} for d in a.deps(i, "det", "neg")
        )
        no_way = _no_way_before(a, i)
        if word in _NO_SHARE and (
            any(a.tokens[d].lower == "no" for d in a.deps(i, "det"))
            or _not_the_slightest(window(a, i - 4, i))
        ):
            verb = a.head(i)  # "had no part in", "played no role in", "had not the least"
        elif no_way is not None and (_denied_act(a, i) or word in _NOT_RESPONSIBLE):
            verb = no_way  # "was in no way involved": the verb before the phrase has the doer
        elif negated and (_denied_act(a, i) or word in _NOT_RESPONSIBLE):
            verb = i
        elif word in _NOT_RESPONSIBLE and a.deps(a.head(i), "neg"):
            verb = a.head(i)  # "was not behind the attacks"
        else:
            continue
        said_by = speaker(a, verb, ctx)
        if said_by is None or not (said_by.canonical or said_by.kind == "person"):
            continue
        if not _own_side(a, verb, said_by, ctx):
            continue
        trig = Trigger(i, i + 1, "denial_issued", word)
        d = make_draft(
            "denial_issued",
            a,
            trig,
            said_by,
            [],
            text=clause_text(a, verb),
            about=("accusation_made",),
        )
        d.target_from_link = True
        drafts.append(d)
    return drafts


def _not_the_slightest(before: list[str]) -> bool:
    """ "had not the least part", "has not the slightest link", "did not play any role"."""
    return "not" in before and bool({"slightest", "least", "any"}.intersection(before))


# "was in no way involved", "by no means responsible", "not by any means involved": the
# negation is a phrase before the word, which the parser often takes for the word's head
_NO_WAY = (("in", "no", "way"), ("by", "no", "means"), ("not", "by", "any", "means"))


def _no_way_before(a: SentenceAnalysis, i: int) -> int | None:
    """The verb just before such a phrase ending at ``i`` ("was"), if it has a subject."""
    before = tuple(window(a, i - 4, i))
    for phrase in _NO_WAY:
        verb = i - len(phrase) - 1
        ends_here = before[len(before) - len(phrase) :] == phrase
        if ends_here and verb >= 0 and a.deps(verb, "nsubj", "nsubjpass"):
            return verb
    return None


# What "its", "his" or "their" makes the speaker's own: "its border guards were not involved"
_OWN_PEOPLE = words(
    "country government forces troops army side party guards soldiers units officers fighters "
    "military navy police men"
)


_THE_GROUP = words("group movement organisation organization militia outfit faction")


def _own_side(a: SentenceAnalysis, verb: int, said_by: Actor, ctx: RuleContext) -> bool:
    """Whether the doer of ``verb`` is the speaker or the speaker's side ("we", "his country",
    "the party's forces", "Russian troops" said by a Russian)."""
    heads, _ = subject_heads(a, verb)
    if not heads:
        return False
    subtree = {t for h in heads for t in a.subtree(h)}
    if any(a.tokens[t].lower in _WE for t in subtree):
        return True
    if len(heads) == 1 and a.tokens[heads[0]].lower in {"it", "they", "he", "she"}:
        return True  # "Syria said it had no part in the attack"
    if (
        len(heads) == 1
        and said_by.kind in {"group", "organisation"}
        and a.tokens[heads[0]].lower in _THE_GROUP
        and window(a, heads[0] - 1, heads[0]) == ["the"]
    ):
        return True  # "a Taliban spokesman said the group was not behind the blast"
    if any(a.tokens[t].lower in {"his", "her", "its", "their"} for t in subtree) and any(
        a.tokens[h].lower in _OWN_PEOPLE for h in heads
    ):
        return True
    doers = [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]
    return bool(doers) and all(
        actor_key(x) == actor_key(said_by) or (x.country and x.country == said_by.country)
        for x in doers
    )
