"""The benchmark report: verdicts against the targets of issue 8, Markdown and chart."""

from __future__ import annotations

from bench import report


def _payload() -> dict:
    page = {
        "label": "Engagement, Suche",
        "path": "/engagement/?q=x",
        "method": "GET",
        "kind": "anonymous",
        "missing": "",
        "queries": 6,
        "query_ms": 3.2,
        "target_p95_ms": 100.0,
        "target_rps": 200.0,
        "seq_scans": [],
        "http_errors": 0,
    }
    return {
        "date": "2026-11-21 11:00 UTC",
        "scale": 1.0,
        "seed": 42,
        "commit": "abc1234",
        "machine": {
            "cpu": "AMD EPYC",
            "cores": 2,
            "memory": "24 GiB",
            "system": "Linux",
            "python": "3.11",
            "wrk": "wrk 4.1.0",
            "loadavg_before": (0.5, 0.4, 0.3),
            "loadavg_after": (1.5, 0.9, 0.5),
        },
        "postgres": "15",
        "settings": {"concurrency": 10, "duration_s": 8, "warmup_s": 3, "server": "gunicorn"},
        "dataset": {"counts": {"volunteering.Opportunity": 100_000}},
        "note": "",
        "pages": [
            {
                "key": "empty",
                "label": "Leere Ansicht",
                "path": "/bench/leer/",
                "method": "GET",
                "kind": "baseline",
                "rps": 3000.0,
                "p50_ms": 2.0,
                "p95_ms": 4.0,
                "p99_ms": 6.0,
            },
            {**page, "key": "fast", "rps": 2000.0, "p50_ms": 4, "p95_ms": 9.0, "p99_ms": 12.0},
            {
                **page,
                "key": "slow",
                "label": "Langsam",
                "rps": 150.0,
                "p50_ms": 60.0,
                "p95_ms": 180.0,
                "p99_ms": 250.0,
                "queries": 11,
            },
            {**page, "key": "gone", "label": "Fehlt", "missing": "missing (HTTP 404)"},
        ],
    }


def test_verdicts_name_every_missed_target():
    payload = _payload()
    slow = payload["pages"][2]

    misses = report.verdicts(slow, 3000.0)

    assert misses == [
        "p95 180 > 100 ms",
        "150 < 200 req/s",
        "5% < 50% of the empty view",
        "11 > 8 queries",
    ]


def test_verdicts_accept_a_page_within_all_targets():
    assert report.verdicts(_payload()["pages"][1], 3000.0) == []


def test_render_lists_pages_with_ratio_and_missing_pages():
    text = report.render(_payload(), "ratios.png")

    assert (
        "| Engagement, Suche | `GET /engagement/?q=x` | 2,000 | 4 | 9.0 | 12.0 | 66.7% | 6 | 3.2 |"
        in text
    )
    assert "**missing:** missing (HTTP 404)" in text
    assert "![Throughput relative to the empty view](ratios.png)" in text


def test_write_creates_the_report_and_its_chart(tmp_path):
    target = tmp_path / "REPORT.md"

    report.write(_payload(), target)

    assert target.read_text().startswith("# Benchmark report")
    assert (tmp_path / "ratios.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
