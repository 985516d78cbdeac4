"""How a clashing row's columns take in new values: in SQL (``combined_column``) and in Python
(``combined_value``), by the same order-free rules."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import ColumnElement, case, func

# How a clashing row's column takes in the new value. Each rule is order-free (the result does
# not depend on which of two writes came first), which is what makes handlers order-tolerant.
Combine = Literal["min", "max", "coalesce"]


def combined_column(
    current: ColumnElement[Any], new: ColumnElement[Any], rule: Combine | None
) -> ColumnElement[Any]:
    """The SQL for a clashing row's column: ``current`` (stored) merged with ``new``."""
    if rule == "coalesce":
        return func.coalesce(current, new)
    if rule == "min":
        return case((current.is_(None), new), (new < current, new), else_=current)
    if rule == "max":
        return case((current.is_(None), new), (new > current, new), else_=current)
    return new


def combined_value(current: Any, new: Any, rule: Combine | None) -> Any:
    """``combined_column`` in Python, NULLs included: what the database would store."""
    if rule is None:
        return new
    if rule == "coalesce":
        return new if current is None else current
    # min and max skip NULLs, as SQL's aggregates do: a value known once is kept.
    if current is None:
        return new
    if new is None:
        return current
    if rule == "min":
        return new if new < current else current
    return new if new > current else current
