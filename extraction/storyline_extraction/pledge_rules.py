"""Pledges said other ways: an actor's own action announced for the future.

"NATO said it would investigate", "Seoul will formally take the case to the UN Security
Council, a presidential aide said", "Trudeau said his government would not rest until ...",
"France will host a meeting": a future or modal verb (``will``, ``would``, ``'ll``, ``shall``)
whose subject is the speaker, the speaker's own side ("it", "his government", "the army" said
by the government's office) or, with nobody reporting it, a named actor. Harm to come is a
threat (``threat_rules``); what another party will do is a prediction, not a promise; being
and having ("would be a mistake", "will have consequences") are not actions.

The source is the subject of the promised verb when it names an actor ("Jaitley said India
would launch a diplomatic offensive" -> India), else the speaker.
"""

from __future__ import annotations

from storyline_extraction.actor_roles import actors_at, subject_heads
from storyline_extraction.event_draft import EventDraft, actor_key
from storyline_extraction.rule_context import RuleContext, pronoun_speakers, speaker
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import clause_text, make_draft
from storyline_extraction.threat_rules import HARM_NOUNS, HARM_VERBS, warned_party
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

FUTURE_WORDS = words("will would 'll shall")
# Verbs that state, predict or feel rather than do.
NOT_ACTIONS = words(
    "be have say tell comment need want like seem become remain mean cost depend happen "
    "prove lead rise fall grow increase decrease affect come go get see know think believe "
    "expect hope wish fear lose win face pay receive suffer regret widen bear show reserve "
    "conclude consider decide regard assess determine judge"
)
# Harm verbs promised are threats (below); those a threat word already triggers are left to
# ``threat_rules``, which reads them whether or not "will" or "would" comes with them.
_HARM_PROMISED = HARM_VERBS - words("launch deal act respond retaliate answer avenge")
_PASSIVE_NOT_PLEDGED = words(
    "hunted targeted attacked punished destroyed made turned given regarded met banned limited "
    "caught killed held intimidated defeated crushed sunk"
)
# Violence as the object of a promised verb: "would continue its attacks", "would launch a
# second round of strikes". The harm nouns less those that may name words or diplomacy ("would
# take action at the United Nations", "would give a response").
_VIOLENCE = (
    HARM_NOUNS
    - words(
        "account action actions answer ashes consequence consequences cost countermeasures force "
        "justice measures price repercussions reply response responses steps"
    )
) | words("raids bombing bombings shelling")
# Passive harm promised to a named party: "would be shot down", "would be destroyed".
_PASSIVE_HARMED = words("shot downed destroyed sunk crushed annihilated obliterated")
_OWN_WORDS = words("it we they he she i its our their his her")
_OWN_NOUNS = words("government country army military forces side administration state")


def promised_action_drafts(
    a: SentenceAnalysis, trig: Trigger, ctx: RuleContext
) -> list[EventDraft]:
    """A pledge from ``will``/``would`` (see the module's docstring); nothing without a parse."""
    if not a.parsed or a.tokens[trig.start].dep != "aux":
        return []
    verb = a.head(trig.start)
    # "would launch a second round of attacks", "would continue its attacks": harm to come
    # (a threat word in the sentence is read by ``threat_rules``, with its own source)
    violence = not any(t.kind == "threat_issued" for t in a.triggers) and any(
        a.tokens[t].lower in _VIOLENCE for o in a.deps(verb, "dobj") for t in a.subtree(o)
    )
    harm = a.tokens[verb].lower in _HARM_PROMISED or violence
    if not harm and any(a.tokens[o].lower in HARM_NOUNS for o in a.deps(verb, "dobj")):
        return []  # "would take measures", "would take action": left to ``threat_rules``
    if a.tokens[verb].lower in NOT_ACTIONS or verb == trig.start:
        return []
    if a.deps(verb, "auxpass") and not a.deps(verb, "agent"):
        if a.tokens[verb].lower in _PASSIVE_HARMED:
            # "said U.S. warplanes would be shot down if they violated its airspace": harm
            # promised to whoever the passive names
            return _passive_harm_drafts(a, trig, verb, ctx)
        if a.tokens[verb].lower in _PASSIVE_NOT_PLEDGED:
            return []  # "would be hunted down", "would be turned into a district"
        heads: list[int] = []
        subjects: list[Actor] = []  # "those responsible will be referred to the judiciary"
        passive = True
    else:
        heads, passive = subject_heads(a, verb)
        subjects = actors_at(a, heads, ctx.discourse)
    said_by = speaker(a, verb, ctx)
    if harm and said_by is not None and not (said_by.canonical or said_by.kind == "person"):
        return []  # "analysts said Israel would strike Iran": a forecast, nobody's threat
    # "Egypt, Qatar and the United States said they would present a proposal": each of them
    speakers = pronoun_speakers(a, heads, verb, ctx)
    if speakers:
        subjects = speakers[:1]
    named = [s for s in subjects if s.canonical]
    if said_by is not None and (said_by.canonical or said_by.kind == "person"):
        if not passive and not (named and all(same_side(s, said_by) for s in named)):
            # a speaker of unknown allegiance ("Hollande's office says") may speak for the state
            unknown = said_by.country is None and said_by.kind == "person"
            if not _owned(a, verb) and not (unknown and named):
                return []  # "said Iran would attack": a prediction about someone else
        source = named[0] if named else said_by
    elif named and not passive:
        source = named[0]  # "France will host a meeting"
    else:
        return []
    if (
        harm
        or harm_promised(a, verb)
        or any(a.tokens[x].lower in _WARNING for x in a.ancestors(verb)[:2])
    ):
        # "would defeat the invasion", "would keep fighting until the rebellion is crushed",
        # "would shoot down any warplane": harm to come, promised, is a threat
        targets = [
            m.actor()
            for m in a.mentions
            if m.start in set(a.subtree(verb))
            and m.actor().canonical
            and not same_side(m.actor(), source)
        ]
        warned = warned_party(a, verb, ctx)
        return [
            make_draft(
                "threat_issued", a, trig, source, warned or targets, text=clause_text(a, verb)
            )
        ]
    return [
        make_draft("pledge_made", a, trig, s, [], text=clause_text(a, verb), base=0.5)
        for s in speakers or [source]
    ]


def _passive_harm_drafts(
    a: SentenceAnalysis, trig: Trigger, verb: int, ctx: RuleContext
) -> list[EventDraft]:
    said_by = speaker(a, verb, ctx)
    if said_by is None or not (said_by.canonical or said_by.kind == "person"):
        return []
    harmed, _ = subject_heads(a, verb)
    targets = [x for x in actors_at(a, harmed, ctx.discourse) if x.canonical]
    targets = [t for t in targets if not same_side(t, said_by)]
    if not targets:
        return []  # "our ships would be sunk": a fear, not a threat
    return [make_draft("threat_issued", a, trig, said_by, targets, text=clause_text(a, verb))]


# Fighting on, and what it is to end in: a promise of these is a threat.
DEFEATING = words("defeat crush destroy annihilate wipe eliminate")
FIGHTING = words("fight fighting fought") | DEFEATING
# Said as a warning, one's own action to come is a threat ("warned Washington that it would
# expel the inspectors").
_WARNING = words("warned warns warning threatened threatens")
_HARM_OUTCOMES = words(
    "crushed defeated surrender surrenders surrendered arrested eliminated destroyed disbanded "
    "annihilated ashes rubble ruins"
)


_KEEPING_ON = words("hesitate keep continue")
# Harm verbs in the forms "keep" and "continue" take ("keep attacking", "continue to target").
_HARM_ON = HARM_VERBS | words("attacking targeting striking firing shelling hitting bombing")


# An enemy driven out: "until the occupiers leave", "until its troops withdraw".
_DRIVEN_OUT = words("leave leaves withdraw withdraws withdrawn expelled ousted")


_ENEMIES = words(
    "invasion rebellion aggression enemy enemies rebels terrorists attackers invaders occupiers "
    "militia aggressor aggressors"
)


def _fights_someone(a: SentenceAnalysis, verb: int) -> bool:
    """ "defeat the invasion", "fight Russia": not "fight corruption", nor "fight on" alone."""
    objects = a.deps(verb, "dobj")
    if not objects:
        return False
    inside = {t for o in objects for t in a.subtree(o)}
    return any(m.start in inside for m in a.mentions) or any(
        a.tokens[t].lower in _ENEMIES for t in inside
    )


def harm_promised(a: SentenceAnalysis, verb: int) -> bool:
    """Whether a promised action is harm: fighting or defeating someone ("would defeat the
    invasion"), or fighting on to someone's defeat ("until the rebellion is crushed")."""
    lowered = a.tokens[verb].lower
    fighting = [verb] if lowered in FIGHTING else []
    fighting += [x for x in a.deps(verb, "xcomp") if a.tokens[x].lower in FIGHTING]
    if any(_fights_someone(a, f) for f in fighting):
        return True
    if lowered in _KEEPING_ON:
        # "would not hesitate to confront any threat", "would keep attacking ships": harm the
        # promise carries on or holds ready
        done = [x for x in a.deps(verb, "xcomp") if _HARM_ON.intersection({a.tokens[x].lower})]
        if any(a.deps(x, "dobj", "prep") for x in done):
            return True
    inside = a.subtree(verb)
    if fighting and any(a.tokens[t].lower == "until" for t in inside):
        return True  # "would keep fighting until it was [disbanded]"
    text = " ".join(a.tokens[t].lower for t in inside)
    until = [t for t in inside if a.tokens[t].lower == "until"]
    if until and any(a.tokens[t].lower in _DRIVEN_OUT for t in inside if t > until[0]):
        return True  # "will not stop until Armenian forces leave"
    return any(a.tokens[t].lower in _HARM_OUTCOMES for t in inside) or "sea of fire" in text


def _owned(a: SentenceAnalysis, verb: int) -> bool:
    """ "it would investigate", "his government would not rest", "the army would take care"."""
    heads, _ = subject_heads(a, verb)
    for h in heads:
        words_ = {a.tokens[t].lower for t in a.subtree(h)}
        if a.tokens[h].lower in _OWN_WORDS or (
            a.tokens[h].lower in _OWN_NOUNS and words_ & (_OWN_WORDS | {"the"})
        ):
            return True
    return False


def same_side(x: Actor, other: Actor) -> bool:
    """The same actor, or two of one state."""
    return actor_key(x) == actor_key(other) or bool(x.country and x.country == other.country)
