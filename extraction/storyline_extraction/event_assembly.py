"""From drafts to identified events: dates, links between events, and ids.

Ids are ``deterministic_event_id(article_id, version, extractor version, type, evidence offsets,
actors)``: nothing about the story or the time of extraction goes in, so extracting the same
article version again yields the same ids.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import datetime, timedelta

from storyline_extraction.event_draft import EventDraft, actor_key
from storyline_extraction.extraction_records import ExtractedEvent
from storyline_extraction.gazetteer import Gazetteer
from storyline_extraction.ids import deterministic_event_id
from storyline_extraction.sentence_analysis import SPEECH_ACT_KINDS, SentenceAnalysis
from storyline_extraction.values import Actor, EventTime, Evidence

_NOBODY = Actor(text="")
_SPEECH = frozenset({"said", "says", "told", "announced", "stated", "claimed", "added"})
_INCIDENTS = frozenset({"strike_reported", "attack_reported"})
_INCIDENT_KINDS = frozenset(
    {"strike_reported", "attack_reported", "casualties_reported", "interception_reported"}
)
# Older than this, a dated happening is background, not news.
_HISTORY = timedelta(days=60)
_VERBS = {
    "strike_reported": "strike reported",
    "attack_reported": "attack reported",
    "accusation_made": "accused",
    "denial_issued": "denied",
    "threat_issued": "threatened",
    "pledge_made": "pledged",
    "casualties_reported": "reported casualties",
    "statistic_reported": "reported a figure",
    "skepticism_expressed": "doubted",
    "interception_reported": "intercepted",
    "responsibility_claimed": "claimed responsibility",
    "sanction_imposed": "sanctioned",
    "participation_reported": "said to lead",
}


def attach_dates(a: SentenceAnalysis, drafts: Sequence[EventDraft]) -> None:
    """Each date goes to the event whose trigger it modifies in the parse ("on Wednesday
    its spokesman said X was behind it" dates the accusation), else to the nearest trigger
    before it, else the nearest after it; coordinated verbs share a date ("on Tuesday
    accused Iran ... and announced sanctions")."""
    order = sorted(
        a.dates, key=lambda dm: (not dm.forward, not _dates_incident_before(dm.start, drafts))
    )
    for dm in order:
        if dm.forward:
            # "Saturday's shelling", "a day after a bombing": the next incident's date
            ahead = [
                d
                for d in drafts
                if d.kind in _INCIDENT_KINDS and 0 <= d.trigger_offset - dm.end < 80 and not d.when
            ]
            if ahead:
                ahead[0].when = dm.time
                continue
        before = [d for d in drafts if d.trigger_offset < dm.start]
        after = [d.trigger_offset for d in drafts if d.trigger_offset >= dm.start]
        nearest = max(before, key=lambda d: d.trigger_offset) if before else None
        chosen = _syntactic_owner(a, dm.start, drafts) if a.parsed else None
        if (
            nearest is not None
            and nearest.kind in _INCIDENT_KINDS
            and (chosen is None or dm.start - nearest.trigger_offset < 60)
        ):
            # "a drone strike on the Kremlin on 29 April": a date right after an incident
            # dates the incident, wherever the parser attached it
            chosen = nearest.trigger_offset
        if chosen is None:
            chosen = nearest.trigger_offset if nearest else (min(after) if after else None)
        for d in drafts:
            if d.trigger_offset == chosen and d.when is None:
                if a.parsed and d.kind in _ABOUT_PAST_ACTS and _in_content(a, dm.start, d):
                    continue  # "accused Peres, whom he defeated in May, of ...": not when said
                d.when = dm.time
    if a.parsed:
        _share_with_conjuncts(a, drafts)
    # The incident kinds of one sentence describe one incident: one date for all of them.
    dated = [d.when for d in drafts if d.kind in _INCIDENT_KINDS and d.when is not None]
    for d in drafts:
        if d.kind in _INCIDENT_KINDS and d.when is None and dated:
            d.when = dated[0]


def _dates_incident_before(offset: int, drafts: Sequence[EventDraft]) -> bool:
    """Whether an incident trigger comes just before a date ("an attack on the island on
    Tuesday"): such a date is the incident's, and is given out before the others."""
    return any(d.kind in _INCIDENT_KINDS and 0 < offset - d.trigger_offset < 60 for d in drafts)


def _trigger_tokens(a: SentenceAnalysis, d: EventDraft) -> set[int]:
    ends = [t.end for t in a.triggers if t.start == d.trigger]
    return set(range(d.trigger, max(ends, default=d.trigger + 1)))


def _syntactic_owner(a: SentenceAnalysis, offset: int, drafts: Sequence[EventDraft]) -> int | None:
    """The trigger offset of the draft a date at body ``offset`` modifies, if the parse says."""
    first = next((t.i for t in a.tokens if t.start >= offset), None)
    if first is None:
        return None
    owned = {i: d for d in drafts for i in _trigger_tokens(a, d)}
    for anc in [first, *a.ancestors(first)]:
        if anc in owned:
            return owned[anc].trigger_offset
        if a.tokens[anc].lower in _SPEECH:
            below = set(a.subtree(anc))
            inside = [d for d in drafts if d.trigger in below]
            if inside:
                return min(inside, key=lambda d: abs(d.trigger - first)).trigger_offset
            return None
    return None


# Statements about acts already done: a date in what they say is the act's. (A pledge or a
# threat is dated by the action it promises, a claim of responsibility by the act claimed.)
_ABOUT_PAST_ACTS = frozenset({"accusation_made", "denial_issued", "skepticism_expressed"})
# How a date hangs from a speech act's verb when it says when the act was done ("accused X on
# Tuesday", "on Tuesday, X denied"); a clause or an object on the way makes it part of what was
# said ("accused Iraq of violating the ceasefire that ended their 1980-88 war").
_ATTACHING = frozenset(
    {"prep", "pobj", "npadvmod", "tmod", "advmod", "compound", "nummod", "amod", "det"}
    | {"quantmod", "appos", "punct", "nmod", "cc"}
)
_CONTENT_PREPOSITIONS = frozenset({"of", "for", "over", "about", "that", "between"})


def _in_content(a: SentenceAnalysis, offset: int, d: EventDraft) -> bool:
    """Whether the date at body ``offset`` sits inside what the speech act ``d`` says, rather
    than saying when it was said."""
    kinds = {t.kind for t in a.triggers if t.start == d.trigger}
    if not kinds & SPEECH_ACT_KINDS or kinds & _INCIDENT_KINDS:
        return False  # an act reported as someone's ("... killed seven, state media said")
    first = next((t.i for t in a.tokens if t.start >= offset), None)
    if first is None or first <= d.trigger or first not in set(a.subtree(d.trigger)):
        return False  # what is said follows the verb
    path = [first, *a.ancestors(first)]
    if d.trigger not in path:
        return False
    below = path[: path.index(d.trigger)]
    top = a.tokens[below[-1]]
    if top.dep == "prep" and top.lower in _CONTENT_PREPOSITIONS:
        return True
    return any(a.tokens[i].dep not in _ATTACHING for i in below)


def _share_with_conjuncts(a: SentenceAnalysis, drafts: Sequence[EventDraft]) -> None:
    for d in drafts:
        if d.when is None:
            continue
        for conj in a.deps(d.trigger, "conj"):
            below = set(a.subtree(conj))
            for other in drafts:
                if other.when is None and other.trigger in below:
                    other.when = d.when


_FIGURES = frozenset({"statistic_reported"})


def date_undated_incidents(drafts: Sequence[EventDraft], published: datetime) -> None:
    """An incident whose sentence gives no time is dated by the article: the nearest dated
    incident before it (copy follows one incident from sentence to sentence: "Drones struck
    the plant on Saturday. ... the Houthis said they had launched 10 drones"), else the
    nearest after it, else the report's own day; an undated figure is the report's day's."""
    ordered = sorted(drafts, key=_place)
    dated = [d for d in ordered if d.kind in _INCIDENT_KINDS and d.when is not None]
    places = [_place(d) for d in dated]
    # A toll or an interception belongs to a strike or an attack: the nearest of those dates it
    # before a toll of another incident does ("strikes on Wednesday, two weeks after militants
    # killed 26 tourists ... 26 civilians were killed in the strikes"). The latest strike or
    # attack up to each dated incident, worked out once: an article of thousands of sentences
    # must not cost a pass over its incidents for each undated one.
    struck_by: list[EventDraft | None] = []
    for x in dated:
        struck_by.append(x if x.kind in _INCIDENTS else (struck_by[-1] if struck_by else None))
    today = EventTime(start=published.date(), end=published.date(), precision="day")
    for d in ordered:
        if d.when is not None or d.kind not in _INCIDENT_KINDS | _FIGURES:
            continue
        if d.kind in _FIGURES:
            d.when = today
            continue
        before = bisect_left(places, _place(d))  # the dated incidents told before it
        if before:
            source: EventDraft | None = struck_by[before - 1] or dated[before - 1]
        else:
            source = dated[0] if dated else None  # the nearest after it
        d.when = source.when if source is not None else today


def _place(draft: EventDraft) -> tuple[int, int]:
    """Where a draft stands in its article: its sentence, then its trigger within it."""
    return (draft.sentence, draft.trigger_offset)


def is_background(draft: EventDraft, published: datetime) -> bool:
    when = draft.when
    if when is None or when.end is None or draft.kind == "statistic_reported":
        return False
    return when.end < published.date() - _HISTORY


def assemble(
    drafts: Sequence[EventDraft],
    sentences: dict[int, SentenceAnalysis],
    *,
    article_id: str,
    article_version: int,
    extractor_version: str,
    gazetteer: Gazetteer,
) -> list[ExtractedEvent]:
    ordered = sorted(drafts, key=lambda d: (d.sentence, d.trigger_offset))
    ids: list[str] = []
    seen: dict[str, int] = {}
    for d in ordered:
        a = sentences[d.sentence]
        parts = (
            article_id,
            article_version,
            extractor_version,
            d.kind,
            a.start,
            a.end,
            actor_key(d.source),
            "|".join(sorted(actor_key(t) for t in d.targets)),
        )
        base = deterministic_event_id(*parts)
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else deterministic_event_id(*parts, seen[base]))

    links = [_link(n, ordered) for n in range(len(ordered))]
    out: list[ExtractedEvent] = []
    for n, d in enumerate(ordered):
        linked = links[n]
        if linked is not None:
            other = ordered[linked]
            if d.target_from_link and other.source is not None and other.source.canonical:
                # "Britain, France and Germany accused Iran ...; Iran denied the accusation":
                # the denial answers every accuser of that sentence.
                joint = [
                    o.source
                    for o in ordered
                    if o.kind == other.kind
                    and o.sentence == other.sentence
                    and o.targets == other.targets
                    and o.source is not None
                    and o.source.canonical
                ]
                parties = [as_party(x, gazetteer) for x in joint or [other.source]]
                d.targets = tuple({actor_key(p): p for p in parties}.values())
            if d.kind == "casualties_reported" and d.when is None:
                d.when = other.when
        a = sentences[d.sentence]
        out.append(
            ExtractedEvent(
                event_id=ids[n],
                kind=d.kind,
                source=d.source,
                targets=d.targets,
                when=d.when,
                where=d.places,
                modality=d.modality,
                about=(ids[linked],) if linked is not None else (),
                summary=_summary(d),
                evidence=Evidence(sentence=a.text, start=a.start, end=a.end),
                confidence=d.confidence,
                extractor_version=extractor_version,
                weapon=d.weapon,
                method=d.method,
                text=d.text,
                figures=d.figures,
                on_behalf_of=d.on_behalf_of,
            )
        )
    return out


def as_party(actor: Actor, gazetteer: Gazetteer) -> Actor:
    """A spokesperson's claim is their state's: a denial answers Russia, not Dmitry Peskov."""
    if actor.kind == "person":
        state = gazetteer.state(actor.country)
        if state is not None:
            return Actor(
                text=actor.text, canonical=state.canonical, kind="state", country=state.country
            )
    return actor


def _link(n: int, ordered: Sequence[EventDraft]) -> int | None:
    """The event draft ``n`` answers or is about, by kind, same sentence first, then nearest
    before it; a denial answers the accusation aimed at the denier, or the one just told."""
    d = ordered[n]
    if not d.about_kinds:
        return None
    candidates = [m for m, o in enumerate(ordered) if o.kind in d.about_kinds and m != n]
    if not candidates:
        return None
    same = [m for m in candidates if ordered[m].sentence == d.sentence]
    if same and d.kind != "denial_issued":
        return same[0]
    earlier = [m for m in candidates if m < n]
    if d.target_from_link:
        # the claim answered or doubted is one somebody made
        earlier = [m for m in earlier if (ordered[m].source or _NOBODY).canonical] or earlier
    if d.kind == "denial_issued" and d.source is not None:
        me = actor_key(d.source)
        country = d.source.country
        aimed = [
            m
            for m in earlier
            if any(
                actor_key(t) == me or (country and t.country == country) for t in ordered[m].targets
            )
        ]
        if aimed:
            return aimed[-1]
        # Otherwise only the accusation just told ("Moscow accused the United States ... The
        # US and Ukraine both denied the allegation"): one told further back, and aimed at
        # someone else, is not what this denial answers ("The United States dismissed the
        # claim" three sentences after the White House named the Islamic State).
        near = [m for m in earlier if ordered[m].sentence >= d.sentence - 1]
        return near[-1] if near else None
    if earlier:
        return earlier[-1]
    return candidates[0] if d.kind in {"accusation_made", "casualties_reported"} else None


def _summary(d: EventDraft) -> str:
    who = (d.source.canonical or d.source.text) if d.source else "unknown"
    whom = ", ".join(t.canonical or t.text for t in d.targets)
    if d.on_behalf_of is not None:
        side = d.on_behalf_of.canonical or d.on_behalf_of.text
        against = f" against {whom}" if whom else ""
        return f"{who} said to lead {side}'s {d.text or 'operation'}{against}"[:300]
    parts = [who, _VERBS.get(d.kind, d.kind)]
    if whom:
        parts.append(whom)
    if d.text:
        parts.append(f"({d.text})")
    if d.figures:
        f = d.figures[0]
        parts.append(f"[{f.text or f.value} {f.counts or ''}]".replace(" ]", "]"))
    return " ".join(parts)[:300]
