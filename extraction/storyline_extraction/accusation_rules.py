"""Accusations: a verb of accusing ("Moscow accused Washington of ..."), the passive ("Russian
forces have been accused of ..."), and reported speech that makes someone responsible ("Peskov
claimed that evidence pointed towards American involvement", "Israel said Hamas was behind the
blast"): the speaker accuses whoever the reported clause makes responsible. A statement in the
article's own voice is not an accusation.
"""

from __future__ import annotations

from dataclasses import replace

from storyline_extraction.actor_roles import (
    actors_at,
    agent_heads,
    conjuncts,
    linear_target,
    object_heads,
)
from storyline_extraction.attacker_origin import COMING_PHRASES
from storyline_extraction.blame_rules import blame_drafts, is_blame_phrase
from storyline_extraction.culprit_names import CULPRIT_NOUNS, culprit_named_drafts
from storyline_extraction.event_draft import EventDraft, actor_key
from storyline_extraction.modality import read_trigger
from storyline_extraction.naming_rules import WRONG_NOUNS, naming_drafts
from storyline_extraction.nominal_accusations import nominal_accusation_drafts
from storyline_extraction.rule_context import (
    RuleContext,
    pronoun_speakers,
    speaker,
    unknown_person,
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
from storyline_extraction.values import Actor
from storyline_extraction.weapon_origin import ORIGIN_PHRASES
from storyline_extraction.word_sets import ACCOUNT_NOUNS, ACCUSATION_NOUNS, CHARGE_NOUNS, words

_ACCUSE_VERBS = words(
    "charged charging accuse accused accuses accusing blame blamed blames blaming alleged alleges "
    "alleging faulted faults faulting suspect suspects suspected suspecting"
)

_ASSIGNING = words(
    "behind involvement responsible orchestrated orchestrating masterminded pointed pointing "
    "staged false"
)
# Unnamed but real accused parties: "blamed terrorist groups", "accused the militants".

_GROUP_WORDS = words(
    "groups group militants rebels fighters terrorists forces troops gangs hackers "
    "separatists insurgents jihadists extremists militias militia militiamen guerrillas "
    "government authorities "
    "officials army military regime faction factions dissidents gang cartel cartels "
    "residents companies firms individuals entities "
    # the people a police force, a protest or a border dispute names as wrongdoers
    "protesters demonstrators rioters activists opposition police policemen soldiers "
    "guards smugglers pirates settlers gunmen attackers assailants saboteurs operatives "
    "agents spies mercenaries paramilitaries contractors crews ministry agencies agency "
    "services intelligence commanders leadership leaders navy coalition junta gunners snipers"
)

_PRONOUN_OBJECTS = frozenset({"them", "him", "her"})

_HOLD = frozenset({"held", "hold", "holds", "holding"})


def accusation_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    if read_trigger(a, trig, ctx.lexicon, "accusation_made") == "skip":
        return []
    mutual = mutual_accusation_drafts(a, trig, ctx)
    if mutual is not None:
        return mutual
    if is_blame_phrase(trig.phrase):
        return blame_drafts(a, trig, ctx)
    if trig.phrase in WRONG_NOUNS:
        return naming_drafts(a, trig, ctx)
    if trig.phrase in CULPRIT_NOUNS:
        return culprit_named_drafts(a, trig, ctx)
    if trig.phrase in ORIGIN_PHRASES:
        return []  # read once per sentence by ``weapon_origin``
    if trig.phrase in COMING_PHRASES:
        return []  # read once per sentence by ``attacker_origin``
    first = trig.phrase.split()[0]
    if first in _DISAPPROVING or first == "lodged" or trig.phrase in _CALLING_OUT:
        return disapproval_drafts(a, trig, ctx)
    if trig.phrase in _DISPLEASURE:
        # "voiced dissatisfaction over the U.S. use of force": a protest lodged
        expressed = _EXPRESSING.intersection(window(a, trig.start - 3, trig.start))
        return disapproval_drafts(a, trig, ctx) if expressed else []
    i = trig.start
    if first in _ACCUSE_VERBS:
        if first.startswith("alleg") and not (a.parsed and a.deps(i, "nsubj")):
            return []  # "the alleged attack": a hedge, not an accusation
        if first.startswith("suspect") and "of" not in window(a, trig.end, trig.end + 6):
            return []  # "suspects Iran of ...", not "the suspected militants"
        sources, passive = acting_sources(a, i, ctx)
        if passive and a.parsed and a.deps(i, "dobj") and not a.deps(i, "auxpass"):
            # "said the strike had been ordered by Trump, and accused Soleimani of ...": the
            # accusing verb is active, only the clause it is joined to is passive
            sources, passive = [], False
        if a.parsed and not passive and not any(s.canonical or s.kind == "person" for s in sources):
            # "Moscow said two drones had hit the bridge and blamed Kyiv": the parser joins
            # "blamed" to the reported clause; who blames is who said it
            said_by = speaker(a, i, ctx)
            if said_by is not None and (said_by.canonical or said_by.kind == "person"):
                sources = [said_by]
        if passive:
            targets, sources = sources, actors_at(a, agent_heads(a, i), ctx.discourse)
        elif a.parsed:
            # the parser may misread the accusing verb ("blamed" as an adjective before a
            # relative clause): the word order then still says whom it names
            targets = _accused_of(a, i, ctx)
            if not targets and a.tokens[i].dep in _MISREAD_VERB:
                targets = linear_target(a, trig.end, sources)
        else:
            targets = linear_target(a, trig.end, sources) or _unnamed_after(a, trig.end)
        text = _allegation_text(a, i)
    elif first in ACCUSATION_NOUNS or first in CHARGE_NOUNS:
        head = a.head(i)
        verb = a.tokens[head].lower
        if verb not in _MAKING and verb not in _REPEATING:
            if first in CHARGE_NOUNS:
                return []  # "faces charges of murder", "in charge of": no one accusing
            # "accusations against China by O'Brien", "Iran rejects the U.S. accusations"
            return nominal_accusation_drafts(a, trig, ctx)
        sources, _ = acting_sources(a, head, ctx)
        targets = prep_objects(a, i, {"against"}, ctx)
        if not targets and sources and _made_again(a, i, verb):
            targets = [
                t
                for t in ctx.discourse.accused
                if not any(is_itself(t, s) or is_itself(s, t) for s in sources)
            ]
        text = clause_text(a, i)
    elif first in _ASSIGNING or first in {"was", "is", "are", "were", "did"}:
        if not a.parsed:
            return []
        sources, targets = _assigned(a, trig, ctx)
        text = clause_text(a, a.head(i))
        own = [t for t in targets if any(is_itself(t, s) or is_itself(s, t) for s in sources)]
        if own and len(own) == len(targets):
            # "a Ukrainian intelligence source said Kyiv was behind the operation": its own side
            # owning the act is a claim of responsibility, not an accusation
            return [
                make_draft(
                    "responsibility_claimed",
                    a,
                    trig,
                    own[0],
                    [],
                    text=text,
                    about=("attack_reported", "strike_reported"),
                )
            ]
    else:
        return []
    if not targets:
        return []
    targets = [_pronoun_meant(a, trig.start, t, sources, ctx) for t in targets]
    # A passive accusation may name no accuser: "Russian forces have been accused of ..."
    accusers: list[Actor | None] = list(sources) or [None]
    return [
        make_draft(
            "accusation_made",
            a,
            trig,
            s,
            targets,
            text=text,
            about=("strike_reported", "attack_reported"),
        )
        for s in accusers
    ]


def _pronoun_meant(
    a: SentenceAnalysis, i: int, target: Actor, sources: list[Actor], ctx: RuleContext
) -> Actor:
    """ "Britain expelled three Iraqi diplomats, accusing them of spying": "them" is the party
    named last before the accusation, other than the accuser. "Israel says Fuad Shukr was
    behind the attack. The U.S. accused him of ...": "him" or "her" is the person accused last,
    else the person the article named last, other than the accuser."""
    accusers = {actor_key(s) for s in sources}
    if target.canonical is None and target.text.lower() == "them":
        before = [
            m.actor()
            for m in a.mentions
            if m.end <= i and m.entity.canonical and actor_key(m.actor()) not in accusers
        ]
        return replace(before[-1], text=target.text) if before else target
    if target.canonical is not None or target.text.lower() not in {"him", "her"}:
        return target
    person = next(
        (
            x
            for x in [*reversed(ctx.discourse.accused), *reversed(ctx.discourse.seen)]
            if x.kind == "person" and x.canonical and actor_key(x) not in accusers
        ),
        None,
    )
    return replace(person, text=target.text) if person is not None else target


_MAKING = words("levelled leveled made renewed")
_REPEATING = words("repeated repeats repeating echoed echoes echoing reiterated reiterates")
_THE_ONE_BEFORE = words("the this that these those same similar")


def _made_again(a: SentenceAnalysis, noun: int, verb: str) -> bool:
    """ "Washington echoed the accusation", "repeated the charge", "made the same accusation":
    the article's latest accusation, made again by the subject, against whom it named."""
    told_before = {a.tokens[d].lower for d in a.deps(noun, "det", "amod")} & _THE_ONE_BEFORE
    against = any(a.tokens[p].lower == "against" for p in a.deps(noun, "prep"))
    return bool(told_before) and not against and (verb in _REPEATING or "same" in told_before)


def _accused_of(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor]:
    """ "accused X of", "blamed X for", "blamed the attack on X", "alleged that X ..."."""
    heads = [_antecedent(a, h, i) for h in object_heads(a, i)]
    if any(a.tokens[h].lower == "it" for h in heads):
        # "promised to retaliate against Israel after accusing it of ...", "criticised
        # Washington, accusing it of ...": the party named last before it, in this sentence
        before = [m.actor() for m in a.mentions if m.end <= i and m.actor().canonical]
        if len(before) > 1 or (before and before[0].canonical != _subject_name(a, i)):
            return before[-1:]
    actors = [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]
    if actors:
        return actors
    # "accused Brunswijk of trying to kill him": a name the data lacks, as a person's
    named = [x for x in (unknown_person(a, h) for h in heads) if x is not None]
    if named:
        return named
    for h in heads:  # "blamed the attack on Hamas"
        for p in [*a.deps(h, "prep"), *a.deps(i, "prep")]:
            if a.tokens[p].lower == "on":
                found = [x for x in actors_at(a, a.deps(p, "pobj"), ctx.discourse) if x.canonical]
                if found:
                    return found
    # "pinned the blame on Tehran", "laid the blame squarely on the rebels"
    verb = a.head(i) if a.tokens[i].dep in {"dobj", "nsubjpass"} else i
    preps = [*a.deps(i, "prep"), *a.deps(verb, "prep")]
    # "pinned the blame for the breach on Moscow": the parser hangs "on" on what is blamed
    preps += [
        q
        for p in preps
        if a.tokens[p].lower == "for"
        for o in a.deps(p, "pobj")
        for q in sorted(a.subtree(o))
        if q != o and a.tokens[q].dep == "prep"
    ]
    for p in preps:
        objects = a.deps(p, "pobj")
        if a.tokens[p].lower == "at":  # "laid the blame at Moscow's door"
            objects = [o for d in objects if a.tokens[d].lower == "door" for o in a.deps(d, "poss")]
        if a.tokens[p].lower in {"on", "upon", "at"}:
            found = [x for x in actors_at(a, objects, ctx.discourse) if x.canonical]
            if found:
                return found
    for c in a.deps(i, "ccomp"):  # "alleged that Kyiv staged it"
        # "alleged that four of its soldiers had been killed by Pakistani firing": in the
        # passive the subject is whom the act hit, and the "by" names its doer
        subj = agent_heads(a, c) or a.deps(c, "nsubj", "nsubjpass")
        found = [x for x in actors_at(a, subj, ctx.discourse) if x.canonical]
        if found:
            return found
    # "accusing them of", "blamed a dissident faction": accused, if not by name
    return [
        # the noun phrase up to its head: "the opposition for the violence" names the opposition
        Actor(text=a.words(min(a.subtree(h)), h + 1), kind="group")
        for h in heads
        if a.tokens[h].lower in _GROUP_WORDS
        or a.tokens[h].lower in _PRONOUN_OBJECTS
        or _named_people(a.tokens[h].text)
    ]


def _subject_name(a: SentenceAnalysis, i: int) -> str | None:
    """The canonical name of the first party the sentence names, if it comes before ``i``."""
    first = next((m for m in a.mentions if m.end <= i), None)
    return first.entity.canonical if first is not None else None


_RELATIVES = frozenset({"whom", "who", "which", "that"})


# What the parser calls a verb it took for a word of the noun phrase after it.
_MISREAD_VERB = frozenset({"amod", "compound"})


def _antecedent(a: SentenceAnalysis, h: int, verb: int) -> int:
    """ "Pakistan, which New Delhi accuses of sheltering the militants": the accused is what
    the relative pronoun stands for."""
    if a.tokens[h].lower in _RELATIVES and a.tokens[verb].dep == "relcl":
        return a.head(verb)
    return h


def _named_people(word: str) -> bool:
    """ "the Serbs", "the Contras", "the Kurds": a people or a faction named by a plural."""
    return len(word) > 3 and word[0].isupper() and word[1:].islower() and word.endswith("s")


def _unnamed_after(a: SentenceAnalysis, end: int) -> list[Actor]:
    """Without a parse: "blamed Islamic militants", "accused the rebels" (a group unnamed)."""
    j = end
    while j < len(a.tokens) and j - end < 3:
        tok = a.tokens[j]
        if tok.lower in _GROUP_WORDS or _named_people(tok.text):
            return [Actor(text=a.words(end, j + 1), kind="group")]
        if tok.lower in {"of", "for", "with", ",", "."}:
            break
        j += 1
    return []


def _assigned(
    a: SentenceAnalysis, trig: Trigger, ctx: RuleContext
) -> tuple[list[Actor], list[Actor]]:
    """Reported speech that makes someone responsible: (speakers, those made responsible)."""
    i = trig.start
    word = a.tokens[i].lower
    # "X was behind it", "the Serbs did this": the verb is the trigger's own first word
    head = i if word in {"was", "is", "are", "were", "did"} else a.head(i)
    holder = next((h for h in a.ancestors(i)[:2] if a.tokens[h].lower in _HOLD), None)
    if word == "responsible" and holder is not None:
        head = holder  # "held Iran responsible", however the parser attaches "responsible"
        sources, _ = acting_sources(a, head, ctx)
        # "held Iran responsible", parsed as an object or as the subject of a small clause
        held = object_heads(a, head) or a.deps(i, "nsubj")
        return sources, [x for x in actors_at(a, held, ctx.discourse)]
    if word in {"pointed", "pointing"}:
        # "pointed the finger at Russia", wherever the parser hangs "at"
        sources, _ = acting_sources(a, i, ctx)
        at = [p for t in [i, *a.deps(i, "dobj")] for p in a.deps(t, "prep")]
        pointed = [o for p in at if a.tokens[p].lower == "at" for o in a.deps(p, "pobj")]
        return sources, [x for x in actors_at(a, pointed, ctx.discourse) if x.canonical]
    if word in {"involvement"}:
        responsible = [m for m in a.mentions if m.start <= i < m.end]
        targets = [m.actor() for m in responsible] or [
            x for x in actors_at(a, [i], ctx.discourse) if x.canonical
        ]
    elif word in {"orchestrated", "orchestrating", "masterminded", "staged", "false"}:
        targets = actors_at(
            a, [c for s in a.deps(i, "nsubj") for c in conjuncts(a, s)], ctx.discourse
        )
    else:  # "X was behind", "X was responsible for", "the Serbs did this"
        subj = a.deps(head, "nsubj", "nsubjpass") if head != i or word == "did" else []
        subj = [c for s in subj for c in conjuncts(a, s)]
        # "Hamas said it was responsible for the blast": "it" is whoever said it
        targets = pronoun_speakers(a, subj, head, ctx) or actors_at(a, subj, ctx.discourse)
        if not any(t.canonical for t in targets):
            # "Israel said Shukur was behind the attack": a name the data lacks, a person's
            targets = [x for x in (unknown_person(a, h) for h in subj) if x is not None]
    targets = [t for t in targets if t.canonical]
    if targets and _content_of_claim(a, head):
        # "slammed claims that Russia is behind the attacks": the claim's, not the speaker's
        return _claim_makers(a, a.head(head), ctx), targets
    said_by = speaker(a, i, ctx)
    if not targets or said_by is None:
        return [], []
    return [said_by], targets


def _content_of_claim(a: SentenceAnalysis, head: int) -> bool:
    return (
        head != a.head(head)
        and a.tokens[head].dep in {"acl", "ccomp", "relcl", "appos"}
        and a.tokens[a.head(head)].lower in ACCOUNT_NOUNS
    )


def _claim_makers(a: SentenceAnalysis, noun: int, ctx: RuleContext) -> list[Actor]:
    """Whose claim: "Kyiv's claims", "claims by Kyiv"; nobody when the noun names no one."""
    owners = list(a.deps(noun, "poss"))
    by = [p for p in a.deps(noun, "prep") if a.tokens[p].lower == "by"]
    owners += [o for p in by for o in a.deps(p, "pobj")]
    return [x for x in actors_at(a, owners, ctx.discourse) if x.canonical]


def _allegation_text(a: SentenceAnalysis, i: int) -> str:
    if a.parsed:
        for p in a.deps(i, "prep"):
            if a.tokens[p].lower in {"of", "for", "over"}:
                return clause_text(a, p)
    return clause_text(a, i)


_BODIES = words("agency group ministry army military movement organisation organization service")


_TRADING = words("traded trading trade trades exchanged exchanging exchange")
_RECIPROCAL = (["each", "other"], ["one", "another"])
# Words that end the subject of "... traded blame" read backwards: another clause starts there.
_CLAUSE_EDGE = words("as while but ; that after when since , which who")


_DISAPPROVING = words(
    "protested protests protest complained complains denounced denounces condemned condemns "
    "condemn decried decries criticised criticized criticises criticizes deplored deplores"
)
_CONDUCT_NOUNS = words("use decision move moves actions conduct behaviour behavior deployment")
# "expressed strong dissatisfaction and protest over ...": displeasure voiced at someone's act
_DISPLEASURE = frozenset({"dissatisfaction"})
_EXPRESSING = words("expressed expresses expressing voiced voices voicing")
# "India called out Pakistan for supporting the group": named and shamed
_CALLING_OUT = frozenset({"called out", "calling out", "calls out", "call out"})
# Between the verb and the one it holds to account: "protested to the UN over two Israeli
# raids", "denounced as an ugly crime Yugoslavia's suppression of ...".
_DISAPPROVAL_SPAN = 14
_CLAUSE_END = words(", ; and but while as which who that")


def disapproval_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """A protest, complaint or condemnation holding someone to account is an accusation: "China
    protested against the US's use of force", "Lebanon complained over Israeli air raids",
    "lodged a protest with Albania". Condemning an act of nobody named ("condemned the
    bombing", "the attack on Israel") accuses nobody."""
    if any(w in ACCOUNT_NOUNS for w in window(a, trig.end, trig.end + 12)):
        return []  # "denounced as a circus show May's allegations": a claim answered, a denial
    sources = acting_sources(a, trig.start, ctx)[0]
    sources = [s for s in sources if s.canonical or s.kind == "person"]
    if not sources:
        return []
    held = _held_to_account(a, trig, sources)
    if not held:
        return []
    text = clause_text(a, trig.start)
    return [
        make_draft(
            "accusation_made",
            a,
            trig,
            s,
            held,
            text=text,
            about=("strike_reported", "attack_reported"),
        )
        for s in sources
    ]


def _held_to_account(a: SentenceAnalysis, trig: Trigger, sources: list[Actor]) -> list[Actor]:
    """The first actor after the trigger named as the doer: a possessor ("the US's use of
    force"), a demonym ("Israeli air raids"), an agent ("by the United States"), the object
    itself ("denounced Israel", "a protest with Albania"); never the victim of an act ("the
    attack on Israel", "aggression against Lebanon")."""
    own = {actor_key(s) for s in sources} | {s.country for s in sources if s.country}
    end = trig.end
    while end < min(len(a.tokens), trig.end + _DISAPPROVAL_SPAN):
        if a.tokens[end].lower in _CLAUSE_END and end > trig.end + 1:
            break
        end += 1
    for m in a.mentions:
        if not trig.end <= m.start < end:
            continue
        actor = m.actor()
        if actor_key(actor) in own or (actor.country and actor.country in own):
            continue
        before = a.tokens[m.start - 1].lower
        after = a.tokens[m.end].lower if m.end < len(a.tokens) else ""
        # "Washington's decision", "the U.S. use of force": whose conduct it is
        possessor = after in {"'s", "’s", "'", "’"} or after in _CONDUCT_NOUNS
        doer = (
            possessor
            or m.via in {"demonym", "demonym_group"}
            or before in {"by", "with"}
            or m.start == trig.end
            or (before in {"against", "the"} and m.start - 1 <= trig.end + 1)
        )
        if before in {"on", "to", "in", "at", "into", "over"} and not possessor:
            doer = False  # "the attack on Israel", "complained to the United Nations"
        if before == "over" and m.via in {"demonym", "demonym_group"}:
            doer = True  # "complained over Israeli air raids": whose raids they were
        if doer and actor.canonical:
            return [actor]
    return []


def is_mutual(a: SentenceAnalysis, trig: Trigger) -> bool:
    """ "blamed each other", "pointed the finger at one another", "traded accusations"."""
    after = window(a, trig.end, trig.end + 3)
    if after[:2] in _RECIPROCAL or (after[:1] == ["at"] and after[1:] in _RECIPROCAL):
        return True  # "blamed each other", "pointed the finger at each other"
    return trig.start > 0 and a.tokens[trig.start - 1].lower in _TRADING


def mutual_accusation_drafts(
    a: SentenceAnalysis, trig: Trigger, ctx: RuleContext
) -> list[EventDraft] | None:
    """ "Kyiv and Moscow blamed each other", "as Delhi and Islamabad traded accusations": each
    party accuses the others. None when the trigger is not a mutual accusation."""
    i = trig.start
    if not is_mutual(a, trig):
        return None
    trading = i > 0 and a.tokens[i - 1].lower in _TRADING
    verb = i - 1 if trading else i
    parties = _named_parties(acting_sources(a, verb, ctx)[0]) if a.parsed else []
    if len(parties) < 2:
        parties = _named_parties(_linear_subjects(a, verb))
    if len(parties) < 2:
        return []
    text = clause_text(a, verb)
    return [
        make_draft(
            "accusation_made",
            a,
            trig,
            s,
            [t for t in parties if t is not s],
            text=text,
            about=("strike_reported", "attack_reported"),
        )
        for s in parties
    ]


def _named_parties(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for x in actors:
        if x.canonical and all(actor_key(x) != actor_key(o) for o in out):
            out.append(x)
    return out


def _linear_subjects(a: SentenceAnalysis, verb: int) -> list[Actor]:
    """The actors named just before the verb, back to where its clause starts."""
    start = verb
    while start > 0 and verb - start < 10 and a.tokens[start - 1].lower not in _CLAUSE_EDGE:
        start -= 1
    edge = start
    # "Kyiv and Moscow, without offering evidence, quickly blamed": an aside between commas
    if (
        edge > 0
        and a.tokens[edge - 1].lower == ","
        and not any(m.start >= edge for m in a.mentions if m.end <= verb)
    ):
        back = edge - 1
        while back > 0 and verb - back < 16 and a.tokens[back - 1].lower not in _CLAUSE_EDGE:
            back -= 1
        edge = back
    return [m.actor() for m in a.mentions if edge <= m.start and m.end <= verb]


def _speakers_own_body(a: SentenceAnalysis, h: int) -> bool:
    """ "a source in the SBU said the agency had carried out the attack": "the agency" is the
    speaker's own, whatever was named last."""
    return a.tokens[h].lower in _BODIES and h > 0 and a.tokens[h - 1].lower in {"the", "its"}


# Acts a group claims besides the incident nouns: "carried out the operation", "the killing".
_CLAIMED_ACTS = words(
    "operation operations bombings attacks strikes killing killings assassination abduction "
    "kidnapping ambush shelling shooting hijacking raids action"
)


def _carried_out_passive(
    a: SentenceAnalysis, trig: Trigger, ctx: RuleContext, claimed: frozenset[str]
) -> list[EventDraft]:
    """ "The operation was carried out after repeated warnings, the statement said": told by
    the side that did the act reported before, its own account, a claim of responsibility.
    "The attack was carried out by Hamas, Israel said" names its doer: an accusation."""
    act = a.deps(trig.start, "nsubjpass")[0]
    if a.tokens[act].lower not in claimed:
        return []
    said_by = speaker(a, trig.start, ctx)
    if said_by is None or not said_by.canonical:
        return []
    doers = [x for x in actors_at(a, agent_heads(a, trig.start), ctx.discourse) if x.canonical]
    text = clause_text(a, act)
    if doers:
        if any(is_itself(d, said_by) for d in doers):
            return []  # "suspect it was carried out by Saudi militants": no claim of its own
        about = ("strike_reported", "attack_reported")
        return [make_draft("accusation_made", a, trig, said_by, doers, text=text, about=about)]
    told_by = ctx.last_incident_doer
    if told_by is None or not is_itself(told_by, said_by):
        return []  # an act someone else did, or nobody did yet, is no claim of one's own
    return [_claim_of_own_act(a, trig, said_by, text)]


def _claim_of_own_act(a: SentenceAnalysis, trig: Trigger, said_by: Actor, text: str) -> EventDraft:
    about = ("attack_reported", "strike_reported")
    return make_draft("responsibility_claimed", a, trig, said_by, [], text=text, about=about)


_ASKING_WHO = words("who whoever which what")
_OWN_UNITS = words(
    "forces troops army military units unit soldiers fighters navy operation operations servicemen"
)


def carried_out_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """Reported "carried out the attack": a claim when the doers are the speaker themselves
    ("the group said it had carried out ..."), an accusation when they are someone else."""
    claimed = ctx.lexicon.incident_nouns | _CLAIMED_ACTS
    if not a.parsed:
        return []
    if a.deps(trig.start, "nsubjpass"):
        return _carried_out_passive(a, trig, ctx, claimed)
    # "carried out last week's car bombing": the act may come a few words on
    if not any(w in claimed for w in window(a, trig.end, trig.end + 6)):
        return []
    said_by = speaker(a, trig.start, ctx)
    if said_by is None:
        return []
    if said_by.kind == "state" and {"a", "an"} & set(window(a, trig.end, trig.end + 2)):
        return []  # "the ministry said it had carried out a massive strike": a strike report
    subjects = a.deps(trig.start, "nsubj", "nsubjpass")
    if any(a.tokens[h].lower in _ASKING_WHO for h in subjects):
        return []  # "we know who carried out the attack": who did it is the question
    doers = actors_at(a, subjects, ctx.discourse)
    self_reference = not doers or all(
        a.tokens[h].lower in {"it", "they", "we"}
        or _speakers_own_body(a, h)
        or actor_key(d) == actor_key(said_by)
        or bool(d.country and d.country == said_by.country)  # "Saree said Yemeni forces had"
        # "the army said troops had carried out the raid"; not "Islamists had carried it out"
        or (d.canonical is None and a.tokens[h].lower in _OWN_UNITS)
        for h, d in zip(subjects, doers, strict=False)
    )
    text = clause_text(a, trig.start)
    if self_reference:
        return [_claim_of_own_act(a, trig, said_by, text)]
    return [
        make_draft(
            "accusation_made",
            a,
            trig,
            said_by,
            doers,
            text=text,
            about=("strike_reported", "attack_reported"),
        )
    ]
