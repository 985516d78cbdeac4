"""Create Storyline's Kafka topics with the partition count and size limit they need.

Topics are created with ``max.message.bytes`` from ``kafka_clients.TOPIC_CONFIG``, so that every
record the producer may send fits. A topic that already exists with a smaller limit (created by
hand, or before the limit was set) has the limit raised, keeping its other settings.
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
# Kafka's config sources: only settings made for the topic itself are kept when altering.
_DYNAMIC_TOPIC_CONFIG = 1


async def ensure_topics(
    bootstrap_servers: str,
    topics: Iterable[str],
    partitions: int = DEFAULT_PARTITIONS,
    replication_factor: int = 1,
    attempts: int = 20,
) -> None:
    """Create each missing topic; waits (bounded) for a broker that is still starting."""
    wanted = list(topics)
    for attempt in range(1, attempts + 1):
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [name for name in wanted if name not in existing]
            if missing:
                # Another instance may create them first: that is fine.
                with contextlib.suppress(TopicAlreadyExistsError):
                    await admin.create_topics(
                        [
                            NewTopic(
                                name, partitions, replication_factor, topic_configs=TOPIC_CONFIG
                            )
                            for name in missing
                        ]
                    )
                log.info("created topics", extra={"topics": missing})
            await _raise_size_limits(admin, [name for name in wanted if name in existing])
            return
        except KafkaConnectionError:
            if attempt == attempts:
                raise
            await asyncio.sleep(min(0.5 * attempt, 3.0))
        finally:
            await admin.close()


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
