"""IPTC ninjs documents for tests, written for this project: a wire item in ninjs 2.0 and the
same story as a ninjs 1.x feed sends it."""

from __future__ import annotations

import copy
from typing import Any

NINJS2_ITEM: dict[str, Any] = {
    "$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json",
    "uri": "https://wire.example.org/items/20230504-kremlin-drone",
    "standard": {"name": "ninjs", "version": "2.0"},
    "type": "text",
    "representationtype": "full",
    "profile": "text-only",
    "version": "3",
    "firstcreated": "2023-05-04T08:40:00Z",
    "versioncreated": "2023-05-04T11:02:00+02:00",
    "pubstatus": "usable",
    "urgency": 3,
    "language": "en-GB",
    "copyrightholder": "Example Wire Ltd",
    "copyrightnotice": "(c) 2023 Example Wire Ltd",
    "headlines": [
        {"role": "short", "contenttype": "text/plain", "value": "Kremlin blames US"},
        {
            "role": "main",
            "contenttype": "text/html",
            "value": "Moscow blames <em>Washington</em> for drone strike on the Kremlin",
        },
    ],
    "descriptions": [{"role": "summary", "value": "Russia accuses the United States."}],
    "bodies": [
        {
            "role": "main",
            "contenttype": "text/html",
            "charcount": 301,
            "value": (
                "<p>Russia on Thursday accused the United States of directing a drone strike on "
                "the Kremlin on 29 April.</p>\n<p>Kremlin spokesman Dmitry Peskov said evidence "
                "pointed to American&nbsp;involvement.<script>track()</script></p>"
                "<ul><li>The United States denied it.</li><li>So did Ukraine.</li></ul>"
            ),
        },
        {"role": "teaser", "contenttype": "text/plain", "value": "Moscow points at Washington."},
    ],
    "by": "By Jane Doe and John Roe in Moscow",
    "located": "Moscow",
    "subjects": [
        {"name": "armed conflict", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000056"},
        {"name": "diplomacy", "rel": "about"},
        {"literal": "no-name"},
    ],
    "places": [{"name": "Moscow"}],
    "infosources": [{"name": "Example Wire", "role": "originfo"}],
    "renditions": [{"name": "web", "href": "https://wire.example.org/web/kremlin-drone"}],
}

NINJS1_ITEM: dict[str, Any] = {
    "uri": "urn:newsml:wire.example.org:20230504:kremlin-drone",
    "type": "text",
    "version": "1",
    "versioncreated": "2023-05-04T09:15:00Z",
    "pubstatus": "usable",
    "language": "en",
    "headline": "Moscow blames Washington for drone strike on the Kremlin",
    "body_text": "Russia on Thursday accused the United States of a drone strike.",
    "body_html": "<p>ignored when body_text is present</p>",
    "byline": "Staff reporter",
    "located": "Moscow",
    "subject": [{"name": "armed conflict", "code": "16009000", "scheme": "iptc"}],
    "copyrightholder": "Example Wire Ltd",
}


def ninjs2(**overrides: Any) -> dict[str, Any]:
    """The ninjs 2.0 item with some properties replaced (``None`` removes one)."""
    return _with(NINJS2_ITEM, overrides)


def ninjs1(**overrides: Any) -> dict[str, Any]:
    """The ninjs 1.x item with some properties replaced (``None`` removes one)."""
    return _with(NINJS1_ITEM, overrides)


def _with(item: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(item)
    for name, value in overrides.items():
        if value is None:
            document.pop(name, None)
        else:
            document[name] = value
    return document
