"""Extraction functions that fail on purpose on one article, for the worker's isolation tests.

Module-level, so that a process pool can run them: the article whose title is ``CRASH`` kills
its process, and ``HANG`` never finishes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from storyline_extraction.article_text import ArticleText
from storyline_ingest.worker.extraction_runner import ExtractionOutcome, extract_each


def faulty_extract_each(articles: Sequence[ArticleText]) -> list[ExtractionOutcome]:
    for article in articles:
        if article.title == "CRASH":
            os._exit(13)  # as a segfault or the kernel's OOM killer would end it
        if article.title == "HANG":
            time.sleep(3600)
    return extract_each(articles)
