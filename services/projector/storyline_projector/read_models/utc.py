"""Datetimes in the read models are UTC.

SQLite keeps no UTC offset, so every value is converted to UTC before it is written or compared,
and whatever comes back without an offset is read as UTC: both backends then answer alike.
"""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(value: datetime) -> datetime:
    if value.tzinfo is UTC:  # converted already: most values are converted once and passed on
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def as_utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else as_utc(value)
