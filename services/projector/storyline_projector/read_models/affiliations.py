"""Known affiliations of armed groups, from ``affiliations.json``: whom each fights for and
against, in which years, and where each fact comes from.

The table is small and sourced on purpose: a claim check is only as good as the fact it checks
against, so every group lists the references its entry rests on, and a reader of a flagged
story can follow them. A side is matched by its country code when it is a state (so "Kyiv",
"Ukraine" and "Government of Ukraine" are one side), else by name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline_contracts.extracted_events import Actor

_YEAR = re.compile(r"\d{4}")
_PREFIXES = ("government of ", "the ")


@dataclass(frozen=True)
class Reference:
    title: str
    publisher: str
    url: str | None
    date: str | None


@dataclass(frozen=True)
class Affiliation:
    """One group's known sides: names of states and groups, as the table writes them."""

    group: str
    fights_for: tuple[str, ...]
    opposes: tuple[str, ...]
    period: str
    first_year: int
    last_year: int | None  # None: to this day
    references: tuple[Reference, ...]

    def in_force(self, year: int | None) -> bool:
        if year is None:
            return self.last_year is None
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class AffiliationTable:
    groups: dict[str, Affiliation]  # by name key: canonical names and aliases
    state_codes: dict[str, str]  # state name key -> ISO 3166-1 alpha-3

    def of(self, actor: Actor) -> Affiliation | None:
        for name in (actor.canonical, actor.text):
            if name and (found := self.groups.get(name_key(name))) is not None:
                return found
        return None

    def is_side(self, actor: Actor, side_name: str) -> bool:
        """Whether ``actor`` is the side the table calls ``side_name``."""
        code = self.state_codes.get(name_key(side_name))
        if code is not None and actor.country == code and actor.kind == "state":
            return True
        return any(name_key(n) == name_key(side_name) for n in (actor.canonical, actor.text) if n)


def name_key(name: str) -> str:
    key = name.strip().casefold()
    for prefix in _PREFIXES:
        key = key.removeprefix(prefix)
    return key


@lru_cache(maxsize=1)
def load_affiliations() -> AffiliationTable:
    text = resources.files(__package__).joinpath("affiliations.json").read_text("utf-8")
    data = json.loads(text)
    groups: dict[str, Affiliation] = {}
    for raw in data["groups"]:
        years = [int(y) for y in _YEAR.findall(raw["period"])]
        affiliation = Affiliation(
            group=raw["canonical"],
            fights_for=tuple(raw.get("fights_for", ())),
            opposes=tuple(raw.get("opposes", ())),
            period=raw["period"],
            first_year=years[0],
            last_year=None if raw["period"].endswith("present") else years[-1],
            references=tuple(
                Reference(r["title"], r["publisher"], r.get("url"), r.get("date"))
                for r in raw["sources"]
            ),
        )
        for name in (raw["canonical"], *raw.get("aliases", ())):
            groups.setdefault(name_key(name), affiliation)
    return AffiliationTable(groups, {name_key(k): v for k, v in data["states"].items()})
