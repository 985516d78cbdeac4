"""Running extraction off the event loop, so that no article can stop the extraction worker.

Extraction is CPU-bound and runs in a process pool. Three things can go wrong with one article,
and none may stop the others:

* the extractor raises on it: the batch is extracted again article by article (in the pool), and
  the article that raises gets an ``ExtractionFailed`` in its place;
* it kills its process (memory, a crash in native code): the pool is replaced, and the batch's
  articles are run one at a time; the one that kills the pool alone is failed;
* it never finishes: after the timeout the pool's processes are killed and replaced, and the
  same one-at-a-time pass finds the article that hangs.

Without a process pool (embedded mode, tests), extraction runs in the given executor or the
loop's default thread pool; a raising article is still isolated, a hang cannot be interrupted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from storyline_extraction.article_text import ArticleText
from storyline_extraction.extraction_records import ArticleExtraction
from storyline_extraction.extractor import extract, extract_batch

log = logging.getLogger(__name__)

# A batch may take this long plus this much per article; an article alone gets the sum for one.
BATCH_SECONDS = 60.0
SECONDS_PER_ARTICLE = 10.0


@dataclass(frozen=True)
class ExtractionFailed:
    """Why extraction gave nothing for one article (picklable: it crosses process boundaries)."""

    error: str


ExtractionOutcome = ArticleExtraction | ExtractionFailed


def extract_each(articles: Sequence[ArticleText]) -> list[ExtractionOutcome]:
    """``extract_batch``, falling back to one article at a time when the batch raises.

    Runs in a pool process: the fast path costs one parser call for the batch, and the slow path
    runs only when some article makes the extractor raise."""
    try:
        return list(extract_batch(articles))
    except Exception:
        return [_extract_alone(article) for article in articles]


def _extract_alone(article: ArticleText) -> ExtractionOutcome:
    try:
        return extract(article)
    except Exception as error:
        return ExtractionFailed(f"{type(error).__name__}: {error}")


class ExtractionRunner:
    """Extracts batches in an executor; with ``processes``, owns a process pool it can replace."""

    def __init__(
        self,
        executor: Executor | None = None,
        processes: int | None = None,
        batch_seconds: float = BATCH_SECONDS,
        seconds_per_article: float = SECONDS_PER_ARTICLE,
        extract_function: Callable[[Sequence[ArticleText]], list[ExtractionOutcome]] = (
            extract_each
        ),
    ) -> None:
        if executor is not None and processes is not None:
            raise ValueError("give an executor or a number of processes, not both")
        self._executor = executor
        self._processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._batch_seconds = batch_seconds
        self._seconds_per_article = seconds_per_article
        self._extract = extract_function

    async def extract(self, articles: Sequence[ArticleText]) -> list[ExtractionOutcome]:
        """One outcome per article, in order; only an unexpected bug in here can raise."""
        if not articles:
            return []
        if self._processes is None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, self._extract, list(articles))
        try:
            return await self._in_pool(articles)
        except (BrokenProcessPool, TimeoutError) as error:
            log.warning(
                "extraction process died or hung on a batch; retrying its articles one by one",
                extra={"articles": len(articles), "error": repr(error)},
            )
            self._replace_pool()
        return [await self._alone_in_pool(article) for article in articles]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def _alone_in_pool(self, article: ArticleText) -> ExtractionOutcome:
        try:
            (outcome,) = await self._in_pool([article])
            return outcome
        except BrokenProcessPool:
            self._replace_pool()
            return ExtractionFailed("the extraction process died on this article")
        except TimeoutError:
            self._replace_pool()
            seconds = self._timeout(1)
            return ExtractionFailed(f"extraction did not finish within {seconds:.0f} s")

    async def _in_pool(self, articles: Sequence[ArticleText]) -> list[ExtractionOutcome]:
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(self._live_pool(), self._extract, list(articles))
        return await asyncio.wait_for(work, timeout=self._timeout(len(articles)))

    def _timeout(self, articles: int) -> float:
        return self._batch_seconds + self._seconds_per_article * articles

    def _live_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self._processes)
        return self._pool

    def _replace_pool(self) -> None:
        """Kill the pool's processes (a hung one never returns by itself) and start afresh."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes: dict[Any, Any] = getattr(pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.kill()  # no public API kills a busy worker before Python 3.14
        pool.shutdown(wait=False, cancel_futures=True)
