"""A compact way to write the small closed word classes the rules test membership in."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``, as a set."""
    return frozenset(text.split())


# Nouns that name an accusation; shared by the accusation rules and the negation check.
ACCUSATION_NOUNS = words("accusation accusations allegation allegations")
