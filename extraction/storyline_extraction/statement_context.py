"""What an article's statements take from the rest of the article: whom they answer, and when.

A denial, a doubt or a threat often names nobody in its own sentence ("Iran rejected the
accusations", "the figure could not be verified", "vowed to avenge the victims"). The article
says whom: the accusation aimed at the denier's side, the claim doubted, the adversary the
threatener has been accusing or been struck by. This pass, over all the drafts of an article in
order, fills those targets (as states or organisations: a spokesman's claim is his state's),
takes out any target on the speaker's own side (nobody accuses, denies or threatens itself), and
dates on the publication day a statement whose sentence gives no time of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from storyline_extraction.doubt_rules import BOTH_SIDES
from storyline_extraction.event_draft import DOER_UNNAMED, EventDraft, actor_key
from storyline_extraction.gazetteer import Gazetteer, group_names
from storyline_extraction.sentence_analysis import SPEECH_ACT_KINDS
from storyline_extraction.values import Actor, EventTime

_NOBODY = Actor(text="")
_INCIDENTS = frozenset({"strike_reported", "attack_reported"})
_CLAIMS = frozenset(
    {
        "accusation_made",
        "responsibility_claimed",
        "casualties_reported",
        "statistic_reported",
        "strike_reported",
        "attack_reported",
        "interception_reported",
    }
)
_AGAINST = frozenset({"accusation_made", "denial_issued", "threat_issued", "skepticism_expressed"})


def settle_statements(
    drafts: Sequence[EventDraft], gazetteer: Gazetteer, published: date
) -> list[EventDraft]:
    """The drafts of one article, in article order, with statements completed (see above)."""
    ordered = sorted(drafts, key=lambda d: (d.sentence, d.trigger_offset))
    for n, d in enumerate(ordered):
        if d.kind not in SPEECH_ACT_KINDS:
            continue
        if d.when is None:
            d.when = EventTime(text=None, start=published, end=published, precision="day")
        if d.kind in _AGAINST and d.source is not None:
            d.targets = tuple(t for t in d.targets if not is_itself(t, d.source))
        if d.kind in _ANSWERING and d.targets:
            # "dismissed Mrs May's claim": whose claim, as a state ("a spokesman's claim is his
            # state's")
            d.targets = tuple(_parties(d.targets, gazetteer)) or d.targets
        if d.targets or d.kind == "accusation_made":
            continue
        earlier = ordered[:n]
        who = d.source or _NOBODY
        if d.kind == "denial_issued" and d.source is not None:
            # the latest accusation by another only when just told: one told further back,
            # aimed at someone else, is not what the denial answers
            just_told = [e for e in ordered[: n + 1] if e.sentence >= d.sentence - 1]
            found = (
                _accusers_of(who, earlier, gazetteer)
                or _latest_accuser(who, just_told, gazetteer)
                or _adversaries(who, earlier, gazetteer)
                # a lead that quotes the denial before the accusation it answers
                or _accusers_of(who, ordered[n + 1 :], gazetteer)
            )
        elif d.kind == "threat_issued" and d.source is not None:
            # the adversary named before, else the first one named after (a lead often quotes
            # the threat before the strike or the accusation it answers)
            later = ordered[n + 1 :][::-1]
            found = _adversaries(who, earlier, gazetteer) or _adversaries(who, later, gazetteer)
        elif d.kind == "skepticism_expressed" and BOTH_SIDES in d.notes:
            found = _two_sides(earlier, gazetteer) or _claimants(who, earlier, gazetteer)
        elif d.kind == "skepticism_expressed":
            found = _claimants(who, earlier, gazetteer)
        else:
            continue
        if found:
            d.targets = tuple(found)
        d.target_from_link = False  # whom it answers is settled here, or unknown
    # an accusation left with nobody but its own side accuses nobody; one that names a wrong
    # before anyone is blamed for it stands without a target
    return [
        d for d in ordered if d.kind != "accusation_made" or d.targets or DOER_UNNAMED in d.notes
    ]


_ANSWERING = frozenset({"denial_issued", "skepticism_expressed"})


def same_side(x: Actor, other: Actor) -> bool:
    """The same actor, or a person or state of the same state (a group stays itself)."""
    if actor_key(x) == actor_key(other):
        return True
    if x.kind in {"group", "organisation"} or other.kind in {"group", "organisation"}:
        return False
    return bool(x.country) and x.country == other.country


_OFFICE_WORDS = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "president",
        "premier",
        "chancellor",
        "ambassador",
        "envoy",
        "secretary",
        "ministry",
        "foreign",
        "defence",
        "defense",
        "government",
        "kremlin",
        "king",
        "emir",
        "army",
        "military",
        "general",
        "commander",
        "chief",
    ]
)


def is_itself(target: Actor, source: Actor) -> bool:
    """Whether a target is the source itself: the same actor, its state, or (for someone who
    holds an office of a state) that state. A rebel commander accusing his own state's army,
    or a mercenary chief its defence ministry, accuses someone else."""
    if actor_key(target) == actor_key(source):
        return True
    if not source.country or target.country != source.country:
        return False
    if source.kind == "state":
        return target.kind in {"state", "person"}
    role = source.role or ""
    office = source.kind == "person" and (
        (bool(set(role.lower().split()) & _OFFICE_WORDS) and not _names_a_group(role))
        # "Deputy chairman of Russia's Security Council": an office the role names the state of
        or bool(target.canonical and target.canonical in role)
    )
    return office and target.kind == "state"


def _names_a_group(role: str) -> bool:
    """ "Commander of the Rapid Support Forces", "Head of the Wagner Group": command of a group,
    not an office of the state the holder comes from (a rebel commander accusing his state's
    army). A group's spokesman still speaks as the side it styles itself ("Yemeni forces")."""
    lower = role.lower()
    commands = bool(set(lower.replace("-", " ").split()) & _COMMAND_WORDS)
    return commands and any(name in lower for name in group_names())


_COMMAND_WORDS = frozenset({"commander", "head", "chief", "leader"})


def _party(actor: Actor, gazetteer: Gazetteer) -> Actor:
    """A person's claim is their state's: a denial answers Russia, not Dmitry Peskov."""
    if actor.kind == "person":
        state = gazetteer.state(actor.country)
        if state is not None:
            return Actor(
                text=actor.text, canonical=state.canonical, kind="state", country=state.country
            )
    return actor


def _parties(actors: Sequence[Actor], gazetteer: Gazetteer) -> list[Actor]:
    out: dict[str, Actor] = {}
    for x in actors:
        if x.canonical:
            p = _party(x, gazetteer)
            out.setdefault(actor_key(p), p)
    return list(out.values())


def _accusers_of(denier: Actor, earlier: Sequence[EventDraft], gazetteer: Gazetteer) -> list[Actor]:
    """Everyone who, so far in the article, accused the denier's side."""
    aimed = [
        e
        for e in earlier
        if e.kind == "accusation_made"
        and e.source is not None
        and e.source.canonical
        and any(
            same_side(t, denier) or (t.country and t.country == denier.country) for t in e.targets
        )
    ]
    sources = [e.source for e in aimed if e.source is not None]
    return [p for p in _parties(sources, gazetteer) if not same_side(p, denier)]


def _latest_accuser(
    denier: Actor, earlier: Sequence[EventDraft], gazetteer: Gazetteer
) -> list[Actor]:
    """The accusation a denial most likely answers when none names the denier's side: the
    latest one, by someone else (in the same sentence first)."""
    for e in reversed(earlier):
        by = e.source
        if e.kind == "accusation_made" and by and by.canonical and not same_side(by, denier):
            return _parties([by], gazetteer)
    return []


def _adversaries(
    threatener: Actor, earlier: Sequence[EventDraft], gazetteer: Gazetteer
) -> list[Actor]:
    """The latest party the threatener's side accused, or that struck the threatener's side;
    else the latest that accused the threatener's side, or that its denials answered."""
    for e in reversed(earlier):
        if e.source is None:
            continue
        if e.kind == "accusation_made" and same_side(e.source, threatener):
            found = [t for t in _parties(e.targets, gazetteer) if not same_side(t, threatener)]
            if found:
                return found
        hit_us = e.kind in _INCIDENTS and any(same_side(t, threatener) for t in e.targets)
        if hit_us and e.source.canonical and not same_side(e.source, threatener):
            return _parties([e.source], gazetteer)
    for e in reversed(earlier):
        # else whoever accused the threatener's side, or whom its denials answered
        if e.source is None or not e.source.canonical:
            continue
        accused_us = any(same_side(t, threatener) for t in e.targets)
        if e.kind == "accusation_made" and accused_us and not same_side(e.source, threatener):
            return _parties([e.source], gazetteer)
        if e.kind == "denial_issued" and same_side(e.source, threatener):
            found = [t for t in _parties(e.targets, gazetteer) if not same_side(t, threatener)]
            if found:
                return found
    return []


_CONFLICT = frozenset({"accusation_made", "denial_issued", "strike_reported", "attack_reported"})


def _two_sides(earlier: Sequence[EventDraft], gazetteer: Gazetteer) -> list[Actor]:
    """ "claims by both sides could not be verified": the two parties of the latest accusation,
    denial or incident that has both a named doer and a named party it is aimed at."""
    for e in reversed(earlier):
        if e.kind not in _CONFLICT or e.source is None or not e.source.canonical:
            continue
        by = _party(e.source, gazetteer)
        against = [t for t in _parties(e.targets, gazetteer) if not same_side(t, by)]
        if against:
            return [by, against[0]]
    return []


def _claimants(doubter: Actor, earlier: Sequence[EventDraft], gazetteer: Gazetteer) -> list[Actor]:
    """Whose claim a doubt answers: the latest claim by someone other than the doubter. An act
    told inside an accusation ("Russia said Ukrainian drones had attacked the Kremlin") is the
    accuser's claim, not its doer's."""
    for e in reversed(earlier):
        by = e.source
        if by is None or not by.canonical or e.kind not in _CLAIMS:
            continue
        if not same_side(by, doubter) and not _told_by_accuser(e, earlier):
            return _parties([by], gazetteer)
    return []


def _told_by_accuser(act: EventDraft, events: Sequence[EventDraft]) -> bool:
    """Whether an accusation in the act's own sentence accuses the act's doer."""
    doer = actor_key(act.source)
    return act.kind != "accusation_made" and any(
        e.kind == "accusation_made"
        and e.sentence == act.sentence
        and any(actor_key(t) == doer for t in e.targets)
        for e in events
    )
