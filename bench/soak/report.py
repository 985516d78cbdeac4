"""The soak's verdict and its tables: one row per fault (when, how long, requests and 5xx around
it, recovery time, lost, doubled), then the totals and every failed check.

A 5xx is expected only as a 503 with ``Retry-After`` while PostgreSQL is down (and for a short
grace after it is back, while the connection pools reconnect); any other 5xx, a request left
without an answer, or a 4xx to a well-formed article fails the soak.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .checks import Findings
from .faults import Injected
from .load import Acceptance, LoadRecord, Request
from .progress import Version

RECONNECT_GRACE_SECONDS = 15.0


@dataclass(frozen=True)
class FaultRow:
    fault: str
    at: float
    held: float
    requests: int
    server_errors: int
    unexpected: int
    recovery: float | None  # None: something accepted before the lift never got through
    lost: int
    doubled: int


@dataclass
class Verdict:
    rows: list[FaultRow]
    statuses: Counter[int]
    unexpected: list[Request]
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def expected_error(request: Request, faults: list[Injected]) -> bool:
    """A 503 with Retry-After while PostgreSQL was down (or just back)."""
    if request.status != 503 or not request.retry_after:
        return False
    return any(
        f.database_down and f.started <= request.at <= f.lifted + RECONNECT_GRACE_SECONDS
        for f in faults
    )


def unexpected_answers(record: LoadRecord, faults: list[Injected]) -> list[Request]:
    wrong = []
    for request in record.requests:
        if request.status == 0 or (request.status >= 500 and not expected_error(request, faults)):
            wrong.append(request)
        elif request.api == "ingest" and request.kind != "bad" and 400 <= request.status < 500:
            wrong.append(request)  # a well-formed article refused
    return wrong


def recovery_time(
    fault: Injected, accepted: list[Acceptance], done_at: dict[Version, float]
) -> float | None:
    """Seconds from the lift until the last version accepted while the fault was held got
    through every stage."""
    latest = fault.lifted
    for acceptance in accepted:
        if not fault.started <= acceptance.at <= fault.lifted:
            continue
        key = (acceptance.article_id, acceptance.version)
        if acceptance.outcome not in ("created", "revised", "withdrawn"):
            continue
        if key not in done_at:
            return None
        latest = max(latest, done_at[key])
    return latest - fault.lifted


def judge(
    record: LoadRecord,
    faults: list[Injected],
    done_at: dict[Version, float],
    findings: Findings,
    lost_ids: set[str],
    doubled_at: list[float],
    unexpected_exits: list[str],
) -> Verdict:
    """``lost_ids``: external ids of articles with something lost; ``doubled_at``: soak times
    of the extra copies on the topics."""
    unexpected = unexpected_answers(record, faults)
    rows = []
    for index, fault in enumerate(faults):
        recovery = recovery_time(fault, record.accepted, done_at)
        end = fault.lifted + (recovery if recovery is not None else 0.0)
        if index + 1 < len(faults):
            end = min(max(end, fault.lifted), faults[index + 1].started)
        around = [r for r in record.requests if fault.started <= r.at <= end]
        lost = {
            a.external_id
            for a in record.accepted
            if fault.started <= a.at <= end and a.external_id in lost_ids
        }
        rows.append(
            FaultRow(
                fault.name,
                fault.started,
                fault.held,
                len(around),
                sum(1 for r in around if r.status >= 500),
                sum(1 for r in around if r in unexpected),
                recovery,
                len(lost),
                sum(1 for t in doubled_at if fault.started <= t <= end),
            )
        )
    verdict = Verdict(rows, Counter(r.status for r in record.requests), unexpected)
    checks = [
        (findings.quiet_after is None, "the pipeline never drained after the load stopped"),
        (
            bool(findings.accepted_not_stored),
            f"{len(findings.accepted_not_stored)} 202s not in "
            f"the event store: {findings.accepted_not_stored[:5]}",
        ),
        (
            bool(findings.not_on_topic),
            f"{len(findings.not_on_topic)} stored events not on "
            f"their topic: {findings.not_on_topic[:5]}",
        ),
        (
            findings.doubled_on_topic > 0,
            f"{findings.doubled_on_topic} extra copies on the "
            f"topics: {sorted(findings.topic_copies)[:5]}",
        ),
        (
            bool(findings.not_projected),
            f"{len(findings.not_projected)} stored events not in "
            f"the read models: {findings.not_projected[:5]}",
        ),
        (findings.dead_letters > 0, f"{findings.dead_letters} dead letters"),
        (
            not findings.digests_equal,
            "the read models differ from a clean rebuild "
            f"({findings.digest[:12]} vs {findings.rebuilt_digest[:12]})",
        ),
        (findings.bad_requests_stored > 0, f"{findings.bad_requests_stored} bad requests stored"),
        (bool(record.wrongly_accepted), f"bad requests accepted: {record.wrongly_accepted[:5]}"),
        (bool(record.gave_up), f"articles never accepted after every retry: {record.gave_up[:5]}"),
        (
            bool(unexpected),
            f"{len(unexpected)} unexpected answers: "
            f"{Counter((r.api, r.status) for r in unexpected)}",
        ),
        (bool(unexpected_exits), f"processes that stopped on their own: {unexpected_exits}"),
    ]
    verdict.failures = [message for failed, message in checks if failed]
    return verdict


def fault_table(rows: list[FaultRow]) -> str:
    lines = [
        "| fault | at (s) | held (s) | requests | 5xx (unexpected) | recovery (s) | lost "
        "| doubled |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        recovery = "never" if row.recovery is None else f"{row.recovery:.1f}"
        lines.append(
            f"| {row.fault} | {row.at:.0f} | {row.held:.1f} | {row.requests} | "
            f"{row.server_errors} ({row.unexpected}) | {recovery} | {row.lost} | {row.doubled} |"
        )
    return "\n".join(lines)


def totals(record: LoadRecord, findings: Findings, verdict: Verdict) -> str:
    outcomes = Counter(a.outcome for a in record.accepted)
    statuses = ", ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(verdict.statuses.items()))
    ingest = sum(1 for r in record.requests if r.api == "ingest")
    return "\n".join(
        [
            f"requests: {len(record.requests)} ({ingest} ingest, "
            f"{len(record.requests) - ingest} query); by status: {statuses}",
            f"accepted (202): {len(record.accepted)} "
            f"({', '.join(f'{o} {n}' for o, n in sorted(outcomes.items()))}); "
            f"bad requests refused: {len(record.refused_bad)}",
            f"events stored: {findings.stored}, on the topics: {findings.on_topic} "
            f"(extra copies: {findings.doubled_on_topic}), in the read models: "
            f"{findings.projected}; dead letters: {findings.dead_letters}",
            f"lost: {len(findings.accepted_not_stored) + len(findings.not_on_topic)}"
            f" + {len(findings.not_projected)} not projected; "
            f"unexpected answers: {len(verdict.unexpected)}",
            f"read models equal a clean rebuild: {findings.digests_equal} "
            f"(digest {findings.digest[:16]})",
            *(
                f"  {table}: live only {ours}; rebuilt only {theirs}"
                for table, (ours, theirs) in findings.differences.items()
            ),
            "drained "
            + (
                "never"
                if findings.quiet_after is None
                else f"{findings.quiet_after:.1f} s after the load stopped"
            ),
        ]
    )
