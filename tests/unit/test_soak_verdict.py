"""The soak's verdict: which answers are expected during a fault, how long recovery took, and
that a loss, a doubled event, a stray 5xx or a process that stopped on its own fails it."""

from __future__ import annotations

from bench.soak.checks import Findings, differences
from bench.soak.faults import Injected, schedule
from bench.soak.load import MIX, Acceptance, LoadRecord, Request, kind_of
from bench.soak.report import expected_error, judge, recovery_time, totals, unexpected_answers

DATABASE_DOWN = Injected("PostgreSQL stopped", started=100.0, lifted=130.0, database_down=True)
BROKER_DOWN = Injected("broker 1 killed", started=20.0, lifted=60.0, database_down=False)


def clean_findings() -> Findings:
    return Findings(
        quiet_after=3.0,
        stored=10,
        on_topic=10,
        projected=10,
        digest="a" * 64,
        rebuilt_digest="a" * 64,
    )


def accepted(at: float, name: str = "soak-1", version: int = 1) -> Acceptance:
    return Acceptance(at, name, f"id-{name}", version, "created", usable=True)


def test_a_503_with_retry_after_is_expected_only_while_the_database_is_down() -> None:
    during = Request(110.0, "ingest", "new", 503, retry_after=True)
    just_after = Request(140.0, "ingest", "new", 503, retry_after=True)
    without_header = Request(110.0, "ingest", "new", 503, retry_after=False)
    broker_outage = Request(30.0, "ingest", "new", 503, retry_after=True)
    server_error = Request(110.0, "query", "read", 500, retry_after=False)

    faults = [BROKER_DOWN, DATABASE_DOWN]

    assert expected_error(during, faults)
    assert expected_error(just_after, faults)  # the pools reconnect within the grace
    assert not expected_error(without_header, faults)
    assert not expected_error(broker_outage, faults)
    assert not expected_error(server_error, faults)


def test_no_answer_and_a_refused_well_formed_article_are_unexpected() -> None:
    record = LoadRecord(
        requests=[
            Request(1.0, "ingest", "new", 0, retry_after=False),
            Request(2.0, "ingest", "revision", 409, retry_after=False),
            Request(3.0, "ingest", "bad", 422, retry_after=False),
            Request(4.0, "query", "read", 404, retry_after=False),
            Request(5.0, "ingest", "new", 202, retry_after=False),
        ]
    )

    wrong = unexpected_answers(record, [])

    assert [r.at for r in wrong] == [1.0, 2.0]


def test_recovery_is_the_time_from_the_lift_until_the_last_version_accepted_got_through() -> None:
    versions = [accepted(50.0, "soak-1"), accepted(59.0, "soak-2"), accepted(70.0, "soak-3")]
    done = {("id-soak-1", 1): 61.0, ("id-soak-2", 1): 72.5, ("id-soak-3", 1): 71.0}

    assert recovery_time(BROKER_DOWN, versions, done) == 12.5
    assert recovery_time(BROKER_DOWN, versions, {("id-soak-1", 1): 61.0}) is None


def test_a_clean_run_passes_and_its_table_has_a_row_per_fault() -> None:
    record = LoadRecord(
        requests=[
            Request(110.0, "ingest", "new", 503, True),
            Request(5.0, "ingest", "new", 202, False),
        ],
        accepted=[accepted(5.0)],
    )

    verdict = judge(
        record,
        [BROKER_DOWN, DATABASE_DOWN],
        {("id-soak-1", 1): 6.0},
        clean_findings(),
        set(),
        [],
        [],
    )

    assert verdict.passed, verdict.failures
    assert [row.fault for row in verdict.rows] == ["broker 1 killed", "PostgreSQL stopped"]
    assert verdict.rows[1].server_errors == 1
    assert verdict.rows[1].unexpected == 0


def test_a_loss_a_double_a_stray_5xx_or_a_process_that_stopped_fails_the_run() -> None:
    record = LoadRecord(
        requests=[Request(30.0, "ingest", "new", 500, False)], accepted=[accepted(25.0)]
    )
    findings = clean_findings()
    findings.not_projected = ["event-1"]
    findings.topic_copies = {"event-2": [1.0, 2.0]}

    verdict = judge(record, [BROKER_DOWN], {}, findings, {"soak-1"}, [40.0], ["relay (exit 1)"])

    assert not verdict.passed
    failures = "\n".join(verdict.failures)
    for words in ("not in the read models", "extra copies", "unexpected answers", "relay"):
        assert words in failures
    row = verdict.rows[0]
    assert (row.lost, row.doubled, row.unexpected) == (1, 1, 1)


def test_read_models_unlike_a_clean_rebuild_fail_the_run() -> None:
    findings = clean_findings()
    findings.rebuilt_digest = "b" * 64

    verdict = judge(LoadRecord(), [], {}, findings, set(), [], [])

    assert any("clean rebuild" in failure for failure in verdict.failures)


def test_a_difference_from_the_rebuild_names_its_tables_and_rows_on_each_side() -> None:
    live = {"read_articles": ['{"a":1}', '{"a":2}'], "read_stories": ['{"s":1}'], "x": ['{"d":1}']}
    rebuilt = {"read_articles": ['{"a":1}', '{"a":3}'], "read_stories": ['{"s":1}'], "x": []}

    assert differences(live, rebuilt) == {
        "read_articles": (['{"a":2}'], ['{"a":3}']),
        "x": (['{"d":1}'], []),
    }
    # the same rows, one of them twice on one side, still differ
    assert differences({"t": ["r", "r"]}, {"t": ["r"]}) == {"t": ([], [])}

    findings = clean_findings()
    findings.rebuilt_digest = "b" * 64
    findings.differences = differences(live, rebuilt)
    verdict = judge(LoadRecord(), [], {}, findings, set(), [], [])
    shown = totals(LoadRecord(), findings, verdict)
    assert """read_articles: live only ['{"a":2}']; rebuilt only ['{"a":3}']""" in shown


def test_faults_are_spread_between_a_warm_up_and_a_quiet_tail() -> None:
    starts, longest = schedule(1200.0, 7)

    assert starts[0] == 90.0
    assert starts[-1] + 2 * longest <= 1200.0 - 120.0 + 1e-9
    assert longest > 60.0  # a broker is held down a full minute in the long soak


def test_the_load_mixes_every_kind_of_request() -> None:
    draws = [n / 1000 for n in range(1000)]

    kinds = {kind_of(draw) for draw in draws}

    assert kinds == {"new", *MIX}
