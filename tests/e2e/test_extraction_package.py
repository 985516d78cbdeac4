"""The extraction package installs on its own and reads an article with the README's snippet:
no service, no broker, no database, not even Storyline's contracts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
PACKAGE = REPOSITORY / "extraction"
README = PACKAGE / "storyline_extraction" / "README.md"

pytestmark = pytest.mark.integration  # it installs from PyPI: run with the servers' tests


def readme_snippet() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)
    return str(blocks[0])


def test_the_package_installs_alone_and_the_readme_snippet_extracts_events(
    tmp_path: Path,
) -> None:
    environment = tmp_path / "venv"
    # `uv run` names itself in UV; `make` installs uv in ~/.local/bin when it is not on PATH.
    uv = os.environ.get("UV") or shutil.which("uv") or str(Path.home() / ".local/bin/uv")
    subprocess.run([uv, "venv", "--python", sys.executable, str(environment)], check=True)
    subprocess.run(
        [uv, "pip", "install", "--python", str(environment / "bin" / "python"), str(PACKAGE)],
        check=True,
        timeout=900,
    )
    installed = subprocess.run(
        [uv, "pip", "list", "--python", str(environment / "bin" / "python")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    result = subprocess.run(
        [str(environment / "bin" / "python"), "-c", readme_snippet()],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,  # not the repository: nothing of it on the path
    )

    assert "storyline-contracts" not in installed
    assert "fastapi" not in installed.lower()
    lines = result.stdout.splitlines()
    assert "accusation_made Russia ['United States'] 2023-05-04" in lines
    assert any(line.startswith("denial_issued United States ['Russia']") for line in lines)
    assert any(line.startswith("denial_issued Ukraine ['Russia']") for line in lines)
