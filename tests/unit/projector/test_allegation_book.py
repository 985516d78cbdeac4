"""The allegation book, fed claims and article notes one at a time or in groups and in any order,
writes what the plain rules give for the whole set (``allegation_reference``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline_projector.read_models.allegation_book import (
    ACCUSATION,
    DENIAL,
    SKEPTICISM,
    AllegationBook,
    Claim,
)
from storyline_projector.read_models.article_ledger import ArticleLedger
from tests.unit.projector.allegation_reference import Sources, derive_allegations

STORY = "story-1"
IDS = [f"e{n}" for n in range(8)]
ACTS = ["strike", "shelling"]
ACTORS = ["Russia", "russia", "Ukraine", "United States", "experts"]
ARTICLES = ["a0", "a1", "a2", "a3"]
OUTLETS = ["Wire", "Daily", None]
START = datetime(2024, 5, 1, tzinfo=UTC)


def claim(
    event_id: str,
    kind: str,
    source: str | None,
    targets: list[str],
    about: list[str],
    article: str,
    minutes: int,
) -> Claim:
    name = source or "unknown"
    return Claim(
        event_id=event_id,
        kind=kind,
        source=name,
        source_key=name.casefold(),
        targets=tuple(targets),
        target_keys=tuple(target.casefold() for target in targets),
        about=frozenset(about),
        text=f"{kind} {event_id}",
        article_id=article,
        rank=(START + timedelta(minutes=minutes), -0.8, event_id),
    )


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, Any]]:
    """Claims (distinct ids) and article notes, interleaved in any order."""
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=len(IDS), unique=True))
    items: list[tuple[str, Any]] = []
    for event_id in ids:
        kind = draw(st.sampled_from([ACCUSATION, ACCUSATION, DENIAL, SKEPTICISM]))
        items.append(
            (
                "claim",
                claim(
                    event_id,
                    kind,
                    draw(st.sampled_from([*ACTORS, None])),
                    draw(st.lists(st.sampled_from(ACTORS), max_size=2)),
                    draw(st.lists(st.sampled_from(IDS + ACTS), max_size=3)),
                    draw(st.sampled_from(ARTICLES)),
                    draw(st.integers(0, 5)),
                ),
            )
        )
    for _ in range(draw(st.integers(0, 6))):
        note = (
            draw(st.sampled_from(ARTICLES)),
            draw(st.sampled_from(OUTLETS)),
            draw(st.sampled_from([None, *ARTICLES])),
            START + timedelta(minutes=draw(st.integers(0, 5))),
        )
        items.append(("note", note))
    return draw(st.permutations(items))


def stored_after(book: AllegationBook, stored: dict[str, Any]) -> None:
    """Write the book's changes into ``stored`` as the unit of work writes them."""
    changes = book.changes()
    if changes.rewrite:
        stored["rows"], stored["events"] = {}, set()
    for row in changes.rows:
        stored["rows"][(row["accuser_key"], row["accused_key"])] = row
    stored["events"] |= {tuple(sorted(event.items())) for event in changes.events}


@settings(max_examples=400, deadline=None)
@given(history=histories(), groups=st.lists(st.integers(1, 4), min_size=1, max_size=20))
def test_the_book_agrees_with_the_rules_whatever_the_order_and_grouping(
    history: list[tuple[str, Any]], groups: list[int]
) -> None:
    ledger = ArticleLedger()
    book = AllegationBook(STORY, ledger)
    stored: dict[str, Any] = {"rows": {}, "events": set()}
    claims: list[Claim] = []
    position, sizes = 0, iter(groups * len(history))
    while position < len(history):
        group = history[position : position + next(sizes)]
        position += len(group)
        for kind, item in group:
            if kind == "note":
                change = ledger.note(*item)
                if change:
                    book.article_changed(item[0], change)
        book.add([item for kind, item in group if kind == "claim"])
        claims += [item for kind, item in group if kind == "claim"]
        stored_after(book, stored)

        rows, events = derive_allegations(STORY, claims, Sources(ledger.outlets, ledger.copies))
        assert [stored["rows"][key] for key in sorted(stored["rows"])] == rows
        assert stored["events"] == {tuple(sorted(event.items())) for event in events}
        assert book.contested == any(row["disputed"] or row["doubted_by"] for row in rows)


def test_an_accusation_named_before_it_arrived_has_the_book_rewritten() -> None:
    book = AllegationBook(STORY, ArticleLedger())
    book.add([claim("denies", DENIAL, "Ukraine", [], ["accuses"], "a1", 2)])
    book.changes()

    book.add([claim("accuses", ACCUSATION, "Russia", ["Ukraine"], ["strike"], "a0", 1)])
    changes = book.changes()

    assert changes.rewrite
    assert [row["denied_by"] for row in changes.rows] == [["Ukraine"]]


def test_a_claim_adds_only_the_rows_it_changes() -> None:
    book = AllegationBook(STORY, ArticleLedger())
    book.add(
        [
            claim("accuses-ukraine", ACCUSATION, "Russia", ["Ukraine"], ["strike"], "a0", 1),
            claim("accuses-us", ACCUSATION, "Russia", ["United States"], ["strike"], "a0", 1),
        ]
    )
    book.changes()

    book.add([claim("ukraine-denies", DENIAL, "Ukraine", [], ["accuses-ukraine"], "a1", 2)])
    changes = book.changes()

    assert not changes.rewrite
    assert [(row["accused_key"], row["disputed"]) for row in changes.rows] == [("ukraine", True)]
    assert [event["event_id"] for event in changes.events] == ["ukraine-denies"]
