"""Event extraction: turns an article's text into typed events with actors, dates and evidence.

For the extraction worker::

    extract_events(article: ArticleText, story_id: str, occurred_at: datetime)
        -> list[ExtractedEvent]

or, when story assignment sits in between::

    extraction = extract(article)            # events with ids + ArticleFacts, no story
    story_id = assign(extraction.facts)      # normalised actors, places, incident date
    events = to_events(extraction, story_id, occurred_at)
"""

from storyline_ingest.extraction.article_text import ArticleText
from storyline_ingest.extraction.extraction_records import (
    EXTRACTOR_VERSION,
    ArticleExtraction,
    ArticleFacts,
    Extraction,
)
from storyline_ingest.extraction.extractor import extract, extract_batch, extract_events, to_events
from storyline_ingest.extraction.syntax_model import (
    SpacySyntaxModel,
    SyntaxModel,
    load_syntax_model,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleExtraction",
    "ArticleFacts",
    "ArticleText",
    "Extraction",
    "SpacySyntaxModel",
    "SyntaxModel",
    "extract",
    "extract_batch",
    "extract_events",
    "load_syntax_model",
    "to_events",
]
