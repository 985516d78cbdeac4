"""Deterministic event ids: the same article version and the same reading give the same id.

The namespace and the joining are Storyline's (``storyline_contracts.event_base``), so an id
made here is the id of the published event; a test in the service checks that both agree.
"""

from __future__ import annotations

import uuid

EVENT_ID_NAMESPACE = uuid.UUID("5b0d6a4e-8f4c-4d55-9f0a-3c1f6d1e2a77")


def deterministic_event_id(*parts: object) -> str:
    """A stable event id derived from what makes the event unique."""
    return str(uuid.uuid5(EVENT_ID_NAMESPACE, "\x1f".join(str(part) for part in parts)))
