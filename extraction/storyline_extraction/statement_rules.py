"""Denials, threats, pledges, doubts, claims of responsibility and sanctions."""

from __future__ import annotations

from storyline_extraction.accusation_rules import carried_out_drafts, disapproval_drafts
from storyline_extraction.actor_roles import (
    actors_at,
    agent_heads,
    conjuncts,
    dedupe,
    linear_target,
    subject_heads,
)
from storyline_extraction.denial_rules import CLAIMS, claim_owners, dismissal_drafts
from storyline_extraction.doubt_rules import (
    CAUTION_PHRASES,
    CHECKING,
    DOUBT_PHRASES,
    UNCHECKED_ADJECTIVES,
    doubt_draft,
    owners_near,
    unverified_drafts,
)
from storyline_extraction.event_draft import EventDraft, actor_key
from storyline_extraction.modality import read_trigger
from storyline_extraction.phrase_table import QUOTES
from storyline_extraction.pledge_rules import (
    DEFEATING,
    FUTURE_WORDS,
    promised_action_drafts,
    same_side,
)
from storyline_extraction.pursuit_rules import PURSUIT_TRIGGERS, pursuit_drafts
from storyline_extraction.rule_context import (
    RuleContext,
    clause_subjects,
    speaker,
    window,
)
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import (
    acting_sources,
    clause_text,
    make_draft,
    prep_objects,
)
from storyline_extraction.statement_context import is_itself
from storyline_extraction.threat_rules import CONTENT_TRIGGERS, HARM_VERBS, threat_content_drafts
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

# Dismissive words that trigger a denial on their own; the negations that may deny one's own act.
DISMISSING_TRIGGERS = words(
    "baseless groundless unfounded fabricated fabrication fabrications absurd lies untrue false "
    "distorted distortion nonsense ridiculous fiction fantasy illogical fake slanderous "
    "disinformation misinformation lying fictitious untruths preposterous stupid scandalous circus "
    "figment lie farce"
) | {
    "politically motivated",
    "do not correspond to reality",
    "does not correspond to reality",
    "not true",
}
OWN_SIDE_TRIGGERS = frozenset(
    {
        "did not", "didn't", "had not", "hadn't", "has not", "have not", "was not", "were not",
        "is not", "are not", "never", "no part", "no hand", "no link", "no links",
        "no connection", "harmed no", "nothing wrong", "in no way", "by no means",
        "not by any means",
    }
)  # fmt: skip

_UNCHECKED = frozenset(
    {
        "could not be verified",
        "cannot be verified",
        "could not be confirmed",
        # "There was no independent confirmation of the reports": the outlet's own doubt
        "no independent confirmation",
        "no independent verification",
    }
)

CLAIM_NOUNS = words(
    "link links connection role "
    "claim claims allegation allegations accusation accusations charge charges report reports "
    "suggestion suggestions assertion assertions involvement responsibility notion statement "
    "statements version account accounts findings results conclusions"
)

DISMISSIVE = words(
    "baseless propaganda fabrication fabricated lies lie false nonsense absurd groundless "
    "unfounded provocation fake disinformation slander ridiculous scandalous circus "
    "insinuations politically figment farce"
)
# "We reject this", "dismissed that as ...": what was just said, answered.
_ANSWERED = words("this that these those it")

_DENOUNCING = words("denounced denounces slammed slams")
# Denials only of a claim named right after: "brushed aside the accusations", "Seoul
# downplayed the allegations", not "downplayed the risks".
_PLAYING_DOWN = frozenset(
    {"brushed aside", "disputed", "downplayed", "downplays", "played down", "plays down"}
)
_WHILE = words("as while when")

_BLAMING = words("blame accuse suspect accusing blaming accusation accusations claims allegations")

_NOT_DENIALS = words("entry access visa visas bail permission request requests application appeal")

PLEDGE_OBJECTS = words(
    "aid package support assistance funding loan troops counteroffensive offensive ceasefire "
    "truce talks plan deployment delivery deliveries weapons arms investigation inquiry probe "
    "reconstruction agreement deal accord pact armistice"
)
# Verbs that make a pledge only of what they name: "announced an aid package", "signed a truce",
# "accepted the peace plan", "offered $5 million", "has also offered intelligence".
_NAMING_PLEDGES = words("announced announces signed signs clinched accepted accepts offered offers")
# What is offered as help, besides what PLEDGE_OBJECTS names.
_SENT = words("envoy envoys team teams delegation mission warships ships jets experts")
_OFFERED = words("help reward compensation intelligence information asylum mediation $")

_THREAT_CONTENT = words(
    "response retribution punishment reprisal reprisals "
    "retaliate retaliation revenge avenge punish punishment eliminate destroy wipe crush "
    "consequences attacks strikes escalate attack attacked strike struck targeted bloodshed "
    "responsible justice hunted punished unpunished unanswered kill bomb smash annihilate "
    "obliterate raze"
)
# "vowed to hit back at American targets", "promised to strike back"
_STRIKING_BACK = [[verb, "back"] for verb in ("hit", "strike", "fight", "shoot")]

# Worded as harm to come: read by the content rule, which finds who says it.
_RESPONSES = frozenset(
    {"crushing response", "decisive response", "would respond", "will respond", "retaliate"}
)

_THREAT_NOUN_VERBS = frozenset({"issued", "made", "renewed", "levelled", "leveled", "repeated"})

_SANCTION_VERBS = words(
    "impose imposed imposes imposing announced announces unveiled adopted approved slapped "
    "slaps expanded extended levied introduced agreed reimposed reimposes reimposing tightened "
    "tightens tightening toughened widened broadened renewed"
)
# "banned Syrian cargo planes from its airspace": a ban is a sanction when it shuts another
# state's carriers or trade out; "banned protests" and "banned the player" are not.
_BANNING = frozenset({"banned", "barred", "bans", "banning", "barring"})
_SHUT_OUT_OF = words("airspace waters ports port territory skies harbours harbors")
_CARRIERS = words(
    "airlines airline carriers planes aircraft flights ships vessels tankers trucks exports "
    "imports goods products companies banks firms sales shipments deliveries"
)
# "added three militia leaders to its sanctions list": the list names whom it sanctions
_LISTS = frozenset({"sanctions list", "blacklist"})
_LISTING_VERBS = words("added adds adding put puts placed places")
# a noun trigger reaches its verb through these: "imposed asset freezes and travel bans"
_NOUN_CHAIN = frozenset({"compound", "conj", "amod", "nmod"})


def denial_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    if trig.phrase in DISMISSING_TRIGGERS and not a.is_question:
        return dismissal_drafts(a, trig, ctx)  # negation inside the claim is no matter
    if read_trigger(a, trig, ctx.lexicon, "denial_issued") == "skip":
        return []
    if (
        a.parsed
        and a.tokens[trig.start].dep == "relcl"
        and ctx.lexicon.historical.find_all(window(a, 0, trig.start))
    ):
        return []  # "has long accused Kabul of ..., a charge the Taliban deny": background
    if trig.phrase in OWN_SIDE_TRIGGERS:
        return []  # read once per sentence by ``own_side_denial_drafts``
    first = trig.phrase.split()[0]
    i = trig.start
    anchor = i
    if first in _DENOUNCING and _party_then_for(a, trig):
        # "slammed Pakistan for sheltering the group": a party held to account, not a denial
        return disapproval_drafts(a, trig, ctx)
    # "denounced as a \"circus show\" the prime minister's allegations": the name comes first
    after = window(a, trig.end, trig.end + (12 if first in _DENOUNCING else 8))
    if trig.phrase in _PLAYING_DOWN:
        if not any(w in CLAIM_NOUNS for w in after[:4]) and not _answers_claim_noun(a, i):
            return []
    elif trig.phrase == "denials":
        if a.tokens[a.head(i)].lower not in {"repeated", "issued", "reiterated"}:
            return []
    elif first in {"deny", "denied", "denies", "denying"}:
        if a.parsed and any(a.tokens[o].lower in _NOT_DENIALS for o in a.deps(i, "dobj")):
            return []
    elif first == "denial":
        return []
    elif trig.phrase in {"nothing to do with", "no involvement", "not involved", "no role"}:
        anchor = trig.end - 1 if trig.phrase == "not involved" else i
    elif trig.phrase in _DISOWNING:
        # "disowned the bombing", "disavowed the statement": an act or words, not a nephew
        if not any(
            w in ctx.lexicon.incident_nouns or w in CLAIM_NOUNS or w in _OWNABLE_WORDS
            for w in after[:5]
        ):
            return []
    elif trig.phrase in _INNOCENCE:
        pass  # "maintained its innocence": a denial whatever follows
    elif trig.phrase in {"no grounds", "no basis"}:
        # "saw no grounds to blame the Russian state": grounds for blame, denied
        if not any(w in _BLAMING for w in window(a, trig.end, trig.end + 3)):
            return []
    elif not (
        any(w in CLAIM_NOUNS for w in after)
        or any(w in DISMISSIVE for w in after)
        or _answers_claim_noun(a, i)
        or (after[:1] and after[0] in _ANSWERED and ctx.accusation_seen)
    ):
        return []  # "rejected the proposal" is not a denial
    sources, passive = acting_sources(a, anchor, ctx)
    if passive or (a.parsed and a.deps(anchor, "agent")):
        # "a charge denied by Washington": who denies is the agent
        sources = [x for x in actors_at(a, agent_heads(a, anchor), ctx.discourse) if x.canonical]
    appositive = [m for m in a.mentions if m.end == i or m.end == i - 1]
    if appositive and any(w in CLAIM_NOUNS for w in window(a, i - 5, appositive[-1].start)):
        # "..., a charge Abidjan rejects": the parser often reads the verb as a noun
        sources = [appositive[-1].actor()]
    if trig.phrase in _NO_PART and a.parsed and sources:
        said_by = speaker(a, anchor, ctx)
        if (
            said_by is not None
            and (said_by.canonical or said_by.kind == "person")
            and not any(is_itself(x, said_by) or same_side(x, said_by) for x in sources)
        ):
            # "Georgia had no involvement in the bombing, the State Department said": the one
            # saying so rejects the charge on the other's behalf
            sources = [said_by]
    if not sources:
        return []
    accusers = _accuser_named(a, i, ctx)
    drafts = []
    for s in sources:
        d = make_draft("denial_issued", a, trig, s, accusers, about=("accusation_made",))
        d.target_from_link = not accusers
        drafts.append(d)
    return drafts


_INNOCENCE = frozenset(
    {"maintained its innocence", "protested its innocence", "insisted on its innocence"}
    # "Hamas distanced itself from the attack"
    | {"distanced itself from", "distanced themselves from"}
)
_DISOWNING = frozenset({"disavowed", "disowned"})
_NO_PART = frozenset({"nothing to do with", "no involvement", "not involved", "no role"})
_OWNABLE_WORDS = words("statement statements remarks comments video message letter act acts")


def _answers_claim_noun(a: SentenceAnalysis, i: int) -> bool:
    """ "an allegation New Delhi dismissed", "a claim the group rejected"."""
    if a.parsed and a.tokens[i].dep == "relcl":
        return a.tokens[a.head(i)].lower in CLAIM_NOUNS
    return any(w in CLAIM_NOUNS for w in window(a, i - 4, i))


def _accuser_named(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor]:
    """ "denied Russia's accusations", "rejected claims by Moscow"."""
    if not a.parsed:
        # without a parse, only the plain "denied Israeli accusations" / "Russia's claims"
        after = [m for m in a.mentions if i < m.start <= i + 2]
        if after and any(w in CLAIM_NOUNS for w in window(a, after[0].end, after[0].end + 2)):
            return [after[0].actor()]
        return []
    for o in a.deps(i, "dobj"):
        owners = a.deps(o, "poss", "amod", "compound")
        found = [x for x in actors_at(a, owners, ctx.discourse) if x.canonical]
        if found:
            return found
        # "claims by Moscow", "the accusations of the Kyiv regime"; "evidence presented by"
        preps = {"by", "from", "of"} if a.tokens[o].lower in CLAIM_NOUNS else {"by", "from"}
        by = [p for p in a.deps(o, "prep") if a.tokens[p].lower in preps]
        heads = [x for p in by for x in a.deps(p, "pobj")]
        heads += [x for v in a.deps(o, "acl") for x in agent_heads(a, v)]
        found = [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]
        if found:
            return found
    return []


def threat_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    if read_trigger(a, trig, ctx.lexicon, "threat_issued") == "skip":
        return []
    phrase = trig.phrase
    if phrase in PURSUIT_TRIGGERS:
        return pursuit_drafts(a, trig, ctx)
    i = trig.start
    prev = a.tokens[i - 1].lower if i > 0 else ""
    if phrase in {"threat", "threats", "ultimatum"}:
        head = a.head(i)
        if a.parsed and a.tokens[head].lower in _DRAWING:
            return _drawn_threat(a, trig, head, ctx)
        if not a.parsed or a.tokens[head].lower not in _THREAT_NOUN_VERBS:
            return []
        i = head
    elif phrase.startswith(("warned", "warns", "warning")):
        if warning_without_threat(a, trig):
            return []
    elif phrase in {"retaliation", "retaliatory"} and prev in {"in", "for", "fear", "fears"}:
        return []
    if phrase in {"eliminate", "eliminated", "physically eliminated", "wipe out"}:
        return _elimination(a, trig, ctx)
    if phrase == "elimination":
        return _called_elimination(a, trig, ctx)
    if phrase in _CALLED_STRIKES:
        return _called_strikes(a, trig, ctx)
    if phrase == "accountable" and not _WILL.intersection(window(a, i - 4, i)):
        return []  # "must be held accountable" blames (``blame_rules``); "will be" threatens
    if phrase in CONTENT_TRIGGERS or phrase in _RESPONSES:
        return threat_content_drafts(a, trig, ctx)
    if phrase in _PAYBACK or (a.parsed and a.deps(trig.end - 1, "nsubjpass")):
        return _payback(a, trig, ctx)
    sources, _ = acting_sources(a, i, ctx)
    speaking = phrase.split()[0] in _WARNING_VERBS or (
        a.parsed and any(a.tokens[x].lower in _WARNING_VERBS for x in a.ancestors(i)[:3])
    )
    if speaking and a.parsed and not any(s.canonical or s.kind == "person" for s in sources):
        # "the group said the attack was retribution ... and warned of more bloodshed": the
        # parser joins "warned" to the reported clause; who warns is who said it
        said_by = speaker(a, i, ctx)
        if said_by is not None and (said_by.canonical or said_by.kind == "person"):
            sources = [said_by]
    if not sources:
        return []
    if a.parsed and phrase.endswith(("measures", "action")):
        # "would take resolute measures against Taiwan": whom is told by the verb taking them
        i = a.head(trig.end - 1)
    targets = (
        prep_objects(a, i, {"against", "on", "to"}, ctx)
        + [x for x in actors_at(a, a.deps(i, "dobj"), ctx.discourse) if x.canonical]
        + _threatened_in(a, i, ctx)
        if a.parsed
        else linear_target(a, trig.end, sources)
    )
    text = clause_text(a, i)
    return [make_draft("threat_issued", a, trig, s, targets, text=text) for s in sources]


# "..., drawing a threat of repercussions from China": a threat the act provoked, by whom "from"
# names, against whoever did the act
_DRAWING = words("drew drawing drawn prompted prompting sparked sparking triggered triggering")


def _drawn_threat(
    a: SentenceAnalysis, trig: Trigger, head: int, ctx: RuleContext
) -> list[EventDraft]:
    froms = [
        o for t in a.subtree(trig.start) if a.tokens[t].lower == "from" for o in a.deps(t, "pobj")
    ]
    sources = [x for x in actors_at(a, froms, ctx.discourse) if x.canonical]
    if not sources:
        return []
    doers, _ = clause_subjects(a, a.head(head), ctx) if a.head(head) != head else ([], False)
    targets = [x for x in doers if x.canonical and not is_itself(x, sources[0])]
    text = clause_text(a, trig.start)
    return [make_draft("threat_issued", a, trig, sources[0], targets, text=text)]


def _threatened_in(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor]:
    """ "threatened to attack Israel", "threatened to shoot down NATO planes": whom the
    threatened act is done to."""
    out: list[Actor] = []
    for x in a.deps(i, "xcomp"):
        objs = a.deps(x, "dobj") + [o for p in a.deps(x, "prep") for o in a.deps(p, "pobj")]
        out += [y for y in actors_at(a, objs, ctx.discourse) if y.canonical]
    return out


def _party_then_for(a: SentenceAnalysis, trig: Trigger) -> bool:
    named = next((m for m in a.mentions if m.start == trig.end and m.entity.canonical), None)
    return named is not None and window(a, named.end, named.end + 1) == ["for"]


def warning_without_threat(a: SentenceAnalysis, trig: Trigger) -> bool:
    """ "warned of delays": a warning that threatens nobody; "warned it was essential to avoid
    escalating the war": harm to be kept from happening, not promised; "warning of the risks of
    escalation": a danger foreseen, not promised."""
    after = window(a, trig.end, trig.end + 15)
    if _DANGERS.intersection(after[:4]):
        return True
    # "warned Damascus against any further use of chemical weapons": a party warned off
    warned = next((m for m in a.mentions if m.start == trig.end and m.entity.canonical), None)
    if warned is not None and window(a, warned.end, warned.end + 1) == ["against"]:
        return False
    for k, w in enumerate(after):
        if w in _AVERTING:
            return True
        if w in _THREAT_CONTENT or w in {"response", "war", "force"}:
            return False
        if (
            w in _WILL
            and after[k + 1 : k + 4] == ["be", "met", "with"]
            and _MET_WRONGS.intersection(after[:k])
        ):
            return False  # "warned that any new provocation would be met with force"
        if (
            w in _WILL
            and HARM_VERBS.intersection(after[k + 1 : k + 3])
            and _doer_before(a, trig, k)
        ):
            return False  # "warned it would march on Kigali": harm the speaker's side would do
    return True


def _doer_before(a: SentenceAnalysis, trig: Trigger, k: int) -> bool:
    """ "warned it would", "warned that Iran would": a pronoun or a name does the harm, not
    "prices" that "would hit record highs"."""
    if k == 0:
        return False
    before = a.tokens[trig.end + k - 1]
    return before.lower in _DOING_PRONOUNS or before.text[:1].isupper()


_DOING_PRONOUNS = words("it they we he she")
# What a warning says would be "met with" something: another side's act, not "the proposal".
_MET_WRONGS = words(
    "provocation provocations attack attacks aggression violation violations incursion "
    "incursions intrusion intrusions infiltration infiltrations attempt attempts strike strikes "
    "act acts move moves escalation"
)
_DANGERS = words("risk risks danger dangers dangerous")


def _talked_about(before: list[str]) -> bool:
    """ "agreed to work together on a (joint) response": a response talked over, not promised."""
    words_ = [w for w in before if w not in {"a", "an", "the", "joint", "common", "coordinated"}]
    return bool(words_) and words_[-1] in _TALKED_ABOUT


_TALKED_ABOUT = words("on about over discuss discussed coordinate coordinated")
_WARNING_VERBS = words("warned warns threatened threatens")
_WILL = words("will would 'll")
_AVERTING = words(
    "avoid avoiding avert averting prevent preventing de-escalate de-escalation restraint"
)


_PAYBACK = frozenset(
    {
        "will pay",
        "would pay",
        "pay for",
        "answer for",
        "pay a heavy price",
        "will be punished",
        "would be punished",
    }
)


def _payback(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """ "Netanyahu said Iran 'will pay for it'": the speaker threatens the subject."""
    if not a.parsed:
        return []
    anchor = next(
        (t for t in range(trig.start, trig.end) if a.deps(t, "nsubj", "nsubjpass")), trig.start
    )
    subjects = a.deps(anchor, "nsubj", "nsubjpass") or subject_heads(a, trig.end - 1)[0]
    targets = [x for x in actors_at(a, subjects, ctx.discourse) if x.canonical]
    said_by = speaker(a, anchor, ctx)
    if said_by is None or not targets:
        return []
    return [make_draft("threat_issued", a, trig, said_by, targets, text=clause_text(a, anchor))]


def _elimination(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """ "calling for Zelensky to be physically eliminated": the caller threatens Zelensky."""
    if not a.parsed:
        return []
    anchor = trig.end - 1
    victims = a.deps(anchor, "nsubj", "nsubjpass", "dobj")
    targets = [x for x in actors_at(a, victims, ctx.discourse) if x.canonical]
    head = a.head(anchor)
    sources, _ = acting_sources(a, head, ctx) if head != anchor else ([], False)
    if not targets or not sources:
        return []
    text = clause_text(a, head)  # "called for ... to be physically eliminated", whole
    return [make_draft("threat_issued", a, trig, s, targets, text=text) for s in sources]


# Verbs by which a speaker asks for someone's end: "called for", "demanded", "urged".
_CALLS = words("call calls called calling demand demands demanded demanding urge urges urged")


def _called_elimination(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """ "called for the physical elimination of Zelensky": the caller threatens Zelensky. Only
    a call for it counts: "the elimination of tariffs" is no threat."""
    if not a.parsed:
        return []
    noun = trig.end - 1
    victims = [
        o for p in a.deps(noun, "prep") if a.tokens[p].lower == "of" for o in a.deps(p, "pobj")
    ]
    targets = [x for x in actors_at(a, victims, ctx.discourse) if x.canonical]
    verb = a.head(noun)
    if a.tokens[noun].dep == "pobj":  # "called for the elimination": the verb above "for"
        verb = a.head(verb)
    if not targets:
        return []
    if a.tokens[verb].lower in _CALLS:
        sources, _ = acting_sources(a, verb, ctx)
    elif _NO_OTHER_WAY.intersection(window(a, trig.start - 8, trig.start)):
        # "said there was no other answer than the physical elimination of Zelensky": the
        # speaker asks for it as the only way
        said_by = speaker(a, noun, ctx)
        sources = [said_by] if said_by is not None and said_by.canonical else []
    else:
        return []
    text = clause_text(a, verb)
    return [make_draft("threat_issued", a, trig, s, targets, text=text) for s in sources]


# A call for strikes on someone threatens them: "lawmakers demanded strikes on Kyiv".
_CALLED_STRIKES = frozenset(
    {
        "called for strikes", "calls for strikes", "calling for strikes", "called for a strike",
        "demanded strikes", "demands strikes", "demanding strikes", "called for attacks",
        "demanded attacks",
    }
)  # fmt: skip


def _called_strikes(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """Who calls for the strikes threatens whom they are to hit ("on Kyiv", "on Kyiv's
    government quarter")."""
    if not a.parsed:
        return []
    noun = trig.end - 1
    places = [o for p in a.deps(noun, "prep") if a.tokens[p].lower in {"on", "against"}
              for o in a.deps(p, "pobj")]  # fmt: skip
    named = places + [w for o in places for w in a.deps(o, "poss")]
    targets = [x for x in actors_at(a, named, ctx.discourse) if x.canonical]
    sources, _ = acting_sources(a, trig.start, ctx)
    sources = [s for s in sources if s.canonical or s.kind == "person"]
    if not targets:
        return []
    text = clause_text(a, trig.start)
    return [make_draft("threat_issued", a, trig, s, targets, text=text) for s in sources]


# Words by which a speaker makes an end the only way: "no other answer than", "the only option".
_NO_OTHER_WAY = words("answer option solution way only needed necessary must should")


def pledge_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    if read_trigger(a, trig, ctx.lexicon, "pledge_made") == "skip":
        return []
    if trig.phrase in FUTURE_WORDS:
        return promised_action_drafts(a, trig, ctx)
    first = trig.phrase.split()[0]
    # "is sending": the verb, not its auxiliary, has the subject
    i = trig.end - 1 if trig.phrase.endswith(" sending") else trig.start
    after = window(a, trig.end, trig.end + 8)
    named = PLEDGE_OBJECTS | _OFFERED if first in {"offered", "offers"} else PLEDGE_OBJECTS
    if first in _NAMING_PLEDGES and not any(w in named for w in after):
        return []
    if trig.phrase.endswith(" sending") and not any(w in PLEDGE_OBJECTS | _SENT for w in after):
        return []  # "is sending an envoy", "was sending more troops": what is sent is pledged
    if (
        first in {"agreed", "agrees"}
        and after[:1] == ["with"]
        and "to" not in after
        and not any(w in PLEDGE_OBJECTS for w in after)
    ):
        return []  # "my legs agreed with me", "agreed with the council": of one mind
    if first in {"prepared", "ready"} and _WHILE.intersection(window(a, i - 5, i)):
        return []  # "as Ukrainian troops prepared to go on the offensive": told, not promised
    if first in {"committed", "commits"} and after[:1] not in (["to"], ["itself"]):
        return []  # "had committed a war crime": a wrong done, not a promise
    if a.parsed and _identifies_or_retells(a, i):
        return []
    if (
        a.parsed
        and first not in {"agreed", "agrees", "agree", "will", "would"}
        and not a.deps(i, "xcomp", "ccomp", "dobj")
        and not (first in {"committed", "commits"} and after[:1] == ["to"])
    ):
        return []  # "the pledge", "a promise" as nouns: references
    agreed_by = _agreed_by(a, i, ctx)
    sources = agreed_by or acting_sources(a, i, ctx)[0]
    if not sources:
        return []
    content = clause_text(a, i)
    kind = "pledge_made"
    ahead = window(a, trig.end, trig.end + 6)
    harm_ahead = [
        w
        for k, w in enumerate(ahead)
        if (w in _THREAT_CONTENT or w in DEFEATING or ahead[k : k + 2] in _STRIKING_BACK)
        and not _talked_about(ahead[:k])
    ]
    if harm_ahead or _measures_against(a, trig):
        kind = "threat_issued"  # "vowed to retaliate" is a threat
    targets = (
        prep_objects(a, i, {"against", "to", "for"}, ctx) or _named_in_clause(a, i, sources)
        if a.parsed
        else linear_target(a, trig.end, sources)
    )
    if agreed_by:
        targets = []  # the parties to an agreement bind themselves, not each other
    if kind == "threat_issued" and not targets:
        targets = _after_against(a, trig, sources)
    return [make_draft(kind, a, trig, s, targets, text=content, base=0.55) for s in sources]


def _after_against(a: SentenceAnalysis, trig: Trigger, sources: list[Actor]) -> list[Actor]:
    """The party named right after "against" in a threat's next words, however parsed."""
    lower = [t.lower for t in a.tokens]
    for k in range(trig.end, min(len(lower), trig.end + 12)):
        if lower[k] == "against":
            return (
                linear_target(a, k + 1, sources)[:1]
                if any(m.start in (k + 1, k + 2) for m in a.mentions)
                else []
            )
    return []


_MEASURES = words("measures steps action actions")


def _measures_against(a: SentenceAnalysis, trig: Trigger) -> bool:
    """ "ready to take \"much more extensive measures\" against Moscow": measures against
    someone are harm."""
    ahead = window(a, trig.end, trig.end + 10)
    return any(w in _MEASURES and "against" in ahead[k + 1 : k + 4] for k, w in enumerate(ahead))


def _agreed_by(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor]:
    """ "The truce, agreed by Bosnian government and Bosnian Serb commanders": each agent."""
    if not a.parsed or not a.deps(i, "agent"):
        return []
    return [x for x in actors_at(a, agent_heads(a, i), ctx.discourse) if x.canonical]


def _named_in_clause(a: SentenceAnalysis, i: int, sources: list[Actor]) -> list[Actor]:
    """Whom a pledge is made to when no preposition says so: "willing to send material to help
    defend Saudi Arabia", "offered to negotiate with Maskhadov": the other party its clause
    names."""
    clause = set(a.subtree(i))
    own = {s.canonical for s in sources} | {s.country for s in sources if s.country}
    found = [m.actor() for m in a.mentions if m.start in clause and m.start > i]
    return [x for x in found if x.canonical and x.canonical not in own and x.country not in own][:2]


_CLAUSE_OF_NOUN = frozenset({"relcl", "acl"})


def _identifies_or_retells(a: SentenceAnalysis, i: int) -> bool:
    """ "Faction leaders who agreed a peace deal have accused each other": the clause says
    who they are; "denied a statement that the two sides had agreed to a ceasefire": it is
    someone else's account. (After a comma, "Lebed, who promised on Tuesday to ...", the
    clause may be the news.)"""
    if a.tokens[i].dep not in _CLAUSE_OF_NOUN:
        return False
    first = min(a.subtree(i))
    return first == 0 or a.tokens[first - 1].lower != ","


def skepticism_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    if a.is_question:
        return []
    if (
        trig.phrase in CHECKING
        or trig.phrase in _UNCHECKED
        or trig.phrase in DOUBT_PHRASES
        or trig.phrase in UNCHECKED_ADJECTIVES
    ):
        if trig.phrase in CAUTION_PHRASES:
            sources, _ = acting_sources(a, trig.start, ctx)
            return [
                make_draft("skepticism_expressed", a, trig, s, [], text=clause_text(a, trig.start))
                for s in sources[:1]
            ]
        if trig.phrase in DOUBT_PHRASES and (not a.parsed or speaker(a, trig.start, ctx) is None):
            return []  # "without providing evidence": the article's own remark
        return unverified_drafts(a, trig, ctx)
    if trig.phrase in _NOT_SURE:
        return _unlikely_drafts(a, trig, ctx)
    if read_trigger(a, trig, ctx.lexicon, "skepticism_expressed") == "skip":
        return []
    i = trig.start
    if trig.phrase == "veracity":
        return []  # only ever the object of a doubting verb, which triggers on its own
    sources, _ = acting_sources(a, i, ctx)
    said_by = speaker(a, i, ctx) if a.parsed else None
    claims = [h for h in subject_heads(a, i)[0] if a.tokens[h].lower in CLAIMS] if a.parsed else []
    claimed = bool(claims)
    if said_by is not None and (
        claimed or not any(s.kind == "person" or s.canonical for s in sources)
    ):
        # "analysts said the figure could not be verified"; "Pentagon officials said the Iraqi
        # claim was exaggerated": whose claim it is, is its target, not its doubter
        sources = [said_by]
    if not sources:
        return []
    named = prep_objects(a, i, {"on", "about", "over", "of"}, ctx) if a.parsed else []
    owners = (
        [
            x
            for x in actors_at(
                # "questioned Moscow's account", "questioned the Russian account"
                a,
                [p for o in a.deps(i, "dobj") for p in a.deps(o, "poss", "amod", "compound")],
                ctx.discourse,
            )
            if x.canonical
        ]
        if a.parsed
        else []
    )
    # "questioned Moscow's account", read by word order when the sentence was not parsed
    claimers = [x for h in claims for x in claim_owners(a, h)]
    targets = owners or named or claimers or owners_near(a, i) or _doubted_that(a, trig)
    targets = [t for t in targets if not any(actor_key(t) == actor_key(s) for s in sources)]
    return [doubt_draft(a, trig, s, targets, base=0.55) for s in sources]


def _doubted_that(a: SentenceAnalysis, trig: Trigger) -> list[Actor]:
    """ "expressed doubt that Syria had withdrawn its troops": whose word is doubted is the
    party the doubted clause is about, named right after "that"."""
    if window(a, trig.end, trig.end + 1) != ["that"]:
        return []
    return [m.actor() for m in a.mentions if trig.end < m.start <= trig.end + 3][:1]


def _unlikely_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """ "Biden said it was unlikely that the missile was fired from Russia", "Washington said it
    was uncertain who was responsible": the speaker doubts a claim. Only "it is unlikely (that)
    ...", "it is unclear who/whether ..." in someone's words: "talks are unlikely to resume" is
    a forecast, "it is unclear when" no doubt about anyone."""
    i = trig.start
    before = [w for w in window(a, i - 4, i) if w not in QUOTES][-2:]
    if not a.parsed or "it" not in before or not any(w in _COPULA for w in before):
        return []
    if trig.phrase != "unlikely" and not _WHO_DID.intersection(window(a, i + 1, i + 3)):
        return []  # "uncertain who was responsible", "unclear whether"; not "unclear when"
    if read_trigger(a, trig, ctx.lexicon, "skepticism_expressed") == "skip":
        return []
    said_by = speaker(a, i, ctx)
    if said_by is None or not (said_by.canonical or said_by.kind == "person"):
        return []
    return [doubt_draft(a, trig, said_by, [], base=0.5)]


_NOT_SURE = frozenset({"unlikely", "uncertain", "unclear"})
_WHO_DID = frozenset({"who", "whether", "if"})
_COPULA = frozenset(
    {"was", "is", "'s", "’s", "seemed", "seems", "looked", "looks", "appeared", "appears"}
)


def responsibility_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    if read_trigger(a, trig, ctx.lexicon, "responsibility_claimed") == "skip":
        return []
    if trig.phrase == "conducted" and not (a.parsed and a.deps(trig.start, "nsubjpass")):
        return []  # "said it had conducted a strike" reports the strike; "was conducted" owns it
    if trig.phrase in {"carried out", "conducted"}:
        return carried_out_drafts(a, trig, ctx)
    if trig.phrase.startswith("apologi") and not _apology_for_an_act(a, trig, ctx):
        return []
    sources, _ = acting_sources(a, trig.start, ctx)
    if not sources:
        return []
    if _refused(a, trig):
        # "refused to accept responsibility for the downing": a denial, not a claim
        text = clause_text(a, trig.start)
        return [make_draft("denial_issued", a, trig, s, [], text=text) for s in sources]
    if _demanded(a, trig):
        # "Washington urged Moscow to accept responsibility": the one who urges accuses
        asked = _appealed_to(a, trig)
        said_by = sources[0] if asked else speaker(a, trig.start, ctx)
        return _responsibility_demanded(a, trig, said_by, asked or sources)
    return [
        make_draft(
            "responsibility_claimed",
            a,
            trig,
            s,
            [],
            text=clause_text(a, trig.start),
            about=("attack_reported", "strike_reported"),
        )
        for s in sources
    ]


_REFUSING = words("refused refuses refusing declined declines declining")


def _refused(a: SentenceAnalysis, trig: Trigger) -> bool:
    """ "refused to accept responsibility", "declined to take responsibility"."""
    before = window(a, trig.start - 2, trig.start)
    return before[-1:] == ["to"] and before[0] in _REFUSING


# "must take responsibility", "has to accept responsibility", "urged Moscow to take
# responsibility": someone else says whose the act is.
_DEMANDING = words("must should")
_OBLIGED = words("has have needs need ought")


def _demanded(a: SentenceAnalysis, trig: Trigger) -> bool:
    """Whether the responsibility is asked of its owner rather than taken by it."""
    before = window(a, trig.start - 3, trig.start)
    if before[-1:] and before[-1] in _DEMANDING:
        return True
    return before[-1:] == ["to"] and (
        (before[-2:-1] != [] and before[-2] in _OBLIGED) or _urged_to(a, trig.start - 1)
    )


def _urged_to(a: SentenceAnalysis, to: int) -> bool:
    """ "urged Moscow to", "called on Tokyo to": an infinitive of an appeal."""
    return any(w in _APPEALS for w in window(a, to - 5, to))


def _appealed_to(a: SentenceAnalysis, trig: Trigger) -> list[Actor]:
    """Whom an appeal asks to own the act: "urged Moscow to accept responsibility"."""
    to = trig.start - 1
    if window(a, to, to + 1) != ["to"] or not _urged_to(a, to):
        return []
    return [m.actor() for m in a.mentions if to - 4 <= m.start and m.end == to]


_APPEALS = words("urged urges urging called calls demanded demands asked asks pressed")


def _responsibility_demanded(
    a: SentenceAnalysis, trig: Trigger, said_by: Actor | None, owners: list[Actor]
) -> list[EventDraft]:
    """ "Tokyo said the Soviet Union must take responsibility": the speaker holds the owner
    responsible, an accusation; nobody claims anything."""
    if said_by is None or not (said_by.canonical or said_by.kind == "person"):
        return []
    accused = [o for o in owners if o.canonical and not is_itself(o, said_by)]
    if not accused:
        return []
    text = clause_text(a, trig.start)
    return [make_draft("accusation_made", a, trig, said_by, accused, text=text)]


def _apology_for_an_act(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> bool:
    """ "Iraq had apologized and called the attack an error", "apologised for the strike": an
    act owned; not "apologised for causing alarm", nor an apology to someone for nothing named."""
    after = window(a, trig.end, trig.end + 8)
    if not after or after[0] in {"and", ",", ".", ";"}:
        return True
    # "apologised on Monday for the attack on the frigate"
    cause = after[after.index("for") + 1 :] if "for" in after[:4] else []
    return any(w in ctx.lexicon.incident_nouns for w in cause[:4])


def sanction_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    if read_trigger(a, trig, ctx.lexicon, "sanction_imposed") == "skip":
        return []
    if trig.phrase in _BANNING:
        return _ban_drafts(a, trig, ctx)
    if trig.phrase in _LISTS:
        return _listing_drafts(a, trig, ctx)
    if trig.phrase == "aid":
        return _aid_cut_drafts(a, trig, ctx)
    i = trig.start
    verb = i
    if trig.phrase in _FREEZING:
        # "froze Iraqi assets", "froze the assets of three Iranian banks"
        if "assets" not in window(a, trig.end, trig.end + 4):
            return []
    elif trig.phrase not in {"sanctioned", "sanctioning", "blacklisted", "froze assets"}:
        if a.parsed:
            verb = _noun_verb(a, trig.end - 1)
            if a.tokens[verb].lower not in _SANCTION_VERBS or _urged(a, verb):
                return []
        elif not any(w in _SANCTION_VERBS for w in window(a, i - 4, i)):
            return []
    sources, _ = acting_sources(a, verb, ctx)
    if not sources:
        return []
    if a.parsed:
        targets = prep_objects(a, verb, {"on", "against"}, ctx)
        if verb == i:
            for o in a.deps(i, "dobj"):
                targets += [x for x in actors_at(a, conjuncts(a, o), ctx.discourse) if x.canonical]
                targets += [m.actor() for m in a.mentions if m.start in set(a.subtree(o))]
    else:
        targets = linear_target(a, trig.end, sources)
    return _sanctions(a, trig, verb, sources, targets)


_FREEZING = frozenset({"froze", "freezes", "freezing"})


def _sanctions(
    a: SentenceAnalysis, trig: Trigger, verb: int, sources: list[Actor], targets: list[Actor]
) -> list[EventDraft]:
    text = clause_text(a, verb)
    return [make_draft("sanction_imposed", a, trig, s, targets, text=text) for s in sources]


def _on_objects(
    a: SentenceAnalysis, trig: Trigger, verb: int, objects: list[int], ctx: RuleContext
) -> list[EventDraft]:
    """Sanctions by the verb's subject on the actors named within its ``objects`` (never on
    the subject's own side)."""
    sources, _ = acting_sources(a, verb, ctx)
    within = {t for o in objects for t in a.subtree(o)}
    named = dedupe(m.actor() for m in a.mentions if m.start in within)
    targets = [t for t in named if t.canonical and not any(is_itself(t, s) for s in sources)]
    if not sources or not targets:
        return []
    return _sanctions(a, trig, verb, sources, targets)


def _urged(a: SentenceAnalysis, verb: int) -> bool:
    """ "Urged the allies to impose new sanctions": asked for, not imposed."""
    asking = a.head(verb)
    return a.tokens[verb].dep == "xcomp" and a.tokens[asking].lower in _ASKING


_ASKING = words("urge urges urged urging call calls called asked asks pressed pressing demanded")


def _noun_verb(a: SentenceAnalysis, noun: int) -> int:
    """The word a noun trigger hangs from, past the compounds and lists it sits in."""
    for _ in range(4):
        if a.tokens[noun].dep not in _NOUN_CHAIN or a.head(noun) == noun:
            break
        noun = a.head(noun)
    return a.head(noun)


def _ban_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """ "Ankara banned Syrian cargo planes from its airspace", "barred North Korean ships from
    its ports": another state's carriers or trade shut out, that state the target."""
    verb = trig.start
    if not a.parsed:
        return []
    objects = [t for o in a.deps(verb, "dobj") for t in conjuncts(a, o)]
    shut_out = any(
        a.tokens[o].lower in _SHUT_OUT_OF or a.tokens[o].lower.endswith("ing")
        for p in a.deps(verb, "prep")
        if a.tokens[p].lower == "from"
        for o in a.deps(p, "pobj", "pcomp")
    )
    carried = any(a.tokens[o].lower in _CARRIERS for o in objects)
    if not objects or not (shut_out or carried):
        return []
    # "banned arms exports to Turkey": the parser may hang "to" on the verb
    bound_to = [
        o for p in a.deps(verb, "prep") if a.tokens[p].lower == "to" for o in a.deps(p, "pobj")
    ]
    return _on_objects(a, trig, verb, objects + (bound_to if carried else []), ctx)


# "cut off aid to Pakistan over its nuclear program", "suspended military aid to Egypt in
# protest at the coup": aid withheld from a state to punish it. The verb comes within a few
# words before "aid", and the reason after it: aid merely held up ("froze aid to Kyiv") or
# ended as planned is no sanction.
_CUTTING_AID = words(
    "cut suspended suspends suspending halted halts halting froze freezes freezing withheld "
    "withholds withholding stopped stops ended ends cancelled canceled"
)
_AID_REACH = 6
_AID_REASONS = words("over because protest response punish punishment retaliation until")


def _aid_cut_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    before = window(a, trig.start - _AID_REACH, trig.start)
    cuts = [k for k, w in enumerate(before) if w in _CUTTING_AID]
    if not cuts or ";" in before[cuts[-1] :] or "," in before[cuts[-1] :]:
        return []
    verb = trig.start - len(before) + cuts[-1]
    if not _AID_REASONS.intersection(window(a, trig.end, trig.end + 10)):
        return []
    if a.parsed and _urged(a, verb):
        return []
    sources, _ = acting_sources(a, verb, ctx)
    if not sources:
        return []
    after = window(a, trig.end, trig.end + 2)
    if after[:1] in (["to"], ["for"]):
        targets = linear_target(a, trig.end + 1, sources)[:1]
    else:
        # "Washington suspended Pakistan's military aid", "froze U.S. aid to ...": not the
        # donor's own demonym
        targets = [
            m.actor()
            for m in a.mentions
            if verb < m.start < trig.start and not any(is_itself(m.actor(), s) for s in sources)
        ]
    if not targets or not targets[0].canonical:
        return []
    return _sanctions(a, trig, verb, sources, targets[:1])


def _listing_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """ "The council added three militia leaders to its sanctions list": who was listed."""
    if not a.parsed:
        return []
    to = a.head(trig.end - 1)
    verb = a.head(to)
    if a.tokens[to].lower != "to" or a.tokens[verb].lower not in _LISTING_VERBS:
        return []
    return _on_objects(a, trig, verb, a.deps(verb, "dobj"), ctx)
