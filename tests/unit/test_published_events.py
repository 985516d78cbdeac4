"""What extraction finds becomes the events Storyline publishes, field for field, id for id."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from pydantic import BaseModel

from storyline_contracts import extracted_events as contract
from storyline_contracts.event_base import deterministic_event_id as contract_id
from storyline_extraction import ArticleText, extract, values
from storyline_extraction.ids import deterministic_event_id as extraction_id
from storyline_ingest.worker.published_events import to_events

BODY = (
    "KYIV, May 4 (Test Wire) - Moscow has accused the United States of being behind a drone "
    "strike on the Kremlin on 29 April.\nThe US and Ukraine both denied the allegation."
)


def test_extracted_events_become_contract_events_of_the_story_with_their_ids() -> None:
    extraction = extract(ArticleText(body=BODY, published_at=datetime(2023, 5, 4, 10, tzinfo=UTC)))

    events = to_events(extraction, "story-9", datetime(2023, 5, 4, tzinfo=UTC))

    assert all(isinstance(e, contract.ExtractedEvent) for e in events)
    assert [e.event_id for e in events] == [e.event_id for e in extraction]
    assert [e.name for e in events] == [e.kind for e in extraction]
    assert {e.story_id for e in events} == {"story-9"}
    strike = next(e for e in events if isinstance(e, contract.StrikeReported))
    assert strike.when is not None
    assert strike.when.start is not None
    assert strike.when.start.isoformat() == "2023-04-29"
    denial = next(e for e in events if isinstance(e, contract.DenialIssued))
    assert denial.source is not None
    assert denial.source.canonical in {"United States", "Ukraine"}


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (values.Actor, contract.Actor),
        (values.Place, contract.Place),
        (values.EventTime, contract.EventTime),
        (values.Evidence, contract.Evidence),
        (values.Figure, contract.Figure),
    ],
)
def test_the_extraction_values_have_the_contract_fields(
    ours: type, theirs: type[BaseModel]
) -> None:
    fields = {field.name: field.default for field in dataclasses.fields(ours)}
    published = {name: info.default for name, info in theirs.model_fields.items()}

    assert fields.keys() == published.keys()
    assert {n: d for n, d in fields.items() if d is not dataclasses.MISSING} == {
        n: d for n, d in published.items() if n in fields and fields[n] is not dataclasses.MISSING
    }


def test_the_extraction_ids_are_the_contract_ids() -> None:
    parts = ("article-1", 2, "storyline-rules-1.0.0", "denial_issued", 10, 52, "Ukraine")

    assert extraction_id(*parts) == contract_id(*parts)
