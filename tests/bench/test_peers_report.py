"""`make bench-peers` (bench/peers.py, not part of CI): the pure-Python parts – the factors
and verdicts of bench/PEERS.md, its caveats, and how the sign-up rows are split into
rounds. The run itself needs ephios in its own virtualenv and is not tested here."""

from __future__ import annotations

from bench import peers, peers_report


def _run(rps: float, **extra) -> dict:
    return {
        "rps": rps,
        "p50_ms": 100.0,
        "p95_ms": 200.0,
        "bytes_per_response": 40_000.0,
        "http_errors": 0,
        **extra,
    }


def _payload() -> dict:
    return {
        "date": "2026-12-03 17:00 UTC",
        "commit": "abc1234",
        "scale": 0.1,
        "seed": 42,
        "ephios": "0.27.1",
        "machine": {
            "cpu": "AMD EPYC",
            "cores": 2,
            "memory": "24 GiB",
            "loadavg_before": (9.0, 8.0, 7.0),
            "loadavg_after": (10.0, 9.0, 8.0),
        },
        "postgres": "15",
        "settings": {"rounds": 2, "duration_s": 8, "warmup_s": 3, "concurrency": 10, "workers": 2},
        "dataset": {
            "portal": {
                "counts": {"volunteering.Opportunity": 10_000, "volunteering.Shift": 30_000}
            },
            "ephios": {"events": 10_000, "shifts": 30_000, "participations": 100_000},
        },
        "note": "other jobs ran",
        "facts": {
            "list@portal": {"status": 200, "bytes": 38_000, "items": 20, "path": "/engagement/"},
            "list@ephios": {"status": 200, "bytes": 393_000, "items": 100, "path": "/events/"},
        },
        "results": {
            "empty": [_run(500.0), _run(300.0)],
            "list@portal": [_run(100.0), _run(60.0)],
            "list@ephios": [_run(2.0), _run(1.0)],
            "list@ephios20": [_run(10.0), _run(6.0)],
            "detail@portal": [_run(50.0), _run(30.0)],
            "detail@ephios": [_run(1.0), _run(1.0)],
            "signup@portal": [
                _run(30.0, signups_created=240, signups_per_s=30.0, repeated_requests=0),
                _run(20.0, signups_created=160, signups_per_s=20.0, repeated_requests=0),
            ],
            "signup@ephios": [
                _run(8.0, signups_created=64, signups_per_s=8.0, repeated_requests=0),
                _run(4.0, signups_created=32, signups_per_s=4.0, repeated_requests=0),
            ],
        },
        "checks": {
            "portal": {
                "before": {"overbooked_shifts": 0, "taken_mismatches": 0},
                "after": {"overbooked_shifts": 0, "taken_mismatches": 0},
                "double_signups": 0,
            },
            "ephios": {
                "before": {"overbooked_shifts": 0, "double_participations": 0},
                "after": {"overbooked_shifts": 1, "double_participations": 0},
            },
        },
    }


def test_factors_are_taken_within_each_round_and_judged_against_ten():
    rows = {row["name"]: row for row in peers_report.comparison_rows(_payload())}

    # list: 100/2 = 50 and 60/1 = 60 in the two rounds -> median 55
    assert rows["list"]["factor"] == 55.0
    assert (rows["list"]["factor_min"], rows["list"]["factor_max"]) == (50.0, 60.0)
    assert rows["list"]["verdict"].startswith("met")
    # with 20 events per page: 10 and 10
    assert rows["list20"]["factor"] == 10.0
    assert rows["list20"]["verdict"].startswith("met")
    # sign-up: 30/8 and 20/4 -> 4.375: below the target
    assert rows["signup"]["verdict"] == "**missed:** 4.4× < 10×"
    assert rows["signup"]["portal_created"] == 400
    assert rows["signup"]["peer_created"] == 96
    # the portal's share of its empty view (medians: 80 of 400)
    assert rows["list"]["portal_share"] == 0.2


def test_a_missing_peer_measurement_is_no_result_not_a_crash():
    payload = _payload()
    payload["results"]["detail@ephios"] = [_run(0.0)]

    rows = {row["name"]: row for row in peers_report.comparison_rows(payload)}

    assert rows["detail"]["verdict"] == "no result"
    assert "no result" in peers_report.render(payload)


def test_the_report_shows_both_systems_the_overbooking_checks_and_the_caveats():
    text = peers_report.render(_payload())

    assert "ephios](https://github.com/ephios-dev/ephios) 0.27.1" in text
    assert "| scale | 0.1 (seed 42) |" in text
    assert "10,000 opportunities" in text
    assert "100,000 participations" in text
    assert "| after the load | 0 overbooked shifts, 0 wrong counters" in text
    assert "1 overbooked shifts, 0 double participations |" in text
    # the caveats name the unfairness in both directions, with this run's page sizes
    assert "In the portal's favour:" in text
    assert "In ephios's favour:" in text
    assert "DEFAULT_LISTVIEW_PAGINATION" in text
    assert "CONN_MAX_AGE=60" in text
    assert "384 KiB, 100 items, 3.8 KiB per item" in text
    assert text.endswith("\n")
    assert "{sizes}" not in text
    assert peers_report.summary(_payload())[-1] == (
        "overbooked shifts after the sign-up load: portal 0, ephios 1"
    )


def test_every_round_signs_up_its_own_volunteers():
    rows = [f"/shifts/{i}/signup/\tsessionid=k{i}\tbody" for i in range(100)]

    chunks = peers.split_rounds(rows, 3)

    assert len(chunks) == 3
    used = [row for warm, measured in chunks for row in warm + measured]
    assert len(used) == len(set(used)) == 99  # no volunteer twice
    warm, measured = chunks[0]
    assert (len(warm), len(measured)) == (6, 27)


def test_the_ephios_database_sits_beside_the_portals_bench_database():
    url = "postgres://postgres@127.0.0.1:5432/cp_peers_bench_s0_1"

    assert peers.ephios_database_url(url) == (
        "postgres://postgres@127.0.0.1:5432/cp_peers_ephios_bench_s0_1"
    )
    assert peers.ephios_database_url("postgres://h/other").endswith("/other_ephios")


def test_the_hand_written_reading_goes_before_the_caveats():
    text = peers_report.render(_payload(), "## Reading\n\nThe POST is bound by row locks.\n")

    assert text.index("## Reading") < text.index("## Why the comparison is unfair")
    assert "The POST is bound by row locks." in text
