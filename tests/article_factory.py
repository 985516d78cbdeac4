"""Articles for tests, written for this project."""

from __future__ import annotations

from typing import Any

KREMLIN_BODY = (
    "Russia on Thursday accused the United States of directing a drone strike on the Kremlin on "
    "29 April. Kremlin spokesman Dmitry Peskov said evidence pointed to American involvement. "
    "The United States and Ukraine both denied the accusation."
)


def article(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "external_id": "wire-0001",
        "url": "https://wire.example.org/kremlin-drone",
        "title": "Moscow blames Washington for drone strike on the Kremlin",
        "body": KREMLIN_BODY,
        "language": "en",
        "outlet": "Example Wire",
        "published_at": "2023-05-04T10:15:00Z",
    }
    document.update(overrides)
    return document
