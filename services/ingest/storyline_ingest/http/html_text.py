"""Plain text from the HTML that feeds put in headlines and bodies.

A real HTML parser (the standard library's, which tolerates the broken markup feeds send) rather
than regular expressions: entities are decoded, scripts and styles dropped, and block elements
become paragraph breaks so that sentence offsets in the text still mean something.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that end a paragraph (or a line that reads as one) when rendered.
BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
# Elements whose text is never part of the article.
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript", "head", "title"})
SPACES = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden_depth += 1
        elif tag in BLOCK_ELEMENTS:
            self._end_paragraph()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS:
            self._end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in BLOCK_ELEMENTS:
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self._current.append(data)

    def _end_paragraph(self) -> None:
        text = SPACES.sub(" ", "".join(self._current)).strip()
        if text:
            self.paragraphs.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._end_paragraph()


def html_to_text(html: str) -> str:
    """The readable text of ``html``: one paragraph per block, separated by a blank line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "\n\n".join(collector.paragraphs)
