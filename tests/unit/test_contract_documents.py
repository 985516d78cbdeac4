"""The committed JSON Schemas and AsyncAPI document: generated from the classes, never drifting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from storyline.cli import main
from storyline_contracts import ArticleReceived, Event, encode
from storyline_contracts.asyncapi_document import asyncapi_document
from storyline_contracts.registry import EVENTS
from storyline_contracts.schema_export import (
    ASYNCAPI_FILE,
    default_root,
    drifted,
    generated_files,
    schema_path,
    write,
)
from tests.event_examples import EXAMPLES

ROOT = default_root()
ALL_VERSIONS = EVENTS.all_versions()


def committed_schema(cls: type[Event]) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((ROOT / schema_path(cls)).read_text())
    return schema


def validator_for(cls: type[Event]) -> Draft202012Validator:
    return Draft202012Validator(committed_schema(cls), format_checker=FormatChecker())


def test_committed_documents_match_the_event_classes() -> None:
    assert drifted(ROOT) == [], "run `storyline contracts generate` and commit the result"


@pytest.mark.parametrize("cls", ALL_VERSIONS, ids=lambda cls: cls.cloudevent_type())
def test_schema_id_is_the_dataschema_the_codec_sends(cls: type[Event]) -> None:
    headers = encode(EXAMPLES[cls]).header_map()

    assert committed_schema(cls)["$id"] == headers["ce_dataschema"]
    assert committed_schema(cls)["title"] == headers["ce_type"]


@pytest.mark.parametrize("cls", ALL_VERSIONS, ids=lambda cls: cls.cloudevent_type())
def test_encoded_data_is_valid_against_its_committed_schema(cls: type[Event]) -> None:
    data = json.loads(encode(EXAMPLES[cls]).value)

    assert list(validator_for(cls).iter_errors(data)) == []


def test_schema_rejects_data_missing_a_required_field() -> None:
    data = json.loads(encode(EXAMPLES[ArticleReceived]).value)
    del data["article_id"]

    assert not validator_for(ArticleReceived).is_valid(data)


def test_v1_and_v2_schemas_describe_the_byline_differently() -> None:
    v1, v2 = (committed_schema(cls) for cls in ALL_VERSIONS if cls.name == "article_received")

    assert {"type": "string"} in v1["$defs"]["ArticleContentV1"]["properties"]["byline"]["anyOf"]
    assert v2["$defs"]["Byline"]["required"] == ["text", "authors"]


def test_generate_writes_every_document_and_check_then_passes(tmp_path: Path) -> None:
    assert main(["contracts", "generate", "--root", str(tmp_path)]) == 0

    assert main(["contracts", "check", "--root", str(tmp_path)]) == 0
    assert sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*.*")) == sorted(
        generated_files()
    )


def test_check_fails_naming_the_file_that_drifted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path)
    edited = tmp_path / "schemas" / "storyline.denial_issued.v1.json"
    edited.write_text(edited.read_text().replace('"story_id"', '"storyId"'))

    exit_code = main(["contracts", "check", "--root", str(tmp_path)])

    assert exit_code == 1
    assert f"{edited}: differs from what the event classes generate" in capsys.readouterr().err


def test_check_reports_a_missing_document(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / ASYNCAPI_FILE).unlink()

    assert [str(drift) for drift in drifted(tmp_path)] == [f"{ASYNCAPI_FILE}: missing"]


def test_check_reports_a_schema_that_no_class_generates(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "schemas" / "storyline.story_closed.v1.json").write_text("{}\n")

    assert [drift.path for drift in drifted(tmp_path)] == ["schemas/storyline.story_closed.v1.json"]


def test_generate_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    write(tmp_path)

    assert write(tmp_path) == []


def committed_asyncapi() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / ASYNCAPI_FILE).read_text())
    return document


@pytest.mark.parametrize("cls", ALL_VERSIONS, ids=lambda cls: cls.cloudevent_type())
def test_asyncapi_lists_each_event_version_on_the_channel_of_its_topic(cls: type[Event]) -> None:
    document = committed_asyncapi()
    ce_type = cls.cloudevent_type()

    [channel] = [c for c in document["channels"].values() if c["address"] == cls.topic]
    message = document["components"]["messages"][ce_type]

    assert channel["messages"][ce_type] == {"$ref": f"#/components/messages/{ce_type}"}
    assert message["payload"] == {"$ref": f"./{schema_path(cls)}"}
    assert (ROOT / schema_path(cls)).exists()
    assert message["headers"]["allOf"][1]["properties"]["ce_type"]["const"] == ce_type


def test_asyncapi_describes_the_key_and_cloudevents_headers_of_each_topic() -> None:
    document = committed_asyncapi()
    headers = document["components"]["schemas"]["CloudEventsBinaryHeaders"]
    messages = document["components"]["messages"]

    assert document["asyncapi"] == "3.0.0"
    assert set(headers["required"]) == set(encode(next(iter(EXAMPLES.values()))).header_map())
    assert (
        "article id"
        in messages["storyline.article_withdrawn.v1"]["bindings"]["kafka"]["key"]["description"]
    )
    assert (
        "story id"
        in messages["storyline.denial_issued.v1"]["bindings"]["kafka"]["key"]["description"]
    )
    assert {op["action"] for op in document["operations"].values()} == {"receive"}


def test_asyncapi_refuses_an_event_on_a_topic_it_has_no_channel_for() -> None:
    class Orphan(Event):
        name: ClassVar[str] = "orphan_seen"
        topic: ClassVar[str] = "storyline.orphans.v1"

    with pytest.raises(ValueError, match=r"no AsyncAPI channel: storyline\.orphan_seen\.v1"):
        asyncapi_document([*ALL_VERSIONS, Orphan], "0.0.0")
