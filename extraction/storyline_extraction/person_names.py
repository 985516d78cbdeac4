"""People named in full once and by surname after.

Wire copy names a person in full at first mention and by surname from then on ("Ukraine's
deputy prime minister, Oleksandr Kubrakov, said ..."; "Blaming the collapse on Russia, Mr
Kubrakov said ..."). A person the gazetteer does not know is read with the words of the phrase
that names them, so the same person would be two actors, "Oleksandr Kubrakov" and "Kubrakov".
Here a speaker, source or target known only by one capitalised word takes the full name the
article gave that surname, when it gave exactly one; failing that, the one name the article
wrote it first in ("Lee Myung-bak ... Lee said": a family name written first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from storyline_extraction.event_draft import EventDraft
from storyline_extraction.values import Actor
from storyline_extraction.word_sets import words

# A capitalised word as names are written: "Kubrakov", "O'Brien", "Abdel-Fattah".
_NAME_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*"
_HONORIFICS = words("mr mr. mrs mrs. ms ms. dr dr.")
# Capitalised words before a name that are not part of it.
_NOT_GIVEN_NAMES = words(
    "the a an and but in on at of for by from to with as after before when while said says "
    "president prime minister deputy foreign defence defense spokesman spokeswoman secretary "
    "general governor mayor ambassador chief head leader senator judge prosecutor chairman "
    "king queen prince emir sheikh commander colonel captain lieutenant sergeant adviser "
    "director mr mrs ms dr sir lord lady pope vice commissioner chairwoman chair coach speaker "
    "monday tuesday wednesday thursday friday saturday sunday"
)
# Capitalised heads that name bodies, not people: "the National Security Committee said".
_BODIES = words(
    "committee council ministry office agency court party army government parliament "
    "commission service command assembly congress senate cabinet bureau"
)


def with_full_names(drafts: list[EventDraft], body: str) -> list[EventDraft]:
    """``drafts`` with each person known by surname alone named as the article first did."""
    names = _full_names(body, _surnames(drafts))
    if not names:
        return drafts
    return [
        replace(
            d,
            source=_named(d.source, names) if d.source is not None else None,
            targets=tuple(_named(t, names) for t in d.targets),
        )
        for d in drafts
    ]


def _surnames(drafts: Iterable[EventDraft]) -> set[str]:
    out = set()
    for d in drafts:
        for actor in (d.source, *d.targets):
            surname = _surname_only(actor)
            if surname is not None:
                out.add(surname)
    return out


def _surname_only(actor: Actor | None) -> str | None:
    if actor is None or actor.kind != "person" or not actor.canonical:
        return None
    parts = actor.canonical.split()
    if len(parts) == 2 and parts[0].lower() in _HONORIFICS:
        parts = parts[1:]  # "Mr Kubrakov"
    if len(parts) != 1 or not re.fullmatch(_NAME_WORD, parts[0]) or parts[0].lower() in _BODIES:
        return None
    return parts[0]


def _full_names(body: str, surnames: set[str]) -> dict[str, str]:
    found = {}
    for surname in surnames:
        pattern = re.compile(rf"((?:{_NAME_WORD}\s+){{1,3}}){re.escape(surname)}\b")
        fulls = set()
        for m in pattern.finditer(body):
            given = m.group(1).split()
            # "EU Farm Commissioner Franz Fischler": the given names follow the last title word
            titles = [k for k, w in enumerate(given) if _not_given_name(w)]
            given = given[titles[-1] + 1 :] if titles else given
            if given:
                fulls.add(" ".join([*given, surname]))
        if not fulls:
            fulls = _family_name_first(body, surname)
        if len(fulls) == 1:  # two people of one surname: leave it as written
            found[surname] = fulls.pop()
    return found


def _family_name_first(body: str, surname: str) -> set[str]:
    """ "Lee Myung-bak ... Lee said", "Jiang Zemin ... Jiang said": names written family name
    first, then known by it alone."""
    pattern = re.compile(rf"\b{re.escape(surname)}((?:[ ]{_NAME_WORD}){{1,2}})\b")
    fulls = set()
    for m in pattern.finditer(body):
        given: list[str] = []
        for word in m.group(1).split():
            if _not_given_name(word) or word == surname:
                break
            given.append(word)
        if given:
            fulls.add(" ".join([surname, *given]))
    return fulls


def _named(actor: Actor, names: dict[str, str]) -> Actor:
    surname = _surname_only(actor)
    if surname is None or surname not in names:
        return actor
    return replace(actor, canonical=names[surname])


def _not_given_name(word: str) -> bool:
    """ "President", "Vice-President", "The": a title or a function word, not a given name."""
    return any(part in _NOT_GIVEN_NAMES for part in word.lower().split("-"))
