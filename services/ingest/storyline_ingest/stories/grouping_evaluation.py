"""Scoring story grouping on a labelled set of articles with B-cubed precision, recall and F1.

The labelled set is a JSON Lines file (``articles.jsonl``): each article with its gold story
label and its signals (actors, places, incident date, event types) given explicitly, so the
grouping rule is scored independently of extraction quality. ``extracted_signals`` scores the
same articles with signals from the real extractor instead.

B-cubed (Bagga and Baldwin, 1998) scores each article: precision is the share of its predicted
story that truly belongs with it, recall the share of its true story that was put with it; the
set's figures are the averages. Unlike pairwise counts, it does not let big stories dominate.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.stories.story_assignment import assign_story
from storyline_ingest.stories.story_records import recorded_articles, surviving_story_ids
from storyline_ingest.stories.story_signals import ArticleSignals

LABELLED_SET_FILE = "articles.jsonl"


@dataclass(frozen=True)
class LabelledArticle:
    signals: ArticleSignals
    gold_story: str
    republishes: str | None


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class GroupingScore:
    articles: int
    gold_stories: int
    predicted_stories: int
    bcubed: BCubed
    republications: int
    republications_recognised: int
    false_near_duplicates: int


def load_labelled_set(path: Path) -> list[LabelledArticle]:
    """Articles from ``path`` (a JSON Lines file, or a directory holding ``articles.jsonl``)."""
    file = path / LABELLED_SET_FILE if path.is_dir() else path
    lines = file.read_text(encoding="utf-8").splitlines()
    return [_labelled(json.loads(line)) for line in lines if line.strip()]


def _labelled(record: Mapping[str, object]) -> LabelledArticle:
    incident = record.get("incident_date")
    signals = ArticleSignals(
        article_id=str(record["id"]),
        article_version=1,
        published_at=datetime.fromisoformat(str(record["published_at"])),
        title=str(record["title"]),
        body=str(record["body"]),
        outlet=str(record["outlet"]) if record.get("outlet") else None,
        actors=frozenset(_strings(record.get("actors"))),
        places=frozenset(_strings(record.get("places"))),
        incident_date=date.fromisoformat(str(incident)) if incident else None,
        event_types=frozenset(_strings(record.get("event_types"))),
    )
    republishes = record.get("republishes")
    return LabelledArticle(signals, str(record["story"]), str(republishes) if republishes else None)


def _strings(values: object) -> list[str]:
    return [str(value) for value in values] if isinstance(values, list) else []


def given_signals(article: LabelledArticle) -> ArticleSignals:
    return article.signals


def extracted_signals(article: LabelledArticle) -> ArticleSignals:
    """The article's signals as the real extractor finds them (loads the language model)."""
    from storyline_extraction import ArticleText, extract
    from storyline_ingest.stories.story_signals import signals_from_extraction

    given = article.signals
    text = ArticleText(
        article_id=given.article_id,
        article_version=given.article_version,
        title=given.title,
        body=given.body,
        published_at=given.published_at,
        outlet=given.outlet,
    )
    return signals_from_extraction(text, extract(text))


async def score_grouping(
    engine: AsyncEngine,
    articles: Sequence[LabelledArticle],
    signals_of: Callable[[LabelledArticle], ArticleSignals] = given_signals,
) -> GroupingScore:
    """Assign every article in publication order, one transaction each, and score the result.

    ``engine`` must point at a migrated database holding no stories yet.
    """
    ordered = sorted(articles, key=lambda a: (a.signals.published_at, a.signals.article_id))
    for article in ordered:
        async with engine.begin() as connection:
            await assign_story(connection, signals_of(article), datetime.now(UTC))
    async with engine.connect() as connection:
        records = await recorded_articles(connection, [a.signals.article_id for a in ordered])
        final = await surviving_story_ids(connection, [r.story_id for r in records.values()])
    predicted = {article_id: final[r.story_id] for article_id, r in records.items()}
    gold = {a.signals.article_id: a.gold_story for a in ordered}
    copies = {a.signals.article_id: a.republishes for a in ordered if a.republishes}
    found = {article_id for article_id, r in records.items() if r.near_duplicate_of}
    return GroupingScore(
        articles=len(ordered),
        gold_stories=len(set(gold.values())),
        predicted_stories=len(set(predicted.values())),
        bcubed=bcubed(predicted, gold),
        republications=len(copies),
        republications_recognised=len(found & copies.keys()),
        false_near_duplicates=len(found - copies.keys()),
    )


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> BCubed:
    """B-cubed precision and recall of a clustering ``predicted`` against ``gold``."""
    items = sorted(gold)
    if not items:
        return BCubed(0.0, 0.0)
    both = Counter((predicted[item], gold[item]) for item in items)
    predicted_sizes = Counter(predicted[item] for item in items)
    gold_sizes = Counter(gold[item] for item in items)
    precision = recall = 0.0
    for item in items:
        together = both[(predicted[item], gold[item])]
        precision += together / predicted_sizes[predicted[item]]
        recall += together / gold_sizes[gold[item]]
    return BCubed(precision / len(items), recall / len(items))
