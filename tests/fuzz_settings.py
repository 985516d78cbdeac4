"""What the fuzz tests share: how many examples to generate, and a tally of the requests made.

``STORYLINE_FUZZ_EXAMPLES`` sets the examples per operation (and per raw-body test); the
default keeps the normal suite quick. The tally of requests and of their status classes is
printed at the end of the session (``tests/conftest.py``), so a long run states its size:
``STORYLINE_FUZZ_EXAMPLES=700 pytest tests/unit/test_ingest_fuzzing.py
tests/unit/test_query_fuzzing.py`` sends more than 10,000 requests to the two APIs.
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "150"))


def fuzz_settings(share: float = 1.0) -> settings:
    """Hypothesis settings for ``share`` of ``EXAMPLES`` examples per test (at least ten)."""
    return settings(
        max_examples=max(10, int(EXAMPLES * share)),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=os.environ.get("STORYLINE_FUZZ_RANDOM") is None,  # reproducible by default
    )


FUZZ_SETTINGS = fuzz_settings()

# (api, "2xx" | "4xx" | "5xx") -> requests
TALLY: Counter[tuple[str, str]] = Counter()


def count_request(api: str, status: int) -> None:
    TALLY[(api, f"{status // 100}xx")] += 1


def tally_lines() -> list[str]:
    if not TALLY:
        return []
    lines = []
    for api in sorted({api for api, _ in TALLY}):
        classes = {kind: n for (name, kind), n in TALLY.items() if name == api}
        total = sum(classes.values())
        shown = ", ".join(f"{kind}: {n}" for kind, n in sorted(classes.items()))
        lines.append(f"{api}: {total} generated requests ({shown})")
    lines.append(f"all: {sum(TALLY.values())} generated requests")
    return lines
