"""Names the gazetteer does not know, read from an article's headline and lead."""

from __future__ import annotations

from datetime import UTC, datetime

from storyline_extraction import ArticleText, extract
from storyline_ingest.stories.proper_names import proper_names
from storyline_ingest.stories.story_signals import signals_from_extraction

BODY = (
    "Water poured through the breached Kakhovka dam on Tuesday, flooding villages along the "
    "Dnipro, officials in Kherson said. Ukraine's hydropower company Ukrhydroenergo said the "
    "plant could not be restored. Oleksandr Prokudin, the regional governor, ordered an "
    "evacuation. Later paragraphs are not read: Zaporizhzhia."
)


def test_names_in_the_lead_are_found_casefolded() -> None:
    names = proper_names("Dam breach floods Kherson region", BODY)

    assert {"kakhovka", "dnipro", "kherson", "ukrhydroenergo", "oleksandr prokudin"} <= names
    assert "zaporizhzhia" not in names  # beyond the lead


def test_sentence_openers_calendar_words_titles_and_demonyms_are_not_names() -> None:
    names = proper_names(
        "",
        "Officials said on Tuesday in May that President Zelensky and Russian troops met "
        "Ukrainians near the IAEA mission.",
    )

    assert names == {"zelensky", "iaea"}


def test_a_title_case_headline_is_skipped_and_known_names_are_left_out() -> None:
    names = proper_names(
        "Dam Breach Floods Villages Along River",
        "Water poured through the Kakhovka dam near Kherson.",
        known=["Kherson"],
    )

    assert names == {"kakhovka"}


def test_only_english_articles_give_names() -> None:
    """German capitalises every noun: its capitals say nothing about names."""

    def signals(language: str, body: str) -> frozenset[str]:
        article = ArticleText(
            article_id=f"a-{language}",
            article_version=1,
            title="",
            body=body,
            published_at=datetime(2023, 6, 6, tzinfo=UTC),
            outlet="Wire",
            language=language,
        )
        return signals_from_extraction(article, extract(article)).names

    assert signals("de", "Die Regierung meldete am Dienstag einen Bruch des Staudamms.") == set()
    assert "kakhovka" in signals("en", "Water poured through the breached Kakhovka dam.")
