"""The story list's filter form, read from a query string the way a browser sends it.

A browser sends every field of a GET form, empty or not, so an empty field means "no filter"
here (the JSON API would refuse ``since=`` as a bad date). Otherwise the rules are the JSON
API's: the same filters (``StoryFilters``), the same checks, the same cursor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from starlette.datastructures import QueryParams

from storyline_projector.query.parameters import EXTRACTED_EVENT_TYPES
from storyline_projector.query.story_listing import BadCursor, Cursor, StoryFilters
from storyline_projector.read_models.story_state import DEVELOPING, DISPUTED, MERGED

STATUSES = (DEVELOPING, DISPUTED, MERGED)
EVENT_TYPES = tuple(sorted(EXTRACTED_EVENT_TYPES))
PAGE_SIZE = 25
_LIMITS = {"actor": (1, 300), "q": (2, 200), "cursor": (1, 500)}


@dataclass
class ListForm:
    """What the form holds (to fill it in again) and what it asks for."""

    values: dict[str, str]
    filters: StoryFilters = field(default_factory=StoryFilters)
    cursor: Cursor | None = None
    errors: dict[str, str] = field(default_factory=dict)


def read_list_form(params: QueryParams) -> ListForm:
    names = ("actor", "event_type", "status", "since", "until", "q", "cursor")
    values = {name: params.get(name, "").strip() for name in names}
    errors: dict[str, str] = {}
    for name, (shortest, longest) in _LIMITS.items():
        if values[name] and not shortest <= len(values[name]) <= longest:
            errors[name] = f"between {shortest} and {longest} characters"
    if values["event_type"] and values["event_type"] not in EXTRACTED_EVENT_TYPES:
        errors["event_type"] = "not an event type Storyline extracts"
    if values["status"] and values["status"] not in STATUSES:
        errors["status"] = f"one of {', '.join(STATUSES)}"
    since, until = _day(values, "since", errors), _day(values, "until", errors)
    if since and until and since > until:
        errors["until"] = "must not be before since"
    cursor = None
    if values["cursor"] and "cursor" not in errors:
        try:
            cursor = Cursor.decode(values["cursor"])
        except BadCursor as error:
            errors["cursor"] = str(error)
    filters = StoryFilters(
        actor=values["actor"] or None,
        event_type=values["event_type"] or None,
        status=values["status"] or None,
        since=since,
        until=until,
        text=values["q"] or None,
    )
    return ListForm(values, filters, cursor, errors)


def _day(values: dict[str, str], name: str, errors: dict[str, str]) -> date | None:
    if not values[name]:
        return None
    try:
        return date.fromisoformat(values[name])
    except ValueError:
        errors[name] = "a date as YYYY-MM-DD"
        return None
