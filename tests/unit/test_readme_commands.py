"""The README's commands work as written right after `make demo`, on a machine where `uv` is
not on PATH: they call `.venv/bin/storyline`, and each one is a command the program knows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from storyline.cli import build_parser
from storyline.demo import next_steps
from storyline.migrate import REPOSITORY

DOCUMENTS = [REPOSITORY / "README.md", REPOSITORY / "contracts" / "README.md"]
STORYLINE = ".venv/bin/storyline"
# One command on a line: up to a shell separator, a comment or a substitution's end.
COMMAND = re.compile(r"\.venv/bin/storyline((?: [^&|;#)\n`]*)?)")


def shell_lines(path: Path) -> list[str]:
    """The lines of the document's shell code blocks."""
    lines, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line.strip() in ("```bash", "```sh", "```console") if not inside else False
            continue
        if inside:
            lines.append(line)
    return lines


def storyline_commands(path: Path) -> list[str]:
    text = "\n".join([*shell_lines(path), *re.findall(r"`([^`\n]+)`", path.read_text())])
    return [match.group(1).strip() for match in COMMAND.finditer(text)]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_no_command_needs_uv_on_the_path(path: Path) -> None:
    bare = [line for line in shell_lines(path) if re.search(r"(^|[;&|(]\s*)uv run\b", line)]
    assert bare == []
    assert not re.search(r"`uv run storyline", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_every_storyline_command_in_the_docs_is_one_the_program_knows(path: Path) -> None:
    commands = storyline_commands(path)
    parser = build_parser()

    for command in commands:
        arguments = [word for word in shlex.split(command) if word not in ("...", "…")]
        if arguments and not any(word in ("FILE", "LETTER", "[PATH]") for word in arguments):
            parser.parse_known_args(arguments)  # exits (SystemExit) on an unknown command

    assert len(commands) >= (10 if path == DOCUMENTS[0] else 1)


def test_the_readme_commands_run_from_the_folder_make_demo_fills() -> None:
    # `make demo` runs `uv sync`, which puts the program where the README calls it.
    makefile = (REPOSITORY / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo: install$", makefile, re.MULTILINE)
    assert re.search(r"^\t\$\(UV\) sync --frozen$", makefile, re.MULTILINE)
    assert (REPOSITORY / STORYLINE).exists()


def test_the_demo_ends_with_the_next_commands_to_type() -> None:
    steps = next_steps(REPOSITORY / "var" / "demo.db")

    assert (
        "STORYLINE_DATABASE_URL=sqlite+aiosqlite:///var/demo.db .venv/bin/storyline serve query"
        in steps
    )
    assert "http://127.0.0.1:8001/desk" in steps
    assert "uv run" not in steps
