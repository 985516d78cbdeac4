"""docker-compose.yml parses and points at images, files and commands that exist."""

from __future__ import annotations

import json
import shlex
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema.validators import validator_for

from storyline.cli import build_parser

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load((REPOSITORY / "docker-compose.yml").read_text())
    assert isinstance(document, dict)
    return document


def test_compose_has_the_production_shape(compose: dict[str, Any]) -> None:
    assert {
        "kafka",
        "postgres",
        "migrate",
        "ingest",
        "extract-worker",
        "relay",
        "projector",
        "query",
    } <= set(compose["services"])
    assert compose["services"]["kafka"]["image"].startswith("apache/kafka:")
    assert compose["services"]["postgres"]["image"].startswith("postgres:")
    for name in ("kafka", "postgres", "ingest", "extract-worker", "relay", "projector", "query"):
        assert "healthcheck" in compose["services"][name], name


def test_built_services_use_the_repository_dockerfile(compose: dict[str, Any]) -> None:
    for name in ("migrate", "ingest", "extract-worker", "relay", "projector", "query"):
        build = compose["services"][name]["build"]
        assert (REPOSITORY / build["context"] / build["dockerfile"]).is_file(), name


def test_application_services_wait_for_the_migration(compose: dict[str, Any]) -> None:
    for name in ("ingest", "extract-worker", "relay", "projector", "query"):
        condition = compose["services"][name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_service_commands_are_real_storyline_commands(compose: dict[str, Any]) -> None:
    parser = build_parser()
    for name in ("migrate", "ingest", "extract-worker", "relay", "projector", "query"):
        command = compose["services"][name]["command"]
        if command[:2] == ["sh", "-c"]:
            commands = [shlex.split(part) for part in command[2].split("&&")]
        else:
            commands = [command]
        for argv in commands:
            assert argv[0] == "storyline", name
            parser.parse_args(argv[1:])  # exits with status 2 on an unknown command or option


def test_compose_file_follows_the_compose_specification(compose: dict[str, Any]) -> None:
    # The specification's JSON Schema as the check-jsonschema package ships it (pinned in uv.lock).
    schema_file = files("check_jsonschema") / "builtin_schemas" / "vendor" / "compose-spec.json"
    schema = json.loads(schema_file.read_text())

    errors = [error.message for error in validator_for(schema)(schema).iter_errors(compose)]

    assert errors == []


def test_every_storyline_process_has_a_readiness_healthcheck(compose: dict[str, Any]) -> None:
    for name in ("ingest", "extract-worker", "relay", "projector", "query"):
        probe = " ".join(compose["services"][name]["healthcheck"]["test"])
        assert "/readyz" in probe, name
