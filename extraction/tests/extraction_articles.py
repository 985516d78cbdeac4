"""The type of the ``make_article`` fixture, for the tests' annotations (a conftest cannot be
imported by name: pytest loads several)."""

from collections.abc import Callable

from storyline_extraction import ArticleText

MakeArticle = Callable[..., ArticleText]
