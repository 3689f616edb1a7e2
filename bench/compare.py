"""Interleaved comparison of server configurations on the bench data (not part of CI).

On a shared or busy machine absolute requests/s drift by a factor of two within minutes;
what can be compared is two configurations measured in the same minutes. This script
starts gunicorn once per *variant* (environment overrides), loads the same pages with wrk
in every round, alternating the variants, and prints per page and variant the median
requests/s, p95 and the share of the empty view measured in the same round::

    .venv/bin/python bench/compare.py --scale 0.01 --rounds 3 --duration 3 \\
        --variant "exact:PAGE_CACHE_VERSION_SECONDS=0" \\
        --variant "trusted:PAGE_CACHE_VERSION_SECONDS=1" \\
        --pages empty,home,engagement_filtered,engagement_filtered@volunteer

The bench database of that scale must exist (``make bench SCALE=…`` made it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402 – the project root is on the path only now


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    name, _, assignments = text.partition(":")
    env = {}
    for item in filter(None, assignments.split(",")):
        key, _, value = item.partition("=")
        env[key.strip()] = value.strip()
    return name, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--variant", action="append", required=True, help="name:KEY=V,KEY=V")
    parser.add_argument("--pages", default="empty,home,engagement_filtered")
    parser.add_argument("--json", default="", help="also write the raw results here")
    options = parser.parse_args(argv)

    port = options.port or run.free_port()
    db_url = run.bench_database_url(options.scale)
    env = run.server_env(db_url, port)
    import os

    os.environ.update(env)
    import django

    django.setup()
    from bench import pages as bench_pages

    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    context = bench_pages.prepare(var_dir=var, concurrency=options.concurrency)
    wanted = [key for key in options.pages.split(",") if key]
    by_key = {page.key: page for page in bench_pages.page_list(context)}
    missing = [key for key in wanted if key not in by_key]
    if missing:
        raise SystemExit(f"compare: unknown pages {missing}; known: {sorted(by_key)}")
    variants = [parse_variant(text) for text in options.variant]
    base = f"http://127.0.0.1:{port}"
    results: dict[str, dict[str, list[dict]]] = {
        name: {key: [] for key in wanted} for name, _ in variants
    }
    script = run.BENCH / "pct.lua"
    for round_number in range(options.rounds):
        order = variants if round_number % 2 == 0 else list(reversed(variants))
        for name, overrides in order:
            with run.gunicorn({**env, **overrides}, port, options.workers, var / "compare.log"):
                for key in wanted:
                    page = by_key[key]
                    url = base + page.path
                    run.wrk(
                        url,
                        seconds=options.warmup,
                        concurrency=options.concurrency,
                        script=script,
                        headers=page.wrk_headers(),
                    )
                    measured = run.wrk(
                        url,
                        seconds=options.duration,
                        concurrency=options.concurrency,
                        script=script,
                        headers=page.wrk_headers(),
                    )
                    results[name][key].append(measured)
                    run.log(
                        f"round {round_number + 1} {name} {key}: {measured['rps']:.0f} req/s, "
                        f"p95 {measured['p95_ms']:.1f} ms"
                    )
    print()
    print("| page | " + " | ".join(f"{name} req/s | p95 ms | share" for name, _ in variants) + " |")
    print("| --- |" + " ---: | ---: | ---: |" * len(variants))
    for key in wanted:
        cells = []
        for name, _ in variants:
            rows = results[name][key]
            rps = statistics.median(row["rps"] for row in rows)
            p95 = statistics.median(row["p95_ms"] for row in rows)
            shares = [
                row["rps"] / empty["rps"]
                for row, empty in zip(rows, results[name].get("empty", []), strict=False)
                if empty["rps"]
            ]
            share = f"{statistics.median(shares):.0%}" if shares else "–"
            cells.append(f"{rps:,.0f} | {p95:.1f} | {share}")
        print(f"| {key} | " + " | ".join(cells) + " |")
    if options.json:
        Path(options.json).write_text(json.dumps({"when": time.time(), "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
