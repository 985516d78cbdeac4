"""Rules for happenings: strikes, other attacks and interceptions (figures: figure_rules).

One strike and one attack at most per sentence (the triggers of one sentence almost always
describe one incident). A definite mention ("the attack", "this strike") of a kind of incident the
article has already reported refers back to it and is not a new event.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import replace

from storyline_extraction.actor_roles import (
    actors_at,
    agent_heads,
    dedupe,
    linear_source,
    subject_heads,
)
from storyline_extraction.event_draft import EventDraft, side_key
from storyline_extraction.figure_rules import (
    PEOPLE,
    casualty_draft,
    killing_draft,
    make_figure,
    statistic_draft,
)
from storyline_extraction.incident_framing import not_news_of_incident
from storyline_extraction.incident_targets import (
    as_of,
    incident_targets,
    is_passive,
    is_progressive,
)
from storyline_extraction.modality import read_trigger
from storyline_extraction.rule_context import (
    PREPOSITIONS,
    RuleContext,
    clause_subjects,
    confidence,
    places_in,
    reporter,
    speaker,
    weapon_near,
    window,
)
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.values import Actor, Figure
from storyline_extraction.word_sets import words

_DETERMINERS = frozenset(
    {"the", "this", "that", "its", "their", "his", "her", "these", "those", "such"}
)

_NOUN_TRIGGERS = words(
    "strike strikes attack attacks airstrike airstrikes raid raids explosion explosions blast "
    "blasts shooting bombing bombings bomb shelling bombardment barrage ambush sabotage poisoning "
    "cyberattack cyberattacks breach intrusion arson massacre hack ransomware downing sinking"
)

_LAUNCH_VERBS = words(
    "launched launch launches carried carrying conducted mounted staged unleashed fired"
)

_NOT_MILITARY_STRIKE = frozenset({"on", "general", "hunger", "labour", "labor", "rail", "lucky"})

_DISTINCT_METHODS = frozenset(
    {"shooting", "cyber", "abduction", "poisoning", "arson", "shoot-down"}
)

# "a bomb shelter", "the bomb squad", "over the bomb plot", "a bomb scare": no attack told
_NOT_AN_ATTACK_AFTER = words(
    "shelter shelters squad disposal threat threats plot plots scare scares hoax hoaxes maker "
    "makers factory"
)

_AIR_DEFENCE = frozenset({"defences", "defenses", "defence", "defense"})

_SHOOT_DOWN = frozenset({"destroyed", "downed", "destroying"})
_INTERCEPTORS = frozenset({"patriot", "interceptor", "interceptors", "missile", "jets", "fighters"})

_ACCUSING = frozenset({"accused", "accusing", "accuses", "accuse", "blamed", "blaming"})

_CAUSE_MARKERS = frozenset(
    {"in response to", "in retaliation for", "in revenge for", "retaliating for", "to avenge"}
)

_CAUSE_WORDS = frozenset({";", "response", "retaliation", "revenge", "retaliating", "avenge"})

_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are"})

_CONTROLLED = frozenset({"controlled", "held", "run"})


def incident_drafts(
    a: SentenceAnalysis, ctx: RuleContext, accused_acts: frozenset[int] = frozenset()
) -> list[EventDraft]:
    """The incidents a sentence reports; ``accused_acts`` are tokens whose act is what an
    accusation in the sentence says of an incident already told, which another trigger in the
    same clause may report instead ("fired by Ukraine's air defences to defend against a
    barrage of Russian strikes")."""
    drafts: list[EventDraft] = []
    by_kind: dict[str, list[Trigger]] = {}
    for trig in a.triggers:
        by_kind.setdefault(trig.kind, []).append(trig)
    _people_neutralised(a, by_kind)
    _signals_intercepted(a, by_kind)
    _aircraft_shot_down(a, by_kind)

    interceptions = by_kind.get("interception_reported", []) + _air_defence_kills(a, by_kind)
    for trig in interceptions:
        found = _interception(a, trig, ctx)
        if found:
            drafts.extend(found)
            break
    taken = ({t.start for t in interceptions} if drafts else set()) | accused_acts
    strikes: list[EventDraft] = []
    attacks: list[EventDraft] = []
    for lo, hi in _incident_clauses(a):
        strike = _first(
            _strike(a, t, ctx)
            for t in _strike_candidates(a, by_kind, ctx)
            if t.start not in taken and lo <= t.start < hi
        )
        attack = _first(
            _attack(a, t, ctx)
            for t in by_kind.get("attack_reported", [])
            if t.start not in taken and lo <= t.start < hi
        )
        strike = _retaliator(a, _doer_blamed_after(a, strike, hi), hi, ctx)
        attack = _retaliator(a, _doer_blamed_after(a, attack, hi), hi, ctx)
        strike, attack = _craft_told_before(a, strike, ctx), _craft_told_before(a, attack, ctx)
        if strike is not None:
            strikes.extend(_per_actor(a, strike, ctx))
        if attack is not None and (strike is None or attack.method in _DISTINCT_METHODS):
            attacks.extend(_per_actor(a, attack, ctx))
    drafts.extend(strikes + attacks)
    casualties = casualty_draft(a, by_kind.get("casualties_reported", []), ctx)
    if casualties is not None:
        drafts.append(casualties)
    if not strikes and not attacks and (casualties is not None or a.mentions):
        killing = killing_draft(a, casualties, ctx)
        if killing is not None:
            drafts.append(killing)
    if "statistic_reported" in by_kind and casualties is None:
        statistic = statistic_draft(a, ctx, drafts)
        if statistic is not None:
            drafts.append(statistic)
    for d in drafts:
        if d.kind in {"strike_reported", "attack_reported"}:
            ctx.incident_kinds_seen.add(d.kind)
            if d.source is not None and d.source.canonical:
                ctx.last_incident_doer = d.source
    return drafts


def _incident_clauses(a: SentenceAnalysis) -> list[tuple[int, int]]:
    """Token ranges that report one incident each: a sentence usually reports one, but a
    semicolon ("X fires rockets; Y jets pound ..."), a reason ("in retaliation for an
    Israeli strike") or the end of an opening "as" clause ("As drones struck Moscow, Russian
    drones targeted Kyiv") starts another."""
    lower = [t.lower for t in a.tokens]
    opening = _opening_clause_end(lower)
    if not _CAUSE_WORDS.intersection(lower):
        if opening:
            return [(0, opening), (opening, len(lower))]
        return [(0, len(lower))]
    cuts = [0] + ([opening] if opening else [])
    for i, word in enumerate(lower):
        pair = " ".join(lower[i : i + 2])
        if word == ";" or pair in _CAUSE_MARKERS or " ".join(lower[i : i + 3]) in _CAUSE_MARKERS:
            cuts.append(i)
    cuts.append(len(lower))
    return [(lo, hi) for lo, hi in itertools.pairwise(sorted(cuts)) if hi > lo]


def _opening_clause_end(lower: list[str]) -> int | None:
    """The comma that closes an opening "As ..." or "While ..." clause."""
    if not lower or lower[0] not in {"as", "while"} or "," not in lower[:20]:
        return None
    return lower.index(",")


def _per_actor(a: SentenceAnalysis, draft: EventDraft, ctx: RuleContext) -> list[EventDraft]:
    """ "US and British warplanes struck": one incident per coordinated actor."""
    if draft.source is None or draft.source.canonical is None:
        return [draft]
    mentions = [m for m in a.mentions if m.end <= draft.trigger and draft.trigger - m.end <= 3]
    if not mentions:
        # "was struck by American and British jets": neither agent is what was hit
        agents = {side_key(x) for x in linear_agents(a, draft.trigger)}
        hit = tuple(t for t in draft.targets if side_key(t) not in agents)
        first = replace(draft, targets=hit)
        return [first, *_other_agents(a, first)]
    group = linear_source(a, mentions[-1].end)
    if draft.source.canonical not in {x.canonical for x in group}:
        return [draft]
    others = [x for x in group if x.canonical and x.canonical != draft.source.canonical]
    return [draft] + [replace(draft, source=x) for x in others]


def _other_agents(a: SentenceAnalysis, draft: EventDraft) -> list[EventDraft]:
    """ "was hit by Israeli and US jets": one incident per agent after "by"."""
    known = {draft.source.canonical} if draft.source else set()
    others = [x for x in linear_agents(a, draft.trigger) if x.canonical not in known]
    return [replace(draft, source=x) for x in others]


def linear_agents(a: SentenceAnalysis, trigger: int) -> list[Actor]:
    """The coordinated actors named right after "by" following ``trigger``, without a parse:
    "intercepted by Israeli and US air defences" -> Israel, United States."""
    lower = [t.lower for t in a.tokens]
    k = trigger + 1
    if lower[k : k + 1] != ["by"]:
        return []
    after = sorted((m for m in a.mentions if k < m.start <= k + 8), key=lambda m: m.start)
    if not after or after[0].start > k + 2:
        return []
    group = [after[0]]
    for m in after[1:]:
        if lower[group[-1].end : m.start] in (["and"], [","], [",", "and"]):
            group.append(m)
        else:
            break
    return [x for x in dedupe(m.actor() for m in group) if x.canonical]


def _people_neutralised(a: SentenceAnalysis, by_kind: dict[str, list[Trigger]]) -> None:
    """ "neutralised 32 terrorists" reports deaths, not a drone shot down."""
    kept = []
    for t in by_kind.get("interception_reported", []):
        if t.phrase not in {"neutralised", "neutralized"}:
            kept.append(t)
            continue
        # "32 \"terrorists\" had been \"neutralised\"": quotation marks stand between the words
        near = window(a, t.start - 6, t.end + 5)
        if any(w in PEOPLE for w in near) and not any(w in _MUNITIONS for w in near):
            by_kind.setdefault("casualties_reported", []).append(t)
        else:
            kept.append(t)  # "neutralised 12 drones", "neutralised ten aerial targets"
    by_kind["interception_reported"] = kept


_CAME_UNDER = frozenset({"came under fire", "come under fire", "under fire"})
_SHOOT_DOWN_PHRASES = frozenset(
    {"shot down", "shooting down", "shoot down", "downed", "downing", "brought down"}
)
_AIRCRAFT = words(
    "airliner airliners plane planes aircraft jet jets jetliner airplane helicopter helicopters "
    "flight chopper bomber transport balloon balloons airship warplane warplanes bombers "
    "jetliners gunship gunships"
)
# Military aircraft by model: "F-16", "Su-25s", "MiG-29", "Mi-8".
_AIRCRAFT_MODEL = re.compile(r"^(?:f|su|mig|tu|il|an|mi|ka|b|c)-\d+[a-z]?s?$")
_MUNITIONS = words("drone drones uav uavs missile missiles rocket rockets shells projectiles")
_GUNMEN = frozenset({"gunmen", "gunman", "suicide bomber"})
# What gunmen do when a sentence reports their attack, not their capture or their training.
_GUNMEN_ACTS = words(
    "opened stormed attacked killed shot seized abducted kidnapped burst raided ambushed fired "
    "struck hit targeted laid took held went blew detonated rampaged attacking storming "
    "surrounded opening besieged shooting killing torched burned"
)


# What is intercepted besides weapons: "intercepted radio communications", "intercepted calls".
_NOT_IN_FLIGHT = words(
    "communications communication radio calls call conversations conversation messages exchange "
    "exchanges emails phone signals cargo shipment shipments smugglers migrants"
)


# Words that report an interception only of weapons in flight: "repelled a drone attack",
# "the destruction of a drone mid-air", not "repelled an assault on the village".
_IN_FLIGHT_ONLY = frozenset({"repelled", "repulsed", "destruction of"})


def _signals_intercepted(a: SentenceAnalysis, by_kind: dict[str, list[Trigger]]) -> None:
    """ "intercepted radio communications" is intelligence, not air defence."""
    by_kind["interception_reported"] = [
        t
        for t in by_kind.get("interception_reported", [])
        if not _NOT_IN_FLIGHT.intersection(window(a, t.start - 3, t.end + 3))
        and (t.phrase not in _IN_FLIGHT_ONLY or _weapons_near(a, t))
    ]


def _weapons_near(a: SentenceAnalysis, t: Trigger) -> bool:
    return bool(_MUNITIONS.intersection(window(a, t.start - 6, t.end + 6)))


def _aircraft_shot_down(a: SentenceAnalysis, by_kind: dict[str, list[Trigger]]) -> None:
    """ "shot down a passenger jet", "the plane was brought down": shooting down an aircraft is
    an attack; an interception is incoming drones, missiles or shells destroyed in flight."""
    kept = []
    lower = [t.lower for t in a.tokens]
    for t in by_kind.get("interception_reported", []):
        if t.phrase not in _SHOOT_DOWN_PHRASES:
            kept.append(t)
            continue
        lo, hi = t.end, min(len(lower), t.end + 6)
        for j in range(lo, hi):
            if lower[j] in {",", ";", ".", "and"}:
                hi = j
                break
        what = set(lower[lo:hi])  # "had accidentally shot down a jetliner": what follows
        passive = any(w in _PASSIVE_AUX or w == "had" for w in lower[max(0, t.start - 2) : t.start])
        if passive and (lower[lo : lo + 1] == ["by"] or not what & (_AIRCRAFT | _MUNITIONS)):
            # "the plane was shot down" and "the plane was shot down by a missile": what was
            # downed comes before; after "by" is what downed it
            what = set(lower[max(0, t.start - 8) : t.start])
        what |= {"plane" for w in what if _AIRCRAFT_MODEL.match(w)}  # "a Pakistani F-16"
        if what & _AIRCRAFT and not what & _MUNITIONS:
            by_kind.setdefault("attack_reported", []).append(
                Trigger(t.start, t.end, "attack_reported", t.phrase)
            )
        elif what & _MUNITIONS or t.phrase in {"shot down", "shooting down", "downed"}:
            kept.append(t)
        # "responsibility for the downing", "brought down an office block": nothing in flight
    by_kind["interception_reported"] = kept
    by_kind.get("attack_reported", []).sort(key=lambda t: t.start)


def _first(drafts: Iterable[EventDraft | None]) -> EventDraft | None:
    return next((d for d in drafts if d is not None), None)


def _strike_candidates(
    a: SentenceAnalysis, by_kind: dict[str, list[Trigger]], ctx: RuleContext
) -> list[Trigger]:
    # An attack word with a weapon next to it ("a drone attack"), or used later in its sentence
    # ("attacked the bridge overnight using sea drones"), reports a strike.
    armed_attacks = [
        t
        for t in by_kind.get("attack_reported", [])
        if (weapon := _weapon_of(a, t, ctx)) is not None
        and t.phrase not in _SHOOT_DOWN_PHRASES
        and not _bomb_set_off(a, t, weapon)
    ]
    return sorted(by_kind.get("strike_reported", []) + armed_attacks, key=lambda t: t.start)


_USING = frozenset({"using", "with"})
_GOING_OFF = words("exploded explosion explosions blast blasts")
_FROM_THE_AIR = words("air airstrike airstrikes warplanes jets aircraft dropped plane planes")


def _bomb_set_off(a: SentenceAnalysis, trig: Trigger, weapon: str) -> bool:
    """ "Bombs exploded outside the embassies": bombs that went off, with nothing flying in the
    sentence, were planted, an attack rather than an air strike."""
    return (
        trig.phrase in _GOING_OFF
        and weapon == "air"
        and not _FROM_THE_AIR.intersection(t.lower for t in a.tokens)
    )


def _weapon_of(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> str | None:
    """The weapon next to the trigger, or one the attacker is said to use later in the sentence
    ("attempted to attack the Kremlin ..., using two drones")."""
    near = weapon_near(a, trig, ctx.lexicon)
    if near is not None:
        return near
    lower = [t.lower for t in a.tokens]
    for k in range(trig.end, min(len(lower), trig.end + 16)):
        if lower[k] in _USING:
            used = ctx.lexicon.weapons.find_all(lower[k + 1 : k + 5])
            if used:
                return used[0].payload
    return None


def _air_defence_kills(a: SentenceAnalysis, by_kind: dict[str, list[Trigger]]) -> list[Trigger]:
    """ "Air defences destroyed 28 drones" reports an interception, not an attack."""
    lower = [t.lower for t in a.tokens]
    out = []
    for t in by_kind.get("attack_reported", []):
        if t.phrase not in _SHOOT_DOWN:
            continue
        # "a Patriot missile destroyed an Iraqi Scud missile": a weapon destroyed in flight
        in_flight = _INTERCEPTORS.intersection(lower[max(0, t.start - 5) : t.start]) and (
            _MUNITIONS.intersection(lower[t.end : t.end + 5])
        )
        if in_flight or _air_defence_before(lower, t.start):
            out.append(Trigger(t.start, t.end, "interception_reported", t.phrase))
    return out


def _air_defence_before(lower: list[str], end: int) -> bool:
    """ "air defences", "air defence units": not the "defence ministry" that reports a strike
    ("its forces had destroyed Armenian artillery positions")."""
    return any(
        w in _AIR_DEFENCE and (w.endswith("s") or (k > 0 and lower[k - 1] == "air"))
        for k, w in enumerate(lower[:end])
    )


def _is_verb(a: SentenceAnalysis, trig: Trigger) -> bool:
    head_word = trig.phrase.split()[-1]
    if a.parsed and a.deps(trig.end - 1, "nsubj", "nsubjpass", "dobj", "agent"):
        return head_word not in _NOUN_TRIGGERS or not a.deps(trig.end - 1, "det")
    if trig.start > 0 and a.tokens[trig.start - 1].lower == "to" and not a.parsed:
        return True  # "attempted to strike the Kremlin": an infinitive
    if is_progressive(window(a, trig.start - 3, trig.start), trig.phrase):
        return True  # "troops had been shelling KDP positions"
    return head_word not in _NOUN_TRIGGERS


def _refers_back(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> bool:
    """A noun that names an incident already reported, or incidents in general."""
    if _is_verb(a, trig):
        return False
    before = window(a, trig.start - 3, trig.start)
    dets = [n for n, w in enumerate(before) if w in _DETERMINERS]
    # "the attack", "this drone strike": determiner, then only modifiers up to the trigger
    definite = bool(dets) and not any(w in PREPOSITIONS for w in before[dets[-1] :])
    # "condemned Hezbollah's attack on Israel": an owner makes it as definite as "the"
    owned = any(w in {"'s", "’s"} for w in before) and not any(w in PREPOSITIONS for w in before)
    if (definite or owned) and ctx.incident_kinds_seen:
        return True
    if definite and window(a, trig.end, trig.end + 1)[:1] in (["came"], ["comes"], ["followed"]):
        return True  # "The attack came a day after Israeli jets raided ...": framing, told before
    # "Russia's attacks on its energy grid": plural, undated, uncounted: incidents in general
    plural = trig.phrase.endswith("s") and trig.phrase not in {"shelling", "bombardment"}
    # "a barrage of Russian strikes", "a wave of drone attacks": one salvo, not strikes at large
    counted = bool(_SALVOS.intersection(window(a, trig.start - 4, trig.start)))
    # "Israeli strikes hit a military airport": strikes that hit something are these strikes
    acted = bool(_HIT_SOMETHING.intersection(window(a, trig.end, trig.end + 2)))
    return plural and not a.dates and not a.numbers and not counted and not acted


_HIT_SOMETHING = words("hit struck destroyed damaged pounded targeted flattened")


# What strikes by crashing into its target.
_MUNITIONS = frozenset({"drone", "missile", "rocket"})
_SALVOS = words("barrage wave salvo volley swarm hail")
_FIRING = words("fired fires firing launched launches launching dropped")


def _fires_known_weapons(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> bool:
    """ "Iraq had launched the missiles", "the missile had been fired from Armenian territory":
    the weapons of an incident already reported, now argued over, are no new strike."""
    if trig.phrase not in _FIRING or not ctx.incident_kinds_seen:
        return False
    passive = any(w in _PASSIVE_AUX for w in window(a, trig.start - 2, trig.start))
    words_ = window(a, trig.start - 4, trig.start) if passive else window(a, trig.end, trig.end + 3)
    for n, w in enumerate(words_[:-1]):
        if w in _DETERMINERS and ctx.lexicon.weapons.find_all(words_[n + 1 : n + 3]):
            return True
    return False


def _inside_accusation(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> bool:
    """ "accused Russia of deliberately targeting children" after the strike was reported: the
    act is what the accusation is about, not a new incident."""
    if not ctx.incident_kinds_seen:
        return False
    if a.parsed:
        return any(a.tokens[h].lower in _ACCUSING for h in a.ancestors(trig.start)[:3])
    before = window(a, trig.start - 6, trig.start)
    return any(w in _ACCUSING for w in before) and "of" in before


def _strike(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> EventDraft | None:
    weapon = _weapon_of(a, trig, ctx)
    phrase = trig.phrase
    prev = a.tokens[trig.start - 1].lower if trig.start > 0 else ""
    nxt = a.tokens[trig.end].lower if trig.end < len(a.tokens) else ""
    if phrase in {"strike", "strikes"} and (prev in _NOT_MILITARY_STRIKE or nxt == "action"):
        return None
    if phrase in ctx.lexicon.strike_verbs_need_weapon and weapon is None:
        aimed = nxt in {"on", "against", "at"} or any(
            w in _LAUNCH_VERBS for w in window(a, trig.start - 3, trig.start)
        )
        # "struck more than 85 targets", "hit a weapons depot": a military object is enough
        military = _is_verb(a, trig) and any(
            w in ctx.lexicon.military_targets for w in window(a, trig.end, trig.end + 5)
        )
        # "an Israeli strike": a state's strike is a military one ("hunger strike" is not)
        military = military or (
            phrase in {"strike", "strikes"}
            and any(m.start < trig.start <= m.end and m.entity.kind == "state" for m in a.mentions)
        )
        # "Russian forces struck Kyiv overnight", "the rebels' artillery pounded the city":
        # armed men as the verb's doer
        military = military or (
            phrase in _ARMED_DOERS_STRIKE
            and bool(_ARMED_DOERS.intersection(window(a, trig.start - 2, trig.start)))
            and not _NOT_HIT.intersection(window(a, trig.end, trig.end + 4))
        )
        # "the cruiser had sunk two Iranian gunboats": a vessel sunk was hit by arms
        military = military or (
            phrase in {"sunk", "sank"}
            and bool(_VESSELS.intersection(window(a, trig.end, trig.end + 4)))
        )
        if not military and (phrase not in {"strike", "strikes"} or not aimed):
            return None
    if phrase in {"hit", "hits"} and nxt == "back":
        return None
    if phrase in {"launched", "launches"} and _OFFENSIVES.intersection(
        window(a, trig.end, trig.end + 4)
    ):
        return None  # "launched an offensive": a ground attack, read as one
    if phrase == "rocketed" and (nxt in _RISING_AFTER or nxt[:1].isdigit()):
        return None  # "shares rocketed 20%", "prices rocketed to a record"
    if phrase == "crashed into" and weapon not in _MUNITIONS:
        return None  # "a drone crashed into a building", not an airliner into a field
    if ctx.lexicon.non_strike_contexts.find_all(window(a, trig.start - 3, trig.end + 12)):
        return None  # a test launch or an exercise hits nobody
    if _refers_back(a, trig, ctx) or _inside_accusation(a, trig, ctx):
        return None
    if _fires_known_weapons(a, trig, ctx) or not_news_of_incident(a, trig, ctx):
        return None
    reading = read_trigger(a, trig, ctx.lexicon, "strike_reported")
    if reading == "skip":
        return None
    source = _incident_source(a, trig, ctx)
    targets = _targets(a, trig, ctx, source)
    return EventDraft(
        # "fired two missiles at the plane": shooting at an aircraft is an attack on it
        kind="attack_reported" if _fired_at_aircraft(a, trig) else "strike_reported",
        sentence=a.index,
        trigger=trig.start,
        trigger_offset=a.tokens[trig.start].start,
        source=source,
        targets=tuple(targets),
        modality=reading,
        weapon=weapon or ("air" if "air" in phrase else None),
        places=places_in(a, [source], near=trig.end),
        figures=_weapon_counts(a, ctx),
        confidence=confidence(
            0.6,
            named_source=bool(source and source.canonical),
            parsed=a.parsed,
            alleged=reading == "alleged",
        ),
    )


def _fired_at_aircraft(a: SentenceAnalysis, trig: Trigger) -> bool:
    after = window(a, trig.end, trig.end + 12)
    if "at" not in after:
        return False
    aimed_at = after[after.index("at") + 1 :][:3]
    return bool(_AIRCRAFT.intersection(aimed_at))


def _attack(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> EventDraft | None:
    lex = ctx.lexicon
    hits = lex.attack_methods.find_all(window(a, trig.start, trig.end))
    method = hits[0].payload if hits else None
    if trig.phrase in lex.attack_verbs_need_object and not _has_victim(a, trig, ctx):
        return None
    if trig.phrase in _GUNMEN and not _GUNMEN_ACTS.intersection(window(a, trig.end, trig.end + 8)):
        return None  # "commandos killed two gunmen", "the lone gunman captured alive"
    if trig.phrase in _OFFENSIVES and not _offensive_launched(a, trig):
        return None
    if trig.phrase == "captured" and not _CAPTURED_PLACES.intersection(
        window(a, trig.end, trig.end + 5)
    ):
        return None  # "rebels captured the town", not "the gunman captured alive"
    if trig.phrase == "assault" and not (
        window(a, trig.end, trig.end + 1) in (["on"], ["against"]) or _offensive_launched(a, trig)
    ):
        return None  # "the assault on the town", "launched an assault"; not "charged with assault"
    nxt = a.tokens[trig.end].lower if trig.end < len(a.tokens) else ""
    if nxt in _NOT_AN_ATTACK_AFTER or _refers_back(a, trig, ctx):
        return None
    if _inside_accusation(a, trig, ctx) or not_news_of_incident(a, trig, ctx):
        return None
    reading = read_trigger(a, trig, lex, "attack_reported")
    if reading == "skip":
        return None
    source = _group_of_gunmen(a, trig) or _incident_source(a, trig, ctx)
    if trig.phrase in _CAME_UNDER:
        # "a U.S. convoy came under fire": its subject was hit; only "by X" fired
        source = _passive_agent(a, trig)
    if source is None and trig.phrase in {"gunmen", "gunman", "suicide bomber"}:
        source = Actor(text=a.words(trig.start, trig.end), canonical=None, kind="group")
    return EventDraft(
        kind="attack_reported",
        sentence=a.index,
        trigger=trig.start,
        trigger_offset=a.tokens[trig.start].start,
        source=source,
        targets=tuple(_targets(a, trig, ctx, source)),
        modality=reading,
        method=method or _method_in(a, ctx),
        places=places_in(a, [source], near=trig.end),
        confidence=confidence(
            0.55,
            named_source=bool(source and source.canonical),
            parsed=a.parsed,
            alleged=reading == "alleged",
        ),
    )


# "launched an offensive against rebel Serbs", "a massive Russian counter-offensive": an
# offensive under way; not one ordered, promised or planned, nor a diplomatic or charm one.
_OFFENSIVES = words("offensive counter-offensive counteroffensive")
_OPENING_OFFENSIVE = words(
    "launched launches launching began begins mounted mounts opened opens started starts "
    "unleashed pressed presses pressing stepped intensified widened"
)
_NOT_ARMED_OFFENSIVE = words("diplomatic charm political media peace propaganda legal sales pr")
_CAPTURED_PLACES = words(
    "town towns city cities village villages capital airport base bases port province "
    "district territory hill heights ridge outpost garrison stronghold strongholds positions"
)
_RISING_AFTER = words("to up by from higher past above %")


def _offensive_launched(a: SentenceAnalysis, trig: Trigger) -> bool:
    before = window(a, trig.start - 4, trig.start)
    if _NOT_ARMED_OFFENSIVE.intersection(before[-2:]):
        return False
    owned = any(m.end in (trig.start, trig.start - 1) for m in a.mentions)
    return owned or bool(_OPENING_OFFENSIVE.intersection(before))


_ARMED_DOERS = words(
    "forces troops army military navy artillery gunners warships rebels militants guerrillas "
    "fighters insurgents militiamen"
)
_VESSELS = words("gunboats gunboat boats boat ships ship vessels vessel frigate corvette tanker")
_ARMED_DOERS_STRIKE = words("struck hit hits pounded pound pounds pounding targeted targeting")
# "the military hit its recruitment targets", "troops hit the headlines": no strike
_NOT_HIT = words("goal goals record records milestone headlines recruitment quota quotas sales")

_MEMBER_OF = words("from of belonging linked loyal")


def _group_of_gunmen(a: SentenceAnalysis, trig: Trigger) -> Actor | None:
    """ "gunmen from the Somali group al-Shabaab opened fire": the gunmen act for the group
    named after them (the group itself before a demonym that only describes it)."""
    if trig.phrase not in _GUNMEN or trig.end >= len(a.tokens):
        return None
    if a.tokens[trig.end].lower not in _MEMBER_OF:
        return None
    after = [m for m in a.mentions if trig.end < m.start <= trig.end + 6]
    named = [m for m in after if m.entity.canonical]
    groups = [m for m in named if m.entity.kind == "group"]
    chosen = groups or named
    return chosen[0].actor() if chosen else None


def _method_in(a: SentenceAnalysis, ctx: RuleContext) -> str | None:
    hits = ctx.lexicon.attack_methods.find_all([t.lower for t in a.tokens])
    return hits[0].payload if hits else None


# Objects that are attacked only in words: "attacking China's political system".
_PHRASE_ENDS = frozenset({",", ";", ".", "and", "but", "which", "that"})
_ABSTRACT_OBJECTS = words(
    "system policy policies decision decisions plan plans remarks comments speech statement "
    "statements report reports record proposal proposals law laws idea ideas ideology "
    "credibility reputation stance position approach handling rhetoric values"
)


def _has_victim(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> bool:
    after = window(a, trig.end, trig.end + 7)
    phrase = after[: next((n for n, w in enumerate(after) if w in _PHRASE_ENDS), len(after))]
    if _ABSTRACT_OBJECTS.intersection(phrase[:5]):
        return False
    if ctx.lexicon.infrastructure.find_all(after) or any(w in PEOPLE for w in after):
        return True
    return any(trig.end <= m.start <= trig.end + 4 for m in a.mentions)


def _incident_source(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> Actor | None:
    i = trig.start
    user = _force_used_by(a, i) or _government_forces(a, i, ctx)
    if user is not None:
        return user
    accused_before = _accused_before_of(a, i, ctx)
    if accused_before is not None:
        return accused_before[0] if accused_before else None
    if _is_verb(a, trig):
        if a.parsed:
            # "cluster bombs dropped by NATO": a participle's agent fired, not the noun it
            # describes (which the subject reading would give)
            agents = [x for x in actors_at(a, agent_heads(a, i), ctx.discourse) if x.canonical]
            if agents:
                return agents[0]
            accused = _accused_object(a, i, ctx)
            if accused is not None:
                # "accused Moscow of targeting": Moscow is the alleged actor; "accused the
                # rebels of massacring civilians": unnamed, but never the accuser
                return accused[0] if accused else None
            subjects, passive = clause_subjects(a, i, ctx)
            if passive:
                subjects = dedupe(actors_at(a, agent_heads(a, i), ctx.discourse))
                # "X has been accused of targeting civilians": X is the alleged actor.
                accused = _accused_subject(a, i, ctx)
                subjects = subjects or accused
            named = [s for s in subjects if s.kind != "unknown" or s.canonical]
            chosen = named or subjects
            if chosen and not chosen[0].canonical:
                return _demonym_on_subject(a, i) or _speakers_own(a, i, ctx) or chosen[0]
            return chosen[0] if chosen else None
        if is_passive(window(a, i - 2, i), trig.phrase):
            return _passive_agent(a, trig)
        if window(a, trig.end, trig.end + 1) == ["by"]:
            # "a drone launched by Hezbollah struck a house": a participle's agent fired
            agent = _passive_agent(a, trig)
            if agent is not None:
                return agent
        before = [m for m in a.mentions if m.end <= i and i - m.end <= 8]
        if before and (
            before[-1].start == 0 or a.tokens[before[-1].start - 1].lower not in PREPOSITIONS
        ):
            return linear_source(a, i)[0] if linear_source(a, i) else None
        return None
    # A noun: its modifier ("a Russian drone strike", "Israeli air strikes", "Israel's
    # strike") or "by X"; the nearest first ("Syrian state media said Israeli strikes hit").
    for m in reversed(a.mentions):
        # "a barrage of Israeli strikes", "complained over Israeli air raids": the demonym on
        # the act
        adjacent = m.start < i <= m.end or (m.end == i and m.via in _DEMONYM_VIAS)
        if (
            m.start < i
            and i - m.end <= 2
            and (adjacent or m.start == 0 or a.tokens[m.start - 1].lower not in PREPOSITIONS)
            # "comments of Theresa May on the poisoning": a preposition between, no modifier
            and not PREPOSITIONS.intersection(t.lower for t in a.tokens[m.end : i])
            # "the United States condemned the attack": an article starts another phrase
            and not _ARTICLES.intersection(t.lower for t in a.tokens[m.end : i])
        ):
            return m.actor()
    owner = _owner_or_agent(a, trig) or _carried_out_by(a, trig)
    if owner is not None:
        return owner
    launch = [j for j in range(max(0, i - 4), i) if a.tokens[j].lower in _LAUNCH_VERBS]
    if not a.parsed and launch:
        # "India carried out missile strikes": whoever carried them out
        found = linear_source(a, launch[0])
        return found[0] if found else None
    if a.parsed:
        i = trig.end - 1  # the noun heading "air strike"
        # "the downing of an Iranian airliner by a U.S. warship": the parser may hang "by" on
        # what was hit
        hit = [o for p in a.deps(i, "prep") if a.tokens[p].lower == "of" for o in a.deps(p, "pobj")]
        by = [
            o
            for h in [i, *hit]
            for p in a.deps(h, "prep")
            if a.tokens[p].lower == "by"
            for o in a.deps(p, "pobj")
        ]
        found = actors_at(a, by, ctx.discourse)
        if found:
            return found[0]
        head = a.head(i)
        if a.tokens[i].dep == "dobj" and a.tokens[head].lower in _LAUNCH_VERBS:
            # "accused Ukraine of carrying out an attack": the accused carried it out
            accused = _accused_object(a, head, ctx)
            if accused is not None:
                return accused[0] if accused else None
            subjects, _ = clause_subjects(a, head, ctx)
            return subjects[0] if subjects else None
    return None


_ARTICLES = words("the a an")
_DEMONYM_VIAS = frozenset({"demonym", "demonym_group"})


def _speakers_own(a: SentenceAnalysis, i: int, ctx: RuleContext) -> Actor | None:
    """ "Turkey's military said two of its F-16 jets shot down the warplane": a subject owned
    by "its" or "their", in someone's words, is the speaker's."""
    heads, _ = subject_heads(a, i)
    owned = any(a.tokens[t].lower in {"its", "their"} for h in heads[:1] for t in a.subtree(h))
    if not owned:
        return None
    said_by = speaker(a, i, ctx)
    return said_by if said_by is not None and said_by.canonical else None


def _demonym_on_subject(a: SentenceAnalysis, i: int) -> Actor | None:
    """ "The south Korean puppet group ... perpetrated the provocation of firing": a state's
    adjective among the subject noun's modifiers, with other words between it and the noun."""
    heads, _ = subject_heads(a, i)
    for h in heads[:1]:
        modifiers = {c for c in a.children(h) if a.tokens[c].dep in {"amod", "compound", "nmod"}}
        for m in a.mentions:
            backer = a.tokens[m.end].text == "-"  # "Iranian-backed militiamen" are not Iran
            modifies = m.end <= h and bool(modifiers.intersection(range(m.start, m.end)))
            if modifies and not backer and m.entity.kind == "state" and m.entity.canonical:
                return m.actor()
    return None


def _owner_or_agent(a: SentenceAnalysis, trig: Trigger) -> Actor | None:
    """ "North Korea's deadly artillery attack", "a cowardly attack by American helicopters":
    the owner before the act's noun, with only lower-case words between, or the agent after
    "by" as a passive verb's is read (on the words, so a sentence left unparsed reads it too)."""
    tokens = a.tokens
    for m in a.mentions:
        between = tokens[m.end + 1 : trig.start]
        if (
            m.end < trig.start
            and tokens[m.end].lower in {"'s", "’s"}
            and len(between) <= 3
            and all(t.text.islower() for t in between)
            # "Mali's junta said the attack ...": an article starts another phrase
            and not _ARTICLES.intersection(t.lower for t in between)
        ):
            return m.actor()
    return _passive_agent(a, trig)


_CARRIED_OUT = (("carried", "out", "by"), ("conducted", "by"), ("launched", "by"))
_CARRIED_REACH = 10


def _carried_out_by(a: SentenceAnalysis, trig: Trigger) -> Actor | None:
    """ "The attack on the hospital was carried out by a Russian cruise missile": the act's
    noun, then its passive verb in the same clause, then who did it."""
    lower = [t.lower for t in a.tokens]
    for k in range(trig.end, min(len(lower), trig.end + _CARRIED_REACH)):
        if lower[k] in {",", ";", ":"}:
            return None
        for shape in _CARRIED_OUT:
            if tuple(lower[k : k + len(shape)]) == shape and lower[k - 1 : k] != ["and"]:
                by = k + len(shape)
                agents = [m for m in a.mentions if by <= m.start <= by + 2 and m.entity.canonical]
                return agents[0].actor() if agents else None
    return None


def _passive_agent(a: SentenceAnalysis, trig: Trigger) -> Actor | None:
    """ "was hit by two missiles fired from Houthi-controlled territory": the agent after "by",
    or the one controlling where the fire came from; the subject is the victim."""
    lower = [t.lower for t in a.tokens]
    if lower[trig.end : trig.end + 1] == ["from"] and trig.phrase in _CAME_UNDER:
        # "came under fire from Armenian forces": who fired is named after "from"
        return next((m.actor() for m in a.mentions if trig.end < m.start <= trig.end + 3), None)
    by = trig.end if "by" in lower[trig.end : trig.end + 2] else _by_after_what_was_hit(lower, trig)
    if by is None:
        return None
    for m in a.mentions:
        if not by < m.start <= by + 10:
            continue
        prev = lower[m.start - 1]
        controlled = lower[m.end : m.end + 2] in (["-", w] for w in _CONTROLLED)
        if prev not in PREPOSITIONS - {"by"} or controlled:
            return m.actor()
    return None


_ACCUSED_OF_REACH = 10


def _by_after_what_was_hit(lower: list[str], trig: Trigger) -> int | None:
    """ "the downing of an Iranian airliner by a U.S. warship": the "by" after the act's "of"
    phrase, read on the words (a sentence with no statement in it is not parsed)."""
    if lower[trig.end : trig.end + 1] != ["of"]:
        return None
    after = lower[trig.end + 1 : trig.end + 6]
    if "by" not in after or any(w in {",", ";", "and", "which", "that"} for w in after):
        return None
    k = after.index("by")
    if k > 0 and (after[k - 1].endswith(("ed", "en")) or after[k - 1] in _CONTROLLED):
        return None  # "the shelling of areas controlled by Kyiv": whose the place is
    return trig.end + 1 + k


_GOVERNMENT_ARMS = words(
    "troops forces soldiers warplanes jets aircraft helicopters gunships artillery army"
)


def _government_forces(a: SentenceAnalysis, i: int, ctx: RuleContext) -> Actor | None:
    """ "Government warplanes bombed rebel-held towns in southern Sudan", "government troops
    clashed with rebels on Mindanao": a government's arms, in a war within one state, are that
    state's, the state the sentence's places are in (only when they are all in one)."""
    before = window(a, i - 3, i)
    if "government" not in before or not _GOVERNMENT_ARMS.intersection(before):
        return None
    if any(m.end <= i and m.entity.canonical for m in a.mentions):
        return None  # "Ethiopian government troops": the demonym already says whose
    countries = {p.place.country for p in a.places if p.place.country}
    if len(countries) != 1:
        return None
    state = ctx.gazetteer.state(countries.pop())
    if state is None:
        return None
    return Actor(text="government", canonical=state.canonical, kind="state", country=state.country)


def _force_used_by(a: SentenceAnalysis, i: int) -> Actor | None:
    """ "protested over the U.S. use of force to shoot down a balloon": whose use of force it
    was, read on the words (the parser hangs "to shoot down" on the main verb)."""
    if window(a, i - 4, i) != ["use", "of", "force", "to"]:
        return None
    end = i - 4
    if window(a, end - 1, end) in (["'s"], ["’s"]):
        end -= 1
    owner = next((m for m in a.mentions if m.end == end and m.entity.canonical), None)
    return owner.actor() if owner is not None else None


def _accused_before_of(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor] | None:
    """ "accused Russian forces on Sunday of massacring civilians": the act right after "of"
    is the accused's, read on the words because the parser often hangs "of" on the date; an
    accused the data does not know ("accused the rebels of ...") is still the doer, never the
    accuser. None when no accusing verb comes shortly before the "of"."""
    lower = [t.lower for t in a.tokens]
    k = i - 1
    while k > 0 and (lower[k].endswith("ly") or lower[k] in _ADVERBS_BEFORE_ACT):
        k -= 1  # "of deliberately targeting"
    if k <= 0 or lower[k] != "of":
        return None
    accusing = [j for j in range(max(0, k - _ACCUSED_OF_REACH), k) if lower[j] in _ACCUSING]
    if not accusing:
        return None
    between = [m for m in a.mentions if accusing[-1] < m.start and m.end <= k]
    named = [m.actor() for m in between if m.entity.canonical]
    if named:
        return named[:1]
    if a.parsed:
        objects = [o for o in a.deps(accusing[-1], "dobj") if o < k]
        return _accused_in(a, objects, ctx)[:1] if objects else None
    # unparsed: the words up to the first that starts a phrase of time or place
    end = next((j for j in range(accusing[-1] + 1, k) if lower[j] in _AFTER_ACCUSED), k)
    if end == accusing[-1] + 1:
        return None
    return [Actor(text=a.words(accusing[-1] + 1, end), canonical=None, kind="group")]


_AFTER_ACCUSED = words("on in at last yesterday today , --")


_ADVERBS_BEFORE_ACT = words("having also again")


def _retaliator(
    a: SentenceAnalysis, draft: EventDraft | None, hi: int, ctx: RuleContext
) -> EventDraft | None:
    """ "The Yemeni armed forces announced that 10 drones had struck the facilities in response
    to the aggression": an act with no doer named, which the speaker gives as a response, is
    the speaker's own."""
    if draft is None or (draft.source is not None and draft.source.canonical):
        return draft
    lower = [t.lower for t in a.tokens]
    if " ".join(lower[hi : hi + 3]) not in _CAUSE_MARKERS and (
        " ".join(lower[hi : hi + 2]) not in _CAUSE_MARKERS
    ):
        return draft
    said_by = speaker(a, draft.trigger, ctx) if a.parsed else reporter(a, ctx)
    if said_by is None or not said_by.canonical or said_by.kind not in {"state", "group"}:
        return draft
    if said_by.canonical in {t.canonical for t in draft.targets}:
        return draft
    return replace(draft, source=said_by)


_CRAFT = words(
    "cruiser warship warships frigate destroyer submarine gunboats jets warplanes aircraft "
    "helicopters bombers"
)


def _craft_told_before(
    a: SentenceAnalysis, draft: EventDraft | None, ctx: RuleContext
) -> EventDraft | None:
    """ "The cruiser had sunk two Iranian gunboats minutes earlier": a ship or aircraft named
    only as "the cruiser" is the one of the incident the article last told, so its doer's."""
    if draft is None or (draft.source is not None and draft.source.canonical):
        return draft
    doer = ctx.last_incident_doer
    lower = [t.lower for t in a.tokens]
    before = lower[max(0, draft.trigger - 4) : draft.trigger]
    if doer is None or "the" not in before or not _CRAFT.intersection(before):
        return draft
    if before.index("the") > max(n for n, w in enumerate(before) if w in _CRAFT):
        return draft
    if side_key(doer) in {side_key(t) for t in draft.targets}:
        return draft
    return replace(draft, source=doer)


_BLAME_REACH = 4
_ACCUSING_OF = words("accused accusing accuses")


def _doer_blamed_after(a: SentenceAnalysis, draft: EventDraft | None, hi: int) -> EventDraft | None:
    """ "Shelling continued on Friday, officials said, accusing Pakistani troops of targeting
    posts": an incident told with no doer, then blamed in the same clause on someone, was
    theirs (as the reporting side says)."""
    if draft is None or (draft.source is not None and draft.source.canonical):
        return draft
    lower = [t.lower for t in a.tokens]
    for k in range(draft.trigger + 1, hi):
        if lower[k] not in _ACCUSING_OF:
            continue
        blamed = [
            m
            for m in a.mentions
            if k < m.start <= k + _BLAME_REACH and m.entity.canonical and m.via != "reference"
        ]
        # "accusing X of shelling" names the doer; "blamed on X" only alleges one
        if blamed and "of" in lower[blamed[0].end : blamed[0].end + 3]:
            doer = blamed[0].actor()
            targets = tuple(t for t in draft.targets if side_key(t) != side_key(doer))
            return replace(draft, source=doer, targets=targets)
        return draft
    return draft


def _accused_object(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor] | None:
    """Who an accusing verb above the act names as its doer, named ones first; None when no
    accusing verb with an object governs the act."""
    for anc in a.ancestors(i)[:3]:
        if a.tokens[anc].lower in _ACCUSING:
            objects = a.deps(anc, "dobj")
            return _accused_in(a, objects, ctx) if objects else None
    return None


def _accused_in(a: SentenceAnalysis, objects: list[int], ctx: RuleContext) -> list[Actor]:
    """The accused an accusing verb's objects name: known actors, else the unnamed noun phrase
    up to its head ("the rebels", not "the rebels of massacring civilians")."""
    named = [x for x in actors_at(a, objects, ctx.discourse) if x.canonical]
    return named or [
        Actor(text=a.words(min(a.subtree(o)), o + 1), canonical=None, kind="group") for o in objects
    ]


def _accused_subject(a: SentenceAnalysis, i: int, ctx: RuleContext) -> list[Actor]:
    for anc in a.ancestors(i)[:4]:
        if a.tokens[anc].lower in {"accused", "blamed", "suspected"}:
            subjects, passive = clause_subjects(a, anc, ctx)
            if passive:
                return subjects
    return []


def _targets(
    a: SentenceAnalysis, trig: Trigger, ctx: RuleContext, source: Actor | None
) -> list[Actor]:
    found = incident_targets(
        a,
        trig,
        source,
        ctx.gazetteer,
        fallbacks=(ctx.last_incident_target, ctx.discourse.home),
    )
    found = [as_of(t, ctx.published, ctx.gazetteer) for t in found]
    if found:
        ctx.last_incident_target = found[0]
    return found


def _weapon_counts(a: SentenceAnalysis, ctx: RuleContext) -> tuple[Figure, ...]:
    out: list[Figure] = []
    for n in a.numbers:
        after = window(a, n.end, n.end + 3)
        weapon = ctx.lexicon.weapons.find_all(after)
        if weapon and n.unit is None:
            unit = a.tokens[n.end + weapon[0].end - 1].lower
            out.append(make_figure(n, unit, "launched"))
    return tuple(out[:3])


def _defender_of_place(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> Actor | None:
    for place in places_in(a, [], near=trig.end):
        state = ctx.gazetteer.state(place.country) if place.country else None
        if state is not None:
            return Actor(
                text=place.text, canonical=state.canonical, kind="state", country=state.country
            )
    return None


def _interception(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> list[EventDraft]:
    reading = read_trigger(a, trig, ctx.lexicon, "interception_reported")
    if reading == "skip" or not_news_of_incident(a, trig, ctx):
        return []
    sources: list[Actor | None] = [_incident_source(a, trig, ctx)]
    if a.parsed:
        # "intercepted by Israeli and US air defences": one interception per defender
        agents = {t for h in agent_heads(a, trig.start) for t in a.subtree(h)}
        by = dedupe(m.actor() for m in a.mentions if agents.intersection(range(m.start, m.end)))
        sources = list(by) or sources
    else:
        sources = list(linear_agents(a, trig.end - 1)) or sources
    if sources == [None] or all(s is None or s.canonical is None for s in sources):
        # "its air defences had destroyed 28 drones, the ministry said": the reporter's side
        sources = [reporter(a, ctx) or sources[0]]
    elif _own_defences_after(a, trig):
        # "was intercepted by its air defences, the military said": "its" is the speaker's,
        # not the nearest name (often where the missile came from)
        sources = [reporter(a, ctx) or sources[0]]
    if sources == [None]:
        # "several drones were shot down on the approach to Moscow": air defences over a
        # country are that country's
        sources = [_defender_of_place(a, trig, ctx)]
    figures = [
        make_figure(n, "drones", "intercepted")
        for n in a.numbers
        if abs(n.start - trig.end) <= 3 or abs(trig.start - n.end) <= 3
    ]
    return [
        EventDraft(
            kind="interception_reported",
            sentence=a.index,
            trigger=trig.start,
            trigger_offset=a.tokens[trig.start].start,
            source=source,
            targets=tuple(_launcher(a, trig, ctx, source)),
            modality=reading,
            figures=tuple(figures[:2]),
            places=places_in(a, [source], near=trig.end),
            about_kinds=("strike_reported",),
            confidence=confidence(
                0.6,
                named_source=bool(source and source.canonical),
                parsed=a.parsed,
                alleged=reading == "alleged",
            ),
        )
        for source in sources
    ]


_OWN = words("its their our")


def _own_defences_after(a: SentenceAnalysis, trig: Trigger) -> bool:
    """ "intercepted by its air defences", "shot down by our fighters"."""
    after = window(a, trig.end, trig.end + 3)
    return after[:1] == ["by"] and bool(_OWN.intersection(after[1:3]))


def _launcher(
    a: SentenceAnalysis, trig: Trigger, ctx: RuleContext, defender: Actor | None
) -> list[Actor]:
    """Whose munitions were intercepted: the owner named on them ("40 Ukrainian drones",
    "drones launched by Russia", "missiles fired from Yemen"), else the doer of the incident
    the article last reported; never the defender itself."""
    lower = [t.lower for t in a.tokens]
    defended = side_key(defender) if defender is not None else ""
    found: list[Actor] = []
    for m in a.mentions:
        if not m.entity.canonical or m.via == "reference":
            continue
        on_weapon = any(w in _MUNITION_WORDS for w in lower[m.end : m.end + 2])
        after_launch = m.start >= 2 and (
            lower[m.start - 2 : m.start] in (["launched", "by"], ["fired", "by"])
            or lower[m.start - 2 : m.start] in (["launched", "from"], ["fired", "from"])
        )
        if (on_weapon or after_launch) and side_key(m.actor()) != defended:
            found.append(m.actor())
    for j, word in enumerate(lower):
        if word in _MUNITION_WORDS and j > 0 and not found:
            # "40 Ukrainian drones": a demonym, which names no actor before a weapon
            state = ctx.gazetteer.state_ending_at([t.text for t in a.tokens[max(0, j - 2) : j]])
            if state is not None and state.canonical:
                actor = Actor(
                    text=a.tokens[j - 1].text,
                    canonical=state.canonical,
                    kind="state",
                    country=state.country,
                )
                if side_key(actor) != defended:
                    found.append(actor)
    doer = ctx.last_incident_doer
    if not found and doer is not None and side_key(doer) != defended:
        found.append(doer)
    return dedupe(found)[:1]


_MUNITION_WORDS = words("drone drones uav uavs missile missiles rocket rockets shells projectiles")
