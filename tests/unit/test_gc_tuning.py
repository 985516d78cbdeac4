"""The collector settings of batch and API processes: start-up objects frozen, a larger young
generation."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from storyline_platform.gc_tuning import (
    SERVING_YOUNG_GENERATION_THRESHOLD,
    YOUNG_GENERATION_THRESHOLD,
    tune_for_batches,
    tune_for_serving,
)


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


@pytest.mark.usefixtures("restored_gc")
def test_an_api_process_freezes_its_start_up_and_keeps_a_smaller_young_generation() -> None:
    _, middle, old = gc.get_threshold()

    tune_for_serving()

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (SERVING_YOUNG_GENERATION_THRESHOLD, middle, old)
    assert SERVING_YOUNG_GENERATION_THRESHOLD < YOUNG_GENERATION_THRESHOLD
    assert gc.isenabled()
