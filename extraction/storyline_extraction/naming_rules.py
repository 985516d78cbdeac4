"""Accusations made by naming a wrong and its doer: "called the attack a planned act of
aggression by Moscow", "described the killings as a deliberate massacre by the Russian army",
"said the bombing was a deliberate act by NATO", "called it a terrorist act by Kyiv", "a show
staged by Poroshenko".

A noun of wrongdoing (``data/statements.json``: "act of aggression", "provocation", "massacre",
"hijacking", ...) whose doer the phrase itself names, by "by Y", by a possessive ("Kyiv's
provocation") or by a demonym ("an Israeli provocation"), is an accusation of that doer by
whoever calls it so: the subject of a verb of naming ("called", "described", "branded") or the
speaker of the clause. A wrong named in the article's own voice accuses nobody.
"""

from __future__ import annotations

from storyline_extraction.actor_roles import actors_at, agent_heads, conjuncts, subject_heads
from storyline_extraction.event_draft import DOER_UNNAMED, EventDraft
from storyline_extraction.modality import read_trigger
from storyline_extraction.rule_context import RuleContext, speaker, window
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.speech_act_drafting import acting_sources, clause_text, make_draft
from storyline_extraction.statement_context import is_itself
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

WRONG_NOUNS = frozenset(
    {
        "act of aggression", "provocation", "massacre", "hijacking", "terrorist act",
        "act of terrorism", "deliberate act", "war crime", "act of piracy", "state terrorism",
        "assassination", "terrorist attack", "planned provocation", "staged provocation",
        "result of", "barbaric act", "act of sabotage", "betrayal", "treason", "stab in the back",
        "crime against humanity", "crimes against humanity", "aggression", "act of barbarism",
    }
)  # fmt: skip
# Wrongs grave enough that naming an act so accuses whoever did it, before anyone is named:
# "Putin called the attack on the dam a barbaric act", "this was a terrorist act".
_WRONG_WITHOUT_DOER = frozenset(
    {"terrorist act", "act of terrorism", "barbaric act", "war crime", "act of sabotage"}
    | {"act of barbarism"}
    | {"crime against humanity", "crimes against humanity"}
    | {"terrorist attack", "state terrorism", "massacre"}
)
# Verbs that name what an act was: their subject is the accuser.
_NAMING = words(
    "called calls calling described describes describing branded brands branding termed terms "
    "labelled labeled dubbed denounced condemned regards regarded considers considered views "
    "viewed treats treated"
)
_DOER_PREPS = words("by from")
# A wrong's doer said through a participle: "a show staged by", "a hijacking sponsored by".
_DOING_PARTICIPLES = words("staged sponsored committed carried perpetrated orchestrated ordered")


def naming_drafts(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    """An accusation from a noun of ``WRONG_NOUNS`` (see the module's docstring)."""
    if not a.parsed or read_trigger(a, trig, ctx.lexicon, "accusation_made") == "skip":
        return []
    noun = _noun_head(a, trig)
    if trig.phrase == "result of":
        # "the clash was the result of an attempt by the Chinese side", "the result of U.S.
        # meddling": the wrong is what it resulted from
        objects = a.deps(trig.end - 1, "pobj")
        if not objects:
            return []
        noun = objects[0]
    nouns = [noun, *range(trig.start, trig.end)]
    if a.tokens[a.head(noun)].lower == "of":
        nouns.append(a.head(a.head(noun)))  # "an act of state terrorism by the United States"
    doers = _doers(a, nouns, ctx) or _doers_of_the_named(a, noun, ctx)
    names_incident = not doers and _names_incident(a, noun)
    if names_incident and ctx.last_incident_doer is not None:
        doers = [ctx.last_incident_doer]
    if not doers and not (names_incident and trig.phrase in _WRONG_WITHOUT_DOER):
        return []
    accusers = _accusers(a, noun, ctx)
    # with nobody accused, what is said of the act is the whole of it: "called the attack on the
    # dam a barbaric act", not "act"
    said = _naming_verb(a, noun) if not doers else None
    text = clause_text(a, said, limit=20) if said is not None else clause_text(a, noun)
    drafts = []
    for s in accusers:
        targets = [d for d in doers if not is_itself(d, s)]
        if targets or not doers:
            draft = make_draft(
                "accusation_made",
                a,
                trig,
                s,
                targets,
                text=text,
                about=("strike_reported", "attack_reported"),
            )
            if not doers:
                draft.notes[DOER_UNNAMED] = "a wrong named before anyone is blamed for it"
            drafts.append(draft)
    return drafts


def _noun_head(a: SentenceAnalysis, trig: Trigger) -> int:
    """The phrase's own head: "act" in "act of aggression", the noun in a one-word phrase."""
    inside = range(trig.start, trig.end)
    return next((t for t in inside if a.head(t) not in inside or a.head(t) == t), trig.start)


def _doers(a: SentenceAnalysis, nouns: list[int], ctx: RuleContext) -> list[Actor]:
    """Whom the wrong's own phrase names as its doer; ``nouns``: the phrase's words."""
    noun = nouns[0]
    heads: list[int] = []
    for n in nouns:
        for p in a.deps(n, "prep"):
            if a.tokens[p].lower in _DOER_PREPS:
                heads += [c for o in a.deps(p, "pobj") for c in conjuncts(a, o)]
        for v in a.deps(n, "acl", "relcl"):
            if a.tokens[v].lower in _DOING_PARTICIPLES:
                heads += agent_heads(a, v)
        heads += a.deps(n, "poss")
    found = [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]
    if found:
        return found
    # "an Israeli provocation", "Russian aggression", "U.S. meddling": a name before the noun
    before = set(a.subtree(noun))
    return [
        m.actor() for m in a.mentions if m.end <= noun and m.start in before and m.actor().canonical
    ][:1]


def _doers_of_the_named(a: SentenceAnalysis, noun: int, ctx: RuleContext) -> list[Actor]:
    """ "called Russia's actions an act of terrorism", "described Israel's strikes as a
    massacre": the owner of what the verb of naming names is the wrong's doer."""
    verb = _naming_verb(a, noun)
    if verb is None:
        return []
    named = [o for o in a.deps(verb, "dobj") if o != noun and noun not in a.subtree(o)]
    owners = [p for o in named for p in a.deps(o, "poss")]
    found = [x for x in actors_at(a, owners, ctx.discourse) if x.canonical]
    if found or not named:
        return found
    # "called the Soviet action a massacre", "the Russian strike": a name before the noun;
    # "described the actions of the Ukrainian boats as": a name in the "of" of a word for
    # conduct ("the sinking of the Russian cruiser" names whom it hit)
    act = named[0]
    of = [
        p
        for p in a.deps(act, "prep")
        if a.tokens[p].lower == "of" and a.tokens[act].lower in _CONDUCT
    ]
    doing = set(a.subtree(act)) - {
        t for p in a.deps(act, "prep") if p not in of for t in a.subtree(p)
    }
    return [
        m.actor() for m in a.mentions if m.start in doing and m.start != act and m.actor().canonical
    ][:1]


_CONDUCT = words("actions action conduct behaviour behavior activities activity moves deeds")


# "the incident was considered an attempted assassination", "it was a terrorist act": the
# incident the article reported is the wrong, and its doer the accused.
_INCIDENT_REFERENCES = words(
    "incident attack attacks strike blast explosion it this uprising rebellion mutiny revolt "
    "breach bombing shelling blasts explosions sabotage destruction sinking downing"
)
# "in what the Kremlin called a terrorist act", "the mutiny, which he called treason": what
# is named is the act told beside it.
_WHAT_IS_NAMED = words("what which")


def _naming_verb(a: SentenceAnalysis, noun: int) -> int | None:
    """The verb of naming the wrong hangs from, if any ("called", "described")."""
    return next((v for v in a.ancestors(noun)[:5] if a.tokens[v].lower in _NAMING), None)


def _names_incident(a: SentenceAnalysis, noun: int) -> bool:
    """Whether the wrong is what an incident reference is said or called to be: "the incident
    was ...", "regards the incident as ...", "in what the Kremlin called ..."."""
    naming = _naming_verb(a, noun)
    if naming is not None:
        # the parse may hang the wrong off the object ("called the attack on the dam a
        # barbaric act" read as an apposition): what the verb names is its object
        subjects = a.deps(naming, "dobj") or a.deps(naming, "nsubj", "nsubjpass")
        if subjects and a.tokens[subjects[0]].lower in _WHAT_IS_NAMED:
            return True
        return bool(subjects) and _incident_reference(a, subjects[0])
    for anc in [noun, *a.ancestors(noun)[:3]]:
        subjects = a.deps(anc, "nsubj", "nsubjpass")
        if subjects:
            return _incident_reference(a, subjects[0])
    return False


def _incident_reference(a: SentenceAnalysis, i: int) -> bool:
    """ "it", "this", "the attack", "that blast": an incident already told."""
    word = a.tokens[i].lower
    return word in _INCIDENT_REFERENCES and (
        word in {"it", "this"}
        or any(a.tokens[d].lower in {"the", "this", "that"} for d in a.deps(i, "det"))
    )


def _outer_subject(a: SentenceAnalysis, verb: int) -> int | None:
    """The subject of the clause around ``verb`` when ``verb``'s own is a pronoun."""
    own = a.deps(verb, "nsubj")
    if not own or a.tokens[own[0]].lower not in {"it", "he", "she", "they"}:
        return None
    for anc in a.ancestors(verb)[:4]:
        subjects = a.deps(anc, "nsubj")
        if subjects and subjects[0] < own[0]:
            return subjects[0]
    return None


def _accusers(a: SentenceAnalysis, noun: int, ctx: RuleContext) -> list[Actor]:
    for anc in a.ancestors(noun)[:3]:
        if a.tokens[anc].lower in _NAMING:
            outer = _outer_subject(a, anc)
            if outer is not None:
                # "Moscow blames Kyiv for what it calls a provocation": "it" is Moscow
                found = [x for x in actors_at(a, [outer], ctx.discourse) if x.canonical]
                if found:
                    return found
            sources, _ = acting_sources(a, anc, ctx)
            named = [s for s in sources if s.canonical or s.kind == "person"]
            if named:
                return named
            break
    said_by = speaker(a, noun, ctx)
    if said_by is not None and (said_by.canonical or said_by.kind == "person"):
        return [said_by]
    return []


def _main_subject(a: SentenceAnalysis, ctx: RuleContext) -> Actor | None:
    root = next((i for i, t in enumerate(a.tokens) if a.parsed and t.dep == "ROOT"), None)
    if root is None:
        return None
    heads, _ = subject_heads(a, root)
    named = [x for x in actors_at(a, heads, ctx.discourse) if x.canonical]
    return named[0] if named else None


# "in what X called ...", "what it says was ...": the naming verbs of a free relative.
_CALLED_WHAT = words("called calls described describes termed terms branded dubbed says said")
_BETWEEN_NAME_AND_ACT = words("a an the as was were is")


def what_it_called_drafts(a: SentenceAnalysis, ctx: RuleContext) -> list[EventDraft]:
    """ "in what two U.S. officials described as an Israeli strike", "in response to what it
    says was an Israeli attack": whoever names the act so accuses the side named as its owner.
    Read by word order, so that it needs no parse."""
    drafts = []
    for k, tok in enumerate(a.tokens):
        if tok.lower != "what":
            continue
        said = next((m.actor() for m in a.mentions if k < m.start <= k + 3), None)
        if said is None and window(a, k + 1, k + 2) in (["it"], ["they"]):
            said = _main_subject(a, ctx)  # "Iran said ... in response to what it says was"
        verb = next(
            (
                v
                for v in range(k + 1, min(k + 8, len(a.tokens)))
                if a.tokens[v].lower in _CALLED_WHAT
            ),
            None,
        )
        if said is None or verb is None:
            continue
        j = verb + 1
        while j < len(a.tokens) and j - verb <= 3 and a.tokens[j].lower in _BETWEEN_NAME_AND_ACT:
            j += 1
        owner = next((m for m in a.mentions if m.start == j), None)
        if owner is None or not owner.entity.canonical:
            continue
        act = next(
            (
                x
                for x in range(owner.start + 1, min(owner.end + 3, len(a.tokens)))
                if a.tokens[x].lower in ctx.lexicon.incident_nouns
            ),
            None,
        )
        accuser, accused = said, owner.actor()
        if act is None or is_itself(accused, accuser) or is_itself(accuser, accused):
            continue
        trig = Trigger(act, act + 1, "accusation_made", a.tokens[act].lower)
        if read_trigger(a, trig, ctx.lexicon, "accusation_made") == "skip":
            continue
        about = ("strike_reported", "attack_reported")
        text = " ".join(t.text for t in a.tokens[j : act + 1])
        drafts.append(
            make_draft("accusation_made", a, trig, accuser, [accused], text=text, about=about)
        )
    return drafts
