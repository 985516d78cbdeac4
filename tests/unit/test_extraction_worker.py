"""The extraction worker turns each article version into story events, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import decode
from storyline_contracts.topics import ARTICLES_TOPIC
from storyline_ingest.outbox.event_store import read_after
from storyline_ingest.storage.tables import event_key_clocks, event_store
from storyline_ingest.worker.extraction_worker import ExtractionWorker
from tests.article_factory import article
from tests.conftest import Feed

STRIKE = (
    "Russia accused the United States on Thursday of directing a drone strike on the Kremlin "
    "on 29 April. Kremlin spokesman Dmitry Peskov said evidence pointed to American involvement. "
    "The United States denied the accusation."
)


async def post(storyline: EmbeddedStoryline, feed: Feed, **overrides: object) -> None:
    async with storyline.ingest_client() as client:
        response = await client.post(
            "/v1/articles", json=article(**overrides), headers=feed.headers
        )
    assert response.status_code == 202, response.text


async def event_names(storyline: EmbeddedStoryline) -> list[str]:
    async with storyline.engine.connect() as connection:
        rows = await connection.execute(
            select(event_store.c.event_type).order_by(event_store.c.position)
        )
        return [name.split(".")[1] for name in rows.scalars()]


async def test_new_article_gets_a_story_and_its_extracted_events(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, body=STRIKE)

    await storyline.extraction.catch_up()

    names = await event_names(storyline)
    assert names[0] == "article_received"
    assert {"story_opened", "article_assigned_to_story"} <= set(names)
    assert {"strike_reported", "accusation_made", "denial_issued"} <= set(names)


async def test_redelivered_article_event_changes_nothing(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, body=STRIKE)
    await storyline.extraction.catch_up()
    before = await event_names(storyline)
    async with storyline.engine.connect() as connection:
        stored = [s for s in await read_after(connection, 0, 100) if s.topic == ARTICLES_TOPIC]

    worker = ExtractionWorker(storyline.engine)
    appended = await worker.handle(decode(stored[0].headers, stored[0].payload))

    assert appended == 0
    assert await event_names(storyline) == before


async def test_revision_retracts_the_events_of_the_earlier_version(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, body=STRIKE, version=1)
    await storyline.extraction.catch_up()

    await post(storyline, feed, body="Officials gave no further details on Friday.", version=2)
    await storyline.extraction.catch_up()

    names = await event_names(storyline)
    assert names.count("events_retracted") == 1
    assert names.index("events_retracted") > names.index("article_revised")


async def test_withdrawal_retracts_every_standing_event(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, body=STRIKE)
    await storyline.extraction.catch_up()

    async with storyline.ingest_client() as client:
        await client.post(
            "/v1/articles",
            json={"external_id": "wire-0001", "status": "canceled"},
            headers=feed.headers,
        )
    await storyline.extraction.catch_up()
    await storyline.extraction.catch_up()  # running again finds nothing more to do

    names = await event_names(storyline)
    assert names[-2:] == ["article_withdrawn", "events_retracted"]


async def test_republished_wire_copy_adds_a_source_not_new_events(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, body=STRIKE)
    await storyline.extraction.catch_up()
    extracted_before = len(await event_names(storyline))

    await post(
        storyline,
        feed,
        external_id="partner-77",
        outlet="Partner Daily",
        body=STRIKE + " Reporting by Example Wire.",
    )
    await storyline.extraction.catch_up()

    added = (await event_names(storyline))[extracted_before:]
    assert added == ["article_received", "article_assigned_to_story"]


async def test_a_batch_with_two_versions_of_one_article_is_applied_in_order(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, body=STRIKE, version=1)
    await post(storyline, feed, body=STRIKE + " Kyiv also denied it.", version=2)

    await storyline.extraction.catch_up()  # both versions arrive in one batch

    names = await event_names(storyline)
    assert names.count("events_retracted") == 1
    assert names.index("article_revised") < names.index("events_retracted")
    assert names.count("denial_issued") >= 2  # the first version's, then the second's


async def times_per_key(storyline: EmbeddedStoryline) -> dict[str, list[tuple[str, datetime]]]:
    """Each Kafka key's events in the order they are published, with their CloudEvents time."""
    async with storyline.engine.connect() as connection:
        stored = await read_after(connection, 0, 10_000)
    per_key: dict[str, list[tuple[str, datetime]]] = {}
    for record in stored:
        event = decode(record.headers, record.payload)
        per_key.setdefault(event.partition_key, []).append((event.name, event.occurred_at))
    return per_key


async def test_within_a_story_the_event_time_never_goes_back_when_a_revision_arrives(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, body=STRIKE, version=1)
    await storyline.extraction.catch_up()
    await post(storyline, feed, body=STRIKE + " Officials said so again on Friday.", version=2)
    await storyline.extraction.catch_up()

    for key, events in (await times_per_key(storyline)).items():
        times = [time for _, time in events]
        assert times == sorted(times), (key, events)
    names = await event_names(storyline)
    retraction = names.index("events_retracted")
    assert names[retraction + 1] == "article_assigned_to_story"  # the case that went back


async def test_a_story_whose_clock_is_ahead_stamps_later_events_no_earlier(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post(storyline, feed, body=STRIKE, version=1)
    await storyline.extraction.catch_up()
    ahead = datetime.now(UTC) + timedelta(minutes=5)  # another worker's clock runs fast
    async with storyline.engine.begin() as connection:
        await connection.execute(update(event_key_clocks).values(latest=ahead))

    await post(storyline, feed, body=STRIKE + " Officials said so again on Friday.", version=2)
    await storyline.extraction.catch_up()

    [story] = [
        events
        for events in (await times_per_key(storyline)).values()
        if events[0][0] == "story_opened"
    ]
    names = [name for name, _ in story]
    after_revision = story[names.index("events_retracted") :]
    assert len(after_revision) > 2  # the retraction, the assignment, the new events
    assert {time for _, time in after_revision} == {ahead}
