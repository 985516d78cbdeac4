"""Story events travel through the CloudEvents codec like every other event."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from storyline_contracts import decode, encode
from storyline_contracts.story_events import ArticleAssignedToStory, StoryMerged, StoryOpened

NOW = datetime(2023, 5, 3, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "event",
    [
        StoryOpened(
            event_id="e1",
            occurred_at=NOW,
            story_id="s1",
            title="Drones over the Kremlin",
            first_article_id="a1",
            first_article_version=1,
            incident_date=date(2023, 5, 3),
            key_actors=("Government of Russia",),
            places=("Moscow",),
        ),
        StoryMerged(
            event_id="e2",
            occurred_at=NOW,
            story_id="s1",
            from_story_ids=("s2",),
            article_id="a3",
            article_version=1,
        ),
        ArticleAssignedToStory(
            event_id="e3",
            occurred_at=NOW,
            story_id="s1",
            article_id="a2",
            article_version=1,
            outlet="Daily Courier",
            near_duplicate_of="a1",
        ),
    ],
)
def test_story_event_round_trips_keyed_by_story(
    event: StoryOpened | StoryMerged | ArticleAssignedToStory,
) -> None:
    record = encode(event)

    decoded = decode(record.headers, record.value)

    assert decoded == event
    assert record.key == b"s1"


def test_merge_must_name_a_merged_story() -> None:
    with pytest.raises(ValidationError):
        StoryMerged(
            event_id="e",
            occurred_at=NOW,
            story_id="s1",
            from_story_ids=(),
            article_id="a",
            article_version=1,
        )
