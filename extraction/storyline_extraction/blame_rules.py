"""Accusations said other ways: responsibility put on someone in the speaker's words.

Copy rarely writes "X accused Y". It writes "Y was to blame", "the culprit was Y", "Y bore full
responsibility", "responsibility lay with Y", "the work of Y", "the hallmarks of Y", "traced to
Y", "Y's role", "Y must be held to account"; or "pinned the blame on Y", "which X blamed on Y".
Each of these names a responsible party in one of three places, by the shape of its phrase:

* after the phrase's own preposition ("hallmarks of Y", "traced to Y", "lies with Y");
* as the owner of a noun ("Y's role", "the complicity of Y");
* as the subject of the clause ("Y was to blame", "Y bore responsibility"), or, when the
  trigger is itself the subject, what it is said to be ("the sponsor was Y").

The accuser is whoever says it (the speaker of the clause). Said in the article's own voice, it
is no accusation ("the attack bore the hallmarks of ..." is the reporter's reading), except
for verbs that have an accuser of their own ("X blamed it on Y", "X attributed it to Y").
"""

from __future__ import annotations

from storyline_extraction.actor_roles import (
    actors_at,
    agent_heads,
    conjuncts,
    dedupe,
    subject_heads,
)
from storyline_extraction.definite_references import short_name
from storyline_extraction.denial_rules import claim_owners
from storyline_extraction.event_draft import EventDraft, side_key
from storyline_extraction.modality import read_trigger
from storyline_extraction.phrase_table import SPEECH_MARKS
from storyline_extraction.rule_context import (
    RuleContext,
    named_before,
    quoted_directly,
    speaker,
    window,
)
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import acting_sources, clause_text, make_draft
from storyline_extraction.statement_context import is_itself
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import (
    ARMED_MEANS,
    FIGHTERS,
    HELP_NOUNS,
    SPEAKING_PRONOUNS,
    words,
)

# The responsible party follows the phrase's last word (a preposition) or the word "with".
_PARTY_AFTER = words("of to on with")
_OWNED = words("role complicity responsibility")
# Verbs that carry their own accuser: the subject blames, whoever reports it.
_OWN_ACCUSER = words("blamed attributed")
_COPULAS = words("was is were are be been being")
_BEAR = words("bore bear bears bearing")
_LIE = words("lies lay lie rests rested")
_SKIP_TO_NAME = words("the a an full entirely solely with squarely firmly")

BLAME_PHRASES = frozenset(
    {
        "to blame",
        "culprit",
        "culprits",
        "perpetrator",
        "perpetrators",
        "guilty",
        "villain",
        "sponsor",
        "work of",
        "hallmarks of",
        "hallmark of",
        "traced to",
        "traced back to",
        "attributed to",
        "blamed on",
        "trail leads to",
        "trail led to",
        "role",
        "complicity",
        "involved",
        "complicit",
        "suspicion fell on",
        "suspicion falls on",
        "suspicion focused on",
        "suspicion has fallen on",
        "suspicion fell immediately on",
        "suspicion immediately fell on",
        "suspicion quickly fell on",
        "suspicion fell squarely on",
        "held to account",
        "hold to account",
        "be held to account",
        "accountable",
    }
)


def is_blame_phrase(phrase: str) -> bool:
    return phrase in BLAME_PHRASES or phrase == "responsibility"


def blame_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """Accusations from the phrases of ``BLAME_PHRASES`` and "... responsibility" (see above)."""
    words_ = trig.phrase.split()
    if words_[0] in _OWN_ACCUSER:
        sources, _ = acting_sources(a, trig.start, ctx)
    else:
        said_by = speaker(a, trig.start, ctx) if a.parsed else None
        sources = [said_by] if said_by is not None else []
    parties = _responsible(a, trig, ctx)
    # "suspicion fell on the Serbs": a suspicion nobody in particular need voice
    if not parties or not (sources or words_[0] == "suspicion"):
        return []
    named = [s for s in sources if s.canonical or s.kind == "person"]
    # "the attack bore the hallmarks of X, police said": said by someone the article does not
    # name, an accusation by nobody in particular
    accusers: list[Actor | None] = list(named) or [None]
    text = clause_text(a, a.head(trig.start)) if a.parsed else clause_text(a, trig.start)
    return [
        make_draft(
            "accusation_made",
            a,
            trig,
            s,
            parties,
            text=text,
            about=("strike_reported", "attack_reported"),
        )
        for s in accusers
    ]


def _responsible(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    last = a.tokens[trig.end - 1].lower
    if last in _PARTY_AFTER:
        return _after(a, trig, ctx)
    if trig.phrase == "responsibility":
        return _responsibility(a, trig, ctx)
    if trig.phrase in _OWNED:
        return _owner(a, trig, ctx)
    return _subject_party(a, trig, ctx)


def _named(actors: list[Actor]) -> list[Actor]:
    return [x for x in actors if x.canonical]


def _after(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    """The party right after the phrase: "traced to Moscow", "lies entirely with the army"."""
    if a.parsed:
        last = trig.end - 1
        objs = [o for p in [last, *a.deps(last, "prep")] for o in a.deps(p, "pobj")]
        found = _named(actors_at(a, [c for o in objs for c in conjuncts(a, o)], ctx.discourse))
        if found:
            return found
    j = trig.end
    while j < len(a.tokens) and j - trig.end < 4 and a.tokens[j].lower in _SKIP_TO_NAME:
        j += 1
    return [m.actor() for m in a.mentions if trig.end <= m.start <= j]  # "the Houthis" too


def _responsibility(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    """ "X bore full responsibility", "responsibility lies with X", "X's responsibility"."""
    if not a.parsed:
        return []
    head = a.head(trig.start)
    verb = a.tokens[head].lower
    if (verb in _BEAR and a.tokens[head].dep in NOUN_ROLES) or verb not in _BEAR | _LIE:
        # the parse took "bears" for a plural noun ("the leadership of Armenia bears full
        # responsibility"), and may hang "responsibility" elsewhere: read it by word order
        found = _bearer_by_order(a, trig)
        if found or verb in _BEAR:
            return found
    if verb in _BEAR:
        return _subject_party_of(a, head, ctx)
    if verb in _LIE:
        withs = [p for p in a.deps(head, "prep") if a.tokens[p].lower == "with"]
        objs = [o for p in withs for o in a.deps(p, "pobj")]
        return _named(actors_at(a, [c for o in objs for c in conjuncts(a, o)], ctx.discourse))
    if a.tokens[trig.start].dep in {"dobj", "nsubj"}:
        return []  # "claimed responsibility", "took responsibility": claims, not blame
    return _owner(a, trig, ctx)


_RESPONSIBILITY_ADJECTIVES = words("full ultimate sole primary direct overall entire complete")


def _bearer_by_order(a: SentenceAnalysis, trig: Trigger) -> list[Actor]:
    """ "the leadership of Armenia bears full responsibility", read by word order when the
    small parser takes "bears" for a plural noun: the actor named just before "bears"."""
    k = trig.start - 1
    while k >= 0 and a.tokens[k].lower in _RESPONSIBILITY_ADJECTIVES:
        k -= 1
    if k < 1 or a.tokens[k].lower not in _BEAR:
        return []
    before = [m for m in a.mentions if m.end <= k and k - m.end <= 2]
    return [before[-1].actor()] if before and before[-1].entity.canonical else []


def _owner(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    """ "Iran's role", "the complicity of the army", "an Iranian role"."""
    i = trig.start
    before = [m for m in a.mentions if m.end in (i, i - 1)]
    if before and (before[-1].end == i or a.tokens[i - 1].lower in {"'s", "’s"}):
        return [before[-1].actor()]
    if window(a, trig.end, trig.end + 1) == ["of"]:
        j = trig.end + 1 + (window(a, trig.end + 1, trig.end + 2) == ["the"])
        return [m.actor() for m in a.mentions if m.start == j]
    return []


def _subject_party(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[Actor]:
    """ "Iran was to blame", "the culprit was Iran", "those involved were Iranian agents"."""
    if not a.parsed:
        return []
    for i in range(trig.start, trig.end):
        found = _subject_party_of(a, i, ctx)
        if found:
            return found
    return []


def _subject_party_of(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor]:
    if a.tokens[i].dep in {"nsubj", "nsubjpass"}:
        head = a.head(i)
        attrs = a.deps(head, "attr", "acomp")
        return _named(actors_at(a, [c for x in attrs for c in conjuncts(a, x)], ctx.discourse))
    heads, _ = subject_heads(a, i)
    found = _named(actors_at(a, heads, ctx.discourse))
    if found:
        return found
    # "Iran was the culprit": the subject of the copula the noun is the attribute of
    head = a.head(i)
    if a.tokens[head].lower in _COPULAS:
        subj = a.deps(head, "nsubj")
        return _named(actors_at(a, [c for s in subj for c in conjuncts(a, s)], ctx.discourse))
    return []


# -- reported acts --------------------------------------------------------------------------

# Acts that, said of someone else, make them responsible: the incident verbs, and wrongs.
_ACTS = words(
    "fired fire firing shelled shelling attacked attacking struck hit bombed bombing "
    "launched "
    "launching targeted targeting killed killing massacred massacring shot downed sank sunk "
    "torpedoed rammed violated violating intruded intruding invaded occupied razed burned "
    "burning torched provoked staged fabricated faked ordered orchestrated masterminded "
    "committed committing commits perpetrated carried sponsored armed trained crossed seized "
    "abducted kidnapped poisoned hacked sabotaged blew destroyed detonated planted waging waged "
    "brought opened "
    "tortured executed raped looted sheltering harbouring harboring supplied smuggled veered "
    "entered caused flying flown flew invaded instigated incited plotting plotted planning "
    "broke broken breaking breached breaching burnt blown concocted mined"
)
# Starting is a wrong said of whoever a cleft singles out: "it was Indian troops who had
# started the firing", "it was the Pakistanis who fired first".
_STARTING = words("started initiated began")


def _cleft_focus(lower: list[str], i: int) -> bool:
    """Whether word ``i`` is the verb of "it was X who ..."."""
    who = next((k for k in range(i - 1, max(0, i - 4), -1) if lower[k] in {"who", "that"}), None)
    if who is None:
        return False
    return any(
        lower[k] == "it" and lower[k + 1] in {"was", "were", "is"}
        for k in range(max(0, who - 8), who - 1)
    )


# Armed means sent across a line are a wrong: "had sent drones over Pyongyang", "was sending
# fighters into Armenia"; not "sent a delegation to Moscow".
_SENDING = words("sent sending send sends")
_SENT_ACROSS = words("into over across")
_MINED = words(
    "dam bridge bridges road roads port ports harbour harbor harbours harbors waters plant "
    "station tunnel railway"
)
# Using a place or people as cover is a wrong: "using civilians as human shields".
_USING = words("using used uses")
_MISUSED_AS = words("shield shields cover base bases command launchpad launchpads staging")
# "set alight", "set ablaze", "set on fire": "set" is an act only with what follows it.
_SETTING_FIRE = words("alight ablaze fire on")
# Help given is a wrong only to fighters: "said the Sudanese government helped the militants".
_SUPPORT_ACTS = words(
    "helped helping help supported supporting support backed backing financed financing funded "
    "funding shelter sheltered"
)
# Preparing or steering is a wrong only when what was prepared is one: "said London had helped
# plan the attack", not "the evacuation was organised by the Red Cross".
_STEERING_ACTS = words(
    "planned plan organised organized directed preparing prepared resorted resorting engaged "
    "engaging conducted conducting"
)
# Verbs whose wrong is the object of a preposition: "had resorted to a provocation", "engaged in
# sabotage".
_STEERING_PREPS = words("to in")
_HARMS = words(
    "attack attacks strike strikes airstrike airstrikes bombing bombings blast blasts explosion "
    "explosions sabotage provocation provocations assassination killing killings massacre raid "
    "raids invasion incursion incursions infiltration infiltrations intrusion intrusions coup "
    "shelling act acts"
)
# Wrongs that are no incident trigger of their own: as triggers they only bring a sentence to
# the reported-act rule ("the foreign ministry said the Philippine vessels had intruded ...").
WRONG_ACT_TRIGGERS = words(
    "violated violating intruded intruding provoked veered caused sheltering harbouring "
    "harboring instigated incited sponsored plotting plotted planning crime attempt "
    "helped helping supported supporting support backed backing financed funded funding shelter "
    "sheltered broke broken breaking breached breaching entered burned burnt flew flown flying "
    "planned organised organized directed tried attempted preparing prepared resorted resorting "
    "engaged engaging concocted cooked using used uses armed blew blown crossed detonated "
    "executed faked invaded looted occupied perpetrated planted raped razed smuggled supplied "
    "tortured trained waged waging ordered unprovoked started initiated began committing commits "
    "provoke conducted conducting sent sending mined"
)
# Acts named as nouns, with their doer after "by": "deliberate sabotage by the Ukrainian
# side", "an attack by the rebels", said by someone else.
_NOMINAL_ACTS = words(
    "sabotage attack attacks shelling bombing strike strikes provocation crime intimidation"
)
# Named by a demonym or an owner ("Ukrainian sabotage"), only wrongs accuse: "Russian strikes
# killed three, officials said" reports an incident.
_NAMED_WRONGS = words("sabotage provocation provocations crime crimes attempt")
# Acts called unprovoked are wrongs: "unprovoked Indian firing", "unprovoked firing from the
# Indian side", "unprovoked aggression by ...".
_UNPROVOKED_ACTS = words("firing fire shelling aggression attack attacks assault")
_ACT_NOUNS = _NOMINAL_ACTS | _NAMED_WRONGS | _UNPROVOKED_ACTS


def _is_named_wrong(lower: list[str], i: int) -> bool:
    return lower[i] in _NAMED_WRONGS or _unprovoked(lower, i)


def _unprovoked(lower: list[str], i: int) -> bool:
    return lower[i] in _UNPROVOKED_ACTS and "unprovoked" in lower[max(0, i - 3) : i]


_ATTEMPTED_HARM = words("kill assassinate attack strike destroy sabotage blow seize")
_POSSESSIVE = words("'s ’s")
_SELF_WORDS = words("it they we he she its their our his her")
_THEY = words("they he she")
_NOT_ASSERTED_AUX = words("would will could might may can should must 'd 'll")
_VERB_DEPS = frozenset({"ROOT", "ccomp", "conj", "xcomp", "advcl", "relcl", "pcomp", "acl"})


def reported_act_candidate(a: SentenceAnalysis, speech_verbs: frozenset[str]) -> bool:
    """Whether a sentence may report one actor saying another did a wrong: an act word, a
    speech verb, and two actors; such a sentence needs the parse to tell who said what."""
    lower = [t.lower for t in a.tokens]
    acts = [
        i
        for i, w in enumerate(lower)
        if _is_act(lower, i)
        or (w in _STEERING_ACTS and _HARMS.intersection(lower[max(0, i - 8) : i + 6]))
        or (w in _SUPPORT_ACTS and FIGHTERS.intersection(lower[i + 1 : i + 5]))
        or (w in _PURPOSE_ACTS and i > 0 and lower[i - 1] == "to" and _may_harm(lower, i))
        or (i > 1 and _tried_harm(lower, i))
        or (w in _NOMINAL_ACTS and "by" in lower[i + 1 : i + 3])
        or (
            _is_named_wrong(lower, i)
            and "from" in lower[i + 1 : i + 3]
            and "side" in lower[i + 2 : i + 6]
        )
        or (_is_named_wrong(lower, i) and _named_before(a, i))
    ]
    if not acts:
        return False
    # an act with a time or a count after it reports an incident (``_reports_new_incident``)
    reported = any(w in speech_verbs or w in _CLAIM_WORDS for w in lower)
    # inside a quotation the speaker is named elsewhere ("quotations.py"): one party suffices
    quoted = not reported and bool(SPEECH_MARKS.intersection(lower))
    if not reported and not quoted and "according" not in lower:
        return False
    parties = len({m.entity.canonical for m in a.mentions}) + _pronoun_speakers(lower, speech_verbs)
    # "the North", "the Serbs": a short name the references may resolve, once parsed
    parties += any(short_name(a, k) for k in range(len(a.tokens)))
    if parties >= (1 if not reported else 2) or any(w in _CLAIM_WORDS for w in lower):
        return True
    # "Kataib Hezbollah said its fighters had fired them": one party owning an act
    return (
        parties == 1
        and any(lower[i] in _OWNED_ACTS for i in acts)
        and bool(_SELF_WORDS.intersection(lower))
    )


def _steered(a: SentenceAnalysis, i: int) -> list[str]:
    """What a verb of preparing names as prepared: its object, or its subject in the passive
    ("the attack was planned by ..."), its head's object ("helped plan the attack"), or the
    noun it describes ("a terrorist act organised by Kyiv")."""
    heads = a.deps(i, "dobj", "nsubjpass")
    if not heads:
        through = [p for p in a.deps(i, "prep") if a.tokens[p].lower in _STEERING_PREPS]
        heads = [o for p in through for o in a.deps(p, "pobj")]
    if not heads and a.tokens[i].dep == "xcomp":
        heads = a.deps(a.head(i), "dobj")
    if not heads and a.tokens[i].dep == "acl":
        return [a.tokens[t].lower for t in a.subtree(a.head(i)) if t <= a.head(i)]
    return [a.tokens[t].lower for h in heads for t in a.subtree(h)]


def _is_act(lower: list[str], i: int) -> bool:
    if lower[i] == "set":
        return bool(_SETTING_FIRE.intersection(lower[i + 1 : i + 2]))
    if lower[i] == "cooked":  # "the resolution was cooked up by the United States"
        return lower[i + 1 : i + 2] == ["up"]
    if lower[i] in _STARTING:  # "it was Indian troops who started the firing"
        return _cleft_focus(lower, i)
    if lower[i] == "mined":  # "Russian troops had mined the dam", not "mined bitcoin"
        return bool(_MINED.intersection(lower[i + 1 : i + 5]))
    if lower[i] in _SENDING:  # "South Korea sent drones over Pyongyang"
        return bool(ARMED_MEANS.intersection(lower[i + 1 : i + 5])) and bool(
            _SENT_ACROSS.intersection(lower[i + 2 : i + 9])
        )
    if lower[i] in _USING:  # "Hamas was using the hospital as a command centre"
        after = lower[i + 1 : i + 10]
        return "as" in after and bool(_MISUSED_AS.intersection(after[after.index("as") :]))
    return lower[i] in _ACTS


def _pronoun_speakers(lower: list[str], speech_verbs: frozenset[str]) -> int:
    """ "he claimed on Telegram that ...": a speaker told of before, one more party."""
    return int(
        any(
            w in SPEAKING_PRONOUNS and speech_verbs.intersection(lower[k + 1 : k + 3])
            for k, w in enumerate(lower)
        )
    )


def reported_act_drafts(a: SentenceAnalysis, ctx: RuleContext) -> list[EventDraft]:
    """ "Israel said Hamas fired the rocket", "officials say the plane was shot down by an
    Iranian missile": the speaker accuses whoever the reported clause says did the act."""
    if not a.parsed:
        return []
    drafts = []
    lower = [t.lower for t in a.tokens]
    for i, tok in enumerate(a.tokens):
        purpose = tok.dep in _PURPOSE_DEPS and (
            tok.lower in _PURPOSE_ACTS or (i > 1 and _tried_harm(lower, i))
        )
        if tok.lower in _LAUNCHING:  # "tried to carry out an attack", not "to carry out patrols"
            purpose = purpose and bool(_HARMS.intersection(_steered(a, i)))
        by = _nominal_doers(a, i) if tok.lower in _ACT_NOUNS else []
        if tok.lower in _SUPPORT_ACTS and tok.dep in _VERB_DEPS:
            if not FIGHTERS.intersection(
                a.tokens[t].lower for o in a.deps(i, "dobj") for t in a.subtree(o)
            ):
                continue
        elif tok.lower in _STEERING_ACTS and tok.dep in _VERB_DEPS:
            if not _HARMS.intersection(_steered(a, i)):
                continue
        elif not purpose and not by and (not _is_act(lower, i) or tok.dep not in _VERB_DEPS):
            continue
        if tok.lower in _FLYING and any(
            not ctx.lexicon.weapons.find_all([a.tokens[o].lower]) for o in a.deps(i, "dobj")
        ):
            continue  # "troops have flown 1,000 foreigners out": carried, no wrong done
        if a.deps(i, "neg") or any(
            a.tokens[x].lower in _NOT_ASSERTED_AUX for x in a.deps(i, "aux")
        ):
            continue
        if ctx.lexicon.non_strike_contexts.find_all(window(a, i - 3, i + 12)):
            continue  # "said Damascus had test-fired a missile": a test hits nobody
        claim = _claim_above(a, i, ctx)
        if claim is not None:
            # "Ukrainian claims that Russian ships opened fire": the claim's owner accuses,
            # whoever reports the claim; "amid allegations that ..." names no accuser
            owners = claim_owners(a, claim)
            said_by = owners[0] if owners else None
        else:
            said_by = speaker(a, i, ctx)
            if said_by is None or not (said_by.canonical or said_by.kind == "person"):
                continue
        if said_by is not None and _owns_known_act(a, i, ctx, said_by):
            # "Baghdad radio said Iraq had launched the missiles", "says his forces fired
            # them": one's own side owning an act already reported claims it
            trig = Trigger(i, i + 1, "responsibility_claimed", tok.lower)
            if read_trigger(a, trig, ctx.lexicon, "responsibility_claimed") != "skip":
                text = clause_text(a, i)
                about = ("strike_reported", "attack_reported")
                drafts.append(make_draft(trig.kind, a, trig, said_by, [], text=text, about=about))
            continue
        doers = _named(actors_at(a, by, ctx.discourse)) if by else _doers(a, i, ctx)
        # (an unprovoked act has its doers in its own phrase, not in the clause's subject:
        # "said its troops had responded to unprovoked Indian firing")
        in_doers = [] if by and _unprovoked(lower, i) else _in_doers(a, i)
        if said_by is not None and any(_same_side(d, said_by) for d in doers + in_doers):
            continue  # "US and British warplanes struck ..., the Pentagon said": its own act
        doers = [d for d in doers if not _ruled_out(a, i, d)]
        if not doers:
            continue
        trig = Trigger(i, i + 1, "accusation_made", tok.lower)
        if read_trigger(a, trig, ctx.lexicon, "accusation_made") == "skip":
            continue
        draft = make_draft(
            "accusation_made",
            a,
            trig,
            said_by,
            doers,
            text=clause_text(a, i),
            about=("strike_reported", "attack_reported"),
        )
        if (
            tok.lower not in _NO_INCIDENT_WRONGS | _SUPPORT_ACTS | _STEERING_ACTS
            and not purpose  # "tried to kill the president with two drones": an aim alleged
            and _reports_new_incident(a, i)
        ):
            draft.notes[CONTESTED_ONLY] = "an incident report unless the sides blame each other"
        drafts.append(draft)
    return drafts


# A reported act with a time or a count of its own is an incident report; it accuses only in
# an article where the two sides blame each other for it. Wrongs that are no incident ("had
# violated the ceasefire overnight", "entered its airspace on Tuesday"), and backing or steering
# an act ("backed the rebels during an attack on Monday"), accuse with a time too.
_FLYING = words("flew flown flying")
_NO_INCIDENT_WRONGS = words(
    "violated violating intruded intruding provoked breached breaching broke broken breaking "
    "entered flew flown flying occupied supplied armed trained smuggled sent sending mined"
)
CONTESTED_ONLY = "contested_only"


def disputed_accounts(drafts: list[EventDraft]) -> list[EventDraft]:
    """The drafts, with the accusations an incident report would make kept only when the
    article has the accused blaming the accuser in turn ("Moscow and Kyiv traded blame",
    "Energoatom said Russian forces shelled the area ... the Russian ministry said Ukrainian
    artillery fired") or denying ("The Kremlin said Ukraine launched a drone strike ...
    Kyiv denied involvement")."""
    blamed = {
        (side_key(d.source), side_key(t))
        for d in drafts
        if d.kind == "accusation_made" and d.source is not None and CONTESTED_ONLY not in d.notes
        for t in d.targets
    }
    deniers = {side_key(d.source) for d in drafts if d.kind == "denial_issued" and d.source}
    return [
        d
        for d in drafts
        if CONTESTED_ONLY not in d.notes
        or any(
            (side_key(t), side_key(d.source)) in blamed or side_key(t) in deniers for t in d.targets
        )
    ]


def _claim_above(a: SentenceAnalysis, i: int, ctx: RuleContext) -> int | None:
    """A claim noun the act's clause belongs to, before any speech verb: "claims that ...",
    "allegations by Kyiv that Moscow ..."."""
    for anc in a.ancestors(i)[:4]:
        word = a.tokens[anc].lower
        noun = a.tokens[anc].dep in NOUN_ROLES or bool(a.deps(anc, "det", "amod", "poss"))
        if word in _CLAIM_WORDS and noun:
            return anc
        if word in ctx.lexicon.speech_verbs:
            return None
    return None


# "used rocket launchers to strike the prison": an act done to a purpose, in its base form.
# "attempted to strike", "sent drones to attack", "tried to carry out a terrorist attack"
_PURPOSE_ACTS = words("strike shell bomb attack hit target carry launch mount stage")
# Verbs of bringing about: an act only with a harm as what they bring about ("used the base
# to launch the attack", not "to launch an inquiry").
_LAUNCHING = words("carry launch mount stage")


def _may_harm(lower: list[str], i: int) -> bool:
    """ "to launch the attack": a verb of bringing about with a harm after it (the cheap test;
    "carry" is read with its parse)."""
    if lower[i] not in _LAUNCHING or lower[i] == "carry":
        return True
    return bool(_HARMS.intersection(lower[i + 1 : i + 6]))


# Harms that are no act of war of their own accuse only as an attempt: "had tried to kill the
# president", not "an operation to kill its leaders".
_TRIED_HARMS = words("kill assassinate murder sabotage provoke")
_TRYING = words("tried attempted trying attempting sought seeking")


def _tried_harm(lower: list[str], i: int) -> bool:
    return lower[i] in _TRIED_HARMS and lower[i - 2 : i] in ([t, "to"] for t in _TRYING)


_PURPOSE_DEPS = frozenset({"xcomp", "advcl"})
NOUN_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj"})


_CLAIM_WORDS = words("claim claims allegation allegations accusation accusations charge charges")


def _reports_new_incident(a: SentenceAnalysis, i: int) -> bool:
    """ "the army said Iraq fired eight missiles at Israel early on Friday": an act with a time
    or a count of its own is the report of an incident (by whoever reports it), not blame for
    one already known ("Hajiyev said Armenian forces had fired the rockets")."""
    span = a.subtree(i)
    lo, hi = a.tokens[span[0]].start, a.tokens[span[-1]].end
    if any(lo <= d.start < hi for d in a.dates):
        return True
    return any(span[0] <= n.start <= span[-1] for n in a.numbers)


def _doers(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor]:
    heads, passive = subject_heads(a, i)  # climbs "used rockets to strike" to "used"
    if passive or a.deps(i, "agent"):
        heads = agent_heads(a, i)
    elif heads and a.tokens[heads[0]].lower in _THEY and quoted_directly(a, heads[0], ctx):
        # `"Kyiv committed a new crime - they attacked the bridge," he said`: somebody else
        found = named_before(a, heads[0])
        return [found] if found is not None and found.canonical else []
    elif heads and any(a.tokens[t].lower in _SELF_WORDS for h in heads[:1] for t in a.subtree(h)):
        return []  # "said it had struck", "one of its fighters": the speaker's own act
    named = dedupe([*_named(actors_at(a, heads, ctx.discourse)), *_helpers(a, i)])
    if named or passive:
        return named
    # "a rocket launch by Islamic Jihad hit the hospital", "a missile fired by the rebels
    # struck": the weapon is the subject, and its own phrase names who used it
    return _named(actors_at(a, [o for h in heads for o in _users_of(a, h)], ctx.discourse))


def _helpers(a: SentenceAnalysis, i: int) -> list[Actor]:
    """ "prepared the attack with the help of Ukrainian security services": who helped did it
    too; the party named right after "with the help of" in the act's next words."""
    after = a.lower_between(i + 1, i + 10)
    for k in range(len(after) - 2):
        if after[k] == "with" and after[k + 1 : k + 3] in (["the", w] for w in HELP_NOUNS):
            at = i + 1 + k + 3
            if a.lower_between(at, at + 1) == ["of"]:
                return [m.actor() for m in a.mentions if at < m.start <= at + 3][:1]
    return []


def _ruled_out(a: SentenceAnalysis, i: int, doer: Actor) -> bool:
    """ "a protester, not Venezuelan security forces, set fire to the truck": a doer named in
    the act's subject only to be ruled out."""
    heads, _ = subject_heads(a, i)
    inside = {t for h in heads for t in a.subtree(h)}
    named = [m for m in a.mentions if m.entity.canonical == doer.canonical and m.start in inside]
    return bool(named) and all("not" in a.lower_between(m.start - 2, m.start) for m in named)


def _in_doers(a: SentenceAnalysis, i: int) -> list[Actor]:
    """Every actor named inside the act's subject ("US and British warplanes")."""
    heads, passive = subject_heads(a, i)
    if passive:
        heads = agent_heads(a, i)
    inside = {t for h in heads for t in a.subtree(h)}
    return [m.actor() for m in a.mentions if m.start in inside]


def _named_before(a: SentenceAnalysis, i: int) -> bool:
    """ "Ukrainian sabotage", "Kyiv's attack": a name right before an act noun."""
    before = i - 2 if i > 1 and a.tokens[i - 1].lower in _POSSESSIVE else i - 1
    return before >= 0 and a.tokens[before].text[:1].isupper()


def _nominal_doers(a: SentenceAnalysis, noun: int) -> list[int]:
    """ "sabotage by the Ukrainian side", "an attack by the rebels", "Ukrainian sabotage",
    "a Russian crime": who did an act named as a noun (none for a verb)."""
    if a.tokens[noun].dep not in NOUN_ROLES:
        return []
    by = [p for p in a.deps(noun, "prep") if a.tokens[p].lower == "by"]
    of = a.head(noun)
    if not by and a.tokens[noun].dep == "pobj" and a.tokens[of].lower == "of":
        # "a campaign of intimidation by Kyiv": the parser hangs "by" on the campaign
        by = [p for p in a.deps(a.head(of), "prep") if a.tokens[p].lower == "by" and p > noun]
    named_wrong = _is_named_wrong([t.lower for t in a.tokens], noun)
    if named_wrong:
        # "sabotage from the Ukrainian side": officialese for the doer
        by += [p for p in a.deps(noun, "prep") if a.tokens[p].lower == "from" and _a_side(a, p)]
    agents = [c for p in by for o in a.deps(p, "pobj") for c in conjuncts(a, o)]
    if agents or not named_wrong:
        return agents
    if a.tokens[noun].lower == "attempt" and not _ATTEMPTED_HARM.intersection(
        a.tokens[t].lower for t in a.subtree(noun) if t > noun
    ):
        return []  # "a Ukrainian attempt to kill him" accuses; "a Ukrainian attempt at talks" not
    return [
        c
        for c in a.deps(noun, "amod", "poss", "compound")
        if c < noun and a.tokens[c].text[:1].isupper()
    ]


def _a_side(a: SentenceAnalysis, prep: int) -> bool:
    return any(a.tokens[o].lower == "side" for o in a.deps(prep, "pobj"))


def _users_of(a: SentenceAnalysis, noun: int) -> list[int]:
    by = [p for p in a.deps(noun, "prep") if a.tokens[p].lower == "by"]
    users = [o for p in by for o in a.deps(p, "pobj")]
    for v in a.deps(noun, "acl"):  # "a rocket fired by ..."
        users += agent_heads(a, v)
    return users


# Acts one's own side may own; and the words that make their object one already told of.
_OWNED_ACTS = words(
    "fired launched struck hit attacked shot downed carried bombed shelled sank ordered"
)
_BACK_POINTING = words("the these those")
_BOMB_SETTING = words("planted detonated")
_BOMBS = words("bomb bombs device explosives")


def _the_bomb(a: SentenceAnalysis, i: int) -> bool:
    return any(
        a.tokens[o].lower in _BOMBS
        and any(a.tokens[d].lower in _BACK_POINTING for d in a.deps(o, "det"))
        for o in a.deps(i, "dobj")
    )


_BACK_PRONOUNS = words("them it")


def _owns_known_act(a: SentenceAnalysis, i: int, ctx: RuleContext, said_by: Actor) -> bool:
    """Whether the speaker's own side fired what the article already told of: "said Iraq had
    launched the missiles", "says his forces fired them". (Its own account of hitting
    something, "said its aircraft had hit the embassy", is the strike itself.)"""
    if a.tokens[i].lower in _BOMB_SETTING and _the_bomb(a, i):
        # "the IRA said it had planted the bomb": "the bomb" is one the reader knows of
        heads, passive = subject_heads(a, i)
        return not passive and any(a.tokens[h].lower in _SELF_WORDS for h in heads)
    if a.tokens[i].lower not in _OWNED_ACTS or not ctx.incident_kinds_seen:
        return False
    if a.deps(i, "nsubjpass") and a.deps(i, "agent"):
        # "the Pentagon said the strike had been ordered by President Trump": the act told
        # before, done by the speaker's own side
        act = a.deps(i, "nsubjpass")[0]
        told_act = a.tokens[act].lower in ctx.lexicon.incident_nouns and any(
            a.tokens[d].lower in _BACK_POINTING for d in a.deps(act, "det")
        )
        agents = _named(actors_at(a, agent_heads(a, i), ctx.discourse))
        return told_act and bool(agents) and all(_same_side(d, said_by) for d in agents)
    objects = a.deps(i, "dobj")
    told = any(
        a.tokens[o].lower in _BACK_PRONOUNS
        or (
            any(a.tokens[d].lower in _BACK_POINTING for d in a.deps(o, "det"))
            and not a.deps(o, "nummod")
            and bool(ctx.lexicon.weapons.find_all([a.tokens[o].lower]))
        )
        for o in objects
    )
    heads, passive = subject_heads(a, i)
    if not told or passive or not heads:
        return False
    if any(a.tokens[t].lower in _SELF_WORDS for t in a.subtree(heads[0])):
        return True
    named = _named(actors_at(a, heads, ctx.discourse))
    return bool(named) and all(_same_side(d, said_by) for d in named)


def _same_side(doer: Actor, said_by: Actor) -> bool:
    return is_itself(doer, said_by)
