"""Every module of a service lives in a room; only entry points, settings and the metrics every
room reports to (``observability``) sit at the top."""

from __future__ import annotations

from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "services"
ALLOWED_AT_THE_TOP = {
    "storyline_ingest": {"__init__.py", "settings.py", "observability.py"},
    "storyline_projector": {"__init__.py", "settings.py", "app.py", "observability.py"},
}


@pytest.mark.parametrize("package", sorted(ALLOWED_AT_THE_TOP))
def test_no_module_is_left_outside_a_room(package: str) -> None:
    [root] = SERVICES.glob(f"*/{package}")

    at_the_top = {path.name for path in root.glob("*.py")}

    assert at_the_top == ALLOWED_AT_THE_TOP[package]
