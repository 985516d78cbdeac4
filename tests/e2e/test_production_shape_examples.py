"""The example articles through the production shape tell the same story as the demo.

The demo runs embedded, one article after another; the real processes read the articles from
Kafka partitions in whatever order the partitions hand them over. The story's facts must not
depend on that order.
"""

from __future__ import annotations

import httpx

from storyline.demo import EXAMPLES, load_articles
from tests.e2e.test_production_shape import (  # noqa: F401 - fixtures, found by name
    create_feed,
    environment,
    processes,
    wait_for,
)

KREMLIN_TITLE = "Moscow blames Washington for drone attack on the Kremlin"


def test_the_kremlin_story_reads_as_in_the_demo(
    environment: dict[str, str],  # noqa: F811
    processes: dict[str, int],  # noqa: F811
) -> None:
    key = create_feed(environment)
    ingest = f"http://127.0.0.1:{processes['ingest']}"
    query = f"http://127.0.0.1:{processes['query']}"
    wait_for(f"{ingest}/healthz", lambda r: r.status_code == 200)
    articles = load_articles(EXAMPLES)
    for item in articles:
        item.pop("_note", None)
        answer = httpx.post(
            f"{ingest}/v1/articles", json=item, headers={"Authorization": f"Bearer {key}"}
        )
        assert answer.status_code in (200, 202), answer.text

    def kremlin_settled(response: httpx.Response) -> bool:
        if response.status_code != 200:
            return False
        found = [s for s in response.json()["items"] if s["title"].startswith(KREMLIN_TITLE)]
        return bool(found) and found[0]["article_count"] == 3 and found[0]["event_count"] > 10

    listing = wait_for(f"{query}/v1/stories?limit=100", kremlin_settled).json()
    [kremlin] = [s for s in listing["items"] if s["title"].startswith(KREMLIN_TITLE)]

    assert kremlin["incident_date"] == "2023-04-29"
    assert kremlin["incident_place"] == "Kremlin"
    assert kremlin["outlet_count"] == 3  # the wire, the Harbour Post's copy, the follow-up
    assert kremlin["first_reported"] == "2023-05-04T10:15:00Z"  # published, not received

    claims = httpx.get(f"{query}/v1/stories/{kremlin['story_id']}/claims").json()
    assert claims["disputed"] is True
    kinds = {c["kind"] for c in claims["contradictions"]}
    assert kinds == {"different_perpetrators", "against_known_affiliation"}
    # the republished copy counts with the wire story: one independent source, not two
    against_us = [a for a in claims["allegations"] if a["accused"] == "United States"]
    assert against_us
    assert all(a["independent_outlets"] == 1 for a in against_us)
