"""The 422 that lists every invalid field of a body, and its translation from pydantic errors."""

from __future__ import annotations

from pydantic import ValidationError

from storyline_ingest.errors import InvalidArticle


class InvalidBody(InvalidArticle):
    """A body that fails validation; ``details`` lists every field and its problem."""

    def __init__(self, message: str, details: list[dict[str, str]]) -> None:
        super().__init__(message, field=details[0]["field"] if details else None)
        self.details = details


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
