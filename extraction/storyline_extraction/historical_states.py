"""A seat of government names the state seated there when the article was written: "Moscow"
in a 1985 report is the Soviet Union, "Belgrade" in 1995 is Yugoslavia, "Kinshasa" in 1990 is
Zaire, "Prague" in 1990 is Czechoslovakia. The gazetteer maps each seat to today's state; a
mention of it in an article from before the succession is given the state of its day. Forces
named by a people the same way: "Serb forces" were the Bosnian Serbs' only in Bosnia's war.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from storyline_extraction.gazetteer import Gazetteer, Mention

# (the seat's names, lower case; the ISO code of the state seated there; from; until, exclusive)
_SEATS: tuple[tuple[frozenset[str], str, date, date], ...] = (
    (frozenset({"moscow", "kremlin"}), "SUN", date(1922, 12, 30), date(1991, 12, 26)),
    (frozenset({"belgrade"}), "YUG", date(1918, 12, 1), date(2003, 2, 4)),
    (frozenset({"kinshasa"}), "ZAR", date(1971, 10, 27), date(1997, 5, 17)),
    (frozenset({"prague"}), "CSK", date(1918, 10, 28), date(1993, 1, 1)),
)


# "Serb forces" (the gazetteer's aliases of the Bosnian Serbs) are the Bosnian Serbs' in Bosnia's
# war, from April 1992 to the Dayton agreement; before it (Croatia, 1991) and after it (Kosovo)
# they are the Yugoslav state's, then Serbia's. "The Serbs" of copy are the Bosnian Serbs.
_SERB_FORCES = frozenset(
    {"serb forces", "serb gunners", "serb troops", "serb militiamen", "serb militias"}
    | {"serb artillery", "serb tanks"}
)
_BOSNIAN_WAR = (date(1992, 4, 6), date(1995, 12, 14))
_YUGOSLAVIA_UNTIL = date(2003, 2, 4)


def as_of(mentions: list[Mention], published: date, gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with each seat of government read as the state seated there on
    ``published``, and Serb forces as whose they were then."""
    seats = [(names, code) for names, code, start, end in _SEATS if start <= published < end]
    serb_state = None
    if not _BOSNIAN_WAR[0] <= published < _BOSNIAN_WAR[1]:
        serb_state = "YUG" if published < _YUGOSLAVIA_UNTIL else "SRB"
    serbs = serb_state is not None and any(_forces(m) in _SERB_FORCES for m in mentions)
    if not seats and not serbs:
        return mentions  # nearly every sentence: nothing named as of another day
    out = []
    for m in mentions:
        lower = m.text.lower()
        then = next((code for names, code in seats if lower in names), None)
        if then is None and _forces(m) in _SERB_FORCES:
            then = serb_state
        state = gazetteer.state(then)
        out.append(replace(m, entity=state) if state is not None else m)
    return out


def _forces(m: Mention) -> str:
    """The mention's words without an article: "The Serbs" is "serbs"."""
    return m.text.lower().removeprefix("the ")
