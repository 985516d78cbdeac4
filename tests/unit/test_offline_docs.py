"""``/docs`` and ``/redoc`` of both APIs load nothing from outside the service: every script,
stylesheet and icon they reference is served by the API itself."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.http.app import create_app
from storyline_projector.app import create_query_app

REFERENCE = re.compile(r"""(?:src|href|url)\s*[=:(]\s*['"]?([^'")\s>]+)""")


@pytest.fixture(params=["ingest", "query"])
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> FastAPI:
    async with EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'docs.db'}") as storyline:
        if request.param == "ingest":
            return create_app(engine=storyline.engine)
        return create_query_app(engine=storyline.engine)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_documentation_pages_reference_only_assets_the_api_serves(
    api: FastAPI, page: str
) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=api), base_url="http://api"
    ) as client:
        html = (await client.get(page)).text
        references = set(REFERENCE.findall(html))

        assert references, html
        assert not [ref for ref in references if "//" in ref], references
        for reference in references:
            answer = await client.get(reference)
            assert answer.status_code == 200, reference
            assert answer.content, reference
        assert "/openapi.json" in html
