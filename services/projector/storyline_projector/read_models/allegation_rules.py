"""Who accused whom, who denied it, and how many sources carry each side.

An allegation is one accuser blaming one accused party within a story; every accusation event
(from any article) with that pair supports it. Rules, applied to the story's facts:

- A denial answers an allegation when it names one of the allegation's accusations in ``about``;
  or when the denier is the accused and the denial names the act the allegation is about
  (directly, or through another accusation of that act), or names no accusation of the story at
  all ("the United States denied involvement").
- An allegation is ``disputed`` when at least one denial answers it.
- Skepticism that names one of its accusations, or the act, is listed as ``doubted_by``.
- Sources of a side are the distinct articles of its events, plus the near-duplicates of those
  articles (a wire story republished elsewhere is another source, not another event), and the
  distinct outlets of all of them.

The rows are recomputed for the whole story from these facts, so a denial applied before its
accusation is linked as soon as the accusation arrives; and they are recomputed for every story
a batch touched at once, at the end of the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts.extracted_events import Actor
from storyline_projector.read_models.actor_names import actor_key, display_name
from storyline_projector.read_models.bulk_insert import insert_rows
from storyline_projector.read_models.sql_membership import one_of
from storyline_projector.read_models.story_directory import chunks
from storyline_projector.read_models.tables import allegations, story_articles, timeline
from storyline_projector.read_models.utc import as_utc

ACCUSATION, DENIAL, SKEPTICISM = "accusation_made", "denial_issued", "skepticism_expressed"
UNKNOWN_ACTOR = Actor(text="unknown")


@dataclass(frozen=True)
class Fact:
    """The parts of a timeline entry the rules look at."""

    event_id: str
    event_type: str
    source: Actor
    targets: tuple[Actor, ...]
    about: frozenset[str]
    text: str
    article_id: str
    rank: tuple[Any, ...]  # earlier and surer first: picks the wording of an allegation


@dataclass(frozen=True)
class Sources:
    outlets: dict[str, str | None]  # article id -> outlet
    copies: dict[str, set[str]]  # article id -> its near-duplicates

    def count(self, article_ids: Iterable[str]) -> tuple[int, int]:
        articles = set(article_ids)
        for article_id in list(articles):
            articles |= self.copies.get(article_id, set())
        outlets = {self.outlets.get(article_id) for article_id in articles} - {None}
        return len(articles), len(outlets)


async def refresh_allegations(connection: AsyncConnection, story_ids: Sequence[str]) -> None:
    """Recompute the allegations of ``story_ids``: a few statements, however many stories."""
    for chunk in chunks(sorted(set(story_ids))):
        facts = await _facts(connection, chunk)
        sources = await _sources(connection, chunk)
        await connection.execute(
            delete(allegations).where(one_of(connection, allegations.c.story_id, chunk))
        )
        rows = [
            row
            for story_id in chunk
            for row in derive_allegations(
                story_id, facts.get(story_id, []), sources.get(story_id, Sources({}, {}))
            )
        ]
        if rows:
            await insert_rows(connection, allegations, rows)


def derive_allegations(
    story_id: str, facts: Sequence[Fact], sources: Sources
) -> list[dict[str, Any]]:
    accusations = sorted((f for f in facts if f.event_type == ACCUSATION), key=lambda f: f.rank)
    denials = [f for f in facts if f.event_type == DENIAL]
    doubts = [f for f in facts if f.event_type == SKEPTICISM]
    accusation_ids = {f.event_id for f in accusations}
    acts_of = {f.event_id: f.about - accusation_ids for f in accusations}
    pairs: dict[tuple[str, str], list[Fact]] = {}
    for accusation in accusations:
        for accused in accusation.targets or (UNKNOWN_ACTOR,):
            pairs.setdefault((actor_key(accusation.source), actor_key(accused)), []).append(
                accusation
            )
    rows = []
    for (accuser_key, accused_key), supporting in sorted(pairs.items()):
        ids = {f.event_id for f in supporting}
        acts = frozenset().union(*(f.about for f in supporting)) - accusation_ids
        answers = [d for d in denials if _answers(d, ids, acts, accused_key, acts_of)]
        doubters = [d for d in doubts if d.about & (ids | acts)]
        first = supporting[0]
        rows.append(
            {
                "story_id": story_id,
                "accuser_key": accuser_key,
                "accused_key": accused_key,
                "accuser": display_name(first.source),
                "accused": _name_of(accused_key, first.targets),
                "allegation": first.text,
                "about": sorted(acts),
                "accusation_event_ids": sorted(ids),
                "denied_by": _names(d.source for d in answers),
                "denial_event_ids": sorted(d.event_id for d in answers),
                "doubted_by": _names(d.source for d in doubters),
                "disputed": bool(answers),
                **_side("accusing", sources.count(f.article_id for f in supporting)),
                **_side("denying", sources.count(d.article_id for d in answers)),
            }
        )
    return rows


def _answers(
    denial: Fact,
    ids: set[str],
    acts: frozenset[str],
    accused_key: str,
    acts_of: dict[str, frozenset[str]],
) -> bool:
    if denial.about & ids:
        return True
    if actor_key(denial.source) != accused_key:
        return False
    # The accused denying another accusation of the same act denies this one too: "the United
    # States denied the accusation" (Peskov's) answers Russia's accusation of the same strike.
    named = denial.about & acts_of.keys()
    denied_acts = (denial.about - named).union(*(acts_of[a] for a in named))
    return bool(denied_acts & acts) or not named


def _name_of(key: str, actors: Iterable[Actor]) -> str:
    return next((display_name(a) for a in actors if actor_key(a) == key), UNKNOWN_ACTOR.text)


def _names(actors: Iterable[Actor]) -> list[str]:
    by_key = {actor_key(actor): display_name(actor) for actor in actors}
    return [by_key[key] for key in sorted(by_key)]


def _side(side: str, counts: tuple[int, int]) -> dict[str, int]:
    return {f"{side}_articles": counts[0], f"{side}_outlets": counts[1]}


async def _facts(connection: AsyncConnection, story_ids: Sequence[str]) -> dict[str, list[Fact]]:
    columns = [
        timeline.c[name]
        for name in (
            "story_id",
            "event_id",
            "event_type",
            "source",
            "targets",
            "about",
            "details",
            "summary",
            "article_id",
            "occurred_at",
            "confidence",
        )
    ]
    rows = await connection.execute(
        select(*columns).where(
            one_of(connection, timeline.c.story_id, story_ids),
            timeline.c.event_type.in_((ACCUSATION, DENIAL, SKEPTICISM)),
        )
    )
    facts: dict[str, list[Fact]] = {}
    for row in rows:
        facts.setdefault(row.story_id, []).append(_fact(row._mapping))
    return facts


def _fact(row: Any) -> Fact:
    details = row["details"] or {}
    return Fact(
        event_id=row["event_id"],
        event_type=row["event_type"],
        source=_actor(row["source"]) if row["source"] else UNKNOWN_ACTOR,
        targets=tuple(_actor(target) for target in row["targets"]),
        about=frozenset(row["about"]),
        text=details.get("allegation") or row["summary"],
        article_id=row["article_id"],
        rank=(as_utc(row["occurred_at"]), -row["confidence"], row["event_id"]),
    )


def _actor(stored: dict[str, Any]) -> Actor:
    # Written by the projector from a validated event: rebuilt without validating it again.
    return Actor.model_construct(**stored)


async def _sources(connection: AsyncConnection, story_ids: Sequence[str]) -> dict[str, Sources]:
    rows = await connection.execute(
        select(
            story_articles.c.story_id,
            story_articles.c.article_id,
            story_articles.c.outlet,
            story_articles.c.near_duplicate_of,
        ).where(one_of(connection, story_articles.c.story_id, story_ids))
    )
    sources: dict[str, Sources] = {}
    for row in rows:
        story = sources.setdefault(row.story_id, Sources({}, {}))
        story.outlets[row.article_id] = row.outlet
        if row.near_duplicate_of:
            story.copies.setdefault(row.near_duplicate_of, set()).add(row.article_id)
    return sources
