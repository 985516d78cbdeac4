"""The base class every Storyline event derives from.

Events are immutable facts named in the past tense. Each class declares its name and version;
the CloudEvents ``type`` is ``storyline.<name>.v<version>``. Adding an optional field keeps the
version; any breaking change gets a new version and an upcaster (see ``registry``).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

# Namespace for deterministic event ids (uuid5): the same inputs always give the same id, so
# re-running the same step can never mint a second copy of an event.
EVENT_ID_NAMESPACE = uuid.UUID("5b0d6a4e-8f4c-4d55-9f0a-3c1f6d1e2a77")


def deterministic_event_id(*parts: object) -> str:
    """A stable event id derived from what makes the event unique."""
    return uuid5_text(EVENT_ID_NAMESPACE, "\x1f".join(str(part) for part in parts))


def uuid5_text(namespace: uuid.UUID, name: str) -> str:
    """``str(uuid.uuid5(namespace, name))``, without making the ``UUID`` in between: the accept
    path makes two of these ids per article, and the object cost more than the hash."""
    digest = bytearray(hashlib.sha1(namespace.bytes + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


class Event(BaseModel):
    """A fact Storyline publishes. Subclasses set ``name``, ``version`` and ``topic``."""

    # A tolerant reader: a field added in a later minor revision of the same version is ignored
    # by consumers built before it, which is what lets optional fields keep the version.
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: ClassVar[str]
    version: ClassVar[int] = 1
    topic: ClassVar[str]

    event_id: str = Field(description="Stable id; consumers dedupe at-least-once delivery on it.")
    occurred_at: AwareDatetime = Field(description="When Storyline recorded the fact (UTC).")

    @classmethod
    def cloudevent_type(cls) -> str:
        return f"storyline.{cls.name}.v{cls.version}"

    @property
    def partition_key(self) -> str:
        """The Kafka key: events with the same key keep their order."""
        raise NotImplementedError

    @property
    def subject(self) -> str:
        """The CloudEvents ``subject``: the story or article the event is about."""
        return self.partition_key

    @property
    def time(self) -> datetime:
        return self.occurred_at
