"""Rules for figures: casualties ("killing 12 people and wounding 30") and statistics ("car
sales rose 170% in April, according to Autostat"), with value, unit, what is counted and who
reports it.
"""

from __future__ import annotations

from storyline_extraction.event_draft import EventDraft
from storyline_extraction.figures import NumberMention
from storyline_extraction.gazetteer import Mention
from storyline_extraction.incident_framing import not_news_of_incident
from storyline_extraction.incident_targets import as_of, incident_targets
from storyline_extraction.modality import read_trigger
from storyline_extraction.rule_context import (
    RuleContext,
    confidence,
    places_in,
    reporter,
    window,
)
from storyline_extraction.sentence_analysis import SentenceAnalysis, Trigger
from storyline_extraction.values import Actor, Figure
from storyline_extraction.word_sets import words

PEOPLE = words(
    "terrorists insurgents jihadists gunmen hostages rebels people civilians soldiers children "
    "women men troops fighters militants police officers "
    "policemen workers passengers residents villagers students worshippers personnel "
    "servicemen members others person child soldier civilian journalists staff commander "
    "commanders officer guards pilgrims migrants protesters crew sailors"
)

_KILLED = frozenset(
    ["killed", "killing", "dead", "died", "death", "deaths", "lost", "bodies", "toll"]
)

_INJURED = frozenset(["wounded", "injured", "injuring", "wounding", "hurt", "injuries"])
# Words that give a toll only with a figure: "rows of bodies", "the toll rose", "many lives".
_EVERYONE_ABOARD = frozenset({"board", "aboard"})
_NEED_A_NUMBER = frozenset({"bodies", "lives", "toll", "injuries", "missing", "death toll"})
_ACCUSING_OF = words("accused accusing accuses accusations allegations alleged claim claims")


def _mentions_deaths_only(a: SentenceAnalysis, trig: Trigger) -> bool:
    """ "the killing of Soleimani", "the dead soldiers", "accused the army of killing
    civilians": deaths named or alleged, with no toll given."""
    before = window(a, trig.start - 2, trig.start)
    after = window(a, trig.end, trig.end + 1)
    if trig.phrase in {"killing", "killings", "dead"} and before[-1:] in (["the"], ["alleged"]):
        return after != ["in"] or trig.phrase == "dead"
    return bool(_ACCUSING_OF.intersection(window(a, trig.start - 8, trig.start)))


_CHANGE = words(
    "rose rising fell falling increased increase decreased grew growth dropped jumped surged "
    "slumped climbed declined up down boost rise fall drop averaged reached totalled totaled "
    "stood stayed accelerated slowed expected"
)
# Attack methods that are a different incident from a strike in the same sentence.

_PERPETRATORS = words(
    "militants gunmen fighters jihadists insurgents rebels attackers bombers assailants "
    "extremists terrorists gangs gangsters"
)


def make_figure(n: NumberMention, unit: str | None, counts: str | None) -> Figure:
    return Figure(
        value=n.value, low=n.low, high=n.high, unit=n.unit or unit, counts=counts, text=n.text
    )


def casualty_draft(
    a: SentenceAnalysis, triggers: list[Trigger], ctx: RuleContext
) -> EventDraft | None:
    figures: list[Figure] = []
    valid: list[Trigger] = []
    used: set[int] = set()
    for trig in triggers:
        if read_trigger(a, trig, ctx.lexicon, "casualties_reported") == "skip":
            continue
        if not_news_of_incident(a, trig, ctx):
            continue
        counts = (
            "injured"
            if trig.phrase.split()[0] in _INJURED
            else ("missing" if trig.phrase == "missing" else "killed")
        )
        number = _casualty_number(a, trig, used)
        if number is not None:
            used.add(number.start)
            figures.append(make_figure(number, "people", counts))
            valid.append(trig)
        elif trig.phrase in _NEED_A_NUMBER or _mentions_deaths_only(a, trig):
            continue
        elif trig.phrase != "missing" and (
            any(w in PEOPLE for w in window(a, trig.start - 3, trig.end + 6))
            # "all ten people on board the plane were killed", "all those on board died"
            or bool(_EVERYONE_ABOARD.intersection(window(a, trig.start - 8, trig.start)))
            or any(m.entity.kind == "person" and abs(m.start - trig.end) <= 2 for m in a.mentions)
        ):
            valid.append(trig)
    if not valid:
        return None
    first = valid[0]
    source = toll_source(a, first, ctx)
    return EventDraft(
        kind="casualties_reported",
        sentence=a.index,
        trigger=first.start,
        trigger_offset=a.tokens[first.start].start,
        source=source,
        figures=tuple(figures),
        places=places_in(a, [source]),
        about_kinds=("strike_reported", "attack_reported"),
        confidence=confidence(
            0.6, named_source=bool(source and source.canonical), parsed=a.parsed, alleged=False
        ),
    )


# Who gives a toll: "officials said", "the navy said", "police say", "the Kenya Red Cross put the
# death toll at 68", "according to health officials".
_TOLL_VERBS = words(
    "said says say told reported reports stated confirmed added put puts estimated estimates "
    "gave gives announced raised raises revised"
)
# An unnamed official body speaks for its state ("officials said", "the navy said", "the
# prosecutor's office said"); police, security sources, medics and witnesses name nobody.
_OFFICIAL_NOUNS = words(
    "officials official military army navy government governments ministry ministries "
    "authorities services office committee spokesman spokeswoman spokesperson prosecutor "
    "prosecutors commission command forces defence defense embassy chiefs staff headquarters"
)
_NOBODY_NOUNS = words("police policeman witnesses residents medics sources source activists")
# Between a quote's attribution and a toll, these make the toll the quote's background ("Modi
# said on Friday, a day after a bombing killed 40"): nobody is giving that figure.
_BACKGROUND = words("after when since before breaking following days hours weeks as")


def toll_source(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> Actor | None:
    """Who gives the toll of ``trig``: the attribution's actor; an unnamed official body
    stands for its state (named in the attribution, or the victims', the state the incident
    hit, the place's, the dateline's); nobody when the toll is only a quote's background."""
    lower = [t.lower for t in a.tokens]
    attribution = _attribution(lower, trig)
    if attribution is None:
        return reporter(a, ctx)
    lo, hi = attribution
    if hi <= trig.start and _BACKGROUND.intersection(lower[hi : trig.start]):
        return None
    inside = [m for m in a.mentions if lo <= m.start < hi]
    # "The Navy raised the death toll": a service named without its state is an official body
    named = [m for m in inside if m.via != "reference" and not _bare_service(m)]
    if named:
        return named[0].actor()
    said_by = set(lower[lo:hi])
    if said_by & _NOBODY_NOUNS:
        return None
    if not _OFFICIAL_NOUNS & said_by:
        return reporter(a, ctx) if not inside else inside[0].actor()
    return _victims_state(a, trig, ctx) or (inside[0].actor() if inside else None)


_LABEL_WORDS = 6
_CLAUSE_STOPS = frozenset({",", ";", '"', "”", "."})
_ASIDE_WORDS = 10


def _before_aside(lower: list[str], verb: int) -> tuple[int, int] | None:
    """ "Indian officials, speaking privately, said": the speaker before an aside set off by
    commas right before the verb."""
    if verb < 2 or lower[verb - 1] != ",":
        return None
    open_ = verb - 2
    while open_ > 0 and verb - open_ < _ASIDE_WORDS and lower[open_] not in _CLAUSE_STOPS:
        open_ -= 1
    if lower[open_] != "," or not lower[open_ + 1].endswith("ing"):
        return None
    start = open_
    while start > 0 and open_ - start < 7 and lower[start - 1] not in _CLAUSE_STOPS:
        start -= 1
    return (start, open_) if start < open_ else None


_SERVICES = words("navy army military")


def _bare_service(m: Mention) -> bool:
    words_ = m.text.lower().replace("the ", "").split()
    return m.via == "organisation" and bool(words_) and all(w in _SERVICES for w in words_)


def _attribution(lower: list[str], trig: Trigger) -> tuple[int, int] | None:
    """Token range of who gives the figure: "X said", "said X", "according to X", and a
    live blog's "Ukrainian navy: six sailors wounded"."""
    if ":" in lower[1:_LABEL_WORDS] and lower.index(":") < trig.start:
        return 0, lower.index(":")
    for i, word in enumerate(lower):
        if word == "according" and lower[i + 1 : i + 2] == ["to"]:
            return i + 2, min(len(lower), i + 8)
        if word not in _TOLL_VERBS or i == trig.start:
            continue
        start = i
        while start > 0 and i - start < 7 and lower[start - 1] not in {",", ";", '"', "”", "."}:
            start -= 1
        before_aside = _before_aside(lower, start) if start == i else None
        if before_aside is not None and not (before_aside[0] <= trig.start < i):
            return before_aside
        if start < i and not (start <= trig.start < i):
            return start, i
        if word in {"said", "says", "say"} and i + 1 < len(lower) and lower[i + 1] != "that":
            end = i + 1
            while end < len(lower) and end - i < 6 and lower[end] not in {",", ".", ";"}:
                end += 1
            if end > i + 1 and not (i < trig.start < end):
                return i + 1, end
    return None


def _victims_state(a: SentenceAnalysis, trig: Trigger, ctx: RuleContext) -> Actor | None:
    """The state whose officials give a toll: the victims' ("six Ukrainian sailors were
    wounded, the navy said"), the state the incident hit, the place's, the dateline's, the
    article's."""
    victims = [
        m
        for m in a.mentions
        if m.entity.kind == "state"
        and m.via != "reference"
        and trig.start - 5 <= m.start < trig.start
    ]
    if victims:
        return victims[-1].actor()
    target = ctx.last_incident_target
    if target is not None and target.kind == "state":
        return target
    for pm in a.places:
        state = ctx.gazetteer.state(pm.place.country)
        if state is not None:
            return Actor(
                text=pm.place.text, canonical=state.canonical, kind="state", country=state.country
            )
    # "According to authorities, seven bodies have been recovered" in a story about Russia:
    # the dateline's state, else the state the article has named most
    return ctx.discourse.home or ctx.discourse.principal_state()


def _casualty_number(a: SentenceAnalysis, trig: Trigger, used: set[int]) -> NumberMention | None:
    def plausible(n: NumberMention) -> bool:
        return (
            n.unit is None
            and not (1900 <= n.value <= 2100 and n.low is None)
            and (n.start not in used)
        )

    if trig.phrase in {"toll", "death toll"}:
        # "the toll from Friday's bombing rose to 96", "put the death toll at 68"
        stated = [
            n
            for n in a.numbers
            if n.start > trig.end and a.tokens[n.start - 1].lower in {"to", "at"} and plausible(n)
        ]
        if stated:
            return stated[0]
    after_first = trig.phrase in {
        "neutralised",
        "neutralized",
        "killing",
        "injuring",
        "wounding",
        "killed",
        "toll",
        "death toll",
        "wounded",
        "injured",
    }
    # "16 people, including civilians, had been killed": a parenthetical does not count
    reach = 6 + sum(1 for w in window(a, trig.start - 12, trig.start) if w == ",") * 3
    before = [n for n in a.numbers if n.end <= trig.start and trig.start - n.end <= reach]
    after = [n for n in a.numbers if n.start >= trig.end and n.start - trig.end <= 4]
    ordered = (after + before[::-1]) if after_first else (before[::-1] + after)
    # "were killed" looks back first: the number precedes a passive verb
    if (
        trig.phrase in {"killed", "wounded", "injured"}
        and trig.start > 0
        and a.tokens[trig.start - 1].lower in {"were", "was", "been", "are"}
    ):
        ordered = before[::-1] + after
    for n in ordered:
        if plausible(n):
            return n
    return None


def killing_draft(
    a: SentenceAnalysis, casualties: EventDraft | None, ctx: RuleContext
) -> EventDraft | None:
    """ "Militants killed 26 tourists", "Serb forces killed three ethnic Albanians", "Hezbollah
    guerrillas have killed the deputy chief": a killing by armed men is itself an attack, by
    whoever the words before them name."""
    for i, tok in enumerate(a.tokens):
        if tok.lower not in {"killed", "killing"} or i == 0:
            continue
        j = i - 1
        while j > 0 and a.tokens[j].lower in _PERFECT:
            j -= 1  # "have killed", "had reportedly killed"
        if a.tokens[j].lower not in _PERPETRATORS and a.tokens[j].lower not in _ARMED:
            continue
        # "Serb forces" may be one mention, "Hezbollah guerrillas" two words
        named = [m for m in a.mentions if m.end in (j, j + 1) and m.start <= j]
        if a.tokens[j].lower in _ARMED and not named:
            continue  # "troops killed" with nobody named: their own side's report of a fight
        source = (
            named[-1].actor()
            if named
            else Actor(text=a.tokens[j].text, canonical=None, kind="group")
        )
        # "killed civilians in Bucha": whom it hit, read as any incident's is; a group killing
        # in its own country hits nobody named ("Hezbollah guerrillas killed a militia
        # commander in southern Lebanon")
        hit = incident_targets(
            a,
            Trigger(i, i + 1, "attack_reported", tok.lower),
            source,
            ctx.gazetteer,
            fallbacks=(ctx.last_incident_target, ctx.discourse.home),
        )
        return EventDraft(
            kind="attack_reported",
            sentence=a.index,
            trigger=i,
            trigger_offset=tok.start,
            source=source,
            targets=tuple(
                as_of(t, ctx.published, ctx.gazetteer)
                for t in hit
                if source.country is None or t.country != source.country
            ),
            modality=casualties.modality if casualties is not None else "asserted",
            places=casualties.places if casualties is not None else (),
            confidence=0.5,
        )
    return None


_PERFECT = words("have has had reportedly allegedly also")
_ARMED = words("forces troops soldiers guerrillas guerrilla militiamen militia police")


# The strength of an army or the size of a town is a fact about it, not news of a figure.
_FORCES = words("troops soldiers forces men personnel police policemen residents inhabitants")
# A figure expected, demanded or aimed at is not one reported.
_PROSPECTIVE = words("expects expected will would could target targets ransom demanded aims plans")


def statistic_draft(
    a: SentenceAnalysis, ctx: RuleContext, drafts: list[EventDraft]
) -> EventDraft | None:
    lower = [t.lower for t in a.tokens]
    has_change = any(w in _CHANGE for w in lower)
    weapon_numbers = {f.text for d in drafts for f in d.figures}
    chosen: NumberMention | None = None
    for n in a.numbers:
        if n.text in weapon_numbers or (1900 <= n.value <= 2100 and n.unit is None):
            continue
        if ctx.lexicon.weapons.find_all(window(a, n.end, n.end + 3)):
            continue
        # a share, a change, or a count or sum large enough to be a figure in itself
        # ("more than 36,000 people have fled", "a market value of $1.88 trillion")
        large = (
            n.value >= 10_000
            and not (n.unit or _PROSPECTIVE.intersection(lower))
            and not _FORCES.intersection(window(a, n.end, n.end + 2))
        )
        if n.unit == "percent" or (has_change and (n.unit or n.value >= 1000)) or large:
            chosen = n
            break
    if chosen is None:
        return None
    if any(d.kind == "pledge_made" for d in drafts) and chosen.unit != "percent":
        return None
    source = reporter(a, ctx)
    counts = _what_is_counted(a, chosen)
    trig = next((t for t in a.triggers if t.kind == "statistic_reported"), a.triggers[0])
    return EventDraft(
        kind="statistic_reported",
        sentence=a.index,
        trigger=trig.start,
        trigger_offset=a.tokens[chosen.start].start,
        source=source,
        figures=(make_figure(chosen, None, counts),),
        text=counts or "",
        confidence=confidence(
            0.55, named_source=bool(source and source.canonical), parsed=a.parsed, alleged=False
        ),
    )


def _what_is_counted(a: SentenceAnalysis, n: NumberMention) -> str | None:
    """The noun phrase after the last "in"/"of" before the figure: "a boost in car sales"."""
    stop = {",", ".", ";", "rising", "rose", "falling", "fell", "up", "down", "to", "by", "from"}
    for i in range(n.start - 1, max(-1, n.start - 12), -1):
        if a.tokens[i].lower in {"in", "of"}:
            j = i + 1
            while j < n.start and a.tokens[j].lower not in stop:
                j += 1
            if j > i + 1:
                return a.words(i + 1, j)
    return None
