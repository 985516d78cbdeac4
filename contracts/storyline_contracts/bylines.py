"""Reading the people out of a byline ("By Jane Doe and John Roe in Kyiv").

The ingest service and the v1 -> v2 upcaster of the article events both use this one function,
so an article read from an old v1 record carries exactly the authors it would carry if it were
received today.
"""

from __future__ import annotations

import re

# "By", "By:", "additional reporting by" before a name; the byline's own case is kept.
_CREDIT = re.compile(r"^(?:(?:additional\s+)?reporting\s+)?by\b:?\s*", re.IGNORECASE)
# Separators between people: commas, semicolons, ampersands, "and", "with".
_SEPARATOR = re.compile(r"\s*(?:[,;&|/]|\band\b|\bwith\b)\s*", re.IGNORECASE)
# A dateline after a name ("Jane Doe in Kyiv", "John Roe reporting from Odesa") is not a name.
_DATELINE = re.compile(r"\s+(?:in|from|at|reporting\s+from)\s+.*$", re.IGNORECASE)
# A part that says what someone is rather than who ("Kyiv correspondent", "Staff writer").
_ROLE_WORDS = frozenset(
    {
        "agency",
        "contributor",
        "contributors",
        "correspondent",
        "correspondents",
        "desk",
        "editor",
        "editors",
        "reporter",
        "reporters",
        "reporting",
        "staff",
        "writer",
        "writers",
    }
)


def authors_in_byline(byline: str) -> tuple[str, ...]:
    """The names of the people a byline credits, in order, without duplicates."""
    authors: list[str] = []
    for part in _SEPARATOR.split(byline.strip()):
        name = _DATELINE.sub("", _CREDIT.sub("", part.strip())).strip(" .")
        if name and not _is_role(name) and name not in authors:
            authors.append(name)
    return tuple(authors)


def _is_role(part: str) -> bool:
    return any(word.lower() in _ROLE_WORDS for word in part.split())
