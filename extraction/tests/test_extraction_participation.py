"""Who is said to lead whose operation: the side comes from the sentence or from earlier in the
article; a group leading its own state's operation is no claim about sides."""

from __future__ import annotations

from extraction_articles import MakeArticle
from storyline_extraction import ExtractedEvent, extract


def participations(events: tuple[ExtractedEvent, ...]) -> list[tuple[str | None, str | None, str]]:
    return [
        (
            e.source.canonical if e.source else None,
            e.on_behalf_of.canonical if e.on_behalf_of else None,
            e.text,
        )
        for e in events
        if e.kind == "participation_reported"
    ]


def test_an_operation_announced_earlier_gives_the_side_of_this_will_be_led_by(
    make_article: MakeArticle,
) -> None:
    article = make_article(
        "Zelensky vowed on Tuesday to launch a spring offensive against Russian troops. "
        "It will be led by the Wagner Group, a pro-Kremlin channel claimed."
    )

    events = extract(article).events

    assert participations(events) == [("Wagner Group", "Ukraine", "offensive")]
    [led] = [e for e in events if e.kind == "participation_reported"]
    assert led.modality == "alleged"  # a channel claimed it
    assert [t.canonical for t in led.targets] == ["Russia"]
    assert led.summary == "Wagner Group said to lead Ukraine's offensive against Russia"


def test_the_side_named_with_the_operation_is_its_side(make_article: MakeArticle) -> None:
    article = make_article(
        "A Ukrainian counteroffensive led by the Wagner Group has begun near Bakhmut."
    )

    assert participations(extract(article).events) == [
        ("Wagner Group", "Ukraine", "counteroffensive")
    ]


def test_the_definite_operation_refers_back_to_who_announced_it(make_article: MakeArticle) -> None:
    article = make_article(
        "Zelensky pledged to launch a counteroffensive against Russian forces. "
        "One report said the counteroffensive would be led by the Wagner Group."
    )

    assert participations(extract(article).events) == [
        ("Wagner Group", "Ukraine", "counteroffensive")
    ]


def test_no_claim_of_sides_without_an_operation_or_for_ones_own_side(
    make_article: MakeArticle,
) -> None:
    article = make_article(
        "Mercenaries led by Yevgeny Prigozhin seized the city's military headquarters. "
        "A Russian offensive led by the Wagner Group took the town of Soledar. "
        "The counteroffensive will not be led by the Wagner Group, Kyiv said."
    )

    assert participations(extract(article).events) == []
