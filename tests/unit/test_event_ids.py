"""Deterministic ids are the standard library's uuid5, character for character."""

from __future__ import annotations

import uuid

import pytest

from storyline_contracts import deterministic_event_id
from storyline_contracts.event_base import EVENT_ID_NAMESPACE, uuid5_text
from storyline_ingest.accept.accept_article import ARTICLE_ID_NAMESPACE, article_id_for

NAMES = ["", "a", "feed\x1fwire-2024-0001", "ünïcødé €", "😀" * 50, "x" * 5000]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "namespace", [EVENT_ID_NAMESPACE, ARTICLE_ID_NAMESPACE, uuid.NAMESPACE_URL]
)
def test_uuid5_text_is_the_text_of_uuid5(namespace: uuid.UUID, name: str) -> None:
    assert uuid5_text(namespace, name) == str(uuid.uuid5(namespace, name))


def test_event_and_article_ids_are_unchanged() -> None:
    expected = uuid.uuid5(EVENT_ID_NAMESPACE, "article-1\x1f2\x1fArticleRevised")
    assert deterministic_event_id("article-1", 2, "ArticleRevised") == str(expected)
    assert article_id_for("feed", "wire-1") == str(
        uuid.uuid5(ARTICLE_ID_NAMESPACE, "feed\x1fwire-1")
    )
