"""``storyline demo``: post the example articles to an embedded Storyline and show the result."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from storyline.embedded import EmbeddedStoryline
from storyline.migrate import REPOSITORY
from storyline.story_report import render_story
from storyline_ingest.accept.feeds import create_feed

EXAMPLES = REPOSITORY / "examples" / "articles.jsonl"
DEMO_DATABASE = REPOSITORY / "var" / "demo.db"
QUERY_HINT = "/v1/stories and /v1/stories/{id}"


def load_articles(path: Path) -> list[dict[str, Any]]:
    articles = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                articles.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not valid JSON: {error.msg}") from None
    return articles


async def run_demo(
    examples: Path = EXAMPLES, out: TextIO = sys.stdout, database: Path = DEMO_DATABASE
) -> EmbeddedStoryline:
    """Start a fresh embedded Storyline, post ``examples``, print what it made of them."""
    for stale in database.parent.glob(database.name + "*"):
        stale.unlink()
    storyline = EmbeddedStoryline(f"sqlite+aiosqlite:///{database}")
    async with storyline:
        async with storyline.engine.begin() as connection:
            api_key = await create_feed(connection, "demo-wire", "Demo wire", datetime.now(UTC))
        headers = {"Authorization": f"Bearer {api_key}"}
        out.write(f"Posting {examples.relative_to(REPOSITORY)} to the ingest API\n")
        async with storyline.ingest_client() as ingest:
            for article in load_articles(examples):
                article.pop("_note", None)
                response = await ingest.post("/v1/articles", json=article, headers=headers)
                answer = response.json()
                outcome = answer.get("outcome") or answer.get("error", {}).get("message")
                out.write(f"  {response.status_code} {article['external_id']:<28} {outcome}\n")
        await storyline.settle()
        async with storyline.query_client() as query:
            listing = (await query.get("/v1/stories")).json()
            out.write(f"\nStories, as the query API serves them (GET {QUERY_HINT}):\n\n")
            for item in listing["items"]:
                base = f"/v1/stories/{item['story_id']}"
                story = (await query.get(base)).json()
                claims = (await query.get(f"{base}/claims")).json()
                out.write(render_story(story, claims) + "\n\n")
    out.write(next_steps(database))
    return storyline


def next_steps(database: Path) -> str:
    """The commands to run next, exactly as typed in the repository's folder: ``uv`` may not be
    on the PATH (``make`` installs it in ~/.local/bin), so they call the ``.venv`` directly."""
    shown = database.relative_to(REPOSITORY) if database.is_relative_to(REPOSITORY) else database
    return (
        "Next, browse these stories in the story desk:\n"
        f"  STORYLINE_DATABASE_URL=sqlite+aiosqlite:///{shown} .venv/bin/storyline serve query\n"
        "  and open http://127.0.0.1:8001/desk\n"
        "Every command in README.md runs as written from this folder (.venv/bin/storyline ...).\n"
    )
