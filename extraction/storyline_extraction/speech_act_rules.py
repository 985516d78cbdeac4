"""Rules for what actors say and do to each other: accusations, denials, threats, pledges,
doubts, claims of responsibility and sanctions. This module routes each trigger to its rule
and merges what the rules of one sentence found.
"""

from __future__ import annotations

from storyline_extraction.accusation_rules import accusation_drafts, is_mutual
from storyline_extraction.actor_roles import (
    dedupe,
)
from storyline_extraction.attacker_origin import (
    COMING_PHRASES,
    attacker_origin_drafts,
    may_name_attackers_origin,
)
from storyline_extraction.blame_rules import (
    WRONG_ACT_TRIGGERS,
    is_blame_phrase,
    reported_act_drafts,
)
from storyline_extraction.culprit_names import CULPRIT_NOUNS, may_name_culprit
from storyline_extraction.denial_rules import (
    DENIABLE,
    own_side_denial_drafts,
    smeared_claim_drafts,
)
from storyline_extraction.doubt_rules import CHECKING, unable_by_words
from storyline_extraction.event_draft import DOER_UNNAMED, EventDraft, actor_key
from storyline_extraction.lexicon import Lexicon
from storyline_extraction.naming_rules import what_it_called_drafts
from storyline_extraction.nominal_accusations import names_its_parties
from storyline_extraction.phrase_table import SPEECH_MARKS
from storyline_extraction.pledge_rules import FUTURE_WORDS, NOT_ACTIONS, same_side
from storyline_extraction.rule_context import RuleContext, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.statement_rules import (
    CLAIM_NOUNS,
    DISMISSIVE,
    OWN_SIDE_TRIGGERS,
    PLEDGE_OBJECTS,
    denial_drafts,
    pledge_drafts,
    responsibility_drafts,
    sanction_drafts,
    skepticism_drafts,
    threat_drafts,
    warning_without_threat,
)
from storyline_extraction.threat_rules import conditioned_party, vow_joined_to_report
from storyline_extraction.values import Actor
from storyline_extraction.weapon_origin import ORIGIN_PHRASES, may_name_origin, origin_drafts
from storyline_extraction.word_sets import ACCUSATION_NOUNS


def speech_act_drafts(a: SentenceAnalysis, ctx: RuleContext) -> list[EventDraft]:
    drafts: list[EventDraft] = []
    handlers = {
        "accusation_made": accusation_drafts,
        "denial_issued": denial_drafts,
        "threat_issued": threat_drafts,
        "pledge_made": pledge_drafts,
        "skepticism_expressed": skepticism_drafts,
        "responsibility_claimed": responsibility_drafts,
        "sanction_imposed": sanction_drafts,
    }
    for trig in a.triggers:
        handler = handlers.get(trig.kind)
        if handler is not None:
            drafts.extend(handler(a, trig, ctx))
    drafts.extend(reported_act_drafts(a, ctx))
    drafts.extend(origin_drafts(a, ctx))
    if any(t.phrase in COMING_PHRASES for t in a.triggers):
        drafts.extend(attacker_origin_drafts(a, ctx))
    drafts.extend(what_it_called_drafts(a, ctx))
    drafts.extend(smeared_claim_drafts(a, ctx))
    if any(t.phrase in OWN_SIDE_TRIGGERS for t in a.triggers):
        drafts.extend(own_side_denial_drafts(a, ctx))
    merged = _merge(_drop_nested(drafts, a), a)
    _vows_to_their_speaker(a, merged, ctx)
    for d in merged:
        if d.kind == "threat_issued" and not d.targets:
            d.targets = tuple(conditioned_party(a, d.source, ctx))
    return merged


def _vows_to_their_speaker(a: SentenceAnalysis, drafts: list[EventDraft], ctx: RuleContext) -> None:
    """ "India said Pakistan-based militants carried out the attack and vowed a crushing
    response": the vow is India's, against whom India accuses, not the militants'."""
    if not a.parsed:
        return
    for d in drafts:
        if d.kind not in {"threat_issued", "pledge_made"}:
            continue
        vower = next(
            (
                who
                for v in [d.trigger, *a.ancestors(d.trigger)[:2]]
                if (who := vow_joined_to_report(a, v, ctx)) is not None
            ),
            None,
        )
        if vower is None or actor_key(vower) == actor_key(d.source):
            continue
        accused = [
            t
            for x in drafts
            if x.kind == "accusation_made" and actor_key(x.source) == actor_key(vower)
            for t in x.targets
        ]
        d.source = vower
        d.targets = tuple(dedupe([*accused, *(t for t in d.targets if not same_side(t, vower))]))


def could_yield(a: SentenceAnalysis, trig: Trigger, lexicon: Lexicon) -> bool:
    """False when the word-level conditions of the trigger's rule already rule it out, so a
    parse could not make it an event ("warned" with nothing threatened, "rejected the
    proposal", "announced" with nothing promised, "the alleged attack")."""
    first = trig.phrase.split()[0]
    after = window(a, trig.end, trig.end + 8)
    if trig.kind == "threat_issued" and first in {"warned", "warns", "warning"}:
        return not warning_without_threat(a, trig)
    if trig.kind == "denial_issued" and trig.phrase in OWN_SIDE_TRIGGERS:
        # "did not fire", "had no part in": a negated act, in someone's words
        near = window(a, trig.start, trig.end + 4)
        return _reported(a, lexicon) and any(w in DENIABLE for w in near)
    if trig.kind == "skepticism_expressed" and trig.phrase in CHECKING:
        return unable_by_words(a, trig.start)
    if trig.kind == "pledge_made" and trig.phrase in FUTURE_WORDS:
        # "NATO said it would investigate", "France will host": a speaker, or an actor just
        # before; and an action after ("would be", "will have" promise nothing)
        verb = next((w for w in window(a, trig.end, trig.end + 3) if w not in _ADVERBS), "")
        if verb in NOT_ACTIONS:
            return False
        return _reported(a, lexicon) or any(0 <= trig.start - m.end <= 2 for m in a.mentions)
    if trig.kind == "pledge_made" and first in {"announced", "announces"}:
        return any(w in PLEDGE_OBJECTS for w in after)
    if trig.kind == "denial_issued" and first in {"rejected", "rejects", "rejecting"}:
        return any(w in CLAIM_NOUNS or w in DISMISSIVE for w in after) or any(
            w in CLAIM_NOUNS for w in window(a, trig.start - 4, trig.start)
        )
    if trig.kind == "accusation_made" and trig.phrase in WRONG_ACT_TRIGGERS:
        return False  # read by the reported-act rule, which asks for its own parse
    if trig.kind == "accusation_made" and is_mutual(a, trig):
        return True  # "Kyiv and Moscow blamed each other": both sides speak
    if trig.kind == "accusation_made" and trig.phrase in ORIGIN_PHRASES:
        return may_name_origin(a, lexicon)
    if trig.kind == "accusation_made" and trig.phrase in COMING_PHRASES:
        return may_name_attackers_origin(a)
    if trig.kind == "accusation_made" and trig.phrase in CULPRIT_NOUNS:
        return may_name_culprit(a, trig)
    if trig.kind == "accusation_made" and trig.phrase in ACCUSATION_NOUNS:
        return names_its_parties(a, trig)
    if trig.kind == "accusation_made" and first.startswith("alleg"):
        return window(a, trig.start - 1, trig.start) not in (["the"], ["an"], ["a"])
    if trig.kind == "accusation_made" and is_blame_phrase(trig.phrase):
        # "Iran was to blame" needs someone saying it, unless its verb blames ("blamed it on")
        return first in {"blamed", "attributed"} or _reported(a, lexicon)
    if first == "responsible" and any(w in _HOLDING for w in window(a, trig.start - 5, trig.start)):
        return True  # "held Belarus responsible": the holder accuses
    if first in _REPORTED_ONLY and trig.phrase not in {"held responsible", "holding responsible"}:
        # "X was behind it", "it carried out the attack" are accusations or claims only as
        # someone's reported words; with no speech verb there is nobody to report them
        return _reported(a, lexicon)
    return True


def _reported(a: SentenceAnalysis, lexicon: Lexicon) -> bool:
    """Whether the sentence reports someone's words: a speech verb, before or after, or a
    quotation mark (a quotation's speaker may be named in another sentence)."""
    return any(
        t.lower in lexicon.speech_verbs or t.lower in _ACCUSING or t.lower in SPEECH_MARKS
        for t in a.tokens
    ) or ("according" in (t.lower for t in a.tokens))


_HOLDING = frozenset({"held", "hold", "holds", "holding"})
_ADVERBS = frozenset({"not", "n't", "also", "now", "soon", "then", "still", "never", "immediately"})

_ACCUSING = frozenset({"accused", "accuses", "accusing", "blamed", "blames", "blaming"})

_REPORTED_ONLY = frozenset(
    {"behind", "involvement", "responsible", "orchestrated", "orchestrating", "masterminded"}
    | {"staged", "false", "was", "is", "are", "were", "carried", "did"}
)


def _merge(drafts: list[EventDraft], a: SentenceAnalysis) -> list[EventDraft]:
    """One event per (kind, source, targets); for kinds other than accusations, one per
    (kind, source) with the targets found by any trigger."""
    out: dict[tuple[object, ...], EventDraft] = {}
    for d in drafts:
        if d.source is not None and any(actor_key(t) == actor_key(d.source) for t in d.targets):
            d.targets = tuple(t for t in d.targets if actor_key(t) != actor_key(d.source))
        if d.kind == "accusation_made" and not d.targets and DOER_UNNAMED not in d.notes:
            continue  # "X said it was behind": a claim, not an accusation
        key: tuple[object, ...] = (
            d.key if d.kind == "accusation_made" else (d.kind, actor_key(d.source))
        )
        if key in out:
            kept = out[key]
            kept.targets = tuple(dedupe([*kept.targets, *d.targets]))
            kept.text = kept.text or d.text
        else:
            out[key] = d
    # "described the attack as a terrorist act organised by Ukraine": the act named, and who
    # did it, are one accusation; the one that names no one goes when its speaker names someone
    naming = {
        actor_key(d.source) for d in out.values() if d.kind == "accusation_made" and d.targets
    }
    for key, d in list(out.items()):
        if d.kind == "accusation_made" and not d.targets and actor_key(d.source) in naming:
            del out[key]
    # A pledge whose content is a threat was turned into one; drop a duplicate pledge, said by
    # the same actor or by the same state's people ("Clinton vowed that the United States
    # would find those responsible").
    threats = [d.source for d in out.values() if d.kind == "threat_issued"]
    # ... and a pledge by nobody named around a threat's clause ("vowed that those responsible
    # would be caught" read as a pledge by "the president" too)
    at = [d.trigger for d in out.values() if d.kind == "threat_issued"]
    return [
        d
        for d in out.values()
        if not (
            d.kind == "pledge_made"
            and (_threatens_too(d, threats) or (_unnamed(d) and _nested(a, d.trigger, at)))
        )
    ]


def _nested(a: SentenceAnalysis, trigger: int, others: list[int]) -> bool:
    return any(trigger in a.ancestors(o) or o in a.ancestors(trigger) for o in others)


def _unnamed(d: EventDraft) -> bool:
    return d.source is None or not d.source.canonical


def _threatens_too(pledge: EventDraft, threateners: list[Actor | None]) -> bool:
    me = pledge.source
    return any(
        actor_key(t) == actor_key(me) or (t is not None and me is not None and same_side(t, me))
        for t in threateners
    )


def _drop_nested(drafts: list[EventDraft], a: SentenceAnalysis) -> list[EventDraft]:
    """ "vowed to avenge the deaths, saying Pakistan would respond": one threat, the outer one,
    which takes whom the inner one names ("warned that it would strike at U.S. forces").
    Another party's own promise inside it stays ("signed a deal under which Russian
    peacekeepers will deploy")."""
    if not a.parsed:
        return drafts
    out = []
    for d in drafts:
        outer = [
            o
            for o in drafts
            if o is not d
            and o.kind == d.kind
            and d.kind in {"threat_issued", "pledge_made"}
            and o.trigger != d.trigger
            and o.trigger in a.ancestors(d.trigger)
            and _same_party(o.source, d.source)
        ]
        if not outer:
            out.append(d)
        elif not outer[0].targets and (source := outer[0].source) is not None:
            outer[0].targets = tuple(t for t in d.targets if not same_side(t, source))
    return out


def _same_party(one: Actor | None, other: Actor | None) -> bool:
    """Either unnamed, or one side: an outer statement may speak for the inner one."""
    if one is None or other is None or not one.canonical or not other.canonical:
        return True
    return same_side(one, other)
