"""Write bench/REPORT.md and its chart from the results of bench/run.py.

``python bench/report.py bench/results.json`` rewrites the report from saved results.
The analysis in ``bench/ANALYSIS.md`` (hand-written: what limits each page and what each
part must change) is appended when present.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

QUERY_LIMIT = 8
ROLE_COLUMNS = [
    ("", "anonym"),
    ("volunteer", "Engagierte"),
    ("applicant", "Antragsteller:in"),
    ("editor", "Redaktion"),
]


def _queries(page: dict) -> str:
    text = _fmt(page.get("queries"))
    if page.get("transaction_statements"):
        text += f" + {page['transaction_statements']} tx"
    return text


def _fmt(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def verdicts(page: dict, empty_rps: float | None, *, uncached: bool = False) -> list[str]:
    """The targets this page misses (empty list: all met).

    Targets are p95 and requests/s as a share of the empty view measured in the same run
    (issue 20). A fresh render (``uncached``) is held to its p95 only."""
    misses = []
    if page.get("missing") or page.get("rps") is None:
        return misses
    if page.get("kind") == "baseline":
        return misses
    if not page["rps"]:
        return ["no request finished in the measured time"]
    if page.get("target_p95_ms") and page["p95_ms"] > page["target_p95_ms"]:
        misses.append(f"p95 {page['p95_ms']:.0f} > {page['target_p95_ms']:.0f} ms")
    if page.get("method") == "POST":
        if page.get("overbooked_shifts"):
            misses.append(f"{page['overbooked_shifts']} overbooked shifts")
        if page.get("taken_mismatches"):
            misses.append(f"{page['taken_mismatches']} shifts with a wrong counter")
    target = page.get("target_ratio")
    if not uncached and target and empty_rps and page["rps"] < target * empty_rps:
        misses.append(f"{page['rps'] / empty_rps:.0%} < {target:.0%} of the empty view")
    if page.get("target_rps") and page["rps"] < page["target_rps"]:  # results before issue 20
        misses.append(f"{page['rps']:.0f} < {page['target_rps']:.0f} req/s")
    if page.get("queries") is not None and page["queries"] > QUERY_LIMIT:
        misses.append(f"{page['queries']} > {QUERY_LIMIT} queries")
    if page.get("http_errors"):
        misses.append(f"{page['http_errors']} HTTP errors")
    if page.get("seq_scans"):
        misses.append("seq scan: " + ", ".join(page["seq_scans"]))
    return misses


def _target(page: dict) -> str:
    parts = []
    if page.get("target_ratio"):
        parts.append(f"≥ {page['target_ratio']:.0%}")
    if page.get("target_p95_ms"):
        parts.append(f"p95 ≤ {page['target_p95_ms']:.0f} ms")
    return ", ".join(parts) or "–"


def side_by_side(payload: dict, empty: float | None) -> list[str]:
    """Each page anonymous and signed in: ratio to the empty view and p95, one row."""
    by_key = {p["key"]: p for p in payload["pages"]}
    bases = [p for p in payload["pages"] if p.get("kind") == "anonymous"]
    bases += [
        p
        for p in payload["pages"]
        if p.get("kind") == "signed_in" and p.get("base") and p["base"] not in by_key
    ]
    if not empty or not any(p.get("role") for p in payload["pages"]):
        return []
    lines = [
        "",
        "### Anonymous and signed in, side by side",
        "",
        "Each cell: requests/s as a share of the empty view, and p95. Anonymous pages come "
        "from the shared page cache; signed-in people get the shared body of the lists and "
        "detail pages from it with their own parts rendered for them (session, user and one "
        "state query), their own pages („Mein Engagement“, „Meine Anträge“) and the "
        "calendar rendered for them on every request.",
        "",
        "| page | " + " | ".join(label for _role, label in ROLE_COLUMNS) + " |",
        "| --- | " + " | ".join("---:" for _ in ROLE_COLUMNS) + " |",
    ]
    seen = set()
    for base in bases:
        key = base.get("base") or base["key"]
        if key in seen:
            continue
        seen.add(key)
        cells = []
        for role, _label in ROLE_COLUMNS:
            page = by_key.get(f"{key}@{role}" if role else key)
            if page is None or page.get("missing") or page.get("rps") is None:
                cells.append("–")
                continue
            mark = "" if not verdicts(page, empty) else " ✘"
            cells.append(f"{page['rps'] / empty:.0%}, {page['p95_ms']:.0f} ms{mark}")
        label = base["label"].split(" (angemeldet")[0]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("✘: a target of that page missed (see the table above).")
    return lines


def chart(payload: dict, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    pages = [p for p in payload["pages"] if p.get("rps") and p["key"] != "empty"]
    empty = _empty_rps(payload)
    if not pages or not empty:
        return False
    labels = [p["label"] for p in pages]
    ratios = [p["rps"] / empty * 100 for p in pages]
    uncached = [p.get("uncached", {}).get("rps", 0) / empty * 100 for p in pages]
    colours = [
        "#7a7a7a"
        if p.get("kind") == "baseline"
        else ("#1b7f3b" if not verdicts(p, empty) else "#b3261e")
        for p in pages
    ]
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(pages) + 1.8), dpi=110)
    positions = list(range(len(pages)))
    bars = ax.barh(
        [y - 0.18 for y in positions], ratios, height=0.36, color=colours, label="as served"
    )
    ax.barh(
        [y + 0.18 for y in positions],
        uncached,
        height=0.36,
        color="#f2b8b5",
        hatch="//",
        edgecolor="#b3261e",
        label="page cache off",
    )
    ax.set_yticks(positions, labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(100, color="#333333", linewidth=0.8)
    ax.axvline(90, color="#333333", linewidth=0.8, linestyle="--")  # anonymous target
    ax.axvline(25, color="#333333", linewidth=0.8, linestyle=":")  # signed-in target
    ax.set_xlabel("requests/s relative to the empty Django view (%)", fontsize=9)
    ax.set_title(
        f"civicportal at scale {payload['scale']:g}: throughput relative to the empty view "
        f"({empty:,.0f} req/s = 100 %)\ngreen: targets met",
        fontsize=9,
    )
    ax.legend(fontsize=7, loc="lower right")
    for bar, ratio in zip(bars, ratios, strict=True):
        ax.text(
            bar.get_width() + 1,
            bar.get_y() + bar.get_height() / 2,
            f"{ratio:.1f} %",
            va="center",
            fontsize=7,
        )
    for y, ratio in zip(positions, uncached, strict=True):
        if ratio:
            ax.text(ratio + 1, y + 0.18, f"{ratio:.1f} %", va="center", fontsize=6)
    ax.set_xlim(0, max(110, max(ratios) * 1.15))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def _empty_rps(payload: dict) -> float | None:
    for page in payload["pages"]:
        if page["key"] == "empty" and page.get("rps"):
            return page["rps"]
    return None


def render(payload: dict, chart_name: str | None, analysis: str = "") -> str:
    empty = _empty_rps(payload)
    machine = payload["machine"]
    settings = payload["settings"]
    lines = [
        "# Benchmark report",
        "",
        "Generated by `make bench` (`bench/run.py`); rerun it to reproduce. "
        "How the benchmark works and what was changed for speed: "
        "[docs/performance.md](../docs/performance.md).",
        "",
        "| | |",
        "| --- | --- |",
        f"| date | {payload['date']} |",
        f"| commit | `{payload['commit']}` |",
        f"| scale | {payload['scale']:g} (seed {payload['seed']}) |",
        f"| machine | {machine['cpu']}, {machine['cores']} cores, {machine['memory']} RAM, "
        f"{machine['system']} |",
        f"| software | Python {machine['python']}, PostgreSQL {payload.get('postgres', '?')}, "
        f"{machine.get('wrk') or 'wrk'} |",
        f"| server | {settings['server']}, DEBUG off, psycopg pool, WhiteNoise |",
        f"| load | wrk `-t1 -c{settings['concurrency']}`, {settings['warmup_s']:g} s warm-up, "
        f"{settings['duration_s']:g} s measured per page; app, PostgreSQL and wrk share the "
        "machine |",
        f"| load average before / after | "
        f"{' '.join(f'{x:.2f}' for x in machine['loadavg_before'])} / "
        f"{' '.join(f'{x:.2f}' for x in machine.get('loadavg_after', ()))} |",
    ]
    counts = payload.get("dataset", {}).get("counts", {})
    if counts:
        main = [
            ("core.Municipality", "municipalities"),
            ("initiatives.Initiative", "initiatives"),
            ("volunteering.Opportunity", "opportunities"),
            ("volunteering.Shift", "shifts"),
            ("volunteering.VolunteerProfile", "volunteer profiles"),
            ("volunteering.Signup", "sign-ups"),
            ("funding.Application", "funding applications"),
            ("core.User", "accounts"),
        ]
        parts = [f"{counts[k]:,} {label}" for k, label in main if k in counts]
        lines.append(f"| data | {', '.join(parts)} |")
    if payload.get("note"):
        lines.append(f"| note | {payload['note']} |")
    lines += [
        "",
        "## Results",
        "",
        "Ratio: requests/s of the page divided by requests/s of the empty Django view "
        "(full middleware stack) measured in the same run. Queries: SQL statements of one "
        "uncached request (Django test client, `CaptureQueriesContext`) that read or write "
        "rows; a transaction's `BEGIN`/`COMMIT` are shown as “+ 2 tx”; SQL ms: their "
        "summed `EXPLAIN ANALYZE` execution time; Python ms: the rest of that request "
        "(views, templates, forms), measured in the benchmark process.",
        "",
        "| page | URL | req/s | p50 ms | p95 ms | p99 ms | ratio | queries | SQL ms | "
        "Python ms | target | verdict |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for page in payload["pages"]:
        url = f"`{page['method']} {page['path']}`" if page.get("path") else "–"
        if page.get("missing") or page.get("rps") is None:
            lines.append(
                f"| {page['label']} | {url} | – | – | – | – | – | – | – | – | {_target(page)} | "
                f"**missing:** {page.get('missing') or 'not measured'} |"
            )
            continue
        ratio = f"{page['rps'] / empty:.1%}" if empty else "–"
        misses = verdicts(page, empty)
        if page.get("kind") == "baseline":
            verdict = "baseline"
        else:
            verdict = "met" if not misses else "**missed:** " + "; ".join(misses)
        rps = _fmt(page["rps"])
        if page.get("method") == "POST":
            rps = f"{_fmt(page['rps'])} ({_fmt(page.get('signups_per_s'))} new sign-ups/s)"
        lines.append(
            f"| {page['label']} | {url} | {rps} | {_fmt(page['p50_ms'], 1)} | "
            f"{_fmt(page['p95_ms'], 1)} | {_fmt(page['p99_ms'], 1)} | {ratio} | "
            f"{_queries(page)} | {_fmt(page.get('query_ms'), 1)} | "
            f"{_fmt(page.get('python_ms'), 1)} | {_target(page)} | {verdict} |"
        )
    lines += side_by_side(payload, empty)
    uncached = [p for p in payload["pages"] if p.get("uncached", {}).get("rps")]
    if uncached:
        lines += [
            "",
            "### The same pages without the page cache",
            "",
            "The same pages served by a second gunicorn with `PAGE_CACHE_SECONDS=0`: every "
            "request renders the page (the first visitor after a content change, or a rare "
            "query string; for „für mich“ the first visit, or one after the person's "
            "profile, sign-ups or the public content changed).",
            "",
            "| page | req/s | p50 ms | p95 ms | p99 ms | ratio | target | verdict |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for page in uncached:
            data = {**page, **page["uncached"]}
            misses = verdicts(data, empty, uncached=True)
            verdict = "met" if not misses else "**missed:** " + "; ".join(misses)
            ratio = f"{data['rps'] / empty:.1%}" if empty else "–"
            target = f"p95 ≤ {data['target_p95_ms']:.0f} ms" if data.get("target_p95_ms") else "–"
            lines.append(
                f"| {page['label']} | {_fmt(data['rps'])} | {_fmt(data['p50_ms'], 1)} | "
                f"{_fmt(data['p95_ms'], 1)} | {_fmt(data['p99_ms'], 1)} | {ratio} | {target} | "
                f"{verdict} |"
            )
    post = next((p for p in payload["pages"] if p.get("method") == "POST" and p.get("rps")), None)
    if post:
        lines += [
            "",
            "### Sign-up POST",
            "",
            f"- {post['requests']:,} POST requests in {post['duration_us'] / 1e6:.1f} s, "
            f"each from another signed-in volunteer (CSRF token and session cookie per row); "
            f"half of them aim at 20 popular shifts so that those fill up.",
            f"- new sign-ups stored: {post.get('signups_created', 0):,} "
            f"({post.get('confirmed_created', 0):,} holding a place, "
            f"{post.get('waitlisted_created', 0):,} on the waitlist)",
            f"- overbooked shifts after the run: **{post.get('overbooked_shifts', '?')}**; "
            f"shifts whose `taken` counter differs from their holding sign-ups: "
            f"**{post.get('taken_mismatches', '?')}** (all future shifts checked)",
        ]
    slow = [
        (page["label"], q)
        for page in payload["pages"]
        for q in page.get("slow_queries", [])
        if not page.get("missing")
    ]
    if slow:
        lines += ["", "### Queries slower than 5 ms (EXPLAIN ANALYZE, one execution)", ""]
        for label, query in sorted(slow, key=lambda item: -item[1]["ms"])[:12]:
            scans = f" — seq scan on {', '.join(query['seq_scans'])}" if query["seq_scans"] else ""
            sql = query["sql"].replace("|", "\\|").replace("\n", " ")
            lines.append(f"- **{label}**, {query['ms']:.1f} ms{scans}: `{sql[:300]}…`")
    if chart_name:
        lines += ["", "## Chart", "", f"![Throughput relative to the empty view]({chart_name})"]
    if analysis:
        lines += ["", analysis.strip()]
    return "\n".join(lines) + "\n"


def write(payload: dict, report: Path) -> None:
    chart_path = report.with_name("ratios.png")
    has_chart = chart(payload, chart_path)
    analysis_path = Path(__file__).resolve().parent / "ANALYSIS.md"
    analysis = analysis_path.read_text() if analysis_path.exists() else ""
    report.write_text(render(payload, chart_path.name if has_chart else None, analysis))


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results.json")
    write(json.loads(source.read_text()), source.with_name("REPORT.md"))
