"""Definite descriptions and speaker pronouns, resolved to the actor they refer to.

News copy names an actor once and then refers back to it: "the junta", "the militant group",
"the alliance", "its fighters", "..., it said". Before the rules run on a sentence, each such
reference becomes a mention of the most recent compatible actor of the article (a state for
"the junta" or "the military", an armed group for "the group" or "the paramilitary", an
international body for "the alliance"), so every rule that reads mentions (sources, reporters,
targets) sees it. A reference to a state with no state named yet falls back on the state of the
dateline: "the defence ministry said" in a story filed from Niamey is Niger's.
"""

from __future__ import annotations

from storyline_extraction.actor_roles import Discourse, institution
from storyline_extraction.gazetteer import Entity, Mention, span_text
from storyline_extraction.phrase_table import SPEECH_MARKS
from storyline_extraction.sentence_analysis import SentenceAnalysis
from storyline_extraction.values import Actor, ActorKind
from storyline_extraction.word_sets import words

_STATE: tuple[ActorKind, ...] = ("state",)
_GROUP: tuple[ActorKind, ...] = ("group",)
_BODY: tuple[ActorKind, ...] = ("organisation",)
_AGENCY: tuple[ActorKind, ...] = ("organisation", "state")
_ARMED: tuple[ActorKind, ...] = ("group", "state")

# Head noun of the reference -> the kinds of actor it can stand for.
_NOUN_KINDS: dict[str, tuple[ActorKind, ...]] = {
    **dict.fromkeys(
        words("junta government regime military army ministry administration navy cabinet"),
        _STATE,
    ),
    **dict.fromkeys(
        words(
            "group militants rebels insurgents paramilitary paramilitaries militia militias "
            "militiamen guerrillas "
            "jihadists movement outfit gang faction separatists"
        ),
        _GROUP,
    ),
    **dict.fromkeys(
        words("alliance bloc organisation organization body watchdog union charity"), _BODY
    ),
    **dict.fromkeys(words("agency bureau"), _AGENCY),
}
# Only after a possessive ("its fighters", "their forces"): "the forces" alone is too vague.
_OWNED_KINDS: dict[str, tuple[ActorKind, ...]] = {
    **dict.fromkeys(words("fighters forces troops soldiers militants members gunmen"), _ARMED),
    # "North Korea has not commented, but its state media accused Washington": a state's media
    # speak for it
    **dict.fromkeys(words("media"), _STATE),
    # "NATO acknowledged that its aircraft had hit the embassy": whoever flies or fires them
    **dict.fromkeys(
        words(
            "aircraft planes warplanes jets helicopters drones warships ships vessels artillery "
            "gunboats missiles rockets shells"
        ),
        ("state", "group", "organisation"),
    ),
}
_DETERMINERS = frozenset({"the", "its", "their"})
# Acts a reference word may modify ("the military operation"), which is then no reference.
_ACTS_MODIFIED = words(
    "action actions operation operations campaign offensive intervention exercise exercises "
    "drill drills strike strikes attack attacks response buildup build-up"
)
_POSSESSIVES = frozenset({"its", "their"})
_SPEAKER_PRONOUNS: dict[str, tuple[ActorKind, ...]] = {
    "it": ("state", "organisation", "group"),
    "they": ("group", "state", "organisation"),
    "he": ("person",),
    "she": ("person",),
}
_SPEECH_AFTER_PRONOUN = words("said says told added warned vowed stated claimed insisted")
# "the military said" is the state's; "police said", "officials said" name nobody.
_MAX_MODIFIERS = 3


def add_references(a: SentenceAnalysis, discourse: Discourse) -> None:
    """Adds a mention for each definite reference of the sentence that resolves, and makes the
    government bodies copy names without their state ("the Ministry of Foreign Affairs") the
    state's."""
    if not a.tokens:
        return
    a.mentions = [
        _as_title_holder(a, _as_state_body(m, discourse, a), discourse) for m in a.mentions
    ]
    taken = {i for m in a.mentions for i in range(m.start, m.end)}
    found: list[Mention] = []
    held_by: list[Mention] = []  # owners ("Poland's") a title reference takes in
    for i, _tok in enumerate(a.tokens):
        if i in taken:
            continue
        ref = _reference_at(a, i, taken)
        source = _official_source(a, i)
        side = _half_of_divided_state(a, i, discourse)
        own_state = _speakers_state(a, i, discourse)
        actor: Actor | None
        if own_state is not None:
            start, actor = i - 1, own_state
        elif _statement_speaks(a, i) and discourse.statement_by is not None:
            start, actor = i - 1, discourse.statement_by
        elif side is not None:
            start, actor = i - 1, side
        elif source is not None:
            start, actor = source, discourse.home or discourse.resolve_kinds(_STATE)
        elif ref is not None and ref[0] == i and a.tokens[i].lower in _SPEAKER_PRONOUNS:
            # "he said", "it added"
            start, actor = i, _named_here(a, i, ref[1]) or discourse.resolve_speaker(ref[1])
        elif ref is not None:
            start, kinds = ref
            actor = _owner_in_sentence(a, start, kinds, found) or (
                _state_of_institution(a.tokens[i].lower, discourse) or _state_named_before(a, start)
                if kinds == _STATE
                else discourse.resolve_kinds(kinds)
            )
        else:
            start, actor = i, _named_before(a, i, discourse)
            if actor is None and _body_named_again(a, i):
                start, actor = i - 1, discourse.resolve_body({a.tokens[i].text})
            if actor is None and short_name(a, i):
                start, actor = i - 1, discourse.resolve_short_name(a.tokens[i].text)
            if actor is None:
                title = _title_reference(a, i, taken)
                owned_title = _owned_title(a, i) if title is None else None
                if title is not None:
                    start, actor = title[0], discourse.resolve_role(title[1])
                    if actor is None and title[1] in _UNNAMED_VOICES:
                        # "the official added" after "a senior Ukrainian official said": that
                        # official's state
                        actor = discourse.unnamed_official()
                    if actor is None and title[1] in _SPOKESPEOPLE:
                        # "the spokesman said" with none named: one speaks for a state, the
                        # one the story is filed from
                        actor = discourse.home
                elif owned_title is not None:
                    start, owner = owned_title
                    actor = discourse.resolve_role(a.tokens[i].lower, owner.entity)
                    if actor is not None:
                        held_by.append(owner)
                else:
                    continue
        if actor is None or actor.canonical is None:
            continue
        if _only_quoted(a, start, actor, discourse):
            continue  # "'Ukraine is behind this,' the ministry said": not Ukraine's ministry
        entity = Entity(actor.canonical, actor.kind, actor.country, actor.role)
        text = span_text(a.tokens, start, i + 1, a.text, a.start)
        found.append(Mention(start, i + 1, text, entity, "reference"))
        taken.update(range(start, i + 1))
    if found:
        kept = [m for m in a.mentions if m not in held_by]
        a.mentions = sorted([*kept, *found], key=lambda m: m.start)


def _only_quoted(a: SentenceAnalysis, start: int, actor: Actor, discourse: Discourse) -> bool:
    """Whether ``actor``, taken for a reference right after a quotation, is named only inside
    that quotation (and in no earlier sentence): whoever speaks the words is not who they name."""
    before = [t.lower for t in a.tokens[max(0, start - 2) : start]]
    if not SPEECH_MARKS.intersection(before):
        return False
    if any(x.canonical == actor.canonical for x in discourse.seen):
        return False
    marks = [k for k in range(start) if a.tokens[k].lower in SPEECH_MARKS]
    if len(marks) < 2:
        return False
    inside = [m for m in a.mentions if marks[0] < m.start and m.end <= marks[-1]]
    outside = [m for m in a.mentions if m.end <= marks[0] or m.start > marks[-1]]
    named = {m.entity.canonical for m in inside} - {m.entity.canonical for m in outside}
    return actor.canonical in named


def _state_of_institution(word: str, discourse: Discourse) -> Actor | None:
    """ "The ministry added", "the army says": the state last named as that institution's owner
    ("Russia's defence ministry said ..."), else the state the article names most.

    An army named bare is the army of the country the story happens in (copy names a foreign
    army with its state: "the Israeli military", "U.S. troops"), so "the army says" in a live
    page on Khartoum that has named only the mediators is Sudan's. The state named most keeps
    it when it has struck, attacked or been accused in the story: the army is then likely its
    own ("Hamas accused Israel of a massacre in Gaza City. The military rejected ...")."""
    owner = discourse.owner_of(word)
    if owner is not None:
        return owner
    principal = discourse.principal_state()
    if institution(word) != "military":
        # "the regime", "the junta" are copy's words for an adversary's rulers, not its own
        home = _home_if_named(discourse) if word in _OWN_RULERS else None
        return home or principal
    if principal is not None and principal.canonical in discourse.belligerents:
        return principal
    return discourse.theatre() or principal


_OWN_RULERS = words("government ministry administration cabinet")


def _home_if_named(discourse: Discourse) -> Actor | None:
    """ "The Government has called on the Security Council ..." in a story filed from Khartoum
    that has named Sudan: a government or a ministry named bare is the dateline state's, once
    the story has named that state, however often it names the state it accuses."""
    home = discourse.home
    if home is None or not any(x.canonical == home.canonical for x in discourse.seen):
        return None
    return home


def _named_here(a: SentenceAnalysis, i: int, kinds: tuple[ActorKind, ...]) -> Actor | None:
    """ "Saakashvili accepted the plan, though he told a rally ...": a person named earlier in
    the same sentence is the "he" or "she" who speaks (the first of them, the subject), before
    anyone who spoke in an earlier sentence."""
    if kinds != ("person",):
        return None
    named = [m for m in a.mentions if m.end <= i and m.entity.kind == "person"]
    return named[0].actor() if named else None


def _state_named_before(a: SentenceAnalysis, start: int) -> Actor | None:
    """ "Thousands marched through Bogota to condemn the bombing, which the government has
    blamed on the ELN": in a lead that is the first to name any state, the state named before
    the reference in the same sentence (the last of them)."""
    named = [m for m in a.mentions if m.end <= start and m.entity.kind == "state"]
    return named[-1].actor() if named else None


_HALVES = frozenset({"North", "South"})


def _half_of_divided_state(a: SentenceAnalysis, i: int, discourse: Discourse) -> Actor | None:
    """ "the South fired shells first", "the North's artillery": in copy about a divided
    country, the half of it already named ("North Korea", "South Sudan")."""
    word = a.tokens[i].text
    if word not in _HALVES or i == 0 or a.tokens[i - 1].lower != "the":
        return None
    nxt = a.tokens[i + 1].text if i + 1 < len(a.tokens) else ""
    if nxt[:1].isupper():
        return None  # "the South China Sea", "the North Atlantic"
    named = [*discourse.seen, *(m.actor() for m in a.mentions)]
    halves = [x for x in named if x.kind == "state" and (x.canonical or "").startswith(word + " ")]
    if halves:
        return halves[-1]
    # "Seoul said the North had fired": the other half, when only one is named
    other = next(
        (
            _COUNTERPARTS[word, x.country or ""]
            for x in reversed(named)
            if (word, x.country or "") in _COUNTERPARTS
        ),
        None,
    )
    if other is None:
        return None
    return Actor(text=word, canonical=other[0], kind="state", country=other[1])


# (the half a reference names, the country named) -> that half, when only its other is named
_COUNTERPARTS = {
    ("North", "KOR"): ("North Korea", "PRK"),
    ("South", "PRK"): ("South Korea", "KOR"),
}


def _owner_in_sentence(
    a: SentenceAnalysis, start: int, kinds: tuple[ActorKind, ...], found: list[Mention]
) -> Actor | None:
    """ "Russia's military said its aircraft had hit ...": a possessive's owner is the
    nearest actor of its kind named before it in the same sentence."""
    if a.tokens[start].lower not in _POSSESSIVES:
        return None
    before = [m for m in [*a.mentions, *found] if m.end <= start and m.entity.kind in kinds]
    return max(before, key=lambda m: m.end).actor() if before else None


# Words of a government body's name; one of the first group, or a rank word with one of the
# second, make a body named without its state ("the Supreme National Security Council",
# "the General Command of the Army") the state of the story it is in.
_BODY_WORDS = words("Ministry Cabinet Presidency Government")
_RANKED_BODY = words("National Supreme Federal State General Central")
_RANKED_WORDS = words("Council Commission Committee Command Staff Directorate Office")
_OFFICE_WORDS = words("Security Defence Defense Foreign Affairs Intelligence Military Interior of")


def short_name(a: SentenceAnalysis, i: int) -> bool:
    """ "the North fired", "the Serbs did this": a capitalised word alone after "the", not the
    start of a longer name ("the South China Sea")."""
    if i == 0 or a.tokens[i - 1].lower != "the" or not a.tokens[i].text[:1].isupper():
        return False
    return i + 1 >= len(a.tokens) or not a.tokens[i + 1].text[:1].isupper()


def _body_named_again(a: SentenceAnalysis, i: int) -> bool:
    """ "the Committee declared", "the Council said": a body named in full before."""
    return a.tokens[i].text in _RANKED_WORDS and i > 0 and a.tokens[i - 1].lower == "the"


def _as_state_body(m: Mention, discourse: Discourse, a: SentenceAnalysis) -> Mention:
    if m.via != "organisation":
        return m
    names = set(m.text.split())
    if names <= _RANKED_WORDS | {"The", "the"}:
        # "The Committee also said": the body of that name the article has named
        named = discourse.resolve_body(names & _RANKED_WORDS)
        if named is None or named.canonical is None:
            return m
        entity = Entity(named.canonical, named.kind, named.country, named.role)
        return Mention(m.start, m.end, m.text, entity, "reference")
    if not (names & _BODY_WORDS or (names & _RANKED_BODY and names & _RANKED_WORDS)):
        return m
    if m.entity.country is not None:
        # "Pakistan's National Security Committee": the state it is named with, when every word
        # of the name is one of government ("the Central Committee of Sudan Doctors" is not)
        if not names <= _RANKED_BODY | _RANKED_WORDS | _BODY_WORDS | _OFFICE_WORDS:
            return m
        state = next(
            (
                x.actor()
                for x in a.mentions
                if x.entity.kind == "state" and x.entity.country == m.entity.country
            ),
            None,
        )
    else:
        state = _possessor(a, m) or discourse.home or discourse.resolve_kinds(_STATE)
    if state is None or state.canonical is None:
        return m
    entity = Entity(state.canonical, "state", state.country, m.entity.canonical)
    return Mention(m.start, m.end, m.text, entity, "reference")


_OWN_STATE_NOUNS = words("country government nation administration")


def _speakers_state(a: SentenceAnalysis, i: int, discourse: Discourse) -> Actor | None:
    """ "Suu Kyi said her government was ready ...", "he says his country had nothing to do
    with the attacks": the state of the person who says it (the subject of what is said is that
    state, as in "Zakharova said Moscow would respond"). The person is the one named before it
    in the sentence, or the one "he" or "she" stands for; their state must have been named."""
    if i == 0 or a.tokens[i].lower not in _OWN_STATE_NOUNS:
        return None
    if a.tokens[i - 1].lower not in {"his", "her"}:
        return None
    people = [m.actor() for m in a.mentions if m.end <= i - 1 and m.entity.kind == "person"]
    pronoun = any(t.lower in {"he", "she"} for t in a.tokens[: i - 1])
    person = people[-1] if people else None
    if person is None and pronoun:
        person = discourse.resolve_speaker(("person",))
    if person is None or not person.country:
        return None  # "a Western diplomat said his government ...": nobody named
    named = [*discourse.seen, *(m.actor() for m in a.mentions)]
    return next(
        (x for x in reversed(named) if x.kind == "state" and x.country == person.country), None
    )


def _statement_speaks(a: SentenceAnalysis, i: int) -> bool:
    """ "the statement said", "..., the statement added": a statement told of before speaks for
    whoever issued it."""
    if a.tokens[i].lower != "statement" or i == 0 or a.tokens[i - 1].lower != "the":
        return False
    return i + 1 < len(a.tokens) and a.tokens[i + 1].lower in _SPEECH_AFTER_PRONOUN


def _possessor(a: SentenceAnalysis, m: Mention) -> Actor | None:
    """ "North Korea's National Defence Commission": the state named as the body's owner."""
    if m.start < 2 or a.tokens[m.start - 1].lower not in {"'s", "’s"}:
        return None
    owner = next((x for x in a.mentions if x.end == m.start - 1), None)
    return owner.actor() if owner is not None and owner.entity.kind == "state" else None


def _official_source(a: SentenceAnalysis, i: int) -> int | None:
    """ "The source stressed", "an official source said": state-media copy's unnamed official,
    who speaks for the state the story is filed from."""
    if a.tokens[i].lower != "source":
        return None
    nxt = a.tokens[i + 1].lower if i + 1 < len(a.tokens) else ""
    if nxt in {
        "in",
        "at",
        "close",
        "familiar",
        "with",
        "from",
        "of",
        "said",
        "told",
    } and nxt not in {
        "said",
        "told",
    }:
        return None
    before = a.lower_between(i - 2, i)
    if before[-1:] == ["the"]:
        return i - 1
    if before[-1:] == ["official"] and len(before) == 2 and before[0] in {"an", "the"}:
        return i - 2
    return None


def _named_before(a: SentenceAnalysis, i: int, discourse: Discourse) -> Actor | None:
    """ "Saree warned" after "military spokesman Yahya Saree": a person named again by surname."""
    tok = a.tokens[i]
    if not (tok.text[:1].isupper() and tok.text[1:].islower() and len(tok.text) > 2):
        return None
    if i + 1 < len(a.tokens) and a.tokens[i + 1].text[:1].isupper():
        return None  # part of a longer name
    return discourse.resolve_surname(tok.text)


_SPOKESPEOPLE = words("spokesman spokeswoman spokesperson")
# Titles copy gives an unnamed speaker of a state ("a senior Ukrainian official").
_UNNAMED_VOICES = _SPOKESPEOPLE | words("official diplomat")
# "the spokesman said", "the crown prince told": the latest person holding that title.
_TITLES = words(
    "spokesman spokeswoman spokesperson minister president premier chancellor leader commander "
    "general prince king emir envoy ambassador secretary chief governor mayor official diplomat"
)


def _title_reference(a: SentenceAnalysis, i: int, taken: set[int]) -> tuple[int, str] | None:
    word = a.tokens[i].lower
    if word not in _TITLES:
        return None
    if _named_after(a, i):
        return None  # "the president of Iran", "the spokesman for the ministry": named here
    j = i - 1
    while j >= 0 and i - j <= 2:
        t = a.tokens[j]
        if t.lower == "the":
            return j, word
        if j in taken or not t.text.islower():
            return None
        j -= 1
    return None


def _as_title_holder(a: SentenceAnalysis, m: Mention, discourse: Discourse) -> Mention:
    """ "the Russian President said", read as a demonym and its group noun, is the president
    of Russia the article has named."""
    last = m.end - 1
    if m.via != "demonym_group" or a.tokens[last].lower not in _TITLES or _named_after(a, last):
        return m
    actor = discourse.resolve_role(a.tokens[last].lower, m.entity)
    if actor is None or actor.canonical is None:
        return m
    entity = Entity(actor.canonical, actor.kind, actor.country, actor.role)
    return Mention(m.start, m.end, m.text, entity, "reference")


def _named_after(a: SentenceAnalysis, i: int) -> bool:
    """A name follows the title, or the title is someone else's ("the president's aide")."""
    return i + 1 < len(a.tokens) and (
        a.tokens[i + 1].text[:1].isupper() or a.tokens[i + 1].lower in {"of", "for", "'s", "’s"}
    )


def _owned_title(a: SentenceAnalysis, i: int) -> tuple[int, Mention] | None:
    """ "the Russian President", "Poland's prime minister", "the British premier": a title
    held under a state or body named just before it, with no name after it. Returns where the
    phrase starts and the mention of its owner."""
    if a.tokens[i].lower not in _TITLES or _named_after(a, i):
        return None
    j = i - 1
    while j >= 0 and i - j <= _MAX_MODIFIERS and _is_modifier(a.tokens[j].text):
        j -= 1  # "prime", "foreign", "defence"
    if j >= 0 and a.tokens[j].lower in {"'s", "’s"}:
        j -= 1
    owner = next((m for m in a.mentions if m.end == j + 1), None)
    if owner is None or owner.entity.kind not in {"state", "organisation", "group"}:
        return None
    start = owner.start
    if start > 0 and a.tokens[start - 1].lower == "the":
        start -= 1
    return start, owner


def _is_modifier(word: str) -> bool:
    """A lower-case word that can stand inside a title ("prime", "foreign"), not one that joins
    phrases ("Russia and the president" is no Russian president)."""
    return word.isalpha() and word.islower() and word not in _JOINING


_JOINING = words("the a an and or but of in on at to for from with by as than that who which")


def _reference_at(
    a: SentenceAnalysis, i: int, taken: set[int]
) -> tuple[int, tuple[ActorKind, ...]] | None:
    word = a.tokens[i].lower
    nxt = a.tokens[i + 1].lower if i + 1 < len(a.tokens) else ""
    if word in _SPEAKER_PRONOUNS and nxt in _SPEECH_AFTER_PRONOUN:
        return i, _SPEAKER_PRONOUNS[word]
    kinds = _NOUN_KINDS.get(word)
    if word == "force" and a.tokens[i - 1].lower == "air":
        kinds = _STATE  # "the air force said", "the air force carried out strikes"
    if word == "forces" and a.tokens[i - 1].lower == "armed":
        kinds = _STATE  # "accused the armed forces of bombing its camps": a state's
    owned = _OWNED_KINDS.get(word)
    if kinds is None and owned is None:
        return None
    if nxt in {"'s", "’s"} and word not in _NOUN_KINDS:
        return None
    if nxt == "of" and any(m.start == i + 2 or m.start == i + 3 for m in a.mentions):
        return None  # "the armed forces of Armenia": named there
    if nxt == "-" or nxt in _ACTS_MODIFIED:
        # "the military-political leadership of Armenia", "the military action": a modifier,
        # not the head
        return None
    # Walk back over lower-case modifiers ("the militant group", "the army-aligned
    # government") to a determiner; a name or a comma on the way means it is not a reference.
    j = i - 1
    while j >= 0 and i - j <= _MAX_MODIFIERS + 1:
        t = a.tokens[j]
        if t.lower in _DETERMINERS:
            if t.lower in _POSSESSIVES and owned is not None:
                return j, owned
            return (j, kinds) if kinds is not None else None
        if j in taken or t.lower in {"'s", "’s"} or not (t.text.islower() or t.text == "-"):
            return None  # a name, or an owner ("the group's ministry"), comes first
        j -= 1
    return None
