"""A bound on the request bodies the ingest process holds at once, whatever arrives.

Each request reserves the bytes it may buffer (its declared length, or the route's limit when it
declares none) before reading its body, and gives them back once answered. A request that finds
the budget spent waits for others to finish, reading nothing meanwhile (the client's bytes stay
in the network buffers); one that waits too long is answered 503 with ``Retry-After``. Memory
then stays within a small multiple of the budget (a body is held as bytes, parsed, validated and
encoded once more), however many feeds post large batches together.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from storyline_ingest.accept.errors import Unavailable


@dataclass
class _Account:
    free: int
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    waiting: int = 0  # requests waiting for bytes: only then is a return announced


class BodyBudget:
    def __init__(self, total_bytes: int, wait_seconds: float = 10.0) -> None:
        self.total_bytes = total_bytes
        self.wait_seconds = wait_seconds
        # One account per event loop: a server runs one, tests run one app on several.
        self._accounts: WeakKeyDictionary[asyncio.AbstractEventLoop, _Account] = WeakKeyDictionary()

    def free_bytes(self) -> int:
        return self._account().free

    @asynccontextmanager
    async def reserve(self, wanted: int) -> AsyncIterator[None]:
        wanted = min(wanted, self.total_bytes)
        account = self._account()
        if account.free >= wanted:
            # Nearly always: taken at once, without the wait and its timer (a task each, on
            # every post). The event loop runs one request at a time, so no lock is needed to
            # read and take; waiting requests get the same chance as before, when bytes return.
            account.free -= wanted
        else:
            await self._wait_and_take(account, wanted)
        try:
            yield
        finally:
            account.free += wanted
            if account.waiting:
                async with account.changed:
                    account.changed.notify_all()

    async def _wait_and_take(self, account: _Account, wanted: int) -> None:
        account.waiting += 1
        try:
            async with account.changed:
                await asyncio.wait_for(
                    account.changed.wait_for(lambda: account.free >= wanted), self.wait_seconds
                )
                account.free -= wanted
        except TimeoutError:
            raise Unavailable(
                "the service is busy with other large requests; retry shortly", field="body"
            ) from None
        finally:
            account.waiting -= 1

    def _account(self) -> _Account:
        loop = asyncio.get_running_loop()
        account = self._accounts.get(loop)
        if account is None:
            account = self._accounts[loop] = _Account(self.total_bytes)
        return account
