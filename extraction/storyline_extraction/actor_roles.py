"""Who did it and to whom: the source and target actors of a trigger.

With a parse, the source is the grammatical subject of the trigger's clause (climbing from a
participle or infinitive to the verb that has one: "Despite initially blaming Ukraine, Peskov
claimed ..." -> Peskov blamed), coordinated subjects give one actor each ("The US and Ukraine
both denied"), and a relative pronoun stands for its noun. Without a parse, the nearest actor
mention before the trigger is the source and the first after it the target.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from storyline_extraction.gazetteer import Entity, Mention
from storyline_extraction.sentence_analysis import SentenceAnalysis
from storyline_extraction.values import Actor, ActorKind

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLIMB_DEPS = frozenset(
    {
        "xcomp",
        "advcl",
        "conj",
        "pcomp",
        "prep",
        "dobj",
        "pobj",
        "advmod",
        "npadvmod",
        "attr",
        "oprd",
        "acomp",
        "amod",
        "compound",
    }
)
_RELATIVE = frozenset({"who", "which", "that"})
_PRONOUN_KINDS: dict[str, tuple[ActorKind, ...]] = {
    "he": ("person",),
    "she": ("person",),
    "it": ("state", "organisation", "group"),
    "they": ("group", "state", "organisation"),
    "we": ("state", "group", "organisation"),
}
_GENERIC_KINDS: dict[str, ActorKind] = {"experts": "group", "analysts": "group"}
_LINEAR_JOINERS = frozenset({"and", ",", "both", "the", "as", "well", "also"})


@dataclass
class Discourse:
    """Actors seen so far in the article, latest last, for resolving "it", "he", "they"."""

    seen: list[Actor] = field(default_factory=list)
    home: Actor | None = None  # the dateline's state, for "the government" before any state
    # institution ("ministry", "military", "government") -> the state last named as its owner
    owners: dict[str, Actor] = field(default_factory=dict)
    # the states of the places the article has named so far, once per place named
    place_states: list[Actor] = field(default_factory=list)
    # who has struck or attacked so far in the article, or been accused (canonical names)
    belligerents: set[str] = field(default_factory=set)
    # who issued the statement the article last told of ("X said in a statement")
    statement_by: Actor | None = None
    # whom the article's latest accusation named, for "repeated the charge", "echoed it"
    accused: list[Actor] = field(default_factory=list)
    # who spoke each sentence read so far, with how many actors had been seen when they did,
    # and whether "he" or "she" can stand for them (a person, or an official of a state)
    speakers: list[tuple[int, Actor, bool]] = field(default_factory=list)

    def note_speaker(self, actor: Actor | None, person: bool = False) -> None:
        """Notes who spoke the sentence just read, after its mentions."""
        if actor is not None and actor.canonical is not None:
            self.speakers.append((len(self.seen), actor, person or actor.kind == "person"))

    def resolve_speaker(self, kinds: tuple[ActorKind, ...]) -> Actor | None:
        """Whom a pronoun that speaks ("he said", "it added") stands for: the latest speaker of
        one of ``kinds``, unless an actor of those kinds was named after they spoke; else the
        latest actor of those kinds. "Dagalo said Burhan was a traitor. He said ..." is Dagalo;
        "Dagalo spoke on Friday. Burhan, in a speech, ... He said ..." is Burhan."""
        spoke = next(
            (
                (n, x)
                for n, x, person in reversed(self.speakers)
                if x.kind in kinds or (person and "person" in kinds)
            ),
            None,
        )
        named = next(
            (k for k in range(len(self.seen) - 1, -1, -1) if self.seen[k].kind in kinds), -1
        )
        if spoke is not None and spoke[0] > named:
            return spoke[1]
        return self.seen[named] if named >= 0 else None

    def unnamed_official(self) -> Actor | None:
        """The state or group whose unnamed official spoke last ("a senior Ukrainian official
        said"), when that official is the latest speaker: "the official added" is them."""
        if not self.speakers:
            return None
        _, actor, person = self.speakers[-1]
        return actor if person and actor.kind != "person" else None

    def owner_of(self, word: str) -> Actor | None:
        """The state whose institution ``word`` ("the ministry", "the army") was last named
        with its owner in the article ("Russia's defence ministry said ...")."""
        key = institution(word)
        return self.owners.get(key) if key is not None else None

    def theatre(self) -> Actor | None:
        """The state most of the article's places so far lie in (the first of those tied)."""
        counts: dict[str, int] = {}
        for state in self.place_states:
            counts[state.canonical or ""] = counts.get(state.canonical or "", 0) + 1
        best = max(counts.values(), default=0)
        return next((x for x in self.place_states if counts[x.canonical or ""] == best), None)

    def note_owner(self, key: str, state: Actor) -> None:
        if state.canonical is not None:
            self.owners[key] = state

    def resolve_kinds(self, kinds: tuple[ActorKind, ...]) -> Actor | None:
        """The most recent actor of one of ``kinds``; the dateline's state for a state."""
        for actor in reversed(self.seen):
            if actor.kind in kinds:
                return actor
        return self.home if "state" in kinds else None

    def principal_state(self) -> Actor | None:
        """The state named most often so far (the latest of those tied); the dateline's state
        before any."""
        counts: dict[str, int] = {}
        for actor in self.seen:
            if actor.kind == "state" and actor.canonical:
                counts[actor.canonical] = counts.get(actor.canonical, 0) + 1
        if not counts:
            return self.home
        best = max(counts.values())
        return next(
            a
            for a in reversed(self.seen)
            if a.kind == "state" and counts.get(a.canonical or "") == best
        )

    def resolve_role(self, title: str, owner: Entity | None = None) -> Actor | None:
        """The latest person whose role has ``title`` in it ("the spokesman" -> the spokesman
        last named); with an ``owner``, one who holds it there ("the Russian President" ->
        the president of Russia last named)."""
        titles = _TITLE_WORDS.get(title, {title})
        for actor in reversed(self.seen):
            if actor.kind != "person":
                continue
            role = set((actor.role or "").lower().replace("-", " ").split())
            if titles.isdisjoint(role):
                continue
            if owner is None or _holds_under(actor, role, owner):
                return actor
        return None

    def resolve_body(self, words: set[str]) -> Actor | None:
        """The latest actor named as a body with ``words`` in its name ("the Committee" after
        "Pakistan's National Security Committee")."""
        if not words:
            return None
        for actor in reversed(self.seen):
            name = set(f"{actor.canonical or ''} {actor.role or ''}".split())
            if actor.kind in {"state", "organisation"} and words <= name:
                return actor
        return None

    def resolve_short_name(self, word: str) -> Actor | None:
        """The latest state or group of which ``word`` is the short name copy uses after naming
        it: "the Serbs" after "Bosnian Serbs". (The halves of a divided country, "the North"
        after "North Korea", are read by ``definite_references``.)"""
        for actor in reversed(self.seen):
            name = (actor.canonical or "").split()
            if actor.kind not in {"state", "group"} or len(name) != 2:
                continue
            if word.endswith("s") and name[1] == word:
                return actor
        return None

    def resolve_surname(self, word: str) -> Actor | None:
        """The latest person whose name ends with ``word`` ("Saree" -> "Yahya Saree")."""
        for actor in reversed(self.seen):
            name = actor.canonical or ""
            if actor.kind == "person" and name != word and name.split("-")[-1].split()[-1] == word:
                return actor
        return None

    def note(self, actors: Iterable[Actor | None]) -> None:
        for actor in actors:
            if actor is not None and actor.canonical is not None:
                self.seen.append(actor)

    def resolve(self, pronoun: str, text: str) -> Actor | None:
        kinds = _PRONOUN_KINDS.get(pronoun)
        if kinds is None:
            return None
        actor = self.resolve_speaker(kinds)
        return replace(actor, text=text) if actor is not None else None


# Nouns of a state's institutions, by the institution they name: "the army" and "the
# military" are one, "the government" and "the administration" another.
_INSTITUTIONS: dict[str, str] = {
    **dict.fromkeys(("army", "military"), "military"),
    **dict.fromkeys(("ministry",), "ministry"),
    **dict.fromkeys(("navy",), "navy"),
    **dict.fromkeys(("government", "administration", "regime", "junta", "cabinet"), "government"),
}


def institution(word: str) -> str | None:
    """The institution a noun names ("army" -> "military"), or None."""
    return _INSTITUTIONS.get(word.lower())


# A title as copy writes it -> the words a role holding it can be written with: "the British
# premier" is the Prime Minister, "the Russian leader" its President.
_TITLE_WORDS: dict[str, set[str]] = {
    "premier": {"premier", "prime"},
    "leader": {"leader", "president", "prime", "premier", "chancellor", "king", "emir", "head"},
    "chief": {"chief", "head", "leader"},
}


def _holds_under(person: Actor, role: set[str], owner: Entity) -> bool:
    if owner.kind == "state":
        return person.country is not None and person.country == owner.country
    return bool(role) and set(owner.canonical.lower().split()) <= role


# Verbs that make their object do what follows: "prompted Brussels to impose", "forced Kyiv to".
_CAUSING = frozenset(
    {"prompted", "prompting", "forced", "forcing", "led", "pushed", "persuaded", "compelled",
     "drove", "caused", "spurred"}
)  # fmt: skip


def subject_heads(a: SentenceAnalysis, i: int) -> tuple[list[int], bool]:
    """Tokens heading the subject of token ``i``'s clause, and whether the clause is passive."""
    cur = i
    for _ in range(6):
        subjects = a.deps(cur, *_SUBJECT_DEPS)
        if subjects:
            s = subjects[0]
            passive = a.tokens[s].dep == "nsubjpass"
            if a.tokens[s].lower in _RELATIVE and a.tokens[cur].dep == "relcl":
                s = a.head(cur)
            return conjuncts(a, s), passive
        dep = a.tokens[cur].dep
        if dep == "xcomp" and a.tokens[a.head(cur)].lower in _CAUSING:
            # "the attack prompted the EC to impose sanctions": who was made to act acts
            made = a.deps(a.head(cur), "dobj")
            if made:
                return conjuncts(a, made[0]), False
        if dep == "acl" or (dep == "relcl" and cur != i):
            # "officials ... calling for X to be eliminated": the noun is the actor.
            return conjuncts(a, a.head(cur)), False
        if dep not in _CLIMB_DEPS or a.head(cur) == cur:
            break
        cur = a.head(cur)
    return [], False


def conjuncts(a: SentenceAnalysis, i: int) -> list[int]:
    out = [i]
    stack = [i]
    while stack:
        for c in a.deps(stack.pop(), "conj", "appos"):
            if a.tokens[c].dep == "conj" and a.deps(c, *_SUBJECT_DEPS):
                continue  # a second clause, not a second subject
            if a.tokens[c].dep == "appos":
                continue
            if a.deps(c, "neg") or (c > 0 and a.tokens[c - 1].lower == "not"):
                continue  # "Ukraine and not ISIS": the party set aside is none of them
            out.append(c)
            stack.append(c)
    return out


def agent_heads(a: SentenceAnalysis, i: int) -> list[int]:
    """The "by X" of a passive verb; "by what he called X" names X."""
    for agent in a.deps(i, "agent"):
        for obj in a.deps(agent, "pobj"):
            return conjuncts(a, obj)
        for naming in a.deps(agent, "pcomp"):
            if a.tokens[naming].lower in _NAMING_VERBS:
                for named in a.deps(naming, "oprd"):
                    return conjuncts(a, named)
    return []


# "attacked by what he called Ukraine's terrorist regime": wire copy's way of quoting a label
_NAMING_VERBS = frozenset({"called", "calls", "termed", "described", "dubbed", "branded"})


def object_heads(a: SentenceAnalysis, i: int, preps: Iterable[str] = ()) -> list[int]:
    """Direct objects of ``i``, then objects of the given prepositions under it."""
    objs = a.deps(i, "dobj", "dative")
    heads: list[int] = []
    for o in objs:
        heads.extend(conjuncts(a, o))
    wanted = set(preps)
    for p in a.deps(i, "prep"):
        if a.tokens[p].lower in wanted:
            for o in a.deps(p, "pobj"):
                heads.extend(conjuncts(a, o))
    return heads


def actor_at(a: SentenceAnalysis, h: int, discourse: Discourse) -> Actor | None:
    """The actor a token heads: a gazetteer mention, an apposition, a possessor, or the phrase."""
    m = a.mention_covering(h)
    if m is not None:
        return m.actor()
    tok = a.tokens[h]
    if tok.lower in _PRONOUN_KINDS:
        return discourse.resolve(tok.lower, tok.text)
    for labels in (("appos",), ("poss", "compound", "amod", "nmod")):
        found = [
            m
            for m in (_mention_in(a, a.subtree(c)) for c in a.deps(h, *labels))
            if m is not None and not (m.via == "demonym" and tok.lower in _NOT_THE_STATE)
        ]
        # "Colombia's ELN rebel group": the group named is the actor, not the state it is in
        own = [m for m in found if m.entity.kind != "state"]
        if own or found:
            return (own or found)[0].actor()
    for p in a.deps(h, "prep"):
        if a.tokens[p].lower in {"of", "for", "from", "at", "in"}:
            m = _mention_in(a, a.subtree(p))
            if m is not None:
                return m.actor()
    for v in a.deps(h, "acl"):
        # "a previously unknown group calling itself the Islamic Army": the name it gives
        if a.tokens[v].lower in _NAMING_ITSELF:
            m = _mention_in(a, a.subtree(v))
            if m is not None:
                return m.actor()
    # "Assistant to the President of Azerbaijan, Head of the Foreign Policy Department Hikmet
    # Hajiyev": a long title ending in the name of the one who holds it
    span = a.subtree(h)
    holder = [
        m for m in a.mentions if m.entity.kind == "person" and m.start > h and m.end == span[-1] + 1
    ]
    if holder:
        return holder[-1].actor()
    if not tok.text[:1].isalpha():
        return None
    named = next((m for m in a.mentions if m.start == h + 1), None)
    if tok.lower in _GROUP_NAMED_AFTER and named is not None and named.entity.kind != "state":
        return named.actor()  # "the Pakistan-based group Jaish-e-Mohammed", however parsed
    if tok.lower in _STATE_BODIES:
        opening = _opening_state(a, h)
        if opening is not None:
            return opening
    words = [c for c in span if a.tokens[c].dep in {"amod", "compound"} or c == h]
    words = [c for c in words if abs(c - h) <= 3]
    text = a.words(min(words), max(words) + 1) if words else tok.text
    return Actor(text=text, canonical=None, kind=_GENERIC_KINDS.get(tok.lower, "unknown"))


_GROUP_NAMED_AFTER = frozenset(
    {"group", "organisation", "organization", "outfit", "militia", "movement", "faction"}
)


# "an Iraqi Kurdish guerrilla group", "a Syrian rebel faction": a demonym before an armed
# group's noun says where it fights, not that it is the state; before people who are no
# officials ("Syrian activists said", "Ukrainian witnesses said"), where they are from.
_NOT_THE_STATE = frozenset(
    {"group", "groups", "guerrillas", "guerrilla", "faction", "factions"}
    | {"separatists", "insurgents", "rebels"}
    | {"activists", "witnesses", "residents", "villagers", "medics", "doctors", "journalists"}
    | {"protesters", "demonstrators", "refugees", "civilians"}
)


_NAMING_ITSELF = frozenset({"calling", "called", "named", "known"})

# Unnamed bodies and officials that speak for a state (the guideline's rule 4).
_STATE_BODIES = frozenset(
    {"ministry", "government", "military", "army", "navy", "police", "authorities"}
    | {"official", "officials", "spokesman", "spokeswoman", "spokesperson"}
)


def _opening_state(a: SentenceAnalysis, h: int) -> Actor | None:
    """ "In Beijing, the foreign ministry said ...", "In Washington, officials said ...": the
    state of the place the sentence opens with (see ``Gazetteer.opening_state``)."""
    if not a.tokens or a.tokens[0].lower != "in":
        return None
    opening = next((m for m in a.mentions if m.start == 1), None)
    if (
        opening is None
        or opening.entity.kind != "state"
        or opening.end >= h
        or a.tokens[opening.end].text != ","
    ):
        return None
    return opening.actor()


def _mention_in(a: SentenceAnalysis, indices: list[int]) -> Mention | None:
    wanted = set(indices)
    touching = [m for m in a.mentions if wanted.intersection(range(m.start, m.end))]
    for m in touching:
        if m.via != "demonym":
            return m
    return touching[0] if touching else None


def actors_at(a: SentenceAnalysis, heads: Iterable[int], discourse: Discourse) -> list[Actor]:
    found: list[Actor | None] = []
    for h in heads:
        found.append(actor_at(a, h, discourse))
        found.extend(_coordinated_owners(a, h))
    return dedupe(found)


def _coordinated_owners(a: SentenceAnalysis, h: int) -> list[Actor]:
    """ "U.S. and British warplanes", "Russian and Belarusian troops": one noun, two owners."""
    out: list[Actor] = []
    for c in a.deps(h, "nmod", "amod", "compound"):
        joined = a.deps(c, "conj")
        if not joined:
            continue
        for x in [c, *joined]:
            m = a.mention_covering(x)
            if m is not None and m.entity.canonical and m.entity.kind == "state":
                out.append(m.actor())
    return out if len(out) > 1 else []


def dedupe(actors: Iterable[Actor | None]) -> list[Actor]:
    out: list[Actor] = []
    seen: set[str] = set()
    for actor in actors:
        if actor is None:
            continue
        key = actor.canonical or actor.text.lower()
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


# -- without a parse -----------------------------------------------------------------------


def linear_source(a: SentenceAnalysis, trigger_start: int) -> list[Actor]:
    """The nearest actor mention(s) before the trigger, coordinated ones included."""
    before = [m for m in a.mentions if m.end <= trigger_start]
    # "the Russian embassy in Berlin denied": the place modifies the actor before it
    actors = [m for m in before if m.start == 0 or a.tokens[m.start - 1].lower not in {"in", "at"}]
    before = actors or before
    if not before:
        return []
    chosen = [before[-1]]
    for m in reversed(before[:-1]):
        gap = a.lower_between(m.end, chosen[-1].start)
        if (gap and all(w in _LINEAR_JOINERS for w in gap) and "and" in gap) or gap == [","]:
            chosen.append(m)
        else:
            break
    return dedupe(m.actor() for m in reversed(chosen))


def linear_target(a: SentenceAnalysis, trigger_end: int, exclude: Iterable[Actor]) -> list[Actor]:
    """The first actor named after the trigger, with those coordinated with it ("accused Egypt
    and Sudan of ...")."""
    excluded = {x.canonical for x in exclude}
    after = [m for m in a.mentions if m.start >= trigger_end]
    for k, m in enumerate(after):
        if m.entity.canonical in excluded:
            continue
        chosen, joined = [m], False
        for nxt in after[k + 1 :]:
            gap = a.lower_between(chosen[-1].end, nxt.start)
            if not gap or not all(w in {",", "and", "the"} for w in gap):
                break
            chosen.append(nxt)
            if "and" in gap:
                joined = True  # a list ends with "and"; commas alone may set off an aside
                break
        chosen = chosen if joined else chosen[:1]
        return dedupe(c.actor() for c in chosen if c.entity.canonical not in excluded)
    return []
