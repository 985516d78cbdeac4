"""Topics get as many replicas as the cluster has brokers, up to three, and a write counts once
all but one of them (at most two) have it: any one broker may be down."""

from __future__ import annotations

from typing import Any

import pytest

from storyline_platform import kafka_topics
from storyline_platform.kafka_topics import default_min_insync_replicas, ensure_topics


@pytest.mark.parametrize(("replicas", "in_sync"), [(1, 1), (2, 1), (3, 2), (5, 2)])
def test_min_insync_replicas_leaves_room_for_one_broker_down(replicas: int, in_sync: int) -> None:
    assert default_min_insync_replicas(replicas) == in_sync


class Admin:
    """An admin client we own: a cluster of ``brokers`` brokers with no topics yet."""

    created: list[Any]

    def __init__(self, brokers: int) -> None:
        self.brokers = brokers

    def __call__(self, **_options: Any) -> Admin:
        self.created = []
        return self

    async def start(self) -> None: ...
    async def close(self) -> None: ...

    async def list_topics(self) -> list[str]:
        return []

    async def describe_cluster(self) -> dict[str, Any]:
        return {"brokers": [{"node_id": n} for n in range(self.brokers)]}

    async def create_topics(self, topics: list[Any]) -> None:
        self.created += topics

    async def describe_configs(self, _resources: list[Any]) -> list[Any]:
        return []


@pytest.mark.parametrize(
    ("brokers", "replicas", "in_sync"), [(1, 1, "1"), (3, 3, "2"), (4, 3, "2")]
)
async def test_topics_are_replicated_to_the_cluster_size(
    monkeypatch: pytest.MonkeyPatch, brokers: int, replicas: int, in_sync: str
) -> None:
    admin = Admin(brokers)
    monkeypatch.setattr(kafka_topics, "AIOKafkaAdminClient", admin)

    await ensure_topics("kafka:9092", ["a", "b"])

    assert [topic.replication_factor for topic in admin.created] == [replicas, replicas]
    assert {topic.topic_configs["min.insync.replicas"] for topic in admin.created} == {in_sync}


async def test_explicit_figures_win_over_the_cluster_size(monkeypatch: pytest.MonkeyPatch) -> None:
    admin = Admin(brokers=3)
    monkeypatch.setattr(kafka_topics, "AIOKafkaAdminClient", admin)

    await ensure_topics("kafka:9092", ["a"], replication_factor=2, min_insync_replicas=2)

    [topic] = admin.created
    assert (topic.replication_factor, topic.topic_configs["min.insync.replicas"]) == (2, "2")
