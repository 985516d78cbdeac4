"""A story's title, short enough to read as one: at most ``MAX_TITLE_CHARS``, cut between words.

A story's title is its first article's title. Feeds that have no headline send the body's first
paragraph in its place, which made a title of several sentences. A title that is too long is
cut at the end of its first sentence when that leaves a title of some substance, else at the
last word boundary that fits, with an ellipsis. Whitespace runs (line breaks included) read as
one space.
"""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 120
MIN_SENTENCE_CHARS = 40  # a first sentence shorter than this says too little on its own
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_TRAILING = " ,;:–—-"


def short_title(title: str | None) -> str | None:
    if title is None:
        return None
    text = " ".join(title.split())
    if len(text) <= MAX_TITLE_CHARS:
        return text
    # The longest run of whole sentences that fits, if it says enough on its own.
    ends = [end.end() for end in _SENTENCE_END.finditer(text[: MAX_TITLE_CHARS + 1])]
    if ends and ends[-1] >= MIN_SENTENCE_CHARS:
        return text[: ends[-1]]
    room = text[: MAX_TITLE_CHARS - len(ELLIPSIS) + 1]
    space = room.rfind(" ")
    words = room[:space] if space > 0 else room[: MAX_TITLE_CHARS - len(ELLIPSIS)]
    return words.rstrip(_TRAILING) + ELLIPSIS
