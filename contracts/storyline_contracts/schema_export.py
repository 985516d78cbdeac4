"""Generate the committed contract documents from the event classes, and find drift.

One JSON Schema (draft 2020-12) per event type and version, ``schemas/<ce_type>.json`` with the
``$id`` the codec sends as ``ce_dataschema``, and the AsyncAPI document ``asyncapi.yaml``. Both
describe the data exactly as the encoder writes it. Old versions are never deleted: their classes
stay registered as ``@superseded``, so their schemas keep being generated and checked.

Needs PyYAML (``pip install 'storyline-contracts[export]'``); decoding events does not.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import yaml

from storyline_contracts.asyncapi_document import asyncapi_document
from storyline_contracts.cloudevents_codec import dataschema_uri
from storyline_contracts.event_base import Event
from storyline_contracts.registry import EVENTS

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = "schemas"
ASYNCAPI_FILE = "asyncapi.yaml"
YAML_WIDTH = 100


def default_root() -> Path:
    """The directory holding this package's sources, where the documents are committed."""
    return Path(__file__).resolve().parent.parent


def schema_path(cls: type[Event]) -> str:
    return f"{SCHEMAS_DIR}/{cls.cloudevent_type()}.json"


def event_schema(cls: type[Event]) -> dict[str, Any]:
    """The JSON Schema of ``cls``'s data, as the encoder writes it."""
    generated = cls.model_json_schema(mode="serialization")
    generated.pop("title", None)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": dataschema_uri(cls.cloudevent_type()),
        "title": cls.cloudevent_type(),
        **generated,
    }


def generated_files(
    classes: Sequence[type[Event]] | None = None, contracts_version: str | None = None
) -> dict[str, str]:
    """Every document, by path relative to the root, as text."""
    classes = EVENTS.all_versions() if classes is None else classes
    contracts_version = contracts_version or installed_version("storyline-contracts")
    files = {schema_path(cls): _json_text(event_schema(cls)) for cls in classes}
    files[ASYNCAPI_FILE] = _yaml_text(asyncapi_document(classes, contracts_version))
    return files


def write(root: Path, files: dict[str, str] | None = None) -> list[str]:
    """Write the documents under ``root``; returns the paths whose content changed."""
    changed = []
    for path, text in (generated_files() if files is None else files).items():
        target = root / path
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed


@dataclass(frozen=True)
class Drift:
    """A committed document that does not match the event classes."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def drifted(root: Path, files: dict[str, str] | None = None) -> list[Drift]:
    """What under ``root`` differs from the documents the classes generate."""
    expected = generated_files() if files is None else files
    drift = []
    for path, text in expected.items():
        target = root / path
        if not target.exists():
            drift.append(Drift(path, "missing"))
        elif target.read_text(encoding="utf-8") != text:
            drift.append(Drift(path, "differs from what the event classes generate"))
    for stray in sorted((root / SCHEMAS_DIR).glob("*.json")):
        path = f"{SCHEMAS_DIR}/{stray.name}"
        if path not in expected:
            drift.append(
                Drift(path, "no event class generates it (keep old versions as @superseded)")
            )
    return drift


def _json_text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class _Dumper(yaml.SafeDumper):
    """Folded block style for prose, so descriptions read as paragraphs in the file."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = ">" if "\n" in text or len(text) > YAML_WIDTH else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def _yaml_text(document: dict[str, Any]) -> str:
    header = "# Generated from the event classes by `storyline contracts generate`: do not edit.\n"
    body = yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=YAML_WIDTH
    )
    return header + body
