"""IPTC ninjs 2.x and 1.x documents map to the same article Storyline's own format produces."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from storyline_ingest.accept.errors import InvalidBody
from storyline_ingest.http.ninjs_mapping import incoming_from_ninjs, looks_like_ninjs
from tests.ninjs_factory import ninjs1, ninjs2


def test_ninjs2_item_maps_every_field_that_matters() -> None:
    incoming = incoming_from_ninjs(ninjs2())

    assert incoming.external_id == "https://wire.example.org/items/20230504-kremlin-drone"
    assert incoming.feed_version == 3
    assert incoming.status == "usable"
    content = incoming.content
    assert content is not None
    assert content.title == "Moscow blames Washington for drone strike on the Kremlin"
    assert content.published_at == datetime(2023, 5, 4, 9, 2, tzinfo=UTC)
    assert content.language == "en-GB"
    assert content.url == "https://wire.example.org/items/20230504-kremlin-drone"
    assert content.outlet == "Example Wire"
    assert content.located == "Moscow"
    assert content.subjects == ("armed conflict", "diplomacy")
    assert content.byline is not None


def test_ninjs2_html_body_becomes_plain_paragraphs() -> None:
    incoming = incoming_from_ninjs(ninjs2())

    assert incoming.content is not None
    assert incoming.content.body == (
        "Russia on Thursday accused the United States of directing a drone strike on the "
        "Kremlin on 29 April.\n\n"
        "Kremlin spokesman Dmitry Peskov said evidence pointed to American involvement.\n\n"
        "The United States denied it.\n\nSo did Ukraine."
    )


def test_ninjs1_item_maps_to_the_same_shape() -> None:
    incoming = incoming_from_ninjs(ninjs1())

    assert incoming.external_id == "urn:newsml:wire.example.org:20230504:kremlin-drone"
    assert incoming.feed_version == 1
    content = incoming.content
    assert content is not None
    assert content.title == "Moscow blames Washington for drone strike on the Kremlin"
    assert content.body == "Russia on Thursday accused the United States of a drone strike."
    assert content.url is None  # a URN identifies the item but is no link
    assert content.outlet == "Example Wire Ltd"  # copyrightholder when there is nothing better
    assert content.subjects == ("armed conflict",)


def test_ninjs1_html_body_is_used_when_there_is_no_plain_text() -> None:
    incoming = incoming_from_ninjs(ninjs1(body_text=None, body_html="<p>One.</p><p>Two.</p>"))

    assert incoming.content is not None
    assert incoming.content.body == "One.\n\nTwo."


def test_plain_text_body_is_preferred_over_html_of_the_same_role() -> None:
    bodies = [
        {"role": "main", "contenttype": "text/html", "value": "<p>From <b>HTML</b></p>"},
        {"role": "main", "contenttype": "text/plain", "value": "From plain text"},
    ]

    incoming = incoming_from_ninjs(ninjs2(bodies=bodies))

    assert incoming.content is not None
    assert incoming.content.body == "From plain text"


def test_guid_identifies_the_item_when_uri_is_absent() -> None:
    incoming = incoming_from_ninjs(ninjs1(uri=None, guid="tag:wire.example.org,2023:4711"))

    assert incoming.external_id == "tag:wire.example.org,2023:4711"


def test_firstcreated_dates_a_version_without_versioncreated() -> None:
    incoming = incoming_from_ninjs(ninjs2(versioncreated=None))

    assert incoming.content is not None
    assert incoming.content.published_at == datetime(2023, 5, 4, 8, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("pubstatus", "status"), [("canceled", "canceled"), ("withheld", "withdrawn")]
)
def test_canceled_or_withheld_item_is_a_withdrawal_without_text(
    pubstatus: str, status: str
) -> None:
    incoming = incoming_from_ninjs(
        {"uri": "https://wire.example.org/items/1", "pubstatus": pubstatus}
    )

    assert incoming.status == status
    assert incoming.content is None


@pytest.mark.parametrize(("version", "expected"), [("7", 7), (7, 7), ("2023-05-04.1", None)])
def test_only_integer_versions_order_versions(version: object, expected: int | None) -> None:
    assert incoming_from_ninjs(ninjs2(version=version)).feed_version == expected


@pytest.mark.parametrize(
    ("document", "field", "problem"),
    [
        (ninjs2(uri=None), "body.uri", "uri (or guid) is required"),
        (ninjs2(headlines=None), "body.headlines", "needs a headline"),
        (ninjs2(headlines=[{"role": "main"}]), "body.headlines.0.value", "Field required"),
        (
            ninjs2(headlines=[{"value": "<p></p>", "contenttype": "text/html"}]),
            "body.headlines.0.value",
            "no text",
        ),
        (ninjs2(bodies=None), "body.bodies", "needs a body"),
        (
            ninjs2(bodies=[{"contenttype": "application/nitf+xml", "value": "<nitf/>"}]),
            "body.bodies.0.contenttype",
            "not supported",
        ),
        (
            ninjs2(versioncreated=None, firstcreated=None),
            "body.versioncreated",
            "needs versioncreated",
        ),
        (ninjs2(versioncreated="2023-05-04T11:02:00"), "body.versioncreated", "timezone"),
        (ninjs2(versioncreated="1870-01-01T00:00:00Z"), "body.versioncreated", "before 1900"),
        (ninjs2(versioncreated="2999-01-01T00:00:00Z"), "body.versioncreated", "in the future"),
        (ninjs2(pubstatus="deleted"), "body.pubstatus", "'usable', 'withheld' or 'canceled'"),
        (ninjs2(type="picture"), "body.type", "only 'text'"),
        (ninjs2(version="0"), "body.version", "between 1 and"),
        (ninjs2(language="english!"), "body.language", "pattern"),
        (ninjs2(subjects="armed conflict"), "body.subjects", "valid list"),
        (ninjs2(headlines=[{"value": "x" * 1001}]), "body.headlines.0.value", "limit is 1000"),
    ],
)
def test_invalid_ninjs_is_refused_naming_the_ninjs_property(
    document: dict[str, Any], field: str, problem: str
) -> None:
    with pytest.raises(InvalidBody) as refused:
        incoming_from_ninjs(document)

    assert refused.value.field == field
    assert problem in str(refused.value.details)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"$schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"}, True),
        ({"standard": {"name": "ninjs", "version": "1.4"}}, True),
        ({"uri": "urn:x", "versioncreated": "2023-05-04T09:15:00Z"}, True),
        ({"uri": "urn:x", "title": "no versioncreated"}, False),
        ({"external_id": "wire-1", "title": "Storyline's own format"}, False),
    ],
)
def test_json_declares_ninjs_only_by_properties_the_native_format_forbids(
    document: dict[str, Any], expected: bool
) -> None:
    assert looks_like_ninjs(document) is expected
