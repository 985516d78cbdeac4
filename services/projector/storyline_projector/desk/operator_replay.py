"""The query API's one write: an operator replaying the projector's dead letters from the ops view.

Everything else in the query API only reads (any other write method gets 405). This POST is the
guarded exception: it needs ``STORYLINE_PROJECTOR_OPERATOR_KEY`` to be set, and the form to carry
the same key, compared in constant time. Without a configured key the ops view shows no button
and the POST answers 403; a wrong or missing key is a 403 that changes nothing.

The replay is the one ``storyline dead-letters replay`` runs for the projector's letters
(``consume.dead_letters``): the letters go through the normal apply path in one transaction on
the live read models, a letter that applies is removed, one that fails again keeps its new
error, and nothing is applied twice.

The ingest stages' letters are not replayed from here; the ops view shows the command instead.
A relay letter is replayed by putting its event back in the ingest service's outbox, and an
extraction letter by running the extractor on the article: both are the ingest service's own
writes, with its invariants, and the query service neither imports that service nor holds the
extractor. Keeping them in ``storyline dead-letters replay`` keeps one writer per database.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_projector.consume.dead_letters import LetterId, ReplayOutcome, replay_dead_letters
from storyline_projector.read_models.generations import begin_generation

ALL_LETTERS = "all"


class NotAllowed(Exception):
    """No operator key is configured, or the form's key is not it."""


class BadLetter(ValueError):
    """The form names no letter in the ``TOPIC:PARTITION:OFFSET`` shape."""


@dataclass(frozen=True)
class ReplayRequest:
    letters: list[LetterId] | None  # None: every letter


def check_operator_key(configured: SecretStr | None, given: str | None) -> None:
    if configured is None or not given:
        raise NotAllowed
    expected = configured.get_secret_value().encode()
    if not hmac.compare_digest(expected, given.encode()):
        raise NotAllowed


def replay_request(letter: str | None) -> ReplayRequest:
    if letter == ALL_LETTERS:
        return ReplayRequest(None)
    parts = (letter or "").rsplit(":", 2)
    if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2].isdigit():
        raise BadLetter("name a letter as TOPIC:PARTITION:OFFSET, or all")
    return ReplayRequest([(parts[0], int(parts[1]), int(parts[2]))])


async def replay_projector_letters(engine: AsyncEngine, request: ReplayRequest) -> ReplayOutcome:
    async with begin_generation(engine) as connection:
        return await replay_dead_letters(connection, request.letters)
