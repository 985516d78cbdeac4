"""Garbage-collector settings for processes that churn through batches of short-lived objects.

CPython's cyclic collector runs a young-generation pass every 700 allocations and, every so
often, a full pass over every live object. A batch consumer allocates hundreds of thousands of
objects per batch (decoded events, row dicts, driver buffers) and keeps a large set of long-lived
ones (table metadata, compiled statements, the contract models), so the collector walked the same
long-lived objects over and over: it took a third of the projector's time.

``tune_for_batches`` moves everything alive at start-up out of the collector's sight
(``gc.freeze``) and lets the young generation grow much larger before a pass. Cyclic garbage is
still collected, only less often; reference counting frees everything else at once, as before.

The young generation's size is counted in objects allocated and not yet freed. A batch of 2000
events keeps well over 50,000 of them alive until it is written (the events, their rows, the
stories' new state), so a smaller threshold meant a pass in nearly every batch, each walking
everything the batch had built: about a sixth of the projector's CPU at that batch size.

An HTTP API process (``tune_for_serving``) has the same long-lived heap (about 110,000 objects
once the ingest app is built) but small requests: each allocates a few hundred objects, nearly
all freed by reference counting once it is answered. The requests in flight (a group commit
holds up to 64) still kept the default young generation filling every ten or so posts, and the
older passes that followed walked the start-up heap again: about 7% of the accept path's CPU,
measured with ``gc.callbacks`` under ``bench/accept_throughput.py``. Frozen, and with a young
generation a few dozen requests deep, the collector's share is a small fraction of that; the
garbage that waits for it (a refused request's traceback) is freed a few dozen requests later.
"""

from __future__ import annotations

import gc

YOUNG_GENERATION_THRESHOLD = 200_000
SERVING_YOUNG_GENERATION_THRESHOLD = 10_000


def tune_for_batches() -> None:
    """Call once, after start-up imports and before the first batch."""
    _freeze_start_up(YOUNG_GENERATION_THRESHOLD)


def tune_for_serving() -> None:
    """Call once in an API process, after its app is built and before it serves."""
    _freeze_start_up(SERVING_YOUNG_GENERATION_THRESHOLD)


def _freeze_start_up(young_threshold: int) -> None:
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young_threshold, middle, old)
