"""The story desk in headless Chromium: pages load, links work, nothing logs an error, every
value from outside reads as text, and the operator's replay needs the key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page

from tests.browser.chromium import chromium
from tests.browser.conftest import HOSTILE_OUTLET, HOSTILE_TITLE, OPERATOR_KEY, POISON_ERROR

pytestmark = pytest.mark.browser

KREMLIN = "Moscow blames Washington for drone attack on the Kremlin"


class WatchedPage:
    """A page that records console errors, uncaught exceptions and dialogs (an ``alert`` an
    injected script would raise)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _dialog(self, dialog: object) -> None:
        self.problems.append(f"dialog: {getattr(dialog, 'message', '')}")
        dialog.dismiss()  # type: ignore[attr-defined]

    def open(self, url: str) -> int:
        response = self.page.goto(url)
        assert response is not None
        return response.status


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[WatchedPage]:
    with chromium(tmp_path / "profile") as context:
        yield WatchedPage(context.new_page())


def test_every_link_of_the_desk_opens_a_page_without_errors(
    browser_page: WatchedPage, query_api: str, screenshots: Path
) -> None:
    watched, page = browser_page, browser_page.page
    assert watched.open(f"{query_api}/desk") == 200
    page.screenshot(path=screenshots / "desk-list.png", full_page=True)
    hrefs = page.eval_on_selector_all("main a[href^='/']", "links => links.map(a => a.href)")
    stories = [href for href in hrefs if "/desk/stories/" in href]

    statuses = {href: watched.open(href) for href in dict.fromkeys(hrefs)}

    assert len(stories) >= 4
    assert set(statuses.values()) == {200}, statuses
    assert watched.problems == []


def test_a_story_page_draws_its_timeline_and_allegations(
    browser_page: WatchedPage, query_api: str, screenshots: Path
) -> None:
    watched, page = browser_page, browser_page.page
    watched.open(f"{query_api}/desk")

    page.get_by_role("link", name=KREMLIN).click()
    page.wait_for_selector("#story-title")
    page.screenshot(path=screenshots / "desk-story-full.png", full_page=True)
    # The README's picture: the top of the page, where the story reads at a glance.
    page.set_viewport_size({"width": 1100, "height": 1250})
    page.screenshot(path=screenshots / "desk-story.png")

    assert page.inner_text("#story-title").startswith(KREMLIN)
    assert page.locator("#timeline-chart rect").count() >= 2
    assert page.locator("#allegation-graph line").count() >= 3
    denied = page.locator("#allegation-graph line[stroke-dasharray]").count()
    assert denied >= 2  # the United States and Ukraine denied
    articles = page.locator("#articles tr").all_inner_texts()[1:]
    assert len(articles) == 3  # the wire story, its republished copy, the follow-up
    assert "Harbour Post" in "".join(articles)
    assert "Example Daily" in "".join(articles)
    claims = page.inner_text("#claims")
    assert "disputed" in claims
    assert "Wagner Group is said to lead Ukraine's counteroffensive" in claims
    assert "2023-05-04 10:15" in "".join(articles)
    assert "170" in page.inner_text("#figures")  # car sales, per Autostat
    assert watched.problems == []


def test_the_filters_narrow_the_list_and_bad_ones_are_explained(
    browser_page: WatchedPage, query_api: str
) -> None:
    watched, page = browser_page, browser_page.page
    watched.open(f"{query_api}/desk")

    page.fill("input[name=q]", "Odesa")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk?*")
    found = page.locator("#stories tr").all_inner_texts()[1:]
    page.select_option("select[name=status]", "merged")
    page.click("button[type=submit]")
    page.wait_for_url("**status=merged*")
    merged = page.locator("#stories").count()
    bad = watched.open(f"{query_api}/desk?since=2023-05-09&until=2023-05-01")

    assert found
    assert all("Odesa" in row or "Kyiv" in row for row in found)
    assert len(found) < 5
    assert merged == 0  # none of the demo's stories was merged
    assert bad == 422
    assert "until: must not be before since" in page.inner_text("main")


def test_every_value_from_outside_renders_as_text(
    browser_page: WatchedPage, query_api: str, screenshots: Path
) -> None:
    watched, page = browser_page, browser_page.page
    watched.open(f"{query_api}/desk")

    page.get_by_role("link", name=HOSTILE_TITLE).click()
    page.wait_for_selector("#story-title")
    page.screenshot(path=screenshots / "desk-hostile.png", full_page=True)

    assert page.inner_text("#story-title") == HOSTILE_TITLE
    assert HOSTILE_OUTLET in page.inner_text("#articles")
    assert page.locator("main script, main img, #story-title b").count() == 0
    assert page.get_attribute("#articles a", "href") == "https://hostile.example/kremlin?a=1&b=2"
    watched.open(f"{query_api}/ops")
    assert POISON_ERROR in page.inner_text("#projector-letters")
    assert page.locator("#projector-letters pre b").count() == 0
    assert watched.problems == []  # no alert() ran, nothing failed


def test_the_ops_view_links_to_story_pages_refreshes_and_replays_with_the_key(
    browser_page: WatchedPage, query_api: str, screenshots: Path
) -> None:
    watched, page = browser_page, browser_page.page
    watched.open(f"{query_api}/ops")
    page.screenshot(path=screenshots / "desk-ops.png", full_page=True)
    refresh = page.get_attribute("meta[http-equiv=refresh]", "content")
    stages = page.inner_text("#stages")

    page.locator("#newest-stories a").first.click()
    page.wait_for_selector("#story-title")
    story_url = page.url
    watched.open(f"{query_api}/ops")
    page.fill("#projector-letters input[name=operator_key]", "not-the-key-at-all")
    page.locator("#projector-letters button").first.click()
    page.wait_for_load_state()
    refused = page.inner_text("main")
    watched.open(f"{query_api}/ops")
    page.fill("#projector-letters input[name=operator_key]", OPERATOR_KEY)
    page.locator("#projector-letters button").first.click()
    page.wait_for_selector("#replay-outcome")

    assert refresh == "15"
    assert all(stage in stages for stage in ("extraction", "relay", "projector"))
    assert "/desk/stories/" in story_url
    assert "That is not the operator key." in refused
    # The poison message cannot be decoded however often it is replayed: it stays, counted.
    assert "0 replayed, 1 still failing" in page.inner_text("#replay-outcome")
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    problems = [p for p in watched.problems if "403" not in p]  # the refused POST logs its 403
    assert problems == []
