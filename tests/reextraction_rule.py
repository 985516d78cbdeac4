"""A change of one extraction rule, as a new extractor version would bring, for re-extraction
tests: denials stop naming whom they answer. Everything else reads as before."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from storyline_extraction import event_assembly, extractor

NEW_RULES = "storyline-rules-test-denials-untargeted"


def denials_without_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Install the changed rule and its new extractor version in this process."""
    assemble = event_assembly.assemble

    def assemble_untargeted_denials(*args: Any, **kwargs: Any) -> Any:
        events = assemble(*args, **kwargs)
        return [replace(e, targets=()) if e.kind == "denial_issued" else e for e in events]

    monkeypatch.setattr(extractor, "assemble", assemble_untargeted_denials)
    monkeypatch.setattr(extractor, "EXTRACTOR_VERSION", NEW_RULES)
