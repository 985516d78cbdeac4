"""How actors are named and matched in the read models.

An actor is matched on its canonical name when extraction resolved one ("the Kremlin" and
"Moscow" both stand for the Government of Russia), else on the words as written; case is ignored.
"""

from __future__ import annotations

from storyline_contracts.extracted_events import Actor


def actor_key(actor: Actor) -> str:
    return display_name(actor).casefold()


def display_name(actor: Actor) -> str:
    return (actor.canonical or actor.text).strip()


def name_key(name: str) -> str:
    """The key a name typed in a query matches."""
    return name.strip().casefold()
