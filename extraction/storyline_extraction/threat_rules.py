"""Threats said other ways: harm promised in someone's words, whatever the verb.

Copy seldom writes "X threatened Y". It writes that "the response would come at a time of Iran's
choosing", that "those behind the killing would face a harsh retaliation", that "there will be
an answer", that a state "reserves the right to respond", that "any aggression will be met with
a crushing response", or that "those responsible will pay". What these share is a word of harm
(``HARM_NOUNS``, ``HARM_VERBS``) in a clause about what is to come: a future or modal verb, or
a verb of vowing, warning or reserving a right above it. The one who says it threatens; without
a speaker, the subject of a harm verb does ("Belarus will retaliate").

Whom: the one warned ("warned Washington that ..."), else the actors named in the threatened
clause other than the threatener's side ("any Israeli attack" -> Israel), and the one on whom
harm falls ("North Korea will pay a price" -> North Korea).
"""

from __future__ import annotations

from storyline_extraction.actor_roles import actors_at, conjuncts, dedupe, subject_heads
from storyline_extraction.event_draft import EventDraft
from storyline_extraction.modality import is_negated
from storyline_extraction.rule_context import RuleContext, pronoun_speakers, speaker
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import clause_text, make_draft
from storyline_extraction.statement_context import is_itself
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

HARM_NOUNS = words(
    "response responses retaliation retribution revenge vengeance answer reply price "
    "consequences consequence repercussions cost punishment annihilation counterattack "
    "counterattacks counter-attack counter-attacks counterstrike counterstrikes counter-strike "
    "counter-strikes countermeasures blow blows war force justice account measures action "
    "steps actions bloodshed strikes attacks ashes"
)
# Harm verbs whose subject does the harm ("Iran would retaliate").
HARM_VERBS = words(
    "retaliate respond strike hit attack destroy punish crush annihilate wipe sink target fire "
    "avenge pursue hunt chase eliminate defeat answer act retake march sell kill bomb shoot "
    "obliterate raze erase deal launch confront"
)
# Verbs whose subject suffers the harm ("those responsible will pay", "would face ...").
_SUFFER_VERBS = words("pay face receive suffer regret answer escape bear draw")
# Passive harm: "would be punished", "will be held to account", "would be met with ...".
_PASSIVE_HARM = words("punished hunted targeted attacked destroyed met held made sunk caught")
# Verbs a harm noun is promised with: "would face a harsh retaliation", "vowed revenge",
# "the response would come", "there will be an answer", "would take revenge".
_HARM_CARRIERS = words(
    "face faces receive receives draw draws meet met bring brings get deliver give take exact "
    "vowed vows vow promised promises warned warns warning threatened threatens come comes be is "
    "await awaits suffer pay invite trigger provoke have has bear reserve reserved reserves given "
    "unleash seek sought"
)
_NEEDS_HARM_OBJECT = words("launch deal take carry")
_DEALING = words("take takes taking exact exacts deliver delivers unleash unleashes")
# What is paid, given or answered without harm: "prepared to pay compensation", "will pay
# tribute", "would answer questions".
_NOT_HARM_OBJECTS = words(
    "compensation damages reparations tribute respects attention visit salaries wages debts "
    "bills ransom questions call calls letter"
)
_FUTURE = words("will would 'll shall wo going")
_CALLS = words("should must")
# Verbs above a clause that make it a threat whatever its tense.
_VOWING = words(
    "vowed vows vow vowing pledged promised promises threatened threatens threatening warned "
    "warns warning reserved reserves reserve reserving retains retained retain ready determined "
    "prepared"
)
# Negated, these still threaten: "will not go unpunished", "will not hesitate to respond".
_DEFIANT = words("escape hesitate stop unpunished rest tolerate allow")


CONTENT_TRIGGERS = frozenset(
    {
        "response",
        "responses",
        "retaliation",
        "retribution",
        "revenge",
        "vengeance",
        "reply",
        "price",
        "consequences",
        "repercussions",
        "punishment",
        "annihilation",
        "counterattack",
        "counterattacks",
        "counter-attacks",
        "counter-strikes",
        "counterstrikes",
        "right to",
        "unpunished",
        "escape",
        "hunted",
        "punished",
        "punish",
        "avenge",
        "retaliate",
        "respond",
        "pay",
        "answer",
        "held to account",
        "accountable",
    }
)


def threat_content_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """A threat from a harm word (see the module's docstring); nothing without a parse."""
    if not a.parsed:
        return []
    i = trig.end - 1
    verb = _governing_verb(a, i)
    if verb is None or not is_promised(a, verb):
        return []
    if is_negated(
        a,
        Trigger(verb, verb + 1, "threat_issued", a.tokens[verb].lower),
        ctx.lexicon,
        "threat_issued",
    ) and not _defiant(a, verb):
        return []
    if a.tokens[i].lower in HARM_NOUNS and a.tokens[verb].lower not in _HARM_CARRIERS:
        return []  # "would discuss a response": talk of a response, not one promised
    if a.tokens[verb].lower in _NEEDS_HARM_OBJECT and not any(
        a.tokens[o].lower in HARM_NOUNS for o in a.deps(verb, "dobj")
    ):
        return []  # "would launch a diplomatic offensive" is no threat
    if any(a.tokens[o].lower in _NOT_HARM_OBJECTS for o in a.deps(verb, "dobj")):
        return []
    said_by = speaker(a, verb, ctx)
    harm_subjects = _subject_actors(a, verb, ctx)
    suffers = a.tokens[verb].lower in _SUFFER_VERBS or _passive(a, verb)
    # "Iran ... will take its revenge", "would deliver a crushing response": the subject does it
    dealt = a.tokens[verb].lower in _DEALING and any(
        a.tokens[o].lower in HARM_NOUNS for o in a.deps(verb, "dobj")
    )
    agentive = harm_subjects and not suffers and a.tokens[verb].lower in HARM_VERBS
    vowing = a.tokens[verb].lower in _VOWING
    if not harm_subjects:
        # "Russia reserves the right to respond", "Iran is ready to take necessary measures":
        # who reserves the right or stands ready is who would do it
        vower = next((v for v in a.ancestors(verb)[:4] if a.tokens[v].lower in _VOWING), None)
        if vower is not None:
            harm_subjects, vowing = _subject_actors(a, vower, ctx), True
    if vowing and harm_subjects:
        source: Actor = harm_subjects[0]  # "Iran vowed a crushing response"
    elif agentive:
        # "Zakharova said Moscow would respond": the one who would do the harm threatens
        source = harm_subjects[0]
    elif said_by is not None and (said_by.canonical or said_by.kind == "person"):
        source = said_by
    elif dealt and harm_subjects:
        source = harm_subjects[0]  # nobody named says it: whoever will deal it threatens
    elif (owner := _owner(a, i, ctx)) is not None:
        # "Iran's response will be more severe, the mission said": whose the harm is, when
        # the one saying it is not named
        source = owner
    else:
        return []
    targets = warned_party(a, verb, ctx) or _threatened(a, verb, source, ctx)
    if suffers:
        targets = dedupe([*harm_subjects, *targets])
    targets = [t for t in targets if not _same_side(t, source)]
    return [make_draft("threat_issued", a, trig, source, targets, text=clause_text(a, verb))]


_VOWS = words("vowed vows pledged pledges promised promises")


def vow_joined_to_report(a: SentenceAnalysis, verb: int, ctx: RuleContext) -> Actor | None:
    """ "India said Pakistan-based militants carried out the attack and vowed a crushing
    response": the parser joins "vowed" to the reported clause, but a vow after a report of
    the other side's act is the speaker's."""
    if a.tokens[verb].lower not in _VOWS or a.tokens[verb].dep != "conj":
        return None
    joined = a.head(verb)
    if a.tokens[joined].dep != "ccomp":
        return None
    if a.tokens[a.head(joined)].lower not in ctx.lexicon.speech_verbs:
        return None
    said_by = speaker(a, joined, ctx)
    return said_by if said_by is not None and said_by.canonical else None


def _owner(a: SentenceAnalysis, noun: int, ctx: RuleContext) -> Actor | None:
    """ "Iran's response", "its revenge": the named owner of a harm noun."""
    if a.tokens[noun].lower not in HARM_NOUNS:
        return None
    owners = [x for x in actors_at(a, a.deps(noun, "poss"), ctx.discourse) if x.canonical]
    return owners[0] if owners else None


def _governing_verb(a: SentenceAnalysis, i: int) -> int | None:
    """The verb a harm noun belongs to ("would face a harsh retaliation" -> face), or the harm
    verb itself ("would retaliate")."""
    verbs = HARM_VERBS | _SUFFER_VERBS | _PASSIVE_HARM
    cur = i
    if a.tokens[i].lower == "response" or a.tokens[i].lower == "respond":
        cur = i
    for _ in range(5):
        if (cur != i or a.tokens[i].lower in verbs) and _looks_verbal(a, cur):
            return cur
        head = a.head(cur)
        if head == cur:
            return None
        cur = head
    return None


def _looks_verbal(a: SentenceAnalysis, i: int) -> bool:
    return bool(a.deps(i, "nsubj", "nsubjpass", "aux", "auxpass", "expl")) or (
        a.tokens[i].dep in {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl"}
        and bool(a.deps(i, "dobj", "prep", "xcomp", "advmod"))
    )


def is_promised(a: SentenceAnalysis, verb: int) -> bool:
    """Whether the verb's clause is about what is to come, or is vowed, warned or reserved."""
    cur = verb
    for _ in range(3):
        aux = {a.tokens[x].lower for x in a.deps(cur, "aux", "auxpass")}
        if aux & _FUTURE or (aux & _CALLS and a.tokens[verb].lower not in _SUFFER_VERBS):
            return True
        if a.tokens[cur].lower in _VOWING:
            return True
        head = a.head(cur)
        if a.tokens[cur].dep == "xcomp" and any(
            a.tokens[s].lower in _ANSWERS for s in a.deps(head, "nsubj")
        ):
            return True  # "our answer is to take revenge": the answer to come
        if head == cur or a.tokens[cur].dep not in {
            "xcomp",
            "acl",
            "ccomp",
            "dobj",
            "pobj",
            "prep",
            "conj",
            "advcl",
            "appos",  # "reserves the right to take retaliatory measures", "right" an appositive
        }:
            return False
        # "would not let the attack go unanswered": what is let happen is what is to come
        let_or_vowed = a.tokens[head].lower in _VOWING | _LETTING
        if a.tokens[cur].dep in {"ccomp", "conj"} and not let_or_vowed:
            return False
        cur = head
    return False


_LETTING = words("let allow permit")
_ANSWERS = words("answer response reply")


def _defiant(a: SentenceAnalysis, verb: int) -> bool:
    near = [a.tokens[verb].lower] + [a.tokens[c].lower for c in a.children(verb)]
    return any(w in _DEFIANT for w in near)


def _passive(a: SentenceAnalysis, verb: int) -> bool:
    return bool(a.deps(verb, "nsubjpass", "auxpass")) and a.tokens[verb].lower in _PASSIVE_HARM


def _subject_actors(a: SentenceAnalysis, verb: int, ctx: RuleContext) -> list[Actor]:
    heads, _ = subject_heads(a, verb)
    # "Belarus said it would retaliate"; not "said they would be hunted down", who suffer it
    doing = not a.deps(verb, "nsubjpass") and a.tokens[verb].lower not in _SUFFER_VERBS
    said = pronoun_speakers(a, heads, verb, ctx) if doing else []
    return said or [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]


def warned_party(a: SentenceAnalysis, verb: int, ctx: RuleContext) -> list[Actor]:
    """ "warned Washington that ...": the one warned."""
    for anc in [verb, *a.ancestors(verb)[:3]]:
        if a.tokens[anc].lower in {"warned", "warns", "warning", "threatened", "threatens", "told"}:
            objs = a.deps(anc, "dobj", "dative")
            found = actors_at(a, [c for o in objs for c in conjuncts(a, o)], ctx.discourse)
            return [x for x in found if x.canonical]
    return []


def _threatened(a: SentenceAnalysis, verb: int, source: Actor, ctx: RuleContext) -> list[Actor]:
    """The actors named in the threatened clause, less the threatener's side."""
    inside = set(a.subtree(verb))
    found = [m.actor() for m in a.mentions if m.start in inside]
    return [x for x in dedupe(found) if x.canonical and not _same_side(x, source)]


def _same_side(x: Actor, source: Actor) -> bool:
    return is_itself(x, source)


_CONDITIONS = words("if unless")


def conditioned_party(a: SentenceAnalysis, source: Actor | None, ctx: RuleContext) -> list[Actor]:
    """ "warns of counter-strikes if the South violates its waters again", "warned of more
    bloodshed unless Nairobi pulled its troops out": a threat is aimed at whoever its condition
    is on, the subject of the clause "if" or "unless" opens."""
    if not a.parsed:
        return []
    for mark in (t for t, tok in enumerate(a.tokens) if tok.lower in _CONDITIONS):
        if a.tokens[mark].dep != "mark":
            continue
        heads, _ = subject_heads(a, a.head(mark))
        found = [
            x
            for x in actors_at(a, heads, ctx.discourse)
            if x.canonical and (source is None or not _same_side(x, source))
        ]
        if found:
            return found
    return []
