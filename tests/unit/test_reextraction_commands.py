"""``storyline reextract``: start a run, follow it, diff it, adopt it, from the command line."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storyline.cli import main
from storyline.embedded import EmbeddedStoryline
from storyline_ingest.accept.feeds import create_feed
from tests.article_factory import article
from tests.reextraction_rule import NEW_RULES, denials_without_targets


async def one_story(url: str) -> None:
    async with EmbeddedStoryline(url) as storyline:
        async with storyline.engine.begin() as connection:
            key = await create_feed(connection, "wire", None, datetime.now(UTC))
        async with storyline.ingest_client() as client:
            response = await client.post(
                "/v1/articles", json=article(), headers={"Authorization": f"Bearer {key}"}
            )
            assert response.status_code == 202
        await storyline.settle()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'storyline.db'}"
    monkeypatch.setenv("STORYLINE_DATABASE_URL", url)
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    asyncio.run(one_story(url))
    denials_without_targets(monkeypatch)  # the extractor changed since the story was built
    return url


def run_id_from(output: str) -> str:
    return output.split()[1].rstrip(":")


def test_a_run_is_started_diffed_and_adopted_from_the_command_line(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reextract"]) == 0
    started = capsys.readouterr()
    run_id = run_id_from(started.out)
    assert "1/1 articles read" in started.err

    assert main(["reextract", "status"]) == 0
    assert f"{run_id}  complete" in capsys.readouterr().out

    assert main(["reextract", "diff", run_id, "--examples", "1"]) == 0
    diff = capsys.readouterr().out
    denials = next(line for line in diff.splitlines() if line.startswith("denial_issued"))
    assert denials.split() == ["denial_issued", "0", "0", "2", "0"]  # added removed changed same
    assert "denial_issued (targets)" in diff
    assert NEW_RULES in diff

    assert main(["reextract", "adopt", run_id]) == 0
    assert capsys.readouterr().out.startswith(f"adopted {run_id}: 1 article(s)")
    assert main(["reextract", "status", run_id]) == 0
    assert f"{run_id}  adopted" in capsys.readouterr().out


def test_an_unknown_run_and_another_version_are_named_and_refused(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reextract", "diff", "run-nope"]) == 2
    assert "no re-extraction run 'run-nope'" in capsys.readouterr().err
    assert main(["reextract", "--extractor-version", "storyline-rules-0.1"]) == 2
    assert "is not the one installed" in capsys.readouterr().err
