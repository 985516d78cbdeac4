"""Whom an incident hit: the state or group whose territory, forces, people, ship or facility
was struck.

Copy rarely names the party hit; it names what was hit and where: "a drone hit an oil depot in
Bryansk", "rockets struck the northern Israeli town of Nahariya", "Houthi missiles hit a
British-owned tanker", "an Israeli-owned ship was hit by a missile". So the target is read from
the words that say what was hit (the object of an active verb, the phrase after "strike on", the
subject of a passive) and each mention in them becomes its owner: a place becomes the state it
lies in (through the gazetteer), a demonym or a state's name the state, a company or a person
their country, an armed group itself. Failing that, a place elsewhere in the sentence, then the
party the article's previous incident hit, then the dateline's state: a report filed from Kyiv
about missiles that "hit an apartment block" is about Ukraine.

Never the attacker itself: a civil war's shelling of the government's own cities has no
foreign target, and "fired from Yemen" or "by Houthi forces" names where fire came from, not
what it hit.
"""

from __future__ import annotations

from datetime import date

from storyline_extraction.gazetteer import Gazetteer, Mention
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import FIGHTERS, HELP_NOUNS, words

# Words that end the phrase naming what was hit: another clause, an attribution, a reason.
_PHRASE_ENDS = words(
    "; said says say told according after before while as but amid since when hours days "
    "response retaliation revenge claimed denied blamed accused warned because where which"
)
# A mention after these names where the fire came from or who fired, not what was hit.
_NOT_HIT_AFTER = words("by from")
_WATERS = frozenset({"Sea", "Gulf", "Strait", "Ocean", "Bab", "Channel"})
_PASSIVE_AUX = words("was were been being is are got")
_PHRASE_WORDS = 16


def incident_targets(
    a: SentenceAnalysis,
    trig: Trigger,
    source: Actor | None,
    gazetteer: Gazetteer,
    *,
    fallbacks: tuple[Actor | None, ...] = (),
) -> list[Actor]:
    """The party hit by the incident ``trig`` reports, at most one, never ``source`` itself."""
    attacker = _owner_key(source)
    owner = _possessor_hit(a, trig, gazetteer, attacker)
    if owner is not None:
        return [owner]
    for lo, hi in _hit_phrases(a, trig):
        found = _owners_in(a, lo, hi, gazetteer, attacker)
        if found:
            return found[:1]
    found = _owners_in(a, 0, len(a.tokens), gazetteer, attacker, places_only=True)
    # a place elsewhere in the sentence that is an armed group's own country ("Yemen's Houthi
    # movement") says where the group is from, not whom it hit
    home = source.country if source is not None and source.kind == "group" else None
    found = [x for x in found if home is None or x.country != home]
    if found:
        return found[:1]
    for fallback in fallbacks:
        if fallback is not None and _owner_key(fallback) != attacker:
            return [fallback]
    return []


# A place lay in another state before its own was recognised: NATO's 1999 strikes on Belgrade
# hit Yugoslavia (the Federal Republic kept that name until February 2003).
_FORMER_STATES: tuple[tuple[frozenset[str], str, date, date], ...] = (
    (frozenset({"SRB", "MNE", "XKX"}), "YUG", date(1992, 4, 27), date(2003, 2, 4)),
)


def as_of(actor: Actor, published: date, gazetteer: Gazetteer) -> Actor:
    """The state a place's state was part of on ``published``, for states named by place."""
    if actor.kind != "state":
        return actor
    for parts, former, start, end in _FORMER_STATES:
        if actor.country in parts and start <= published < end:
            state = gazetteer.state(former)
            if state is not None:
                return _state_actor(actor.text, state.canonical, state.country)
    return actor


_POSSESSIVES = words("its their")
_AIMED = words("on at against into")


def _possessor_hit(
    a: SentenceAnalysis, trig: Trigger, gazetteer: Gazetteer, attacker: str | None
) -> Actor | None:
    """ "10 of its peacekeepers were killed when Georgian shells hit their base", "the RSF
    said the army attacked its forces": what was hit is "its" or "their", so its owner is the
    party named before the incident in the sentence, other than the attacker."""
    lower = [t.lower for t in a.tokens]
    # "hit their base", "fired on its posts", "shells hit their base" (the noun the trigger)
    ahead = lower[trig.end : trig.end + 3]
    owned = [n for n, w in enumerate(ahead) if w in _POSSESSIVES]
    if not owned or any(w in _PHRASE_ENDS or w == "," for w in ahead[: owned[0]]):
        return None
    for m in reversed([m for m in a.mentions if m.end <= trig.start]):
        if _names_the_firer(lower, m.start, m.end):
            continue
        owner = _mention_owner(m, gazetteer)
        if owner is not None and _owner_key(owner) != attacker:
            return owner
    return None


def is_passive(before: list[str], phrase: str) -> bool:
    """ "was hit", "had been shelled", "has been under heavy shelling": what was hit is the
    subject; "had been shelling", "were also firing": the subject fires."""
    return any(w in _PASSIVE_AUX for w in before) and not is_progressive(before, phrase)


def is_progressive(before: list[str], phrase: str) -> bool:
    """ "had also been shelling", "were firing": an -ing form right after its auxiliary."""
    words_ = [w for w in before if w not in _ADVERBS and not w.endswith("ly")]
    return phrase.split()[0].endswith("ing") and words_[-1:] != [] and words_[-1] in _PASSIVE_AUX


_ADVERBS = words("also still reportedly again allegedly already")


def _hit_phrases(a: SentenceAnalysis, trig: Trigger) -> list[tuple[int, int]]:
    """Token ranges that say what was hit, most telling first."""
    lower = [t.lower for t in a.tokens]
    after = (trig.end, _phrase_end(lower, trig.end))
    before = lower[max(0, trig.start - 3) : trig.start]
    # "was hit", "came under fire": the subject is what was hit
    passive = is_passive(before, trig.phrase) or "under" in trig.phrase.split()
    if passive:
        # "An Israeli-owned ship was hit by a missile": the subject was hit
        start = trig.start - 1
        while start > 0 and trig.start - start < _PHRASE_WORDS and lower[start - 1] not in {";"}:
            if lower[start - 1] in {"said", "says", "that"}:
                break
            start -= 1
        return [(start, trig.start), after]
    return [after]


def _phrase_end(lower: list[str], start: int) -> int:
    stop = min(len(lower), start + _PHRASE_WORDS)
    for i in range(start, stop):
        if lower[i] in _PHRASE_ENDS or (lower[i] == "," and _attribution_follows(lower, i)):
            return i
        if lower[i] == "," and lower[i + 1 : i + 3] in (["in", "what"], ["in", "which"]):
            return i  # ", in what its spokesman described as ...": a comment, not the target
        if lower[i] == "with" and lower[i + 1 : i + 2] == ["the"] and _helped(lower, i + 2):
            return i  # "with the help of Ukrainian intelligence": who helped, not who was hit
    return stop


def _helped(lower: list[str], k: int) -> bool:
    return k < len(lower) and lower[k] in HELP_NOUNS


def _attribution_follows(lower: list[str], comma: int) -> bool:
    """ ", the governor said", ", officials said": what follows the comma is who reports it."""
    tail = lower[comma + 1 : comma + 9]  # ", the International Atomic Energy Agency said"
    return any(w in {"said", "says", "say", "told", "reported", "according"} for w in tail)


def _owners_in(
    a: SentenceAnalysis,
    lo: int,
    hi: int,
    gazetteer: Gazetteer,
    attacker: str | None,
    *,
    places_only: bool = False,
) -> list[Actor]:
    """Owners of the mentions and places in tokens ``lo``..``hi``, in text order."""
    lower = [t.lower for t in a.tokens]
    spans: list[tuple[int, Actor]] = []
    if not places_only:
        for m in a.mentions:
            if lo <= m.start < hi and not _names_the_firer(lower, m.start, m.end):
                if _across_a_border(lower, m.start, m.end):
                    continue
                owner = _mention_owner(m, gazetteer)
                if owner is not None:
                    spans.append((m.start, owner))
    covered = {i for m in a.mentions for i in range(m.start, m.end)}
    for pm in a.places:
        if not lo <= pm.start < hi or _names_the_firer(lower, pm.start, pm.end):
            continue
        if _across_a_border(lower, pm.start, pm.end):
            continue
        if _WATERS.intersection(pm.place.text.split()):
            continue  # "the Black Sea port of Poti", "a tanker in the Red Sea": nobody's land
        if places_only and pm.start in covered and not _is_state_name(a, pm.start):
            continue
        if places_only and _acts(lower, pm.end):
            continue  # "Washington blamed ...", "Russia condemned ...": the government speaking
        state = gazetteer.state(pm.place.country)
        if state is not None:
            spans.append((pm.start, _state_actor(pm.place.text, state.canonical, state.country)))
    # "two bases in Iraq housing U.S. troops": the forces hit are whose, not the land they
    # stand on, wherever the phrase names them
    forces = {i for i in range(lo, hi) if lower[i] in _FORCES and i > lo}
    ranked = sorted(spans, key=lambda s: (not _names_forces(a, s[0], forces), s[0]))
    out: list[Actor] = []
    for _, actor in ranked:
        if _owner_key(actor) != attacker and all(x.canonical != actor.canonical for x in out):
            out.append(actor)
    return out


# Verbs whose subject is a government that speaks or acts (fires, too), not a place hit.
_ACTING = words(
    "said says blamed accused condemned denounced insisted insists claimed warned rejected "
    "denied called described urged vowed threatened responded retaliated demanded admitted "
    "acknowledged confirmed announced fired launched struck attacked bombed shelled ordered"
)


def _acts(lower: list[str], end: int) -> bool:
    """Whether the place ending at ``end`` is the subject of a verb of speaking or acting:
    "Moscow said", "Ankara has insisted", "U.S. officials said"."""
    ahead = [w for w in lower[end : end + 4] if w not in _BEFORE_ACTING]
    return bool(ahead) and ahead[0] in _ACTING


_BEFORE_ACTING = words(
    "has had have also later 's officials official government authorities military army "
    "spokesman spokeswoman ministry junta regime president leader"
)


_FORCES = words("troops forces soldiers personnel peacekeepers marines sailors servicemen")


def _names_forces(a: SentenceAnalysis, start: int, forces: set[int]) -> bool:
    """Whether the mention at ``start`` is the owner of troops right after it ("U.S. troops",
    "Russian peacekeepers")."""
    m = a.mention_covering(start)
    end = m.end if m is not None else start + 1
    return end in forces or (end - 1) in forces


def _is_state_name(a: SentenceAnalysis, i: int) -> bool:
    m = a.mention_covering(i)
    return m is not None and m.entity.kind == "state"


def _names_the_firer(lower: list[str], start: int, end: int) -> bool:
    prev = lower[start - 1] if start > 0 else ""
    if prev in _NOT_HIT_AFTER or (start > 1 and lower[start - 2] in {"by", "from"}):
        return True
    # "the work of al-Qaeda", "jihadists linked to al-Qaeda": who did it, or whose they are
    if lower[max(0, start - 2) : start] in (["work", "of"], ["hallmarks", "of"]):
        return True
    if prev == "to" and start > 2 and lower[start - 2] in _TIED and lower[start - 3] in FIGHTERS:
        return True
    # "Iran-backed", "Iranian-made": who stands behind a group, not who was hit
    return lower[end : end + 1] == ["-"] and lower[end + 1 : end + 2] in (
        ["backed"],
        ["made"],
        ["supplied"],
        ["aligned"],
        ["funded"],
        ["built"],
        ["based"],
    )


_TIED = words("linked tied affiliated allied loyal")
_BORDER = words("border borders frontier")
_ON_THE_BORDER = words(
    "town towns village villages city cities post posts crossing crossings region province "
    "area areas district districts guard guards outpost outposts troops forces police"
)


def _across_a_border(lower: list[str], start: int, end: int) -> bool:
    """ "a village near the Ukrainian border", "close to the border with Lebanon": the state
    named beside a border is the neighbour across it, not the land that was hit."""
    if lower[end : end + 1] and lower[end] in _BORDER:
        # "the Turkish border town of Akcakale", "Polish border guards" are the state's own
        return lower[end + 1 : end + 2] == [] or lower[end + 1] not in _ON_THE_BORDER
    return start > 1 and lower[start - 1] == "with" and lower[start - 2] in _BORDER


def _mention_owner(m: Mention, gazetteer: Gazetteer) -> Actor | None:
    e = m.entity
    if e.kind in {"state", "group"}:
        return Actor(text=m.text, canonical=e.canonical, kind=e.kind, country=e.country)
    state = gazetteer.state(e.country)
    if state is not None:
        # a company, ministry or person hit stands for its state ("Saudi Aramco facilities")
        return _state_actor(m.text, state.canonical, state.country)
    if e.kind == "organisation":
        return m.actor()  # an international body's compound, a UN convoy
    return None


def _state_actor(text: str, canonical: str, country: str | None) -> Actor:
    return Actor(text=text, canonical=canonical, kind="state", country=country)


def _owner_key(actor: Actor | None) -> str | None:
    """What an actor counts as when comparing attacker and target: its state, or itself."""
    if actor is None:
        return None
    if actor.kind in {"state", "group", "organisation"} or actor.country is None:
        return actor.canonical
    return actor.country and f"state:{actor.country}"
