"""HTML from feeds becomes readable plain text with its paragraph breaks."""

from __future__ import annotations

import pytest

from storyline_ingest.http.html_text import html_to_text


def test_block_elements_become_paragraphs() -> None:
    html = "<h2>Kyiv</h2><p>Drones were fired.</p><div>Two fell.<br>One hit a plant.</div>"

    assert html_to_text(html) == "Kyiv\n\nDrones were fired.\n\nTwo fell.\n\nOne hit a plant."


def test_inline_markup_and_entities_read_as_text() -> None:
    html = "<p>Peskov said &ldquo;<em>nonsense</em>&rdquo; &amp; left&nbsp;early.</p>"

    assert html_to_text(html) == "Peskov said “nonsense” & left early."


@pytest.mark.parametrize("hidden", ["script", "style", "template", "noscript"])
def test_scripts_and_styles_are_not_text(hidden: str) -> None:
    html = f"<p>Before.</p><{hidden}>var x = '<p>no</p>';</{hidden}><p>After.</p>"

    assert html_to_text(html) == "Before.\n\nAfter."


def test_broken_markup_still_yields_its_text() -> None:
    assert html_to_text("<p>Unclosed <b>bold<p>Next & last <") == "Unclosed bold\n\nNext & last <"


def test_whitespace_inside_a_paragraph_collapses() -> None:
    assert html_to_text("<p>  one\n\t two   </p>\n\n<p></p>") == "one two"
