"""Which class decodes which CloudEvents type, and how old versions are upcast on read.

Each event name has one current class (``@register``): the one the encoder writes and every
decode returns. Classes that describe an earlier version are kept as ``@superseded`` so that
their JSON Schemas can still be published (records of that version stay in the event store and
on the topics forever); nothing is ever decoded into them.

An upcaster turns the JSON data of version N of an event into the data of version N+1. Decoding
applies the chain until it reaches the current version, so a consumer built against the current
contracts reads every event ever written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from storyline_contracts.event_base import Event

JsonObject = dict[str, Any]
Upcaster = Callable[[JsonObject], JsonObject]
E = TypeVar("E", bound=type[Event])

_TYPE_PATTERN = re.compile(r"^storyline\.(?P<name>[a-z_]+)\.v(?P<version>[1-9][0-9]*)$")


class UnknownEventType(ValueError):
    """The CloudEvents type names no event (or no version) these contracts can decode."""


def parse_type(cloudevent_type: str) -> tuple[str, int]:
    match = _TYPE_PATTERN.match(cloudevent_type)
    if match is None:
        raise UnknownEventType(f"not a Storyline event type: {cloudevent_type!r}")
    return match["name"], int(match["version"])


class EventRegistry:
    """Event classes by name and version, and the upcasters between versions."""

    def __init__(self) -> None:
        self._current: dict[str, type[Event]] = {}
        self._superseded: dict[tuple[str, int], type[Event]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}

    def register(self, cls: E) -> E:
        """Class decorator: ``cls`` is the current version of its event; decodes return it."""
        if cls.name in self._current:
            raise ValueError(f"event name {cls.name!r} registered twice")
        self._current[cls.name] = cls
        return cls

    def superseded(self, cls: E) -> E:
        """Class decorator: ``cls`` describes an earlier version, kept for its published schema."""
        key = (cls.name, cls.version)
        if key in self._superseded:
            raise ValueError(f"{cls.cloudevent_type()} registered twice")
        self._superseded[key] = cls
        return cls

    def upcaster(self, name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Decorator: the step from ``from_version`` to ``from_version + 1`` of ``name``."""

        def add(function: Upcaster) -> Upcaster:
            if (name, from_version) in self._upcasters:
                raise ValueError(f"upcaster for {name} v{from_version} registered twice")
            self._upcasters[(name, from_version)] = function
            return function

        return add

    def event_class_for(self, cloudevent_type: str) -> type[Event]:
        """The current class of the event ``cloudevent_type`` names (whatever its version)."""
        name, _ = parse_type(cloudevent_type)
        try:
            return self._current[name]
        except KeyError:
            raise UnknownEventType(f"unknown event type: {cloudevent_type!r}") from None

    def upcast(self, cloudevent_type: str, data: JsonObject) -> tuple[type[Event], JsonObject]:
        """Bring ``data`` written as ``cloudevent_type`` up to the current version of its class."""
        name, version = parse_type(cloudevent_type)
        cls = self.event_class_for(cloudevent_type)
        if version > cls.version:
            raise UnknownEventType(
                f"{cloudevent_type!r} is newer than these contracts (which know {name} up to "
                f"v{cls.version}); upgrade storyline-contracts"
            )
        while version < cls.version:
            step = self._upcasters.get((name, version))
            if step is None:
                raise UnknownEventType(f"no upcaster from {name} v{version} to v{version + 1}")
            data = step(data)
            version += 1
        return cls, data

    def current_classes(self) -> list[type[Event]]:
        """The class of every event name, at its current version, sorted by name."""
        return sorted(self._current.values(), key=lambda cls: cls.name)

    def all_versions(self) -> list[type[Event]]:
        """Every class, current and superseded, sorted by name then version."""
        classes = [*self._current.values(), *self._superseded.values()]
        return sorted(classes, key=lambda cls: (cls.name, cls.version))

    def missing_upcasters(self) -> list[str]:
        """Steps a current class needs to read its older versions but nobody registered."""
        return [
            f"{cls.name} v{version} -> v{version + 1}"
            for cls in self.current_classes()
            for version in range(1, cls.version)
            if (cls.name, version) not in self._upcasters
        ]


# The registry the contracts package fills as its event modules are imported.
EVENTS = EventRegistry()

register = EVENTS.register
superseded = EVENTS.superseded
upcaster = EVENTS.upcaster
event_class_for = EVENTS.event_class_for
upcast = EVENTS.upcast
registered_event_classes = EVENTS.current_classes
