"""API keys change over without a refused request, and a revoked or expired key stops working:
at once when it expires, within the key cache's lifetime when it is revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from storyline.cli import main
from storyline.embedded import EmbeddedStoryline
from storyline_ingest.accept.errors import IngestError
from storyline_ingest.accept.feed_key_cache import FeedKeyCache
from storyline_ingest.accept.feeds import list_keys, revoke_key, rotate_key
from tests.article_factory import article
from tests.conftest import Feed
from tests.ingest_store import row_counts

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now.timestamp()

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(storyline: EmbeddedStoryline) -> Clock:
    clock = Clock()
    storyline.ingest_app.state.feed_keys = FeedKeyCache(ttl_seconds=30, clock=clock)
    return clock


async def post(storyline: EmbeddedStoryline, key: str, number: int) -> httpx.Response:
    async with storyline.ingest_client() as client:
        return await client.post(
            "/v1/articles",
            json=article(external_id=f"wire-{number}"),
            headers={"Authorization": f"Bearer {key}"},
        )


async def test_during_a_change_over_both_keys_post_then_the_old_one_expires(
    storyline: EmbeddedStoryline, feed: Feed, clock: Clock
) -> None:
    async with storyline.engine.begin() as connection:
        new_key, expiring = await rotate_key(
            connection, feed.feed_id, clock.now, timedelta(hours=1)
        )

    old_before = await post(storyline, feed.api_key, 1)
    new_before = await post(storyline, new_key, 2)
    clock.advance(hours=1, seconds=1)
    old_after = await post(storyline, feed.api_key, 3)
    new_after = await post(storyline, new_key, 4)

    assert [r.status_code for r in (old_before, new_before, old_after, new_after)] == [
        202,
        202,
        401,
        202,
    ]
    assert [key.expires_at for key in expiring] == [clock.now - timedelta(seconds=1)]
    assert old_after.headers["www-authenticate"] == "Bearer"
    assert (await row_counts(storyline))["articles"] == 3


async def test_an_expiring_key_is_never_trusted_from_the_cache_past_its_expiry(
    storyline: EmbeddedStoryline, feed: Feed, clock: Clock
) -> None:
    async with storyline.engine.begin() as connection:
        await rotate_key(connection, feed.feed_id, clock.now, timedelta(seconds=10))
    assert (await post(storyline, feed.api_key, 1)).status_code == 202  # cached, for < 30 s

    clock.advance(seconds=11)

    assert (await post(storyline, feed.api_key, 2)).status_code == 401


async def test_a_revoked_key_is_refused_once_the_cache_has_forgotten_it(
    storyline: EmbeddedStoryline, feed: Feed, clock: Clock
) -> None:
    assert (await post(storyline, feed.api_key, 1)).status_code == 202  # now in the cache
    async with storyline.engine.begin() as connection:
        [key] = await list_keys(connection, feed.feed_id)
        await revoke_key(connection, feed.feed_id, key.key_id, clock.now)

    clock.advance(seconds=30.5)
    refused = await post(storyline, feed.api_key, 2)

    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"
    assert (await row_counts(storyline))["articles"] == 1


async def test_a_key_never_seen_before_its_revocation_is_refused_at_once(
    storyline: EmbeddedStoryline, feed: Feed, clock: Clock
) -> None:
    async with storyline.engine.begin() as connection:
        [key] = await list_keys(connection, feed.feed_id)
        await revoke_key(connection, feed.feed_id, key.key_id, clock.now)

    assert (await post(storyline, feed.api_key, 1)).status_code == 401


async def test_a_third_live_key_is_refused(
    storyline: EmbeddedStoryline, feed: Feed, clock: Clock
) -> None:
    async with storyline.engine.begin() as connection:
        await rotate_key(connection, feed.feed_id, clock.now, timedelta(hours=1))
        with pytest.raises(IngestError, match="2 live keys"):
            await rotate_key(connection, feed.feed_id, clock.now, timedelta(hours=1))
        keys = await list_keys(connection, feed.feed_id)

    assert len(keys) == 2


def test_the_commands_rotate_list_and_revoke_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORYLINE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    assert main(["migrate"]) == 0
    assert main(["feeds", "create", "wire"]) == 0
    first_key = capsys.readouterr().out.splitlines()[-1]

    assert main(["feeds", "rotate-key", "wire", "--grace-hours", "2"]) == 0
    rotated = capsys.readouterr().out.splitlines()
    assert main(["feeds", "keys", "wire"]) == 0
    listed = capsys.readouterr().out.splitlines()
    old_id = listed[0].split()[0]
    assert main(["feeds", "revoke-key", "wire", old_id]) == 0
    capsys.readouterr()
    assert main(["feeds", "keys", "wire"]) == 0
    after = capsys.readouterr().out.splitlines()

    assert rotated[-1].startswith("slk_")
    assert rotated[-1] != first_key
    assert rotated[0].startswith(f"key {old_id} stops working at ")
    assert " expires " in listed[0]
    assert listed[1].endswith("live")
    assert "revoked" in after[0]
    assert after[1].endswith("live")
    with pytest.raises(SystemExit) as refused:
        main(["feeds", "revoke-key", "wire", old_id])
    assert refused.value.code == 2
