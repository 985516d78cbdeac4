"""Split a batch body (a JSON array, or NDJSON: one JSON document per line) into items.

Each item is parsed on its own: an invalid item becomes that item's error and never stops the
others. Items are numbered from 0 in the order they appear (blank NDJSON lines are skipped), and
an item's error names its fields as ``body.<index>.<field>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from storyline_ingest.accept.errors import IngestError, PayloadTooLarge
from storyline_ingest.accept.incoming_article import BatchItem
from storyline_ingest.http.request_parsing import (
    NDJSON_MEDIA_TYPE,
    NINJS_MEDIA_TYPE,
    parse_article,
    parse_json,
)
from storyline_ingest.http.validation_errors import invalid_field


@dataclass(frozen=True)
class BatchLimits:
    max_items: int
    max_item_bytes: int
    max_body_bytes: int


def parse_batch(raw: bytes, media_type: str, feed_id: str, limits: BatchLimits) -> list[BatchItem]:
    """Every item of the batch in ``raw``; the batch as a whole fails only if it cannot be split."""
    documents = _ndjson_lines(raw) if media_type == NDJSON_MEDIA_TYPE else _array_items(raw)
    sized = list(documents)
    if not sized:
        raise invalid_field("the batch is empty", "body", "a batch needs at least one item")
    if len(sized) > limits.max_items:
        raise PayloadTooLarge(
            f"the batch has {len(sized)} items; the limit is {limits.max_items}: split it",
            field="body",
        )
    ninjs = media_type == NINJS_MEDIA_TYPE
    return [_item(index, document, feed_id, ninjs, limits) for index, document in enumerate(sized)]


def _item(
    index: int, document: _Document, feed_id: str, ninjs: bool, limits: BatchLimits
) -> BatchItem:
    location = f"body.{index}"
    try:
        if document.size > limits.max_item_bytes:
            raise PayloadTooLarge(
                f"item is {document.size} bytes; the limit is {limits.max_item_bytes}",
                field=location,
            )
        value = parse_json(document.raw, location) if document.raw is not None else document.value
        article = parse_article(value, feed_id, ninjs=ninjs, location=location)
    except IngestError as error:
        return BatchItem(index, error=error)
    return BatchItem(index, article=article)


@dataclass(frozen=True)
class _Document:
    """An item before parsing: raw bytes (an NDJSON line) or an already parsed value."""

    size: int
    raw: bytes | None = None
    value: Any = None


def _ndjson_lines(raw: bytes) -> Iterator[_Document]:
    for line in raw.split(b"\n"):
        if line.strip():
            yield _Document(size=len(line), raw=line)


def _array_items(raw: bytes) -> Iterator[_Document]:
    document = parse_json(raw)
    if not isinstance(document, list):
        raise invalid_field(
            "a batch must be a JSON array",
            "body",
            f"expected an array of articles, got {type(document).__name__}; "
            "post a single article to /v1/articles",
        )
    for value in document:
        yield _Document(size=len(orjson.dumps(value)), value=value)
