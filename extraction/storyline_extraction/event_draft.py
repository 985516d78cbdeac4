"""What a rule produces for one trigger: an event before ids, links and the story are known."""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline_extraction.values import Actor, EventTime, Figure, Modality, Place


@dataclass
class EventDraft:
    kind: str
    sentence: int
    trigger: int  # token index in the sentence's analysis
    trigger_offset: int  # body offset of the trigger, to attach dates to the nearest trigger
    source: Actor | None
    targets: tuple[Actor, ...] = ()
    modality: Modality = "asserted"
    confidence: float = 0.6
    places: tuple[Place, ...] = ()
    when: EventTime | None = None
    weapon: str | None = None
    method: str | None = None
    text: str = ""  # what is alleged, threatened, pledged or doubted
    on_behalf_of: Actor | None = None  # the side an operation is fought for
    figures: tuple[Figure, ...] = ()
    about_kinds: tuple[str, ...] = ()  # kinds of earlier events this one answers or is about
    target_from_link: bool = False  # fill targets from the linked event's source
    date_attachable: bool = True
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int, str, frozenset[str]]:
        return (
            self.kind,
            self.sentence,
            actor_key(self.source),
            frozenset(actor_key(t) for t in self.targets),
        )


# The note of an accusation that names a wrong before anyone is blamed for it ("Putin called
# the attack on the dam a barbaric act"): it stands without a target.
DOER_UNNAMED = "doer_unnamed"


def actor_key(actor: Actor | None) -> str:
    if actor is None:
        return ""
    return actor.canonical or actor.text.lower()


def side_key(actor: Actor | None) -> str:
    """The side an actor stands for: its state when it has one ("Peskov" -> RUS), else itself."""
    if actor is None:
        return ""
    return actor.country or actor_key(actor)
