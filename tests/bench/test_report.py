"""The benchmark report: verdicts against the targets of issue 20 (ratios to the empty
view and p95), Markdown and chart."""

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
        "target_ratio": 0.9,
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
            {**page, "key": "fast", "rps": 2900.0, "p50_ms": 4, "p95_ms": 9.0, "p99_ms": 12.0},
            {
                **page,
                "key": "slow",
                "label": "Langsam",
                "rps": 150.0,
                "p50_ms": 60.0,
                "p95_ms": 180.0,
                "p99_ms": 250.0,
                "queries": 11,
                "uncached": {"rps": 40.0, "p50_ms": 90.0, "p95_ms": 120.0, "p99_ms": 150.0},
            },
            {
                **page,
                "key": "fast@volunteer",
                "label": "Engagement, Suche (angemeldet als Engagierte mit Anmeldungen)",
                "kind": "signed_in",
                "role": "volunteer",
                "base": "fast",
                "target_ratio": 0.25,
                "target_p95_ms": 25.0,
                "rps": 600.0,
                "p50_ms": 14.0,
                "p95_ms": 31.0,
                "p99_ms": 40.0,
            },
            {**page, "key": "gone", "label": "Fehlt", "missing": "missing (HTTP 404)"},
        ],
    }


def test_verdicts_name_every_missed_target():
    payload = _payload()
    slow = payload["pages"][2]

    misses = report.verdicts(slow, 3000.0)

    assert misses == ["p95 180 > 100 ms", "5% < 90% of the empty view", "11 > 8 queries"]


def test_a_fresh_render_is_held_to_its_p95_only():
    slow = _payload()["pages"][2]

    misses = report.verdicts({**slow, **slow["uncached"]}, 3000.0, uncached=True)

    assert misses == ["p95 120 > 100 ms", "11 > 8 queries"]


def test_a_signed_in_page_is_held_to_its_own_share_and_p95():
    signed_in = _payload()["pages"][3]

    assert report.verdicts(signed_in, 3000.0) == ["p95 31 > 25 ms", "20% < 25% of the empty view"]


def test_verdicts_accept_a_page_within_all_targets():
    assert report.verdicts(_payload()["pages"][1], 3000.0) == []


def test_render_lists_pages_with_ratio_and_missing_pages():
    text = report.render(_payload(), "ratios.png")

    assert (
        "| Engagement, Suche | `GET /engagement/?q=x` | 2,900 | 4 | 9.0 | 12.0 | 96.7% | 6 | 3.2 |"
        in text
    )
    assert "| ≥ 90%, p95 ≤ 100 ms | met |" in text
    # anonymous and signed in side by side: share of the empty view and p95
    assert "| Engagement, Suche | 97%, 9 ms | 20%, 31 ms ✘ | – | – |" in text
    assert "**missing:** missing (HTTP 404)" in text
    assert "![Throughput relative to the empty view](ratios.png)" in text


def test_write_creates_the_report_and_its_chart(tmp_path):
    target = tmp_path / "REPORT.md"

    report.write(_payload(), target)

    assert target.read_text().startswith("# Benchmark report")
    assert (tmp_path / "ratios.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
