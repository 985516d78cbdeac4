"""Storyline's published event contracts.

Everything a downstream consumer needs to read Storyline's Kafka topics: the event classes
(frozen pydantic models, one per event type and version), the topic names, the CloudEvents 1.0
binary-mode codec, and the upcasters that bring old event versions up to date on read. This package
imports neither service; both services import it.
"""

from storyline_contracts import article_events_v1 as article_events_v1
from storyline_contracts import extracted_events as extracted_events
from storyline_contracts import retraction_events as retraction_events
from storyline_contracts import retraction_events_v1 as retraction_events_v1
from storyline_contracts import story_events as story_events
from storyline_contracts.article_events import (
    ArticleContent,
    ArticleReceived,
    ArticleRevised,
    ArticleWithdrawn,
    Byline,
)
from storyline_contracts.cloudevents_codec import KafkaRecord, decode, encode
from storyline_contracts.event_base import Event, deterministic_event_id
from storyline_contracts.registry import event_class_for, registered_event_classes
from storyline_contracts.topics import ARTICLES_TOPIC, STORIES_TOPIC

__all__ = [
    "ARTICLES_TOPIC",
    "STORIES_TOPIC",
    "ArticleContent",
    "ArticleReceived",
    "ArticleRevised",
    "ArticleWithdrawn",
    "Byline",
    "Event",
    "KafkaRecord",
    "article_events_v1",
    "decode",
    "deterministic_event_id",
    "encode",
    "event_class_for",
    "extracted_events",
    "registered_event_classes",
    "retraction_events",
    "retraction_events_v1",
]
