"""Create Storyline's Kafka topics with the partition count, replication and size limit they need.

Topics are created with ``max.message.bytes`` from ``kafka_clients.TOPIC_CONFIG``, so that every
record the producer may send fits. A topic that already exists with a smaller limit (created by
hand, or before the limit was set) has the limit raised, keeping its other settings.

Replication: unless told otherwise, a topic gets as many replicas as the cluster has brokers, up
to three, and ``min.insync.replicas`` one less (at most two). With the producer's ``acks=all``, a
write then counts only once two replicas have it, and any one broker may be down without
stopping writes or losing an acknowledged event. The brokers counted are those answering when
the topics are created: create them with the whole cluster up, or say the figures explicitly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

from storyline_platform.kafka_clients import TOPIC_CONFIG

log = logging.getLogger(__name__)

# Enough partitions for a few projector replicas and extraction workers; story order is per key,
# so the count can grow later only with care (keys move partitions).
DEFAULT_PARTITIONS = 6
MAX_REPLICATION_FACTOR = 3
# Kafka's config sources: only settings made for the topic itself are kept when altering.
_DYNAMIC_TOPIC_CONFIG = 1


async def ensure_topics(
    bootstrap_servers: str,
    topics: Iterable[str],
    partitions: int = DEFAULT_PARTITIONS,
    replication_factor: int | None = None,
    min_insync_replicas: int | None = None,
    attempts: int = 20,
) -> None:
    """Create each missing topic; waits (bounded) for a broker that is still starting.

    ``replication_factor`` and ``min_insync_replicas`` None: from the cluster's size (see above).
    """
    wanted = list(topics)
    for attempt in range(1, attempts + 1):
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [name for name in wanted if name not in existing]
            if missing:
                replicas = replication_factor or await _brokers_up_to_three(admin)
                config = TOPIC_CONFIG | {
                    "min.insync.replicas": str(
                        min_insync_replicas or default_min_insync_replicas(replicas)
                    )
                }
                # Another instance may create them first: that is fine.
                with contextlib.suppress(TopicAlreadyExistsError):
                    await admin.create_topics(
                        [
                            NewTopic(name, partitions, replicas, topic_configs=config)
                            for name in missing
                        ]
                    )
                log.info(
                    "created topics",
                    extra={"topics": missing, "replication_factor": replicas, **config},
                )
            await _raise_size_limits(admin, [name for name in wanted if name in existing])
            return
        except KafkaConnectionError:
            if attempt == attempts:
                raise
            await asyncio.sleep(min(0.5 * attempt, 3.0))
        finally:
            await admin.close()


def default_min_insync_replicas(replication_factor: int) -> int:
    """One replica may be missing; more than two in sync adds latency, not safety, here."""
    return max(1, min(2, replication_factor - 1))


async def _brokers_up_to_three(admin: AIOKafkaAdminClient) -> int:
    brokers = (await admin.describe_cluster())["brokers"]
    return max(1, min(MAX_REPLICATION_FACTOR, len(brokers)))


async def _raise_size_limits(admin: AIOKafkaAdminClient, topics: list[str]) -> None:
    if not topics:
        return
    resources = [ConfigResource(ConfigResourceType.TOPIC, name) for name in topics]
    changes = []
    for response in await admin.describe_configs(resources):
        for _error, _message, _kind, name, entries in (r[:5] for r in response.resources):
            current = {entry[0]: entry[1] for entry in entries}
            if all(int(current.get(key) or 0) >= int(value) for key, value in TOPIC_CONFIG.items()):
                continue
            # AlterConfigs replaces the topic's own settings as a whole: keep the ones it has.
            own = {entry[0]: entry[1] for entry in entries if entry[3] == _DYNAMIC_TOPIC_CONFIG}
            changes.append(ConfigResource(ConfigResourceType.TOPIC, name, own | TOPIC_CONFIG))
    if changes:
        await admin.alter_configs(changes)
        log.info("raised topic size limits", extra={"topics": [c.name for c in changes]})
