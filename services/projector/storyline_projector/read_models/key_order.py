"""Rows in the order of their primary key: the order every writer inserts and locks them in, so
that two writers of the same rows wait on each other instead of deadlocking."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from operator import itemgetter
from typing import Any


def sort_by_key(rows: list[Any], key: Iterable[Hashable]) -> None:
    """Sort ``rows`` in place by their items ``key`` (names or indexes) as tuples of them sort.

    One stable sort per item, the last first, gives that order several times faster than one
    sort by tuples: comparing two tuples tests their items for equality before ordering them.
    """
    for item in reversed(list(key)):
        rows.sort(key=itemgetter(item))
