"""What a new user saw wrong in a story's summary: when it was reported, by how many outlets,
its incident, and its title."""

from __future__ import annotations

from typing import Any

import httpx

from storyline.demo import EXAMPLES, load_articles
from storyline.embedded import EmbeddedStoryline
from storyline_ingest.worker.article_outlets import article_outlet
from storyline_projector.read_models.story_titles import MAX_TITLE_CHARS, short_title
from tests.article_factory import KREMLIN_BODY, article
from tests.conftest import Feed

WIRE, DAILY = "example-wire-0001", "example-daily-2023-0504-17"


def example(external_id: str) -> dict[str, Any]:
    return next(a for a in load_articles(EXAMPLES) if a["external_id"] == external_id)


async def post_all(storyline: EmbeddedStoryline, feed: Feed, *documents: dict[str, Any]) -> None:
    async with storyline.ingest_client() as ingest:
        for document in documents:
            answer = await ingest.post("/v1/articles", json=document, headers=feed.headers)
            assert answer.status_code == 202, answer.text
    await storyline.settle()


async def only_story(client: httpx.AsyncClient) -> dict[str, Any]:
    [story] = (await client.get("/v1/stories")).json()["items"]
    return dict(story)


async def test_a_story_is_reported_when_its_articles_were_published_not_received(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_all(
        storyline,
        feed,
        article(external_id="a", published_at="2023-05-04T10:15:00Z"),
        article(external_id="b", published_at="2023-05-04T18:30:00+02:00", outlet="Other"),
    )

    async with storyline.query_client() as client:
        story = await only_story(client)
        articles = (await client.get(f"/v1/stories/{story['story_id']}/articles")).json()

    assert (story["first_reported"], story["last_reported"]) == (
        "2023-05-04T10:15:00Z",
        "2023-05-04T16:30:00Z",
    )
    published = sorted(item["published_at"] for item in articles["items"])
    assert published == ["2023-05-04T10:15:00Z", "2023-05-04T16:30:00Z"]
    # When Storyline received them stays beside it, and it is now, not in 2023.
    assert all(item["first_seen"] > "2024" for item in articles["items"])


async def test_articles_without_an_outlet_count_by_their_url_host(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    first = article(external_id="a", url="https://www.wire.example.org/kremlin")
    second = article(external_id="b", url="https://daily.example.com/world/kremlin")
    for document in (first, second):
        del document["outlet"]

    await post_all(storyline, feed, first, second)

    async with storyline.query_client() as client:
        story = await only_story(client)
        articles = (await client.get(f"/v1/stories/{story['story_id']}/articles")).json()

    assert story["outlet_count"] == 2
    assert sorted(item["outlet"] for item in articles["items"]) == [
        "daily.example.com",
        "wire.example.org",
    ]


def test_an_article_without_outlet_or_url_counts_as_its_feed() -> None:
    assert article_outlet(None, None, "test-wire") == "test-wire"
    assert article_outlet("  ", "not a url", "test-wire") == "test-wire"
    assert article_outlet("Example Wire", "https://x.example/", "test-wire") == "Example Wire"


async def test_the_kremlin_story_is_the_same_whichever_article_the_worker_meets_first(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    # From Kafka the worker may read the later reaction piece before the first report; the
    # demo reads them in the order they were posted.
    await post_all(storyline, feed, example(DAILY), example(WIRE))

    async with storyline.query_client() as client:
        story = await only_story(client)

    assert story["title"].startswith("Moscow blames Washington for drone attack on the Kremlin")
    assert (story["incident_date"], story["incident_place"]) == ("2023-04-29", "Kremlin")
    assert (story["article_count"], story["outlet_count"]) == (2, 2)


async def test_a_title_made_of_a_first_paragraph_is_shortened_at_a_word_boundary(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    paragraph = KREMLIN_BODY.replace(". ", ", and ")  # one long sentence, as a lead can be

    await post_all(storyline, feed, article(title=paragraph))

    async with storyline.query_client() as client:
        title = (await only_story(client))["title"]

    assert len(title) <= MAX_TITLE_CHARS
    assert title.endswith("…")
    assert paragraph.startswith(title.removesuffix("…"))
    assert paragraph[len(title) - 1] == " "  # cut between two words


def test_a_long_title_keeps_its_whole_first_sentences_when_they_say_enough() -> None:
    lead = (
        "Russia accused the United States of directing a drone strike on the Kremlin. "
        "Kremlin spokesman Dmitry Peskov said evidence pointed to American involvement."
    )
    assert short_title(lead) == lead.split(". ")[0] + "."
    assert short_title("Short\n title ") == "Short title"
