"""Bulk writes on SQLite end exactly as row-by-row upserts (PostgreSQL: tests/integration)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from storyline.embedded import EmbeddedStoryline
from storyline_projector.read_models.combined_write import (
    TableWrite,
    documents_of,
    guarded_statement,
    shapes_of,
)
from storyline_projector.read_models.tables import story_events
from tests.unit.projector.bulk_scenario import check_bulk_matches_row_by_row


async def test_bulk_rows_end_as_row_by_row_upserts_on_sqlite(storyline: EmbeddedStoryline) -> None:
    await check_bulk_matches_row_by_row(storyline.engine)


def test_published_events_travel_beside_the_document_not_escaped_inside_it() -> None:
    """PostgreSQL's one statement gets the story log's JSON texts joined by the record
    separator, and a document of the other columns; the statement splits them again, in order."""
    rows = [
        {
            "story_id": "s-1",
            "event_id": f"e-{number}",
            "event_type": "storyline.denial_issued.v1",
            "occurred_at": datetime(2023, 5, 3, tzinfo=UTC),
            "data": f'{{"event_id":"e-{number}","summary":"\\"no\\""}}',
        }
        for number in (1, 2)
    ]
    write = TableWrite(story_events, tuple(rows[0]), ("story_id", "event_id"), (), rows)
    document, texts = documents_of([write])
    assert [set(row) for row in json.loads(document)] == [set(rows[0]) - {"data"}] * 2
    assert texts == rows[0]["data"] + "\x1e" + rows[1]["data"]
    statement = guarded_statement(None, "SELECT true AS ok", 0, shapes_of([write]))
    assert "string_to_table($2, chr(30))" in statement
    assert all("data" in row for row in rows)  # the rows handed in are left as they were


def test_a_table_with_no_rows_sends_no_json_texts() -> None:
    write = TableWrite(
        story_events,
        ("story_id", "event_id", "event_type", "occurred_at", "data"),
        ("story_id", "event_id"),
        (),
        [],
    )
    assert documents_of([write]) == ("[]", None)
