"""`/docs` of both APIs in headless Chromium with the network cut: the operations are listed.

Swagger UI's scripts and styles come from the service itself
(``storyline_platform.api_docs_assets``): loaded from a public CDN, the page would stay blank on
a machine without internet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline_ingest.http.app import create_app
from storyline_ingest.settings import IngestSettings
from tests.browser.chromium import chromium
from tests.browser.conftest import database_url
from tests.browser.desk_server import served

pytestmark = pytest.mark.browser

OPERATIONS = ".opblock"  # one element per operation in Swagger UI


def listed_operations(url: str, profile: Path) -> int:
    with chromium(profile, offline=True) as context:
        page = context.new_page()
        page.goto(f"{url}/docs")
        page.wait_for_selector(OPERATIONS, timeout=15_000)
        return page.locator(OPERATIONS).count()


def test_the_query_api_docs_list_its_operations_offline(query_api: str, tmp_path: Path) -> None:
    assert listed_operations(query_api, tmp_path / "profile") >= 10


def test_the_ingest_api_docs_list_its_operations_offline(
    desk_database: Path, tmp_path: Path
) -> None:
    app = create_app(IngestSettings(database_url=database_url(desk_database)))
    with served(app) as url:
        assert listed_operations(url, tmp_path / "profile") >= 2
