"""Incidents and tolls an article has already reported, told again further down.

Copy repeats its incident: a lead gives "killing 12 people", a later paragraph says "the
attack, which killed 12 people", a recap says "12 people were killed on Tuesday". Only the
first report is an event. A later toll that repeats every figure of an earlier toll, with the
same date, is dropped; a toll that adds a figure (a new count of wounded, a higher count of
dead) is kept, since it is news.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline_extraction.event_draft import EventDraft
from storyline_extraction.values import Figure

_TOLL = "casualties_reported"


def _figure_key(f: Figure) -> tuple[float, str | None]:
    return (f.value, f.counts)


def drop_retold_tolls(drafts: Sequence[EventDraft]) -> list[EventDraft]:
    """The drafts without tolls that only restate an earlier toll of the article."""
    told: list[EventDraft] = []
    kept: list[EventDraft] = []
    for d in sorted(drafts, key=lambda x: (x.sentence, x.trigger_offset)):
        if d.kind == _TOLL and d.figures:
            figures = {_figure_key(f) for f in d.figures}
            if any(
                figures <= {_figure_key(f) for f in earlier.figures}
                and (d.when is None or earlier.when is None or d.when.start == earlier.when.start)
                for earlier in told
            ):
                continue
            told.append(d)
        kept.append(d)
    return kept
