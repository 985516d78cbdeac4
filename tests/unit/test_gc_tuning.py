"""The batch processes' collector settings: start-up objects frozen, a larger young generation."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from storyline_platform.gc_tuning import YOUNG_GENERATION_THRESHOLD, tune_for_batches


@pytest.fixture
def restored_gc() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_gc")
def test_tuning_freezes_what_lives_at_start_up_and_collects_the_young_less_often() -> None:
    _, middle, old = gc.get_threshold()

    tune_for_batches()

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, middle, old)
    assert gc.isenabled()  # cyclic garbage is still collected
