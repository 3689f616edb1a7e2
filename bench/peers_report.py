"""Write bench/PEERS.md from the results of bench/peers.py (pure Python, no Django).

The hand-written reading in bench/PEERS_NOTES.md (what the figures mean, why a target is
missed) is placed before the caveats when present.

``python bench/peers_report.py bench/peers_results.json`` rewrites the report from saved
results. The caveats are part of the report: the comparison is unfair in both directions.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

TARGET_FACTOR = 10.0  # issue 20: ahead of ephios by at least 10x on every matching page

# (comparison, label, portal key, ephios key, ephios label)
COMPARISONS = [
    (
        "list",
        "Liste, angemeldet: `/engagement/` ↔ `/events/`",
        "list@portal",
        "list@ephios",
        "ephios (100 per page, its default)",
    ),
    (
        "list20",
        "Liste, angemeldet: `/engagement/` ↔ `/events/` mit 20 je Seite",
        "list@portal",
        "list@ephios20",
        "ephios (20 per page, like the portal)",
    ),
    (
        "detail",
        "Angebot ↔ Veranstaltung, angemeldet",
        "detail@portal",
        "detail@ephios",
        "ephios",
    ),
    (
        "signup",
        "Anmeldung (POST), viele Engagierte",
        "signup@portal",
        "signup@ephios",
        "ephios",
    ),
]


def median(rows: list[dict], key: str) -> float | None:
    values = [row[key] for row in rows if row.get(key) is not None]
    return statistics.median(values) if values else None


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def factor(portal: float | None, peer: float | None) -> float | None:
    if not portal or not peer:
        return None
    return portal / peer


def round_factors(portal_rows: list[dict], peer_rows: list[dict]) -> list[float]:
    """portal/ephios requests/s within each round (the interleaved pairs)."""
    return [
        p["rps"] / e["rps"]
        for p, e in zip(portal_rows, peer_rows, strict=False)
        if p.get("rps") and e.get("rps")
    ]


def comparison_rows(payload: dict) -> list[dict]:
    results = payload.get("results", {})
    empty = results.get("empty", [])
    empty_rps = median(empty, "rps")
    rows = []
    for name, label, portal_key, peer_key, peer_label in COMPARISONS:
        portal, peer = results.get(portal_key, []), results.get(peer_key, [])
        if not portal or not peer:
            continue
        factors = round_factors(portal, peer)
        row = {
            "name": name,
            "label": label,
            "peer_label": peer_label,
            "portal_rps": median(portal, "rps"),
            "portal_p50": median(portal, "p50_ms"),
            "portal_p95": median(portal, "p95_ms"),
            "portal_bytes": median(portal, "bytes_per_response"),
            "peer_rps": median(peer, "rps"),
            "peer_p50": median(peer, "p50_ms"),
            "peer_p95": median(peer, "p95_ms"),
            "peer_bytes": median(peer, "bytes_per_response"),
            "factor": statistics.median(factors) if factors else None,
            "factor_min": min(factors) if factors else None,
            "factor_max": max(factors) if factors else None,
            "portal_share": (
                median(portal, "rps") / empty_rps if empty_rps and median(portal, "rps") else None
            ),
            "portal_n": sum(r.get("requests", 0) for r in portal),
            "peer_n": sum(r.get("requests", 0) for r in peer),
            "portal_errors": sum(r.get("http_errors", 0) for r in portal),
            "peer_errors": sum(r.get("http_errors", 0) for r in peer),
        }
        if name == "signup":
            row["portal_new_per_s"] = median(portal, "signups_per_s")
            row["peer_new_per_s"] = median(peer, "signups_per_s")
            row["portal_created"] = sum(r.get("signups_created", 0) for r in portal)
            row["peer_created"] = sum(r.get("signups_created", 0) for r in peer)
            row["portal_repeated"] = sum(r.get("repeated_requests", 0) for r in portal)
            row["peer_repeated"] = sum(r.get("repeated_requests", 0) for r in peer)
        row["verdict"] = verdict(row)
        rows.append(row)
    return rows


def verdict(row: dict) -> str:
    value = row.get("factor")
    if value is None:
        return "no result"
    if value >= TARGET_FACTOR:
        return f"met ({value:,.1f}× ≥ {TARGET_FACTOR:g}×)"
    return f"**missed:** {value:,.1f}× < {TARGET_FACTOR:g}×"


def summary(payload: dict) -> list[str]:
    lines = []
    for row in comparison_rows(payload):
        lines.append(
            f"{row['name']}: portal {fmt(row['portal_rps'])} req/s, ephios "
            f"{fmt(row['peer_rps'])} req/s, {fmt(row['factor'])}× – {row['verdict']}"
        )
    checks = payload.get("checks", {})
    lines.append(
        "overbooked shifts after the sign-up load: portal "
        f"{checks.get('portal', {}).get('after', {}).get('overbooked_shifts', '–')}, ephios "
        f"{checks.get('ephios', {}).get('after', {}).get('overbooked_shifts', '–')}"
    )
    return lines


def _data_line(payload: dict) -> str:
    portal = payload.get("dataset", {}).get("portal", {})
    ephios = payload.get("dataset", {}).get("ephios", {}) or {}
    counts = portal.get("counts", {})
    portal_text = ", ".join(
        f"{counts[k]:,} {label}"
        for k, label in (
            ("volunteering.VolunteerProfile", "volunteers"),
            ("volunteering.Opportunity", "opportunities"),
            ("volunteering.Shift", "shifts"),
            ("volunteering.Signup", "sign-ups"),
        )
        if isinstance(counts.get(k), int)
    )
    ephios_text = ", ".join(
        f"{ephios[k]:,} {label}"
        for k, label in (
            ("users", "users"),
            ("events", "events"),
            ("active_events", "of them active"),
            ("shifts", "shifts"),
            ("participations", "participations"),
        )
        if isinstance(ephios.get(k), int)
    )
    return f"portal: {portal_text or '(see bench/REPORT.md)'}; ephios: {ephios_text or '–'}"


def _check_cell(check: dict) -> str:
    if not check:
        return "–"
    parts = [f"{check.get('overbooked_shifts', '–')} overbooked shifts"]
    if "taken_mismatches" in check:
        parts.append(f"{check['taken_mismatches']} wrong counters")
    if "double_participations" in check:
        parts.append(f"{check['double_participations']} double participations")
    return ", ".join(parts)


def render(payload: dict, notes: str = "") -> str:
    machine = payload.get("machine", {})
    settings = payload.get("settings", {})
    rows = comparison_rows(payload)
    results = payload.get("results", {})
    empty_rps = median(results.get("empty", []), "rps")
    facts = payload.get("facts", {})
    out: list[str] = []
    add = out.append
    add("# The portal next to a peer: ephios")
    add("")
    add(
        "Generated by `make bench-peers` (`bench/peers.py`, not part of CI); rerun it to "
        "reproduce, `python bench/peers_report.py bench/peers_results.json` to rewrite this "
        "file from the saved results. The portal's own benchmark: [REPORT.md](REPORT.md)."
    )
    add("")
    add(
        f"The peer is [ephios](https://github.com/ephios-dev/ephios) {payload.get('ephios', '?')} "
        "from PyPI – a German open-source shift planner for volunteer organisations on the "
        "same stack (Django 5.2, PostgreSQL), installed in its own virtual environment "
        "(`var/bench-peers/venv`), never a dependency of the portal. It gets the same data "
        "through its own models: every opportunity an event, every shift a shift with its "
        "capacity as the maximum number of participants, every volunteer a user allowed to "
        "see every event, every sign-up a participation (ids kept)."
    )
    add("")
    add("| | |")
    add("| --- | --- |")
    add(f"| date | {payload.get('date', '–')} |")
    add(f"| commit | `{payload.get('commit', '–')}` |")
    add(f"| scale | {payload.get('scale', '–'):g} (seed {payload.get('seed', '–')}) |")
    add(f"| data | {_data_line(payload)} |")
    add(
        f"| machine | {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, "
        f"{machine.get('memory', '?')} RAM; PostgreSQL {payload.get('postgres', '?')} |"
    )
    add(
        f"| servers | gunicorn `-w {settings.get('workers', 2)}` sync workers each for the "
        "portal, ephios and ephios with 20 events per page, all three running during the "
        "whole run; DEBUG off everywhere |"
    )
    add(
        f"| load | wrk `-t1 -c{settings.get('concurrency', 10)}`, "
        f"{fmt(settings.get('warmup_s'), 0)} s warm-up and {fmt(settings.get('duration_s'), 0)} s "
        "measured per page of the portal, "
        f"{fmt(settings.get('peer_duration_s', settings.get('duration_s')), 0)} s per page of "
        f"ephios, {settings.get('rounds', '?')} rounds; in every round each page "
        "of a pair right after the other, the order reversed in every other round |"
    )
    before = machine.get("loadavg_before")
    after = machine.get("loadavg_after")
    if before and after:
        add(
            "| load average before / after | "
            + " ".join(f"{v:.2f}" for v in before)
            + " / "
            + " ".join(f"{v:.2f}" for v in after)
            + " |"
        )
    if payload.get("note"):
        add(f"| note | {payload['note']} |")
    if payload.get("minutes") is not None:
        add(f"| duration of the run | {payload['minutes']} min |")
    add("")
    add("## Results")
    add("")
    add(
        "Medians over the rounds. Factor: the portal's requests/s divided by ephios's, taken "
        "within each round (the two measured minutes apart at most) and then the median, "
        "with the lowest and highest round in brackets. Bytes: the body and headers of one "
        "response as wrk counted them. n: requests answered in the measured runs of all "
        "rounds together (few for ephios: its figures are coarse). Target (issue 20): the "
        "portal at least "
        f"{TARGET_FACTOR:g}× ahead on every matching page."
    )
    add("")
    add(
        "| page | portal req/s | n | p50 ms | p95 ms | bytes | ephios req/s | n | p50 ms | "
        "p95 ms | bytes | factor | target |"
    )
    add("| --- |" + " ---: |" * 11 + " --- |")
    for row in rows:
        spread = (
            f" ({fmt(row['factor_min'])}–{fmt(row['factor_max'])})"
            if row.get("factor_min") is not None and row["factor_min"] != row["factor_max"]
            else ""
        )
        add(
            f"| {row['label']} | {fmt(row['portal_rps'])} | {row.get('portal_n', '–')} | "
            f"{fmt(row['portal_p50'], 0)} | {fmt(row['portal_p95'], 0)} | "
            f"{fmt(row['portal_bytes'], 0)} | {fmt(row['peer_rps'])} | {row.get('peer_n', '–')} | "
            f"{fmt(row['peer_p50'], 0)} | {fmt(row['peer_p95'], 0)} | "
            f"{fmt(row['peer_bytes'], 0)} | {fmt(row['factor'])}×{spread} | {row['verdict']} |"
        )
    add("")
    if empty_rps:
        add(
            f"The portal's empty Django view (full middleware, no template, no query) served "
            f"{fmt(empty_rps)} req/s in the same rounds: the machine's own limit for a Django "
            "request. Shares of it: "
            + ", ".join(
                f"{row['label'].split(':')[0].split(',')[0]} {row['portal_share']:.1%}"
                for row in rows
                if row.get("portal_share") and row["name"] != "list20"
            )
            + "."
        )
        add("")
    errors = [
        f"{row['label']}: portal {row['portal_errors']}, ephios {row['peer_errors']}"
        for row in rows
        if row["portal_errors"] or row["peer_errors"]
    ]
    if errors:
        add("HTTP errors (status ≥ 400) during the measured runs: " + "; ".join(errors) + ".")
        add("")
    signup = next((row for row in rows if row["name"] == "signup"), None)
    checks = payload.get("checks", {})
    add("## Sign-up and overbooking")
    add("")
    if signup:
        add(
            "Every request of the sign-up load comes from another volunteer (the same "
            "volunteers and the same shifts in both systems; half of them aim at 20 popular "
            "shifts with 5 or more places, so these fill up and further requests must be "
            "refused). When a round's volunteers are used up, wrk starts over with them and "
            "both systems must refuse the repeated sign-up (counted as repeated requests)."
        )
        add("")
        add("| | portal | ephios |")
        add("| --- | ---: | ---: |")
        add(f"| requests/s (median) | {fmt(signup['portal_rps'])} | {fmt(signup['peer_rps'])} |")
        add(
            f"| new sign-ups/s (median) | {fmt(signup.get('portal_new_per_s'))} | "
            f"{fmt(signup.get('peer_new_per_s'))} |"
        )
        add(
            f"| new sign-ups in all rounds | {signup.get('portal_created', '–')} | "
            f"{signup.get('peer_created', '–')} |"
        )
        add(
            f"| repeated requests (volunteers used up) | {signup.get('portal_repeated', '–')} | "
            f"{signup.get('peer_repeated', '–')} |"
        )
        add(
            f"| before the load | {_check_cell(checks.get('portal', {}).get('before', {}))} | "
            f"{_check_cell(checks.get('ephios', {}).get('before', {}))} |"
        )
        portal_after = dict(checks.get("portal", {}).get("after", {}))
        if "double_signups" in checks.get("portal", {}):
            portal_after["double_participations"] = checks["portal"]["double_signups"]
        add(
            f"| after the load | {_check_cell(portal_after)} | "
            f"{_check_cell(checks.get('ephios', {}).get('after', {}))} |"
        )
        add("")
        add(
            "New sign-ups/s: sign-ups made from the start of a measured run until the requests "
            "still queued when wrk stopped were answered, divided by the measured seconds (so "
            "it can exceed the requests/s wrk counted)."
        )
        add("")
        add(
            "Overbooked: a coming shift with more holding sign-ups (portal: pending and "
            "confirmed) or confirmed participations (ephios) than places. Wrong counters: the "
            "portal's denormalised `taken` differs from the sign-ups. Double participations: "
            "one volunteer twice in one shift."
        )
        add("")
    add("## Per round")
    add("")
    add("| round | " + " | ".join(_round_headers()) + " |")
    add("| ---: |" + " ---: |" * len(_round_headers()))
    rounds = max((len(v) for v in results.values()), default=0)
    for index in range(rounds):
        cells = []
        for key, _ in ROUND_KEYS:
            rows_for_key = results.get(key, [])
            cells.append(fmt(rows_for_key[index]["rps"]) if index < len(rows_for_key) else "–")
        add(f"| {index + 1} | " + " | ".join(cells) + " |")
    add("")
    add("## What the pages show")
    add("")
    add("| page | URL | HTTP | bytes | items on the page |")
    add("| --- | --- | ---: | ---: | ---: |")
    for key, label in PAGE_LABELS:
        fact = facts.get(key)
        if not fact:
            continue
        add(
            f"| {label} | `{fact.get('path', '')}` | {fact.get('status', '–')} | "
            f"{fmt(fact.get('bytes'), 0)} | {fact.get('items', '–')} |"
        )
    add("")
    if notes.strip():
        add(notes.strip())
        add("")
    add(caveats(payload))
    return "\n".join(out).rstrip() + "\n"


ROUND_KEYS = [
    ("empty", "empty view"),
    ("list@portal", "list portal"),
    ("list@ephios", "list ephios"),
    ("list@ephios20", "list ephios 20"),
    ("detail@portal", "detail portal"),
    ("detail@ephios", "detail ephios"),
    ("signup@portal", "POST portal"),
    ("signup@ephios", "POST ephios"),
]
PAGE_LABELS = [
    ("list@portal", "portal: Engagement list (items: opportunities)"),
    ("list@ephios", "ephios: event list (items: events)"),
    ("list@ephios20", "ephios, 20 per page: event list (items: events)"),
    ("detail@portal", "portal: opportunity (items: sign-up forms)"),
    ("detail@ephios", "ephios: event (items: sign-up forms)"),
]


def _round_headers() -> list[str]:
    return [label + " req/s" for _, label in ROUND_KEYS]


def caveats(payload: dict) -> str:
    """Why the comparison is unfair in either direction, with this run's page sizes."""
    facts = payload.get("facts", {})

    def size(key: str) -> str:
        fact = facts.get(key) or {}
        if not fact.get("bytes"):
            return "?"
        items = f", {fact['items']} items" if fact.get("items") is not None else ""
        if fact.get("items") and key.startswith("list"):
            items += f", {fact['bytes'] / fact['items'] / 1024:,.1f} KiB per item"
        return f"{fact['bytes'] / 1024:,.0f} KiB{items}"

    sizes = (
        f"In this run: the portal's list {size('list@portal')}, ephios's "
        f"{size('list@ephios')} (20 per page: {size('list@ephios20')}); the portal's "
        f"opportunity page {size('detail@portal')}, ephios's event page "
        f"{size('detail@ephios')} (items: sign-up forms)."
    )
    return CAVEATS.replace("{sizes}", sizes)


CAVEATS = """## Why the comparison is unfair – in both directions

In the portal's favour:

- **The portal caches what it can, ephios renders every request.** For a signed-in
  person the portal takes the shared body of the list and of the opportunity page from its
  shared cache and renders only the person's parts (`{% personal %}`,
  docs/performance.md); ephios renders the whole page and runs its permission queries on
  every request. That is the design difference the issue is about, but it means the
  figures compare architectures more than template engines.
- **ephios is made for one organisation, not a city network.** Its list shows every event
  the person may see (here all of them, through one group holding django-guardian's
  object permission `view_event` on each event), ordered by start, with no filter by
  default; at this scale that is far beyond the few hundred events a year it is built
  for. The portal's list is a filtered, paginated search over many organisations.
- **Page size.** ephios's list shows 100 events per page (its
  `DEFAULT_LISTVIEW_PAGINATION`, a setting, not an option of the page), the portal's 20.
  The second list row runs ephios with 20 per page (a settings module that changes only
  that value): the fairer of the two list comparisons. {sizes}
- **ephios's list shows more about the person:** per event the counts of the person's
  participations by state, pending requests and whether the person is responsible
  (several annotations over all shifts and participations, then prefetches for the page);
  the portal's list shows public cards plus the person's sign-up state.
- **ephios's defaults are production defaults, not tuned ones:** its cache is Django's
  per-process local memory (`CACHE_URL` unset; Redis is optional), sessions are
  `cached_db`, `django-compressor` compresses CSS/JS at run time (once per worker, then
  from the cache; each page is requested for a few seconds with 2 connections before the
  rounds, and every measurement has its warm-up, so this is not measured).
In ephios's favour:

- **Persistent database connections** (`CONN_MAX_AGE=60`): ephios's default without DEBUG
  is one new PostgreSQL connection per request; the benchmark gives it persistent
  connections, as the portal has its psycopg pool.
- **ephios's pages have less to show:** nothing of an opportunity beyond title, text,
  place and shifts exists in ephios (no themes, districts, skills, organisation,
  initiative, waiting list), and its list has no search and no filter form.
- **ephios's data is simpler:** no waiting list and no „not attended“ – waitlisted
  sign-ups became requested participations, attended and no-show ones confirmed ones,
  cancelled ones declined; unpublished or closed opportunities became inactive events
  (not listed). The overbooking check of ephios counts confirmed participations; the
  portal's counts pending and confirmed sign-ups.

Neither way:

- **Sign-up.** Both lock the person's row and then the shift's, check overlapping
  sign-ups of the person and queue a notification; ephios also writes its model log (a
  log entry for the new participation) and answers with a redirect to the event page,
  as the portal answers with one to the opportunity page. The portal's POST is its
  sign-up form, ephios's the quick action of its event page (`quick_action=1`,
  `signup_choice=sign_up`).
- **HTTPS.** Without DEBUG ephios redirects plain HTTP to HTTPS and sets secure cookies;
  the benchmark sends `X-Forwarded-Proto: https` (with `TRUST_X_FORWARDED_PROTO=True`),
  as a TLS-terminating proxy would, and an `Origin` header for the CSRF check of the POST.
- **Its driver.** ephios is installed with psycopg2 (its `pgsql` extra); with psycopg 3
  its model log deadlocks (a query made while a query parameter is being adapted).
- **Static files** are not part of the measured pages (neither benchmark fetches them).
- **One machine** of 2 cores runs all three servers, PostgreSQL and wrk, shared with other
  jobs; the interleaved rounds put both systems under the same background load, so the
  factors are fairer than the absolute figures. A request that waits in the queue of a
  server after wrk stopped is answered before the next measurement starts (one cheap
  request queued behind it)."""


NOTES = Path(__file__).with_name("PEERS_NOTES.md")


def read_notes() -> str:
    """The hand-written reading of the latest figures (bench/PEERS_NOTES.md), if any."""
    return NOTES.read_text() if NOTES.exists() else ""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    source = Path(argv[0] if argv else Path(__file__).with_name("peers_results.json"))
    payload = json.loads(source.read_text())
    target = source.with_name("PEERS.md")
    target.write_text(render(payload, read_notes()))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
