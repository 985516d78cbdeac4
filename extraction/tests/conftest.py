"""Fixtures for extraction tests: the parser loaded once per session, and an article maker."""

from __future__ import annotations

from datetime import datetime

import pytest

from extraction_articles import MakeArticle
from storyline_extraction import ArticleText, SyntaxModel, load_syntax_model


@pytest.fixture(scope="session")
def syntax_model() -> SyntaxModel:
    return load_syntax_model()  # cached per process: every later extract() reuses it


@pytest.fixture
def make_article(syntax_model: SyntaxModel) -> MakeArticle:
    def make(
        body: str,
        published_at: str = "2023-05-04T10:00:00+00:00",
        article_id: str = "a-1",
        version: int = 1,
    ) -> ArticleText:
        return ArticleText(
            article_id=article_id,
            article_version=version,
            title="",
            body=body,
            published_at=datetime.fromisoformat(published_at),
            outlet="Test Wire",
        )

    return make
