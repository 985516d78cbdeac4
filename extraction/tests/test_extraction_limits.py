"""Text no report looks like (a page without sentence ends, a document dump) is read within
bounds: it cannot crash the parser, nor take unbounded time, nor quote a page as evidence."""

from __future__ import annotations

from extraction_articles import MakeArticle
from storyline_extraction import extract
from storyline_extraction.extractor import MAX_EXTRACTED_CHARS
from storyline_extraction.text_segments import MAX_SENTENCE_TOKENS, split_sentences


def test_text_without_sentence_ends_is_cut_into_bounded_pieces() -> None:
    body = "word " * (MAX_SENTENCE_TOKENS * 3 + 7)

    sentences = split_sentences(body)

    assert [len(s.tokens) for s in sentences] == [MAX_SENTENCE_TOKENS] * 3 + [7]
    assert "".join(s.text + " " for s in sentences) == body


def test_a_megabyte_long_sentence_is_extracted_not_fed_whole_to_the_parser(
    make_article: MakeArticle,
) -> None:
    # One "sentence" over spaCy's 1,000,000-character limit, full of triggers.
    body = "Russia accused Ukraine of attacking " * 28_000

    extraction = extract(make_article(body))

    assert extraction.events
    assert max(len(e.evidence.sentence) for e in extraction.events) < 2_000


def test_a_body_beyond_the_extraction_limit_is_read_up_to_it_and_noted(
    make_article: MakeArticle,
) -> None:
    tail = "Later, Russia accused Ukraine of shelling the port on Monday."
    body = "Filler text about the weather. " * (MAX_EXTRACTED_CHARS // 31 + 10) + tail

    extraction = extract(make_article(body))

    assert all(e.evidence.end <= MAX_EXTRACTED_CHARS for e in extraction.events)
    assert extraction.note is not None
    assert extraction.note.startswith(f"body read up to its first {MAX_EXTRACTED_CHARS:,} of")
