"""Create Storyline's Kafka topics with the partition count they need, if they are missing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

log = logging.getLogger(__name__)

# Enough partitions for a few projector replicas and extraction workers; story order is per key,
# so the count can grow later only with care (keys move partitions).
DEFAULT_PARTITIONS = 6


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
                        [NewTopic(name, partitions, replication_factor) for name in missing]
                    )
                log.info("created topics", extra={"topics": missing})
            return
        except KafkaConnectionError:
            if attempt == attempts:
                raise
            await asyncio.sleep(min(0.5 * attempt, 3.0))
        finally:
            await admin.close()
