"""The 422 that lists every invalid field of a body: one field, or pydantic's errors translated."""

from __future__ import annotations

from pydantic import ValidationError

from storyline_ingest.accept.errors import InvalidBody


def invalid_field(message: str, field: str, problem: str) -> InvalidBody:
    """An ``InvalidBody`` for one field."""
    return InvalidBody(message, [{"field": field, "problem": problem}])


def validation_details(error: ValidationError, location: str) -> list[dict[str, str]]:
    """One ``{"field", "problem"}`` per pydantic error, the field as a dotted path."""
    details = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in (location, *item["loc"]))
        details.append({"field": path, "problem": item["msg"]})
    return details
