"""The type of the ``make_article`` fixture, for the tests' annotations (a conftest cannot be
imported by name: pytest loads several), and how the statement tests read what was found."""

from collections.abc import Callable, Iterable

from storyline_extraction import ArticleText, ExtractedEvent, extract

MakeArticle = Callable[..., ArticleText]

# An event as the tests compare it: its kind, its source's canonical name, its targets' names.
Found = tuple[str, str | None, list[str]]


def kinds_and_actors(events: Iterable[ExtractedEvent]) -> list[Found]:
    return [
        (
            e.kind,
            e.source.canonical if e.source else None,
            sorted(t.canonical or t.text for t in e.targets),
        )
        for e in events
    ]


def found_in(make_article: MakeArticle, body: str) -> list[Found]:
    """What the extractor finds in an article of ``body``."""
    return kinds_and_actors(extract(make_article(body)).events)


def kinds_found(
    make_article: MakeArticle, body: str, published_at: str | None = None
) -> list[Found]:
    """What the extractor finds in an article of ``body``, published on the fixture's default
    day or on ``published_at``."""
    if published_at is None:
        return found_in(make_article, body)
    return kinds_and_actors(extract(make_article(body, published_at=published_at)).events)
