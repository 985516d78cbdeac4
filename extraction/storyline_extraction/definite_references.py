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

from storyline_extraction.actor_roles import Discourse
from storyline_extraction.gazetteer import Entity, Mention, span_text
from storyline_extraction.sentence_analysis import SentenceAnalysis
from storyline_extraction.values import ActorKind
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
            "jihadists movement outfit gang faction"
        ),
        _GROUP,
    ),
    **dict.fromkeys(words("alliance bloc organisation organization body watchdog union"), _BODY),
    **dict.fromkeys(words("agency bureau"), _AGENCY),
}
# Only after a possessive ("its fighters", "their forces"): "the forces" alone is too vague.
_OWNED_KINDS: dict[str, tuple[ActorKind, ...]] = dict.fromkeys(
    words("fighters forces troops soldiers militants members"), _ARMED
)
_DETERMINERS = frozenset({"the", "its", "their"})
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
    """Adds a mention for each definite reference of the sentence that resolves."""
    if not a.tokens:
        return
    taken = {i for m in a.mentions for i in range(m.start, m.end)}
    found: list[Mention] = []
    for i, _tok in enumerate(a.tokens):
        if i in taken:
            continue
        ref = _reference_at(a, i, taken)
        if ref is None:
            continue
        start, kinds = ref
        actor = discourse.resolve_kinds(kinds)
        if actor is None or actor.canonical is None:
            continue
        entity = Entity(actor.canonical, actor.kind, actor.country, actor.role)
        text = span_text(a.tokens, start, i + 1, a.text, a.start)
        found.append(Mention(start, i + 1, text, entity, "reference"))
        taken.update(range(start, i + 1))
    if found:
        a.mentions = sorted([*a.mentions, *found], key=lambda m: m.start)


def _reference_at(
    a: SentenceAnalysis, i: int, taken: set[int]
) -> tuple[int, tuple[ActorKind, ...]] | None:
    word = a.tokens[i].lower
    nxt = a.tokens[i + 1].lower if i + 1 < len(a.tokens) else ""
    if word in _SPEAKER_PRONOUNS and nxt in _SPEECH_AFTER_PRONOUN:
        return i, _SPEAKER_PRONOUNS[word]
    kinds = _NOUN_KINDS.get(word)
    owned = _OWNED_KINDS.get(word)
    if kinds is None and owned is None:
        return None
    if nxt in {"'s", "’s"} and word not in _NOUN_KINDS:
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
