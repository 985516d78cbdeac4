"""Who speaks a sentence, and which state owns the institutions it names, for the sentences after.

Copy names a speaker once and goes on with a pronoun or a bare noun:

    RSF leader Mohamed Hamdan Dagalo said army chief Abdel Fattah al-Burhan was a traitor.
    He said his fighters would hunt Burhan down.

The "he" of the second sentence is the one who spoke the first, not the last person it named.
Likewise "Russia's defence ministry said ... The ministry added ..." is Russia's ministry even
when other states are named in between. This module reads, by word order alone, the speaker of
a sentence that no rule drafted a statement for, and the institutions a sentence gives an owner
("Russia's defence ministry", "the Sudanese army", "the defence ministry of Ukraine"); the
extractor notes both in the article's ``Discourse`` once the sentence is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline_extraction.actor_roles import Discourse, institution
from storyline_extraction.gazetteer import Entity, Mention
from storyline_extraction.sentence_analysis import SentenceAnalysis
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import SPEAKING_PRONOUNS, words

# Verbs that report what their subject says; present tense too (live blogs write "he says").
_REPORTING = words(
    "said says told tells added adds stated states warned warns vowed vows insisted insists "
    "stressed stresses declared declares wrote writes"
)
# Verbs whose object is whom the speaker addresses: "told Reuters" names no speaker.
_ADDRESSING = words("told tells")
# A trailing attribution ("..., the RSF said on Friday.") leaves only a few words after the verb.
_TRAILING_TAIL = 6
# How far before its verb a speaker may be named: titles and asides ("RSF commander Mohamed
# Hamdan Dagalo, known as Hemedti, tells") run long, clauses further back are someone else's.
_SUBJECT_REACH = 14
_CLAUSE_MARKS = frozenset({",", '"', "“", "”", "'", "‘", "’"})
_SUBJECT_BREAKS = frozenset({"that", ";", ":", "said", "says", "told", "tells"})


@dataclass(frozen=True)
class Speaker:
    """Who speaks a sentence, and whether a "he" or "she" can stand for them: a named person,
    or an unnamed one who speaks for a state or a group ("a senior Ukrainian official said",
    "a spokesman for the rebels said")."""

    actor: Actor
    person: bool


# Nouns of one unnamed person speaking for the state or group named with them.
_PERSON_NOUNS = words(
    "official spokesman spokeswoman spokesperson minister diplomat envoy ambassador commander "
    "officer general adviser advisor aide"
)


def sentence_speaker(
    a: SentenceAnalysis, mentions: Sequence[Mention], discourse: Discourse
) -> Speaker | None:
    """Who speaks the sentence (see ``reporting_subject``), with whether "he" or "she" can
    stand for them: "A senior Ukrainian official said ... He added ..." is Ukraine's."""
    found = reporting_subject(a, mentions, discourse)
    if found is None:
        return None
    actor, span = found
    in_subject = any(a.tokens[k].lower in _PERSON_NOUNS for k in range(*span))
    return Speaker(
        actor, actor.kind == "person" or in_subject or speaks_as_person(a, actor, mentions)
    )


def speaks_as_person(a: SentenceAnalysis, actor: Actor, mentions: Sequence[Mention]) -> bool:
    """Whether "he" or "she" can stand for ``actor`` after this sentence: a person, or a state
    or group named as the one an unnamed person speaks for ("a Taliban spokesman", "Iran's
    foreign ministry spokesman", "a spokesman for the rebels"; not "official Tallinn")."""
    if actor.kind == "person":
        return True
    return any(
        m.entity.canonical == actor.canonical and (_noun_after(a, m) or _noun_before(a, m))
        for m in mentions
    )


def _noun_after(a: SentenceAnalysis, m: Mention) -> bool:
    """ "Taliban spokesman", "Iran's foreign ministry spokesman": the noun after the owner,
    past its possessive and a few modifiers."""
    toks = a.tokens
    k = m.end + 1 if m.end < len(toks) and toks[m.end].lower in {"'s", "’s"} else m.end
    for j in range(k, min(len(toks), k + _OWNER_GAP + 1)):
        if toks[j].lower in _PERSON_NOUNS:
            return True
        if not (toks[j].lower in _INSTITUTION_MODIFIERS or institution(toks[j].lower)):
            return False
    return False


def _noun_before(a: SentenceAnalysis, m: Mention) -> bool:
    """ "a spokesman for the rebels", "an official of the group": the noun, then "for" or
    "of", then the owner."""
    toks = a.tokens
    k = m.start - 1
    if k >= 0 and toks[k].lower == "the":
        k -= 1
    return k >= 1 and toks[k].lower in {"for", "of"} and toks[k - 1].lower in _PERSON_NOUNS


def reporting_subject(
    a: SentenceAnalysis, mentions: Sequence[Mention], discourse: Discourse
) -> tuple[Actor, tuple[int, int]] | None:
    """The speaker of the sentence's first reporting verb, by word order, and the span of its
    subject phrase: a pronoun just before
    it is the article's latest speaker of its kind; an actor named right after it ("..., said
    Dagalo") is the speaker, unless the verb addresses them ("told Reuters"); else a person
    named in the subject before the verb (people speak, the state or group beside them is
    their affiliation), else the actor named nearest the verb."""
    toks = a.tokens
    verb = next((i for i, t in enumerate(toks) if t.lower in _REPORTING), None)
    if verb is None:
        return None
    if verb > 0 and toks[verb - 1].lower in SPEAKING_PRONOUNS:
        said = discourse.resolve(toks[verb - 1].lower, toks[verb - 1].text)
        return (said, (verb - 1, verb)) if said is not None else None
    after = verb + 2 if verb + 1 < len(toks) and toks[verb + 1].lower == "the" else verb + 1
    named = next((m for m in mentions if m.start == after and m.entity.canonical), None)
    if named is not None and toks[verb].lower not in _ADDRESSING:
        return named.actor(), (named.start, named.end)  # "..., said Dagalo"
    start = _subject_start(a, verb)
    subject = [m for m in mentions if start <= m.start and m.end <= verb and m.entity.canonical]
    people = [m for m in subject if m.entity.kind == "person"]
    return ((people or subject)[-1].actor(), (start, verb)) if people or subject else None


def _subject_start(a: SentenceAnalysis, verb: int) -> int:
    """Where the subject of a reporting verb may begin: after the comma or quotation mark of a
    trailing attribution (`... hunted down, Dagalo said.`), else up to a reach back from the
    verb, never past "that" or another reporting verb."""
    toks = a.tokens
    trailing = len(toks) - verb <= _TRAILING_TAIL
    start = verb
    while start > 0 and verb - start < _SUBJECT_REACH:
        word = toks[start - 1].lower
        if word in _SUBJECT_BREAKS or (trailing and word in _CLAUSE_MARKS):
            break
        start -= 1
    return start


# Words that may stand between an owner and its institution ("Russia's defence ministry",
# "Iran's Foreign Ministry", "Ukraine's armed forces"), a few at most. Any other word ends the
# phrase: "Israel struck military targets" says nothing of whose military.
_OWNER_GAP = 3
_INSTITUTION_MODIFIERS = words(
    "defence defense foreign interior home armed security intelligence information justice "
    "emergencies emergency health war national state joint general federal regular"
)


def institution_owners(
    a: SentenceAnalysis, mentions: Sequence[Mention], discourse: Discourse
) -> list[tuple[str, Actor]]:
    """The institutions the sentence names with their state: "Russia's defence ministry",
    "Pakistan army spokesman", "the Sudanese army", "the defence ministry of Ukraine", "the
    South's military" once South Korea is named. Returns (institution, state) pairs in text
    order."""
    toks = a.tokens
    found: list[tuple[int, str, Actor]] = []
    for m in [*mentions, *_halves_named(a, mentions, discourse)]:
        if m.entity.kind != "state":
            continue
        last = institution(toks[m.end - 1].lower)
        if last is not None:
            if m.via != "reference":  # "the Sudanese army", read as one mention
                found.append((m.end - 1, last, m.actor()))
            continue  # "the army" itself, resolved: no new owner
        j = m.end
        if j < len(toks) and toks[j].lower in {"'s", "’s"}:
            j += 1
        for k in range(j, min(len(toks), j + _OWNER_GAP + 1)):
            noun = institution(toks[k].lower)
            if noun is not None:
                found.append((k, noun, m.actor()))
                break
            if toks[k].lower not in _INSTITUTION_MODIFIERS:
                break
        if m.start >= 2 and toks[m.start - 1].lower == "of":
            noun = institution(toks[m.start - 2].lower)
            if noun is not None:  # "the defence ministry of Ukraine"
                found.append((m.start - 2, noun, m.actor()))
    return [(noun, owner) for _, noun, owner in sorted(found, key=lambda f: f[0])]


def _halves_named(
    a: SentenceAnalysis, mentions: Sequence[Mention], discourse: Discourse
) -> list[Mention]:
    """ "the South's military": the half of a divided country the article has named, as a
    mention, where no rule has read it as one already."""
    toks = a.tokens
    out: list[Mention] = []
    if not any(t.text in {"North", "South"} for t in toks):
        return out  # most sentences: spare them the walk through the article's actors
    named = [*discourse.seen, *(m.actor() for m in mentions)]
    for i in range(1, len(toks) - 1):
        word = toks[i].text
        if word not in {"North", "South"} or toks[i - 1].lower != "the":
            continue
        if toks[i + 1].lower not in {"'s", "’s"} or any(m.start <= i < m.end for m in mentions):
            continue
        halves = [
            x for x in named if x.kind == "state" and (x.canonical or "").startswith(word + " ")
        ]
        half = halves[-1] if halves else None
        if half is not None and half.canonical is not None:
            entity = Entity(half.canonical, "state", half.country, half.role)
            out.append(Mention(i - 1, i + 1, f"the {word}", entity, "alias"))
    return out


def statement_issuer(
    a: SentenceAnalysis, mentions: Sequence[Mention], speaker: Actor | None
) -> Actor | None:
    """Who issues the statement a sentence tells of ("Hezbollah said in a statement", "the
    foreign ministry issued a statement"): its speaker, else the first actor named before the
    word. None when the sentence tells of no new statement ("the statement said")."""
    toks = a.tokens
    at = next(
        (
            i
            for i, t in enumerate(toks)
            if t.lower == "statement" and i > 0 and toks[i - 1].lower != "the"
        ),
        None,
    )
    if at is None:
        return None
    if speaker is not None:
        return speaker
    before = [m for m in mentions if m.end <= at and m.entity.canonical]
    return before[0].actor() if before else None
