"""Which class decodes which CloudEvents type, and how old versions are upcast on read.

An upcaster turns the JSON data of version N of an event into the data of version N+1. Decoding
applies the chain until it reaches the version the class in this package describes, so a
consumer built against the current contracts reads every event ever written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from storyline_contracts.event_base import Event

JsonObject = dict[str, Any]
Upcaster = Callable[[JsonObject], JsonObject]
E = TypeVar("E", bound=type[Event])

_CLASSES: dict[str, type[Event]] = {}
_UPCASTERS: dict[tuple[str, int], Upcaster] = {}
_TYPE_PATTERN = re.compile(r"^storyline\.(?P<name>[a-z_]+)\.v(?P<version>[1-9][0-9]*)$")


class UnknownEventType(ValueError):
    """The CloudEvents type names no event this version of the contracts knows."""


def register(cls: E) -> E:
    """Class decorator: make an event class decodable by name."""
    if cls.name in _CLASSES:
        raise ValueError(f"event name {cls.name!r} registered twice")
    _CLASSES[cls.name] = cls
    return cls


def upcaster(name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Decorator: register the step from ``from_version`` to ``from_version + 1`` of ``name``."""

    def add(function: Upcaster) -> Upcaster:
        _UPCASTERS[(name, from_version)] = function
        return function

    return add


def parse_type(cloudevent_type: str) -> tuple[str, int]:
    match = _TYPE_PATTERN.match(cloudevent_type)
    if match is None:
        raise UnknownEventType(f"not a Storyline event type: {cloudevent_type!r}")
    return match["name"], int(match["version"])


def event_class_for(cloudevent_type: str) -> type[Event]:
    name, _ = parse_type(cloudevent_type)
    try:
        return _CLASSES[name]
    except KeyError:
        raise UnknownEventType(f"unknown event type: {cloudevent_type!r}") from None


def upcast(cloudevent_type: str, data: JsonObject) -> tuple[type[Event], JsonObject]:
    """Bring ``data`` written as ``cloudevent_type`` up to the current version of its class."""
    name, version = parse_type(cloudevent_type)
    cls = event_class_for(cloudevent_type)
    if version > cls.version:
        raise UnknownEventType(
            f"{cloudevent_type!r} is newer than these contracts (v{cls.version}); upgrade them"
        )
    while version < cls.version:
        step = _UPCASTERS.get((name, version))
        if step is None:
            raise UnknownEventType(f"no upcaster from {name} v{version} to v{version + 1}")
        data = step(data)
        version += 1
    return cls, data


def registered_event_classes() -> list[type[Event]]:
    return sorted(_CLASSES.values(), key=lambda cls: cls.name)
