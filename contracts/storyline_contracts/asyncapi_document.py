"""The AsyncAPI 3.0 description of Storyline's topics, built from the event classes.

Two channels (the articles and the stories topic), one message per event type and version with
its CloudEvents binary-mode headers, its Kafka key and its payload (a reference to the committed
JSON Schema), and one receive operation per channel for a downstream consumer.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline_contracts.cloudevents_codec import CONTENT_TYPE, SOURCE, dataschema_uri
from storyline_contracts.event_base import Event
from storyline_contracts.topics import ARTICLES_TOPIC, STORIES_TOPIC

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
HEADERS_SCHEMA = "CloudEventsBinaryHeaders"
TRACEPARENT_PATTERN = r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"

Document = dict[str, Any]


@dataclass(frozen=True)
class Channel:
    """One topic: what its key is, and why."""

    id: str
    topic: str
    title: str
    key: str
    description: str


CHANNELS = (
    Channel(
        id="articles",
        topic=ARTICLES_TOPIC,
        title="Article lifecycle",
        key="The article id (`article_id`, also `ce_subject`).",
        description=(
            "Every version of every article: received, revised, withdrawn. The key is the "
            "article id, so all versions of one article land on one partition and arrive in the "
            "order Storyline recorded them: a consumer never sees a revision before the article "
            "it revises."
        ),
    ),
    Channel(
        id="stories",
        topic=STORIES_TOPIC,
        title="Stories and the events extracted from articles",
        key="The story id (`story_id`, also `ce_subject`).",
        description=(
            "Stories opened and merged, articles assigned to them, the events extracted from "
            "articles (strikes, accusations, denials, threats, ...) and retractions. The key is "
            "the story id, so everything about one story lands on one partition and arrives in "
            "the order Storyline recorded it: a denial never arrives before the accusation it "
            "answers."
        ),
    ),
)

PARTITIONING = (
    "Partition = murmur2(key) mod partition count (Kafka's default partitioner). Order is "
    "guaranteed per key only, never across keys or topics. Delivery is at least once: after a "
    "producer retry or a consumer rebalance an event can arrive again, with the same `ce_id`."
)

INFO_DESCRIPTION = (
    "Events Storyline publishes to Kafka as CloudEvents 1.0 in binary content mode: the "
    "attributes are `ce_*` headers, the data is the JSON message value, validated by the JSON "
    "Schema named in `ce_dataschema` (committed under `schemas/`).\n\n"
    "Dedupe on `ce_id`: it is stable across re-deliveries and replays. `ce_type` is "
    "`storyline.<event>.v<version>`; a breaking change gets a new version, and earlier versions "
    "stay listed here for as long as records of them may be read. The Python package "
    "`storyline-contracts` decodes every version into the current classes (upcasting).\n\n"
    + PARTITIONING
)


def asyncapi_document(classes: Sequence[type[Event]], version: str) -> Document:
    """The whole document, for ``classes`` (every version of every event) at ``version``."""
    by_channel = {channel.id: _classes_on(channel, classes) for channel in CHANNELS}
    _check_every_class_has_a_channel(classes, by_channel)
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {"title": "Storyline events", "version": version, "description": INFO_DESCRIPTION},
        "defaultContentType": CONTENT_TYPE,
        "servers": _servers(),
        "channels": {channel.id: _channel(channel, by_channel[channel.id]) for channel in CHANNELS},
        "operations": {
            f"receive_{channel.id}": _receive_operation(channel, by_channel[channel.id])
            for channel in CHANNELS
        },
        "components": {
            "schemas": {HEADERS_SCHEMA: _headers_schema()},
            "messages": {
                cls.cloudevent_type(): _message(cls, channel, latest=_latest(cls, classes))
                for channel in CHANNELS
                for cls in by_channel[channel.id]
            },
        },
    }


def _classes_on(channel: Channel, classes: Sequence[type[Event]]) -> list[type[Event]]:
    return [cls for cls in classes if cls.topic == channel.topic]


def _check_every_class_has_a_channel(
    classes: Sequence[type[Event]], by_channel: dict[str, list[type[Event]]]
) -> None:
    placed = {cls for members in by_channel.values() for cls in members}
    homeless = sorted(cls.cloudevent_type() for cls in classes if cls not in placed)
    if homeless:
        raise ValueError(f"events on a topic with no AsyncAPI channel: {', '.join(homeless)}")


def _latest(cls: type[Event], classes: Sequence[type[Event]]) -> int:
    return max(other.version for other in classes if other.name == cls.name)


def _servers() -> Document:
    return {
        "kafka": {
            "host": "{bootstrap}",
            "protocol": "kafka",
            "description": "The Kafka cluster Storyline publishes to.",
            "variables": {
                "bootstrap": {
                    "default": "localhost:9092",
                    "description": "host:port of a bootstrap broker of the deployment.",
                }
            },
        }
    }


def _channel(channel: Channel, classes: Sequence[type[Event]]) -> Document:
    return {
        "address": channel.topic,
        "title": channel.title,
        "description": f"{channel.description}\n\nKafka key: {channel.key}\n\n{PARTITIONING}",
        "messages": {
            cls.cloudevent_type(): {"$ref": f"#/components/messages/{cls.cloudevent_type()}"}
            for cls in classes
        },
        "bindings": {"kafka": {"topic": channel.topic, "bindingVersion": KAFKA_BINDING_VERSION}},
    }


def _receive_operation(channel: Channel, classes: Sequence[type[Event]]) -> Document:
    return {
        "action": "receive",
        "channel": {"$ref": f"#/channels/{channel.id}"},
        "title": f"Consume {channel.topic}",
        "summary": f"A downstream service follows {channel.topic}.",
        "description": (
            "Use one consumer group per downstream service. Dedupe on `ce_id` (at-least-once "
            "delivery), rely on order per key only, and dispatch on `ce_type`: skip types you do "
            "not know, and upcast earlier versions (storyline-contracts does both)."
        ),
        "messages": [
            {"$ref": f"#/channels/{channel.id}/messages/{cls.cloudevent_type()}"} for cls in classes
        ],
        "bindings": {
            "kafka": {
                "groupId": {"type": "string", "description": "One per downstream service."},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _message(cls: type[Event], channel: Channel, latest: int) -> Document:
    ce_type = cls.cloudevent_type()
    doc = inspect.cleandoc(cls.__doc__ or "")
    if cls.version < latest:
        doc += (
            f"\n\nSuperseded by v{latest}. Records of this version written before v{latest} "
            "remain in the topic; storyline-contracts upcasts them on read."
        )
    return {
        "name": cls.name,
        "title": ce_type,
        "summary": doc.splitlines()[0] if doc else ce_type,
        "description": doc,
        "contentType": CONTENT_TYPE,
        "headers": {
            "allOf": [
                {"$ref": f"#/components/schemas/{HEADERS_SCHEMA}"},
                {
                    "type": "object",
                    "properties": {
                        "ce_type": {"type": "string", "const": ce_type},
                        "ce_dataschema": {"type": "string", "const": dataschema_uri(ce_type)},
                    },
                },
            ]
        },
        "payload": {"$ref": f"./schemas/{ce_type}.json"},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": channel.key},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _headers_schema() -> Document:
    def text(description: str, **extra: Any) -> Document:
        return {"type": "string", "description": description, **extra}

    properties = {
        "ce_specversion": text("CloudEvents version.", const="1.0"),
        "ce_id": text(
            "The event id, equal to `event_id` in the data. Stable across re-deliveries and "
            "replays: dedupe on it."
        ),
        "ce_source": text("Who produced the event.", const=SOURCE),
        "ce_type": text(
            "`storyline.<event>.v<version>`: which event, at which version of its schema.",
            pattern=r"^storyline\.[a-z_]+\.v[1-9][0-9]*$",
        ),
        "ce_subject": text("The article id or story id the event is about: the Kafka key."),
        "ce_time": text(
            "When Storyline recorded the fact (`occurred_at` in the data), RFC 3339.",
            format="date-time",
        ),
        "ce_dataschema": text(
            "URN of the event's JSON Schema: the `$id` of `schemas/<ce_type>.json`.",
            format="uri",
        ),
        "content-type": text("Media type of the message value.", const=CONTENT_TYPE),
    }
    required = list(properties)
    traceparent = text(
        "W3C Trace Context `traceparent` of the span that published the event (CloudEvents "
        "distributed-tracing extension); present when Storyline's tracing is on.",
        pattern=TRACEPARENT_PATTERN,
    )
    tracestate = text("W3C Trace Context `tracestate`, with `ce_traceparent` when there is one.")
    properties |= {
        "ce_traceparent": traceparent,
        "ce_tracestate": tracestate,
        "traceparent": text(
            "The same value as `ce_traceparent`, under the name OpenTelemetry's Kafka "
            "instrumentations read.",
            pattern=TRACEPARENT_PATTERN,
        ),
        "tracestate": text("The same value as `ce_tracestate`."),
    }
    return {
        "type": "object",
        "description": "CloudEvents 1.0 attributes, Kafka protocol binding, binary content mode.",
        "required": required,
        "properties": properties,
    }
