"""The one body both APIs answer every error with, and document in their OpenAPI schemas.

``{"error": {"code", "message", "field", "details": [{"field", "problem"}]}}``: a stable code,
what is wrong, the field, header, parameter or part of the request at fault, and every problem
found. Kept here so that the two APIs cannot drift apart.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class FieldProblem(BaseModel):
    field: str = Field(description="Where the problem is, e.g. 'body.published_at'.")
    problem: str


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. 'not_found'.")
    message: str
    field: str = Field(
        description="The (first) field, header, parameter or part of the request at fault."
    )
    details: list[FieldProblem] = Field(description="Every problem found, one per field.")


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx."""

    error: ErrorDetail
