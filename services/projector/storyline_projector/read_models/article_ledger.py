"""The articles that reported one story, as the story's ``read_story_articles`` rows hold them.

Every event about an article is merged into its entry by the table's order-free rules: the first
outlet and the first original known are kept (coalesce), the earliest times are kept (min). The
ledger answers what the story's row and its allegations need: how many articles and outlets,
the reporting window (by publication time), each article's outlet, and the near-duplicates of
each article.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class ArticleChange:
    """What a note changed that allegation sources depend on (None: unchanged)."""

    outlet: str | None = None  # the article's outlet, newly known
    copy_of: str | None = None  # the article it turned out to be a near-duplicate of

    def __bool__(self) -> bool:
        return self.outlet is not None or self.copy_of is not None


NO_CHANGE = ArticleChange()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class ArticleLedger:
    __slots__ = (
        "_earliest",
        "_latest",
        "assigned",
        "copies",
        "originals",
        "outlet_articles",
        "outlets",
        "published",
        "reported",
    )

    def __init__(self) -> None:
        self.outlets: dict[str, str | None] = {}  # article id -> its outlet
        self.originals: dict[str, str | None] = {}  # article id -> what it is a near-duplicate of
        self.copies: dict[str, set[str]] = {}  # article id -> its near-duplicates
        self.assigned: dict[str, datetime] = {}  # article id -> when it was first seen
        self.published: dict[str, datetime] = {}  # article id -> its earliest publication time
        # article id -> when it counts as reported: published if known, else assigned
        self.reported: dict[str, datetime] = {}
        self.outlet_articles: dict[str, int] = {}  # outlet -> how many articles it has
        # Heaps of (time, article id), pruned lazily: an article's reported time can move either
        # way (a publication time later than its first sighting), so the window is not a running
        # min and max; an entry whose time is no longer its article's is skipped when met.
        self._earliest: list[tuple[datetime, str]] = []
        # (-microseconds since the epoch, article id, the time itself): the key orders the heap
        self._latest: list[tuple[int, str, datetime]] = []

    def __len__(self) -> int:
        return len(self.outlets)

    def note(
        self,
        article_id: str,
        outlet: str | None,
        near_duplicate_of: str | None,
        assigned_at: datetime,
        published_at: datetime | None = None,
    ) -> ArticleChange:
        """Merge one event's view of an article (times in UTC)."""
        known = article_id in self.outlets
        new_outlet = new_original = None
        if not known or (self.outlets[article_id] is None and outlet is not None):
            self.outlets[article_id] = outlet
            if outlet is not None:
                new_outlet = outlet
                self.outlet_articles[outlet] = self.outlet_articles.get(outlet, 0) + 1
        if near_duplicate_of is not None and self.originals.get(article_id) is None:
            self.originals[article_id] = near_duplicate_of
            self.copies.setdefault(near_duplicate_of, set()).add(article_id)
            new_original = near_duplicate_of
        elif not known:
            self.originals[article_id] = None
        self._seen_at(article_id, assigned_at, published_at)
        if new_outlet is None and new_original is None:
            return NO_CHANGE
        return ArticleChange(new_outlet, new_original)

    def first_reported(self) -> datetime | None:
        heap, reported = self._earliest, self.reported
        while heap and reported.get(heap[0][1]) != heap[0][0]:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def last_reported(self) -> datetime | None:
        heap, reported = self._latest, self.reported
        while heap and reported.get(heap[0][1]) != heap[0][2]:
            heapq.heappop(heap)
        return heap[0][2] if heap else None

    def _seen_at(
        self, article_id: str, assigned_at: datetime, published_at: datetime | None
    ) -> None:
        before = self.assigned.get(article_id)
        if before is None or assigned_at < before:
            self.assigned[article_id] = assigned_at
        if published_at is not None:
            known = self.published.get(article_id)
            if known is None or published_at < known:
                self.published[article_id] = published_at
        at = self.published.get(article_id) or self.assigned[article_id]
        if self.reported.get(article_id) != at:
            self.reported[article_id] = at
            heapq.heappush(self._earliest, (at, article_id))
            key = -((at - _EPOCH) // _MICROSECOND)
            heapq.heappush(self._latest, (key, article_id, at))
