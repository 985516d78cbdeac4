"""Shared state and helpers of the rule modules: the article-level context and common lookups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from storyline_extraction.actor_roles import (
    Discourse,
    actor_at,
    actors_at,
    dedupe,
    linear_source,
    subject_heads,
)
from storyline_extraction.gazetteer import Gazetteer
from storyline_extraction.lexicon import Lexicon
from storyline_extraction.phrase_table import SPEECH_MARKS
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.text_segments import Token
from storyline_extraction.values import Actor, Place

PREPOSITIONS = frozenset(
    [
        "on",
        "in",
        "at",
        "over",
        "near",
        "against",
        "of",
        "from",
        "to",
        "towards",
        "toward",
        "into",
        "across",
        "around",
        "outside",
        "inside",
        "by",
        "with",
        "for",
        "about",
    ]
)
_PRONOUNS = frozenset({"it", "he", "she", "they", "we"})
_REPORTING = frozenset(
    {"said", "says", "told", "reported", "stated", "added", "confirmed", "say", "reports", "saying"}
)
_SAID_BEFORE_NAME = frozenset({"said", "says", "told"})


@dataclass
class RuleContext:
    """What the rules share across the sentences of one article."""

    lexicon: Lexicon
    gazetteer: Gazetteer
    published: date
    discourse: Discourse = field(default_factory=Discourse)
    incident_kinds_seen: set[str] = field(default_factory=set)
    # whether an accusation was read in an earlier sentence: "We reject this" answers it
    accusation_seen: bool = False
    # whom the article's latest strike or attack hit: "missiles hit a school" after it is them
    last_incident_target: Actor | None = None
    # who did the article's latest strike or attack: "the incident was a terrorist act" names it
    last_incident_doer: Actor | None = None
    # operations given a side so far ("Zelensky pledged a counteroffensive"), by noun, and the
    # latest, for "the counteroffensive" and "this" in later sentences
    operations: dict[str, Operation] = field(default_factory=dict)
    last_operation: Operation | None = None
    # who speaks the sentence being read when it sits inside a quotation attributed in a later
    # (or earlier) sentence ("quotations.py")
    quoted_by: Actor | None = None


@dataclass(frozen=True)
class Operation:
    """An operation the article has attributed to a side, and whom it is against."""

    side: Actor
    against: tuple[Actor, ...]


def window(a: SentenceAnalysis, start: int, end: int) -> list[str]:
    return a.lower_between(max(0, start), min(len(a.tokens), end))


def weapon_near(a: SentenceAnalysis, trig: Trigger, lexicon: Lexicon) -> str | None:
    lo = max(0, trig.start - 4)
    words = window(a, lo, trig.end + 6)
    hits = [h for h in lexicon.weapons.find_all(words) if not _airline(a, lo + h.start)]
    if not hits:
        return None
    # the weapon nearest the trigger names it
    centre = trig.start - lo
    best = min(hits, key=lambda h: abs(h.start - centre))
    return best.payload


def _airline(a: SentenceAnalysis, k: int) -> bool:
    """ "an Air France airliner", "Air India": "Air" opening a name is an airline, not a weapon
    ("the Israeli Air Force" still strikes from the air)."""
    if a.tokens[k].text != "Air" or k + 1 >= len(a.tokens):
        return False
    after = a.tokens[k + 1].text
    return after[:1].isupper() and after not in {"Force", "Forces"}


def speaker(a: SentenceAnalysis, i: int, ctx: RuleContext) -> Actor | None:
    """The subject of the nearest reporting verb above token ``i`` that names an actor; a name
    the data lacks ("Slutsky said") is taken as a person's. With none ("our analysis suggests"),
    the speaker of the quotation the sentence sits in, if any."""
    fallback: Actor | None = None
    for anc in a.ancestors(i):
        if a.tokens[anc].lower in ctx.lexicon.speech_verbs:
            heads, _ = subject_heads(a, anc)
            for h, actor in zip(heads, [actor_at(a, h, ctx.discourse) for h in heads], strict=True):
                if actor is None:
                    continue
                if actor.canonical is not None:
                    return actor
                fallback = fallback or unknown_person(a, h) or actor
    if fallback is not None and fallback.kind == "person":
        return fallback
    return ctx.quoted_by or fallback or _trailing_attribution(a, i, ctx) or _according_to(a)


def _according_to(a: SentenceAnalysis) -> Actor | None:
    """ "According to the Houthis, the strike was carried out by ...", "killing 20, according to
    the health ministry": the source named after "according to", for a speaker and a figure."""
    lower = [t.lower for t in a.tokens]
    for k in range(len(lower) - 1):
        if lower[k] == "according" and lower[k + 1] == "to":
            named = [m for m in a.mentions if k + 2 <= m.start <= k + 6 and m.entity.canonical]
            if named:
                return named[0].actor()
    return None


def _trailing_attribution(a: SentenceAnalysis, i: int, ctx: RuleContext) -> Actor | None:
    """`"Any act of aggression will be met with an answer," Iran's foreign minister, Hossein
    Amir-Abdollahian, told his counterpart`: a speaker named after a closing quotation mark and
    before the speech verb, which the parser may leave without a subject."""
    quote = next(
        (q for q in range(i + 1, len(a.tokens)) if a.tokens[q].lower in SPEECH_MARKS), None
    )
    if quote is None:
        return None
    verb = next(
        (
            v
            for v in range(quote + 1, min(quote + 12, len(a.tokens)))
            if a.tokens[v].lower in ctx.lexicon.speech_verbs
        ),
        None,
    )
    if verb is None or a.deps(verb, "nsubj"):
        return None  # a parsed subject is read by ``speaker`` itself
    named = [m for m in a.mentions if quote < m.start and m.end <= verb and m.entity.canonical]
    people = [m for m in named if m.entity.kind == "person"]
    return (people or named)[-1].actor() if named else None


def pronoun_speakers(
    a: SentenceAnalysis, heads: list[int], verb: int, ctx: RuleContext
) -> list[Actor]:
    """ "Peru said it would send troops", "Egypt, Qatar and the United States said they would
    present a proposal": a pronoun subject ("it", "they", "we") outside a direct quotation is
    whoever said it, every one of them, not the party named last before it."""
    if not heads or not all(
        a.tokens[h].lower in {"it", "they", "we"} and not quoted_directly(a, h, ctx) for h in heads
    ):
        return []
    for anc in a.ancestors(verb):
        if a.tokens[anc].lower in ctx.lexicon.speech_verbs:
            said, _ = subject_heads(a, anc)
            found = [x for x in actors_at(a, said, ctx.discourse) if x.canonical]
            if found:
                return found
    return []


def unknown_person(a: SentenceAnalysis, h: int) -> Actor | None:
    """ "Slutsky said", "Leonid Slutsky said": a capitalised name heading the speaker's phrase."""
    tok = a.tokens[h]
    if not (tok.text[:1].isupper() and tok.text[1:2].islower()) or tok.lower in _NOT_PERSONS:
        return None
    names = [c for c in a.deps(h, "compound") if a.tokens[c].text[:1].isupper() and c < h]
    start = min([h, *names])
    if start == 0 and not names:
        return None  # "Investigators said": a capital that only starts the sentence
    text = a.words(start, h + 1)
    return Actor(text=text, canonical=text, kind="person")


# Capitalised heads of a speaker's phrase that are not people's names.
_NOT_PERSONS = frozenset(
    {"he", "she", "it", "they", "we", "officials", "police", "sources", "reports", "media"}
    | {"whoever", "who", "this", "that", "these", "those", "someone", "anyone", "nobody"}
)


def clause_subjects(a: SentenceAnalysis, i: int, ctx: RuleContext) -> tuple[list[Actor], bool]:
    """Subject actors of token ``i``'s clause; pronouns resolve to the reporting speaker first."""
    heads, passive = subject_heads(a, i)
    if not heads:
        # the small parser sometimes misreads a sentence-initial name ("Zelensky, for his
        # part, promised ..."); the nearest actor before the verb is then the best guess
        return linear_source(a, i), False
    actors: list[Actor | None] = []
    for h in heads:
        if a.tokens[h].lower in _THIRD_PERSON and quoted_directly(a, h, ctx):
            actors.append(named_before(a, h) or actor_at(a, h, ctx.discourse))
            continue
        main_subject = _main_subject_ahead(a, h)
        if main_subject is None:
            main_subject = _main_subject_before(a, h)
        if main_subject is not None:
            actors.append(_most_specific(a, main_subject, ctx))
            continue
        if a.tokens[h].lower in _PRONOUNS:
            said_by = speaker(a, h, ctx)
            if said_by is not None and said_by.canonical is not None:
                actors.append(replace(said_by, text=a.tokens[h].text))
                continue
        actors.append(_most_specific(a, h, ctx))
    return dedupe(actors), passive


def _main_subject_ahead(a: SentenceAnalysis, h: int) -> int | None:
    """ "Although it denies blowing up the dam, Moscow has ...": a pronoun in a clause put
    before the main one stands for the main one's subject, named after it."""
    if a.tokens[h].lower not in _THIRD_PERSON:
        return None
    verb = a.head(h)
    main = a.head(verb)
    if a.tokens[verb].dep != "advcl" or main == verb or max(a.subtree(verb)) > main:
        return None
    subjects = a.deps(main, "nsubj")
    if subjects and subjects[0] > verb and a.tokens[subjects[0]].lower not in _PRONOUNS:
        return subjects[0]
    return None


def _main_subject_before(a: SentenceAnalysis, h: int) -> int | None:
    """ "Putin has warned that those involved will be punished, as he accused them of treason":
    a pronoun heading a clause that hangs off the main one stands for the main one's subject,
    named before it, when it can (a person for "he" and "she")."""
    word = a.tokens[h].lower
    if word not in _THIRD_PERSON:
        return None
    verb = a.head(h)
    if a.tokens[verb].dep != "advcl":
        return None
    main = a.head(verb)
    while a.tokens[main].dep in {"ccomp", "xcomp"} and a.head(main) != main:
        main = a.head(main)  # "has warned that ... will be punished, as he ..."
    subjects = [x for x in a.deps(main, "nsubj") if x < h]
    if not subjects or a.tokens[subjects[0]].lower in _PRONOUNS:
        return None
    mention = a.mention_covering(subjects[0])
    if mention is None:
        return None
    is_person = mention.entity.kind == "person"
    return subjects[0] if is_person == (word in {"he", "she"}) else None


# In a speaker's own words "they" and "he" are somebody else: `"Kyiv committed a new crime -
# they attacked the bridge," Konstantinov said`.
_THIRD_PERSON = frozenset({"he", "she", "it", "they"})


def quoted_directly(a: SentenceAnalysis, h: int, ctx: RuleContext) -> bool:
    """Whether token ``h`` is inside a direct quotation: after a mark that opens one in its
    sentence, or, in a sentence that goes on a quotation begun before it, ahead of the mark
    that closes it (`he added: "...` opens a quotation after ``he``; it does not close one)."""
    marks = [t for t in a.tokens if t.text in SPEECH_MARKS]
    begun_before = ctx.quoted_by is not None and (not marks or _closes(a, marks[0]))
    before = [t for t in marks if t.i < h]
    if not before:
        return begun_before
    if before[-1].text in "“”":
        return before[-1].text == "“"
    return (len(before) + begun_before) % 2 == 1


def _closes(a: SentenceAnalysis, mark: Token) -> bool:
    """A closing mark: a right quote, or a straight one set against the word before it."""
    if mark.text != '"':
        return mark.text == "”"
    return mark.i > 0 and a.tokens[mark.i - 1].end == mark.start


def named_before(a: SentenceAnalysis, h: int) -> Actor | None:
    """The nearest state or group named before token ``h`` in its sentence."""
    before = [m for m in a.mentions if m.end <= h and m.entity.kind in ("state", "group")]
    return before[-1].actor() if before else None


def _most_specific(a: SentenceAnalysis, h: int, ctx: RuleContext) -> Actor | None:
    """ "Russian officials including Dmitry Medvedev": the named person is the actor."""
    for p in a.deps(h, "prep"):
        if a.tokens[p].lower in {"including", "led"}:
            for o in a.deps(p, "pobj"):
                named = actor_at(a, o, ctx.discourse)
                if named is not None and named.kind == "person" and named.canonical:
                    return named
    return actor_at(a, h, ctx.discourse)


def reporter(a: SentenceAnalysis, ctx: RuleContext) -> Actor | None:
    """Who a figure is attributed to: "according to X", "X said", "said X"."""
    according = _according_to(a)
    if according is not None:
        return according
    lower = [t.lower for t in a.tokens]
    for i, word in enumerate(lower):
        if word not in _REPORTING:
            continue
        if a.parsed:
            heads, _ = subject_heads(a, i)
            for actor in actors_at(a, heads, ctx.discourse):
                if actor.canonical is not None:
                    return actor
        # "the Hamas-run health ministry said", "The UN office in Haiti said": the subject
        # phrase runs back from the verb to a comma; its first actor is the reporter.
        start = i
        while start > 0 and i - start < 7 and lower[start - 1] not in {",", ";", "and", '"'}:
            start -= 1
        inside = [m for m in a.mentions if start <= m.start and m.end <= i]
        if inside:
            return inside[0].actor()
        if start == i and start > 1 and lower[start - 1] == ",":
            # "An affiliate of al-Qaeda, JNIM, said": the name between the commas
            named = [m for m in a.mentions if m.end == start - 1]
            if named:
                return named[0].actor()
        if word in _SAID_BEFORE_NAME:
            after = i + 2 if i + 1 < len(lower) and lower[i + 1] == "the" else i + 1
            for m in a.mentions:
                if m.start == after:
                    return m.actor()
    return None


def places_in(
    a: SentenceAnalysis, exclude: Iterable[Actor | None] = (), near: int | None = None
) -> tuple[Place, ...]:
    """The sentence's places, less the excluded actors'. With ``near`` (a trigger's token), the
    places after it come first, nearest first ("a drone strike on the Kremlin"), then those
    before it: the subject's city ("Moscow accused ...") is rarely where it happened."""
    skip = {x.text for x in exclude if x is not None}
    seen: set[str] = set()
    out: list[Place] = []
    mentions = a.places
    if near is not None:
        mentions = sorted(mentions, key=lambda pm: (pm.start < near, abs(pm.start - near)))
    for pm in mentions:
        key = pm.place.canonical or pm.place.text
        if pm.place.text in skip or key in seen:
            continue
        seen.add(key)
        out.append(pm.place)
    return tuple(out)


def confidence(base: float, *, named_source: bool, parsed: bool, alleged: bool) -> float:
    value = base + (0.15 if named_source else 0.0) + (0.1 if parsed else 0.0)
    value -= 0.15 if alleged else 0.0
    return round(max(0.05, min(0.95, value)), 2)
