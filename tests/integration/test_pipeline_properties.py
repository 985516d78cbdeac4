"""A property of the whole pipeline, on the real Kafka broker and PostgreSQL server: whatever
feeds post, every accepted article is extracted, published and projected, or sits in a
dead-letter list with its reason; and the articles posted after it flow as usual.

Hypothesis writes the articles: bodies up to the size limit, every form of language tag, control
characters, NULs and odd Unicode anywhere, identifiers with surrounding whitespace. What the API
refuses must have stored nothing; what it accepts must come out of the other end.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.settings import IngestSettings
from storyline_ingest.storage.tables import articles
from tests.article_factory import article
from tests.integration.pipeline import DONE, Pipeline, running_pipeline

pytestmark = pytest.mark.integration

LARGEST = IngestSettings().max_article_bytes
EXAMPLE = itertools.count()
SENTENCES = [
    "Russia accused Ukraine on Monday of a drone strike on an oil depot in Bryansk.",
    "A drone hit the Kremlin on 29 April, Moscow said.",
    "Israel struck a depot near Damascus on 3 March 2024, the monitor said.",
    "Kyiv denied any role and said the claim was fabricated.",
    "Officials said at least 12 people were killed when a missile hit a market in Kharkiv.",
    "The Houthis vowed to keep attacking ships in the Red Sea.",
    "Analysts could not independently verify the figures.",
    "Prices of bread rose 8% in May, the statistics office said.",
]
odd_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=40
)
language_tags = st.sampled_from(
    ["en", "EN", "en-GB", "en-us", "en_GB", "En-Gb", "fr", "de-DE", "xx", "zh-Hant-TW", "sr-Latn"]
) | st.from_regex(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,2}", fullmatch=True)


@st.composite
def bodies(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6))
    noise = draw(st.lists(odd_text, max_size=len(sentences)))
    text = " ".join(s + n for s, n in itertools.zip_longest(sentences, noise, fillvalue=""))
    if draw(st.integers(0, 9)) == 0:  # now and then, a body near the size limit
        size = draw(st.integers(LARGEST // 2, LARGEST - 4096))
        text = (text + " ") * (size // (len(text.encode()) + 1))
    return text


@st.composite
def posted_articles(draw: st.DrawFn) -> dict[str, Any]:
    published = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(
        minutes=draw(st.integers(0, 60 * 24 * 300))
    )
    document = article(
        external_id=draw(st.sampled_from(["", " ", "\t"])) + f"id-{draw(st.uuids())}"
        if draw(st.integers(0, 7)) == 0
        else f"id-{draw(st.uuids())}",
        title=draw(st.sampled_from(["Report", "Strike on depot", ""])) + draw(odd_text),
        body=draw(bodies()),
        language=draw(language_tags),
        outlet=draw(st.none() | odd_text),
        published_at=published.isoformat(),
    )
    return document


@pytest.fixture
async def pipeline(
    engine: AsyncEngine, database_url: str, kafka_servers: str, topic_prefix: str
) -> AsyncIterator[Pipeline]:
    async with running_pipeline(engine, database_url, kafka_servers, topic_prefix) as running:
        yield running


async def stored_articles(pipeline: Pipeline) -> int:
    async with pipeline.engine.connect() as connection:
        query = select(func.count()).select_from(articles)
        return int((await connection.execute(query)).scalar_one())


@settings(
    max_examples=4,
    deadline=None,
    # One pipeline serves every example (starting one takes seconds); shrinking would rerun
    # whole pipelines, so a failure is reported as found, with its articles in the message.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents=st.lists(posted_articles(), min_size=1, max_size=12))
# The shapes that once stopped a stage for everyone, whatever else is drawn: an English article
# tagged en-GB with a date the date parser reads, and one a few kilobytes under the size limit.
@example(
    documents=[
        article(external_id="en-gb-dated", language="en-GB", body=SENTENCES[1]),
        article(external_id="largest", body=(SENTENCES[2] + " ") * (LARGEST // 80)),
    ]
)
async def test_every_accepted_article_comes_out_of_the_pipeline_or_is_set_aside(
    pipeline: Pipeline, documents: list[dict[str, Any]]
) -> None:
    example = next(EXAMPLE)
    before = await stored_articles(pipeline)
    accepted, created = [], set()
    for document in documents:
        response = await pipeline.post(document)
        assert response.status_code in (202, 413, 422), response.text
        if response.status_code == 202:
            accepted.append(response.json()["article_id"])
            if response.json()["outcome"] == "created":
                created.add(response.json()["article_id"])
    tail = []
    for number in range(3):  # ordinary articles after the generated ones
        response = await pipeline.post(
            article(external_id=f"tail-{example}-{number}", body=SENTENCES[number])
        )
        assert response.status_code == 202, response.text
        tail.append(response.json()["article_id"])

    outcomes = await pipeline.settle([*accepted, *tail])

    assert await stored_articles(pipeline) - before == len(created) + len(tail)  # refused: none
    unfinished = {
        a: outcome
        for a, outcome in outcomes.items()
        if outcome != DONE and not outcome.startswith("set aside by")
    }
    assert not unfinished, f"{unfinished} among {summary(documents)}"
    assert {outcomes[a] for a in tail} == {DONE}, f"after {summary(documents)}"


def summary(documents: list[dict[str, Any]]) -> list[str]:
    """What a failure message shows of each article (bodies can be a megabyte)."""
    return [
        f"{d['external_id']!r} {d['language']!r} title={d['title'][:40]!r} body={len(d['body'])}"
        for d in documents
    ]
