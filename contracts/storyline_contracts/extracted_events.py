"""Events extracted from article text, published on the stories topic and keyed by story id.

Each says what an article reports: who did what to whom, when, where, how sure the article is
of it, and the sentence it came from. They record claims, not truth: an accusation and its denial
are both facts about what was said.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from storyline_contracts.event_base import Event
from storyline_contracts.registry import register
from storyline_contracts.topics import STORIES_TOPIC

ActorKind = Literal["person", "organisation", "state", "group", "unknown"]
Modality = Literal["asserted", "alleged", "denied", "hypothetical", "historical"]
Precision = Literal["day", "week", "month", "year", "unknown"]


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Actor(_Value):
    """An actor as written, and the entity it stands for."""

    text: str = Field(description="The words in the article, e.g. 'the Kremlin'.")
    canonical: str | None = Field(default=None, description="e.g. 'Government of Russia'.")
    kind: ActorKind = "unknown"
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code, e.g. 'RUS'.")
    role: str | None = Field(default=None, description="e.g. 'Kremlin spokesman'.")


class Place(_Value):
    text: str
    canonical: str | None = None
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code.")


class EventTime(_Value):
    """When the reported happening took place, resolved against the publication date."""

    text: str | None = Field(
        default=None, description="The words in the article, e.g. 'on 29 April'."
    )
    start: date | None = None
    end: date | None = Field(default=None, description="Last day of a range ('last week').")
    precision: Precision = "unknown"


class Evidence(_Value):
    """The sentence an event came from, with character offsets into the article body."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Figure(_Value):
    """A reported number: '170%', 'at least 12 dead', 'two dozen drones'."""

    value: float
    low: float | None = None
    high: float | None = None
    unit: str | None = Field(default=None, description="e.g. 'percent', 'people', 'drones'.")
    counts: str | None = Field(default=None, description="What is counted, e.g. 'killed'.")
    text: str | None = None


class ExtractedEvent(Event):
    """Fields every extracted event shares."""

    topic: ClassVar[str] = STORIES_TOPIC
    plover_type: ClassVar[str] = ""
    cameo_code: ClassVar[str] = ""

    story_id: str
    article_id: str
    article_version: int = Field(ge=1)
    outlet: str | None = None
    source: Actor | None = Field(default=None, description="Who acts, accuses, denies, ...")
    targets: tuple[Actor, ...] = Field(default=(), description="Against or about whom.")
    when: EventTime | None = None
    where: tuple[Place, ...] = ()
    modality: Modality = "asserted"
    about: tuple[str, ...] = Field(
        default=(),
        description="Ids of events this one answers or is about (a denial -> accusation).",
    )
    summary: str = Field(
        default="", description="One line a person can read, e.g. what is alleged."
    )
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    extractor_version: str

    # Published with every event so consumers can map it to the PLOVER and CAMEO ontologies
    # without a copy of these classes; readers ignore them on decode (they follow the type).
    @computed_field(description="PLOVER event type, e.g. 'ASSAULT'; empty when none fits.")  # type: ignore[prop-decorator]
    @property
    def plover(self) -> str:
        return self.plover_type

    @computed_field(description="CAMEO event code, e.g. '195'; empty when none fits.")  # type: ignore[prop-decorator]
    @property
    def cameo(self) -> str:
        return self.cameo_code

    @property
    def partition_key(self) -> str:
        return self.story_id


@register
class StrikeReported(ExtractedEvent):
    """A missile, drone, air or artillery strike is reported."""

    name: ClassVar[str] = "strike_reported"
    plover_type: ClassVar[str] = "ASSAULT"
    cameo_code: ClassVar[str] = "195"
    weapon: str | None = Field(default=None, description="e.g. 'drone', 'missile'.")
    figures: tuple[Figure, ...] = ()


@register
class AttackReported(ExtractedEvent):
    """Another attack: explosion, bombing, sabotage, shooting, poisoning."""

    name: ClassVar[str] = "attack_reported"
    plover_type: ClassVar[str] = "ASSAULT"
    cameo_code: ClassVar[str] = "180"
    method: str | None = None


@register
class AccusationMade(ExtractedEvent):
    """The source accuses or blames the targets of something."""

    name: ClassVar[str] = "accusation_made"
    plover_type: ClassVar[str] = "ACCUSE"
    cameo_code: ClassVar[str] = "112"
    allegation: str = Field(default="", description="What they are accused of.")


@register
class DenialIssued(ExtractedEvent):
    """The source denies an accusation or responsibility."""

    name: ClassVar[str] = "denial_issued"
    plover_type: ClassVar[str] = "REJECT"
    cameo_code: ClassVar[str] = "016"


@register
class ThreatIssued(ExtractedEvent):
    """The source threatens the targets (retaliation, force, sanctions)."""

    name: ClassVar[str] = "threat_issued"
    plover_type: ClassVar[str] = "THREATEN"
    cameo_code: ClassVar[str] = "130"
    threat: str = ""


@register
class PledgeMade(ExtractedEvent):
    """The source promises or announces an action."""

    name: ClassVar[str] = "pledge_made"
    plover_type: ClassVar[str] = "AGREE"
    cameo_code: ClassVar[str] = "030"
    pledge: str = ""


@register
class CasualtiesReported(ExtractedEvent):
    """Deaths or injuries are reported for an incident."""

    name: ClassVar[str] = "casualties_reported"
    plover_type: ClassVar[str] = "ASSAULT"
    cameo_code: ClassVar[str] = "190"
    figures: tuple[Figure, ...] = ()


@register
class StatisticReported(ExtractedEvent):
    """A figure is reported (value, unit, what it counts, who reports it)."""

    name: ClassVar[str] = "statistic_reported"
    figure: Figure


@register
class SkepticismExpressed(ExtractedEvent):
    """A third party doubts a claim."""

    name: ClassVar[str] = "skepticism_expressed"
    plover_type: ClassVar[str] = "ACCUSE"
    cameo_code: ClassVar[str] = "012"
    doubted: str = Field(default="", description="The claim being doubted.")


@register
class InterceptionReported(ExtractedEvent):
    """Air defences report intercepting missiles or drones."""

    name: ClassVar[str] = "interception_reported"
    plover_type: ClassVar[str] = "DEFEND"
    cameo_code: ClassVar[str] = "195"
    figures: tuple[Figure, ...] = ()


@register
class ResponsibilityClaimed(ExtractedEvent):
    """The source claims responsibility for an act."""

    name: ClassVar[str] = "responsibility_claimed"
    plover_type: ClassVar[str] = "CLAIM"


@register
class SanctionImposed(ExtractedEvent):
    """The source imposes or announces sanctions on the targets."""

    name: ClassVar[str] = "sanction_imposed"
    plover_type: ClassVar[str] = "SANCTION"
    cameo_code: ClassVar[str] = "163"


@register
class ParticipationReported(ExtractedEvent):
    """The source (an armed group, organisation or state) is said to lead or fight an operation
    on behalf of a side: "the counteroffensive would be led by the Wagner Group". ``targets`` are
    whom the operation is against, when the article says. The claim is reported as made; the
    read models check it against the participant's known affiliations."""

    name: ClassVar[str] = "participation_reported"
    plover_type: ClassVar[str] = "MOBILIZE"
    operation: str = Field(default="", description="e.g. 'counteroffensive'.")
    on_behalf_of: Actor | None = Field(
        default=None, description="The side the operation is fought for, e.g. Ukraine."
    )
