"""One active instance among replicas, through a PostgreSQL session advisory lock.

The outbox relay must run as a single active instance: two relays would send the same rows, and
per-key order across them would be lost. Replicas wait as standbys and take over when the
leader's session ends (crash, network loss, shutdown). SQLite is single-process: always leader.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_platform.stopping import sleep_unless_stopped

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_lock``."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class LeaderLock:
    def __init__(self, engine: AsyncEngine, name: str, retry_seconds: float = 2.0) -> None:
        self._engine = engine
        self._key = lock_key(name)
        self._name = name
        self._retry_seconds = retry_seconds
        self._connection: AsyncConnection | None = None

    @property
    def needed(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    async def acquire(self, stop: asyncio.Event) -> bool:
        """Block until this instance leads (True) or ``stop`` is set (False)."""
        if not self.needed:
            return True
        while not stop.is_set():
            try:
                if await self._try_acquire():
                    log.info("leadership acquired", extra={"lock": self._name})
                    return True
            except Exception:
                log.warning("leader lock attempt failed", exc_info=True)
                await self.release()
            await sleep_unless_stopped(stop, self._retry_seconds)
        return False

    async def still_held(self) -> bool:
        """False when the session holding the lock is gone (the lock went with it)."""
        if not self.needed:
            return True
        if self._connection is None:
            return False
        try:
            await self._connection.execute(text("SELECT 1"))
            return True
        except Exception:
            log.warning("lost the leader lock session", extra={"lock": self._name})
            await self.release()
            return False

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
        except Exception:
            log.debug("unlock failed; closing the session releases it", exc_info=True)
        finally:
            await connection.close()

    async def _try_acquire(self) -> bool:
        connection = await self._engine.connect()
        # Autocommit: the session-level lock must not sit inside a long-open transaction.
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        acquired = (
            await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key})
        ).scalar()
        if acquired:
            self._connection = connection
            return True
        await connection.close()
        return False
