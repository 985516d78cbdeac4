"""News events from article text: strikes, attacks, accusations, denials, threats, pledges,
casualties, figures, doubts, interceptions, responsibility claims and sanctions, each with who,
against whom, when, where, and the sentence it came from.

::

    from datetime import datetime, timezone
    from storyline_extraction import ArticleText, extract

    article = ArticleText(body="Russia accused Ukraine on Tuesday of ...",
                          published_at=datetime(2023, 5, 4, tzinfo=timezone.utc))
    for event in extract(article):
        print(event.kind, event.source, event.targets, event.when, event.evidence.sentence)

``extract`` gives an ``ArticleExtraction``: iterate over it for the events, or read its
``facts`` (the article's actors, places and incident date, for grouping articles into stories).
``extract_batch`` does the same for many articles with one parser call, several times faster.
Nothing here needs a database, a broker or a web framework: only spaCy and dateparser.
"""

from storyline_extraction.article_text import ArticleText
from storyline_extraction.extraction_records import (
    EXTRACTOR_VERSION,
    ArticleExtraction,
    ArticleFacts,
    ExtractedEvent,
)
from storyline_extraction.extractor import extract, extract_batch
from storyline_extraction.syntax_model import (
    SpacySyntaxModel,
    SyntaxModel,
    load_syntax_model,
)
from storyline_extraction.values import Actor, EventTime, Evidence, Figure, Place

__all__ = [
    "EXTRACTOR_VERSION",
    "Actor",
    "ArticleExtraction",
    "ArticleFacts",
    "ArticleText",
    "EventTime",
    "Evidence",
    "ExtractedEvent",
    "Figure",
    "Place",
    "SpacySyntaxModel",
    "SyntaxModel",
    "extract",
    "extract_batch",
    "load_syntax_model",
]
