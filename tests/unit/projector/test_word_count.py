"""An article's word count is what splitting its text on whitespace gives."""

from __future__ import annotations

import random

from storyline_projector.read_models.article_handlers import word_count


def test_words_are_counted_as_splitting_on_whitespace_counts_them() -> None:
    chosen = random.Random(3)
    # every kind of character the two ways of counting treat differently, if any
    characters = "ab. \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u2003\u3000é"
    for _ in range(5000):
        text = "".join(chosen.choice(characters) for _ in range(chosen.randrange(0, 24)))
        assert word_count(text) == len(text.split()), repr(text)


def test_every_ascii_character_splits_or_not_as_split_says() -> None:
    for code in range(128):
        text = f"a{chr(code)}b"
        assert word_count(text) == len(text.split()), code
