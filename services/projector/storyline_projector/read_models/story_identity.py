"""Which story row an event lands in, and making sure that row exists.

A merged story keeps its row, marked ``merged`` with a pointer to the surviving story; events
keyed by it that arrive later (they may, on its own partition) land in the surviving story.
``merged_into`` always names the final survivor, so resolving is a single lookup (made once per
batch for all its events, see ``story_directory``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from storyline_projector.read_models.sql_upsert import Combine
from storyline_projector.read_models.story_state import DEVELOPING, ArticleNoted, OpeningKept
from storyline_projector.read_models.tables import stories, story_articles
from storyline_projector.read_models.utc import as_utc

if TYPE_CHECKING:
    from storyline_projector.read_models.unit_of_work import ProjectionUnit


def ensure_story(
    unit: ProjectionUnit,
    story_id: str,
    opening: dict[str, Any] | None = None,
    opened_at: datetime | None = None,
) -> None:
    """Create an empty row for ``story_id`` unless one exists (events may precede the opening);
    with an ``opening``, keep what the story's ``StoryOpened`` said on it, existing or not."""
    if opening is None and unit.rows.pending(stories, (story_id,)):
        return  # the row is on its way already, and an empty one would change nothing in it
    opened = None if opened_at is None else as_utc(opened_at)
    unit.rows.put(
        stories,
        {
            "story_id": story_id,
            "opening": opening,
            "opened_at": opened,
            "title": None,
            "status": DEVELOPING,
            "incident_date": None,
            "incident_place": None,
            "key_actors": [],
            "article_count": 0,
            "outlet_count": 0,
            "event_count": 0,
            "first_reported": None,
            "last_reported": None,
            "revision": 0,
        },
        key=_STORY_KEY,
        update=() if opening is None else ("opening", "opened_at"),
    )
    if opening is not None and opened is not None:
        unit.change(story_id, OpeningKept(opening, opened))


def note_story_article(
    unit: ProjectionUnit,
    story_id: str,
    article_id: str,
    article_version: int,
    outlet: str | None,
    seen_at: datetime,
    near_duplicate_of: str | None = None,
    published_at: datetime | None = None,
) -> None:
    """Record that an article reported the story; merging what several events say about it.

    Every column is combined with an order-free rule (earliest time, latest version, first known
    outlet and original), so the row ends the same whichever event about the article came first.
    """
    seen = as_utc(seen_at)
    published = None if published_at is None else as_utc(published_at)
    # Each of an article's events notes it again. A repeat of a note made earlier in the batch,
    # seen no earlier, changes nothing (every rule keeps a value once merged, whatever came in
    # between), so it is not merged a second time, here or in the story's state.
    noted = (story_id, article_id, article_version, outlet, near_duplicate_of, published)
    earliest = unit.noted_articles.get(noted)
    if earliest is not None and earliest <= seen:
        return
    unit.noted_articles[noted] = seen
    unit.change(story_id, ArticleNoted(article_id, outlet, near_duplicate_of, seen, published))
    unit.rows.put(
        story_articles,
        {
            "story_id": story_id,
            "article_id": article_id,
            "article_version": article_version,
            "outlet": outlet,
            "near_duplicate_of": near_duplicate_of,
            "assigned_at": seen,
            "published_at": published,
        },
        key=_ARTICLE_KEY,
        update=_ARTICLE_COLUMNS,
        combine=_ARTICLE_RULES,
    )


_STORY_KEY = ("story_id",)
_ARTICLE_KEY = ("story_id", "article_id")
_ARTICLE_COLUMNS = (  # all but the key: each by its rule
    "article_version",
    "outlet",
    "near_duplicate_of",
    "assigned_at",
    "published_at",
)
_ARTICLE_RULES: dict[str, Combine] = {
    "article_version": "max",
    "outlet": "coalesce",
    "near_duplicate_of": "coalesce",
    "assigned_at": "min",
    "published_at": "min",
}
