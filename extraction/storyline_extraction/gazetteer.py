"""Who and where: finds actor and place mentions in a sentence and normalises them.

The gazetteer is data (``data/states.json``, ``people.json``, ``organisations.json``,
``places.json``). Capitals and seats of government are metonyms for their state ("Moscow", "the
Kremlin" -> Russia); a demonym names a state only before a group noun ("Russian officials") or an
incident noun ("American involvement"). People and organisations that are not in the data are
still found when the sentence gives a title ("Health Minister Firas Abiad") or an organisation
word ("the Syrian Observatory for Human Rights"), and keep their name as written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast

from storyline_extraction.lexicon import Lexicon, load_data_file, load_lexicon, phrase_words
from storyline_extraction.phrase_table import PhraseTable
from storyline_extraction.text_segments import Token
from storyline_extraction.values import Actor, ActorKind, Place
from storyline_extraction.word_sets import FIGHTERS, words

MentionVia = Literal[
    "person", "alias", "demonym_group", "demonym", "titled_name", "organisation", "reference"
]

# When two mentions overlap, the more specific reading wins: a known person or organisation,
# then a titled name, then an organisation recognised by its shape, then a state.
_PRIORITY: dict[MentionVia, int] = {
    "person": 0,
    "titled_name": 2,
    "organisation": 3,
    "alias": 1,
    "demonym_group": 5,
    "demonym": 6,
    "reference": 7,
}
_ORG_WORDS = words(
    "Ministry Agency Office Council Committee Institute Bureau Observatory Service Services "
    "Corps Brigades Brigade Front Army Party Movement Forces Group Company Association "
    "Federation Commission Centre Center Network Authority Directorate Command Police Navy "
    "Guard Guards Watch Foundation University Bank Court Tribunal Cabinet"
)
_GOVERNMENT_WORDS = words(
    "Ministry Army Forces Navy Police Command Directorate Cabinet Guard Guards Corps"
)
# "the data firm Autostat", "Russia's nuclear company Rosatom", "The LockBit gang"
_ORG_NOUNS = words(
    "company firm agency group operator office service utility gang network watchdog "
    "broadcaster outlet consultancy regulator manufacturer carrier airline bank"
)
_CONNECTORS = frozenset({"of", "for", "the", "and", "on", "de", "al"})
_NOT_NAMES = words(
    "The A An In On At By For Of And But Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday January February March April May June July August September October November "
    "December He She It They We I His Her Its Their This That These Those There Meanwhile "
    "However Despite While After Before Since When As If"
)
_PLACE_WORDS_EXCLUDED = frozenset({"IDF", "IRGC", "SAF", "PRC"})


@dataclass(frozen=True, slots=True)
class Entity:
    canonical: str
    kind: ActorKind
    country: str | None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """Tokens ``start``..``end`` (exclusive) of a sentence name ``entity``."""

    start: int
    end: int
    text: str
    entity: Entity
    via: MentionVia

    def actor(self) -> Actor:
        e = self.entity
        return Actor(
            text=self.text, canonical=e.canonical, kind=e.kind, country=e.country, role=e.role
        )


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    place: Place


# Words that cannot stand between a demonym and the group it names ("Russian military drones").
_GAP_BREAKS = frozenset(
    {"after", "before", "and", "or", "but", "in", "on", "at", "of", "to", "from", "with", "by"}
    | {"for", "the", "a", "an", "as", "than", "that", "who", "which", ",", ";", ":", "—", "-"}
)


def _is_name_word(tok: Token) -> bool:
    t = tok.text
    return (
        len(t) > 1
        and t[0].isupper()
        and t not in _NOT_NAMES
        and any(c.islower() for c in t)
        and (t.replace("-", "").replace("'", "").replace(".", "").isalpha())
    )


# Lower-case particles inside a personal name: "Turki al-Maliki", "Osama bin Laden".
_BREAKS = frozenset({",", ";", ":", '"', "“", "”", "(", ")", "-", "–", "—", "."})
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "da", "van", "von", "der"})
_MAX_NAME_WORDS = 4


def name_end_at(tokens: Sequence[Token], start: int) -> int:
    """The end of a personal name starting at ``start``: name words, hyphen-joined parts
    ("Amir-Abdollahian") and particles between them ("al-Maliki", "bin Laden")."""
    end = start
    count = 0
    while end < len(tokens) and count < _MAX_NAME_WORDS:
        tok = tokens[end]
        if _is_name_word(tok):
            end += 1
            count += 1
            continue
        joined = end + 1 < len(tokens) and _is_name_word(tokens[end + 1])
        glued = (
            tok.text == "-"
            and end > start
            and end + 1 < len(tokens)
            and tokens[end - 1].end == tok.start == tokens[end + 1].start - 1
            and tokens[end + 1].text.isalpha()
        )
        if glued:  # "Lee Myung-bak", "Amir-Abdollahian"
            end += 2
            continue
        hyphen = tok.text == "-" and joined and tokens[end - 1].end == tok.start
        particle = tok.lower in _NAME_PARTICLES and (
            joined
            or (
                end + 2 < len(tokens)
                and tokens[end + 1].text == "-"
                and _is_name_word(tokens[end + 2])
            )
        )
        if end > start and (hyphen or particle):
            end += 1
        else:
            break
    while end > start and not (
        _is_name_word(tokens[end - 1]) or (end - 2 > start and tokens[end - 2].text == "-")
    ):
        end -= 1
    return end


def name_words(tokens: Sequence[Token], start: int, end: int) -> int:
    return sum(1 for t in tokens[start:end] if _is_name_word(t))


def name_text(tokens: Sequence[Token], start: int, end: int) -> str:
    """The name as written: words joined by a space where the text has one, hyphens kept."""
    out = ""
    for k in range(start, end):
        gap = k > start and tokens[k - 1].end < tokens[k].start
        out += (" " if gap else "") + tokens[k].text
    return out


def span_text(tokens: Sequence[Token], start: int, end: int, body_text: str, offset: int) -> str:
    """The article's own characters for tokens ``start``..``end`` (keeps original spacing)."""
    return body_text[tokens[start].start - offset : tokens[end - 1].end - offset]


# A demonym joined to one of these says where a thing comes from or who stands behind a group,
# not that the state did anything: "Iranian-made drones", "Iranian-backed militias".
_MADE_OR_BACKED = frozenset(
    {"made", "built", "designed", "supplied", "manufactured", "produced", "backed", "funded"}
)

_Adder = Callable[[int, int, "Entity", MentionVia], None]
# Irregular fighters a demonym only places: "Salvadoran guerrillas" are not El Salvador's;
# "three Libyan militia leaders" are still Libyans.
_THEIR_LEADERS = frozenset({"leader", "leaders", "commander", "commanders", "chief", "chiefs"})
_IRREGULARS = FIGHTERS - {"fighters"}  # "Russian fighters" may be its jets


class Gazetteer:
    """Actor and place lookup built from the data files; one instance per process."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        aliases: list[tuple[tuple[str, ...], tuple[Entity, MentionVia]]] = []
        demonyms: list[tuple[tuple[str, ...], Entity]] = []
        places: list[tuple[tuple[str, ...], Place]] = []
        self.states_by_country: dict[str, Entity] = {}

        for raw in _records(load_data_file("states.json"), "states"):
            state = Entity(str(raw["canonical"]), "state", str(raw["country"]))
            self.states_by_country[str(raw["country"])] = state
            for alias in [state.canonical, *_strings(raw["aliases"])]:
                aliases.append((phrase_words(alias), (state, "alias")))
                if (
                    alias == state.canonical
                    or (len(alias) <= 5 and alias.replace(".", "").isupper())
                ) and alias not in _PLACE_WORDS_EXCLUDED:
                    places.append(
                        (
                            phrase_words(alias),
                            Place(text=alias, canonical=state.canonical, country=state.country),
                        )
                    )
            listed = _strings(raw.get("demonyms", []))
            for demonym in [*listed, *(_plural(d) for d in listed if _plural(d) not in listed)]:
                demonyms.append((phrase_words(demonym), state))

        for raw in _records(load_data_file("people.json"), "people"):
            country = raw.get("country")
            person = Entity(
                str(raw["canonical"]),
                "person",
                str(country) if country else None,
                str(raw["role"]) if raw.get("role") else None,
            )
            for alias in [person.canonical, *_strings(raw["aliases"])]:
                aliases.append((phrase_words(alias), (person, "person")))

        for raw in _records(load_data_file("organisations.json"), "organisations"):
            country = raw.get("country")
            org = Entity(
                str(raw["canonical"]),
                cast(ActorKind, str(raw["kind"])),
                str(country) if country else None,
            )
            for alias in [org.canonical, *_strings(raw["aliases"])]:
                aliases.append((phrase_words(alias), (org, "alias")))

        place_data = load_data_file("places.json")["places"]
        if not isinstance(place_data, dict):
            raise ValueError("places.json: 'places' must be an object")
        for country, names in place_data.items():
            for entry in names:
                text, canonical = (entry, entry) if isinstance(entry, str) else entry
                places.append(
                    (phrase_words(text), Place(text=text, canonical=canonical, country=country))
                )

        self._place_countries = {
            place.text.lower(): place.country for _, place in places if place.country
        }
        self._state_names = {
            alias.lower(): e.country
            for words, (e, _) in aliases
            if e.kind == "state" and e.country
            for alias in [" ".join(words)]
        }
        self._aliases = PhraseTable(aliases, lowercase=False)
        self._demonyms = PhraseTable(demonyms, lowercase=False)
        self._places = PhraseTable(places, lowercase=False)

    # -- places -------------------------------------------------------------------------

    def place_mentions(self, tokens: Sequence[Token]) -> list[PlaceMention]:
        words = [t.text for t in tokens]
        return [
            PlaceMention(hit.start, hit.end, hit.payload)
            for hit in self._places.find_longest(words)
        ]

    # -- actors -------------------------------------------------------------------------

    def actor_mentions(self, tokens: Sequence[Token], text: str, offset: int) -> list[Mention]:
        """Every actor mention in a sentence, overlaps resolved in favour of the most specific."""
        words = [t.text for t in tokens]
        found: list[Mention] = []

        def add(start: int, end: int, entity: Entity, via: MentionVia) -> None:
            # "the Kremlin", "the White House": keep the article's words, article included.
            if start > 0 and tokens[start - 1].lower == "the" and via == "alias":
                start -= 1
            found.append(
                Mention(start, end, span_text(tokens, start, end, text, offset), entity, via)
            )

        for hit in self._aliases.find_longest(words):
            entity, via = hit.payload
            add(hit.start, hit.end, entity, via)
        for demonym in self._demonyms.find_longest(words):
            self._add_demonym(tokens, demonym.start, demonym.end, demonym.payload, add)
        self._add_titled_names(tokens, add)
        self._add_organisations(tokens, text, offset, add)
        self._add_named_organisations(tokens, add)
        return _resolve_overlaps(_without_bases(found, [t.lower for t in tokens]))

    def _add_demonym(
        self, tokens: Sequence[Token], start: int, end: int, state: Entity, add: _Adder
    ) -> None:
        lower = [t.lower for t in tokens]
        if (
            lower[end : end + 1] == ["-"]
            and lower[end + 1 : end + 2]
            and (lower[end + 1] in _MADE_OR_BACKED)
        ):
            return  # "Iranian-made drones", "Iranian-backed militias": not the state acting
        for gap in (0, 1, 2):
            if _GAP_BREAKS.intersection(lower[end : end + gap]):
                break  # "Russians after drones hit": a clause goes on, no group is named
            at = end + gap
            if (
                lower[at : at + 1]
                and lower[at] in _IRREGULARS
                and lower[at + 1 : at + 2] not in ([w] for w in _THEIR_LEADERS)
            ):
                return  # "Salvadoran guerrillas", "Somali gunmen": where they fight, not who
            group = self._lexicon.group_nouns.find_longest(lower[end + gap : end + gap + 3])
            if group and group[0].start == 0:
                add(start, end + gap + group[0].end, state, "demonym_group")
                return
        if lower[start - 1 : start] == ["pan"]:
            return  # "the Pan American Highway", "Pan Arab": no state
        add(start, end, state, "demonym")

    def _add_titled_names(self, tokens: Sequence[Token], add: _Adder) -> None:
        lower = [t.lower for t in tokens]
        for hit in self._lexicon.person_titles.find_longest(lower):
            # "Britain's foreign secretary, Jeremy Hunt, said": the name after a comma
            after_comma = lower[hit.end : hit.end + 1] == [","]
            name_start = hit.end + 1 if after_comma else hit.end
            name_end = name_end_at(tokens, name_start)
            if after_comma:
                name_start = self._after_titles(tokens, name_start, name_end)
            n = name_words(tokens, name_start, name_end)
            honorific = lower[hit.start].rstrip(".") in {"mr", "ms", "mrs", "dr", "gen"}
            closed = name_end >= len(tokens) or tokens[name_end].text in {",", "said", "says"}
            if after_comma and not (n >= 2 and closed):
                continue
            if n >= 2 or (n == 1 and honorific):
                role_start = hit.start
                while role_start > 0 and _is_name_word(tokens[role_start - 1]):
                    role_start -= 1
                role = " ".join(t.text for t in tokens[role_start : hit.end])
                country = (
                    self._country_before(tokens, role_start)
                    # "Polish President Andrzej Duda", "Moscow Mayor Sergei Sobyanin"
                    or self._country_within(tokens[role_start : hit.end])
                    or self._appositive_country(tokens, name_end)
                )
                name = name_text(tokens, name_start, name_end)
                add(name_start, name_end, Entity(name, "person", country, role), "titled_name")
        # "Oleg Nikolenko, a spokesman for Ukraine's foreign ministry, said"
        i = 0
        while i < len(tokens) - 3:
            j = name_end_at(tokens, i) if _is_name_word(tokens[i]) else i
            if name_words(tokens, i, j) >= 2 and j + 1 < len(tokens) and tokens[j].text == ",":
                k = j + 1
                if lower[k] in {"a", "an", "the"}:
                    k += 1
                window = lower[k : k + 5]
                titles = self._lexicon.person_titles.find_longest(window)
                if titles and titles[0].start <= 2:
                    stop = k
                    while stop < len(tokens) and tokens[stop].text not in {",", ".", ";"}:
                        stop += 1
                    role = " ".join(t.text for t in tokens[k:stop])
                    country = self._country_within(tokens[k:stop])
                    first = self._after_titles(tokens, i, j)
                    name = name_text(tokens, first, j)
                    add(first, j, Entity(name, "person", country, role), "titled_name")
                i = j
            else:
                i += 1

    def _add_organisations(
        self, tokens: Sequence[Token], text: str, offset: int, add: _Adder
    ) -> None:
        i = 0
        while i < len(tokens):
            starts_name = tokens[i].text[:1].isupper() and tokens[i].text not in _NOT_NAMES
            starts_the = (
                tokens[i].text == "The" and i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper()
            )
            if not (starts_name or starts_the):
                i += 1
                continue
            j = i + 1
            while (
                j < len(tokens)
                and (
                    tokens[j].text[:1].isupper()
                    or (
                        tokens[j].lower in _CONNECTORS
                        and j + 1 < len(tokens)
                        and tokens[j + 1].text[:1].isupper()
                    )
                    or (  # "Ministry of Defence of the Russian Federation"
                        tokens[j].lower == "of"
                        and j + 2 < len(tokens)
                        and tokens[j + 1].lower == "the"
                        and tokens[j + 2].text[:1].isupper()
                    )
                )
            ):
                j += 1
            words = [t.text for t in tokens[i:j]]
            if any(w in _ORG_WORDS for w in words) and len(words) >= 2:
                state = self._state_within(tokens[i:j])
                if state is None and i >= 2 and tokens[i - 1].lower in {"'s", "’s"}:
                    # "Ukraine's Foreign Ministry"
                    state = self._state_within(tokens[i - 2 : i - 1])
                if state is None and any(w in _GOVERNMENT_WORDS for w in words):
                    state = self.opening_state(tokens, i)
                start = i + 1 if tokens[i].text == "The" else i
                if state is not None and any(w in _GOVERNMENT_WORDS for w in words):
                    add(start, j, state, "organisation")
                else:
                    name = span_text(tokens, start, j, text, offset)
                    country = state.country if state else None
                    add(start, j, Entity(name, "organisation", country), "organisation")
            i = j

    def _add_named_organisations(self, tokens: Sequence[Token], add: _Adder) -> None:
        """A name right after (or before) a word for an organisation: "data firm Autostat"."""
        for i, tok in enumerate(tokens):
            if tok.lower not in _ORG_NOUNS:
                continue
            j = i + 1
            while j < len(tokens) and j - i <= 3 and _is_name_word(tokens[j]):
                j += 1
            if j > i + 1:
                name = " ".join(t.text for t in tokens[i + 1 : j])
                country = self._country_before(tokens, i)
                add(i + 1, j, Entity(name, "organisation", country), "organisation")

    def _state_within(self, tokens: Sequence[Token]) -> Entity | None:
        words = [t.text for t in tokens]
        for table in (self._demonyms,):
            for hit in table.find_longest(words):
                return hit.payload
        for alias_hit in self._aliases.find_longest(words):
            entity, _ = alias_hit.payload
            if entity.kind == "state":
                return entity
        return None

    def opening_state(self, tokens: Sequence[Token], index: int) -> Entity | None:
        """The state of the place a sentence opens with, for an unnamed body after it: "In
        Beijing, the Foreign Ministry said ...", "In Washington, officials said ..." are the
        place's government speaking (wire copy's way of gathering reactions)."""
        if not tokens or tokens[0].lower != "in":
            return None
        comma = next((k for k in range(2, min(index, 6)) if tokens[k].text == ","), None)
        if comma is None:
            return None
        return self._state_within(tokens[1:comma])

    def _country_before(self, tokens: Sequence[Token], index: int) -> str | None:
        before = list(tokens[max(0, index - 3) : index])
        while any(t.text in _BREAKS for t in before):
            before.pop(0)  # "... Iran," Colonel X: a quote's end says nothing of the colonel

        state = self._state_within(before)
        return state.country if state else None

    def _after_titles(self, tokens: Sequence[Token], start: int, end: int) -> int:
        """Where the name proper starts: "Colonel Turki al-Maliki", "Lieutenant General Herzi
        Halevi" are the colonel's and the general's names without their rank."""
        lower = [t.lower for t in tokens[start:end]]
        first = 0
        for hit in self._lexicon.person_titles.find_longest(lower):
            if hit.start == first and name_words(tokens, start + hit.end, end) >= 2:
                first = hit.end
        return start + first

    def _appositive_country(self, tokens: Sequence[Token], end: int) -> str | None:
        """ "Colonel X, the spokesman for the Saudi defence ministry": the country after."""
        if end >= len(tokens) or tokens[end].text != ",":
            return None
        stop = end + 1
        while stop < len(tokens) and stop - end < 10 and tokens[stop].text not in {",", ".", ";"}:
            stop += 1
        inside = tokens[end + 1 : stop]
        if not self._lexicon.person_titles.find_longest([t.lower for t in inside[:4]]):
            return None
        return self._country_within(inside)

    def _country_within(self, tokens: Sequence[Token]) -> str | None:
        state = self._state_within(tokens)
        return state.country if state else None

    def dateline_state(self, dateline: str) -> Entity | None:
        """The state of the place a dateline names ("QUETTA, Pakistan, March 12 (Wire) -")."""
        for part in dateline.split("(")[0].split(",")[:2]:
            name = part.strip(" -–—").lower()
            state = self.state(self._place_countries.get(name) or self._state_names.get(name))
            if state is not None:
                return state
        return None

    def state(self, country: str | None) -> Entity | None:
        return self.states_by_country.get(country) if country else None

    def state_starting(self, words: Sequence[str], longest: int = 3) -> tuple[Entity, int] | None:
        """The state named by the first words of ``words`` (up to ``longest`` of them), and how
        many words name it: "Pakistan before dawn" -> (Pakistan, 1); the name must begin right
        there, so "launched from Yemen" names nothing."""
        for n in range(min(len(words), longest), 0, -1):
            state = self.state_ending_at(words[:n])
            if state is not None and not (n > 1 and self.state_ending_at(words[1:n])):
                return state, n
        return None

    def state_ending_at(self, words: Sequence[str]) -> Entity | None:
        """The state whose name or adjective ends ``words``: "a Ukrainian" -> Ukraine."""
        for demonym in self._demonyms.find_longest(words):
            if demonym.end == len(words):
                return demonym.payload
        for alias in self._aliases.find_longest(words):
            entity, _via = alias.payload
            if alias.end == len(words) and entity.kind == "state":
                return entity
        return None


# "Pakistan-based terror group Jaish-e-Mohammed", "the Iran-backed Kataib Hezbollah": the state
# only says where the named group sits or who backs it; the group is the actor.
_BASED_OR_BACKED = _MADE_OR_BACKED | frozenset({"based", "sponsored", "supported", "allied"})


def _without_bases(found: list[Mention], lower: list[str]) -> list[Mention]:
    def only_a_base(m: Mention) -> bool:
        return (
            m.entity.kind == "state"
            and lower[m.end : m.end + 1] == ["-"]
            and lower[m.end + 1 : m.end + 2] != []
            and lower[m.end + 1] in _BASED_OR_BACKED
            and any(o.entity.kind != "state" and m.end < o.start <= m.end + 6 for o in found)
        )

    return [m for m in found if not only_a_base(m)]


def _resolve_overlaps(found: list[Mention]) -> list[Mention]:
    chosen: list[Mention] = []
    taken: set[int] = set()

    shaped = [(m.start, m.end) for m in found if m.via == "organisation"]
    aliases = [(m.start, m.end) for m in found if m.via == "alias"]

    def rank(m: Mention) -> tuple[int, int, int]:
        priority = _PRIORITY[m.via]
        if m.via == "alias" and m.entity.kind == "state":
            priority = 4
        if m.via == "alias" and any(
            s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in shaped
        ):
            priority = 4  # "the Supreme National Security Council" is not the UN's
        if m.via == "organisation" and any(
            s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in aliases
        ):
            priority = 5  # "People's Liberation Army" is a name, not "Liberation Army"

        return (priority, -(m.end - m.start), m.start)

    titled = [m for m in found if m.via == "titled_name"]

    def inside_other_name(m: Mention) -> bool:
        """ "Abbas" is Mahmoud Abbas's alias, but not in "Abbas Mousavi"."""
        return m.via == "person" and any(
            t.start <= m.start
            and m.end <= t.end
            and t.end - t.start > m.end - m.start
            and m.entity.canonical not in t.text
            for t in titled
        )

    found = [m for m in found if not inside_other_name(m)]
    for m in sorted(found, key=rank):
        span = set(range(m.start, m.end))
        if span & taken:
            continue
        chosen.append(m)
        taken |= span
    return sorted(chosen, key=lambda m: m.start)


def _plural(demonym: str) -> str:
    """ "the Pakistanis", "the Iraqis", "the North Koreans": a people as copy names a side.
    Demonyms in -ese, -sh, -ch or -s ("Chinese", "British", "French", "Swiss") stay as they are."""
    if demonym.endswith(("e", "h", "s")):
        return demonym
    return demonym + "s"


def _records(data: dict[str, object], key: str) -> list[dict[str, object]]:
    records = data[key]
    if not isinstance(records, list):
        raise ValueError(f"'{key}' must be a list")
    return [r for r in records if isinstance(r, dict)]


def _strings(values: object) -> list[str]:
    return [str(v) for v in values] if isinstance(values, list) else []


@lru_cache(maxsize=1)
def group_names() -> frozenset[str]:
    """Names and aliases of the armed and political groups the data knows, lower case."""
    names: set[str] = set()
    for raw in _records(load_data_file("organisations.json"), "organisations"):
        if raw.get("kind") == "group":
            names.update(n.lower() for n in [str(raw["canonical"]), *_strings(raw.get("aliases"))])
    return frozenset(n for n in names if len(n) > 3)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer(load_lexicon())
