"""A quotation that runs over several sentences is spoken by the one its attribution names:
after it closes, in the sentence before it, or for a paragraph of quotation after someone
"said". Each case fails if the attribution is not carried."""

from __future__ import annotations

from datetime import date

import pytest

from extraction_articles import MakeArticle
from storyline_extraction import extract
from storyline_extraction.gazetteer import load_gazetteer
from storyline_extraction.lexicon import load_lexicon
from storyline_extraction.rule_context import RuleContext, quoted_directly
from storyline_extraction.sentence_analysis import analyse_sentence
from storyline_extraction.text_segments import split_sentences
from storyline_extraction.values import Actor


def doubts_by(make_article: MakeArticle, body: str) -> list[str | None]:
    return [
        e.source.canonical if e.source else None
        for e in extract(make_article(body)).events
        if e.kind == "skepticism_expressed"
    ]


@pytest.mark.parametrize(
    "body",
    [
        # attributed where the quotation closes
        "\"It's unlikely that it was fired from Iran. But we'll see,\" Antony Blinken said.",
        # a paragraph of quotation after a sentence in which the speaker "said"
        "Antony Blinken said the inquiry would take weeks.\n"
        '"It\'s unlikely that it was fired from Iran."',
        # a quotation opened after an attributed one, never closed in its paragraph
        '"We will look at everything," Antony Blinken said. "It\'s unlikely that it was fired '
        "from Iran.",
    ],
)
def test_a_quoted_sentence_is_spoken_by_who_the_quotation_names(
    make_article: MakeArticle, body: str
) -> None:
    assert doubts_by(make_article, body) == ["Antony Blinken"]


def test_a_quotation_with_no_one_named_has_no_speaker(make_article: MakeArticle) -> None:
    body = 'The inquiry will take weeks.\n"It\'s unlikely that it was fired from Iran."'

    assert doubts_by(make_article, body) == []


def test_an_ellipsis_before_a_lower_case_word_does_not_end_the_sentence() -> None:
    texts = [s.text for s in split_sentences("It's unlikely... that it was fired. Then... Rain.")]

    assert texts == ["It's unlikely... that it was fired.", "Then...", "Rain."]


def test_a_quotation_mark_after_a_space_opens_the_next_sentence() -> None:
    body = '"We will look," Jane Roe said. "It was fired from the north!" she added.'

    assert [s.text for s in split_sentences(body)] == [
        '"We will look," Jane Roe said.',
        '"It was fired from the north!" she added.',
    ]


def accusations_by(make_article: MakeArticle, body: str) -> list[tuple[str | None, list[str]]]:
    return [
        (e.source.canonical if e.source else None, sorted(t.canonical or "" for t in e.targets))
        for e in extract(make_article(body)).events
        if e.kind == "accusation_made"
    ]


def test_a_quotation_introduced_with_a_colon_is_spoken_by_who_introduces_it(
    make_article: MakeArticle,
) -> None:
    body = (
        "A rocket hit a border village on Tuesday. Speaking in Brussels, Antony Blinken "
        'continued: "Our first analysis suggests the incident was likely caused by an '
        "Armenian air defence missile. But Azerbaijan bears ultimate responsibility for this "
        'war."'
    )

    found = accusations_by(make_article, body)
    assert ("Antony Blinken", ["Armenia"]) in found
    assert ("Antony Blinken", ["Azerbaijan"]) in found


def test_they_in_a_speakers_own_words_is_somebody_else(make_article: MakeArticle) -> None:
    body = (
        '"Tonight the regime in Baku committed a new crime - they attacked the bridge," '
        "Arayik Harutyunyan said."
    )

    attackers = [
        e.source.canonical if e.source else None
        for e in extract(make_article(body)).events
        if e.kind == "attack_reported"
    ]
    assert attackers == ["Azerbaijan"]


@pytest.mark.parametrize(
    ("text", "word", "quoted_by", "inside"),
    [
        # a pronoun before the mark that opens a quotation is outside it
        ('But he added: "They attacked the bridge."', "he", "Jane Roe", False),
        ('But he added: "They attacked the bridge."', "They", "Jane Roe", True),
        # a sentence going on a quotation begun before it, up to the mark that closes it
        ('They attacked the bridge," she said.', "They", "Jane Roe", True),
        ('They attacked the bridge," she said.', "she", "Jane Roe", False),
        # no quotation at all
        ("They attacked the bridge, she said.", "They", None, False),
    ],
)
def test_whether_a_word_is_inside_a_direct_quotation(
    text: str, word: str, quoted_by: str | None, inside: bool
) -> None:
    lexicon, gazetteer = load_lexicon(), load_gazetteer()
    [sentence] = split_sentences(text)
    a = analyse_sentence(
        0,
        0,
        sentence.text,
        sentence.tokens,
        parsed=False,
        lexicon=lexicon,
        gazetteer=gazetteer,
        published=date(2023, 5, 4),
        language="en",
    )
    ctx = RuleContext(lexicon=lexicon, gazetteer=gazetteer, published=date(2023, 5, 4))
    ctx.quoted_by = Actor(text=quoted_by, canonical=quoted_by, kind="person") if quoted_by else None
    h = next(t.i for t in a.tokens if t.text == word)

    assert quoted_directly(a, h, ctx) is inside
