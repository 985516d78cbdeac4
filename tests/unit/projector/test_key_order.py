"""Rows sorted by their key one item at a time come in the order of the key's tuples."""

from __future__ import annotations

import random
from operator import itemgetter

from storyline_projector.read_models.key_order import sort_by_key


def test_rows_sorted_item_by_item_are_in_the_order_of_their_key_tuples() -> None:
    chosen = random.Random(7)
    rows = [
        {"story": chosen.choice("abc"), "event": chosen.choice("xyz"), "n": chosen.randrange(3)}
        for _ in range(200)
    ]
    by_tuples = sorted(rows, key=itemgetter("story", "event", "n"))

    sort_by_key(rows, ("story", "event", "n"))

    assert rows == by_tuples


def test_tuples_sorted_item_by_item_are_in_their_own_order() -> None:
    chosen = random.Random(8)
    keys = [(chosen.choice("ab"), chosen.randrange(4)) for _ in range(100)]

    sorted_keys = list(keys)
    sort_by_key(sorted_keys, range(2))

    assert sorted_keys == sorted(keys)
