"""`make bench-peers`: the portal next to a peer, ephios, on the same data (not part of CI).

ephios (https://ephios.de, a German Django shift planner on the same stack) is installed,
pinned, from PyPI into its own virtual environment ``var/bench-peers/venv`` (never a
dependency of the portal). Steps, each printed as it runs:

1. the portal's benchmark database of this scale (as ``make bench``: generated when
   missing or different);
2. ephios's database beside it: migrated, ephios's ``build`` (static files, translations),
   then the same data copied in through ephios's own models (``bench/peers_ephios.py``);
3. signed-in sessions in both for the same volunteer (and, for the sign-up POST, the same
   reserved volunteers signing up for the same shifts);
4. gunicorn with 2 sync workers for the portal, for ephios and for ephios with 20 events
   per list page (the portal's page size), all three running; in every round each matching
   page is loaded with ``wrk -t1 -c10`` on both (warm-up, then measured), the order
   alternating between rounds, together with the portal's empty view as the machine's
   own limit;
5. after the sign-up load the overbooking check of both (shifts with more confirmed
   participants than places);
6. ``bench/peers_results.json`` and ``bench/PEERS.md`` (``bench/peers_report.py``).

Usage: ``.venv/bin/python bench/peers.py --scale 0.1 --rounds 3`` (see ``--help``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402 – the project root is on the path only now

EPHIOS_REQUIREMENTS = [
    "ephios==0.27.1",
    # ephios's `pgsql` extra; with psycopg 3 its model log deadlocks (a query while a
    # parameter is adapted)
    "psycopg2-binary>=2.9.3,<3",
    "gunicorn>=23",
]
VAR = ROOT / "var" / "bench-peers"
VENV = VAR / "venv"
EPHIOS_PY = VENV / "bin" / "python"
EPHIOS_SCRIPT = run.BENCH / "peers_ephios.py"
SIGNUP_LUA = run.BENCH / "peers_signup.lua"
EPHIOS_SECRET_KEY = secrets.token_urlsafe(50)
SMALL_PAGE_SIZE = 20
WRK_TIMEOUT = "60s"  # the portal's list page size (volunteering/views.py PAGE_SIZE)


def log(message: str) -> None:
    run.log("peers: " + message)


# --- ephios: environment, database, data --------------------------------------------------------


def ensure_venv() -> str:
    """ephios's own virtual environment; returns the installed ephios version."""
    if not EPHIOS_PY.exists():
        log(f"creating {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = (
        "import importlib.metadata as m, importlib.util as u; import psycopg2, gunicorn; "
        "assert u.find_spec('psycopg') is None; print(m.version('ephios'))"
    )
    check = subprocess.run(
        [str(EPHIOS_PY), "-c", probe],
        capture_output=True,
        text=True,
        check=False,
    )
    wanted = EPHIOS_REQUIREMENTS[0].split("==")[1]
    if check.returncode != 0 or check.stdout.strip() != wanted:
        log("pip install " + " ".join(EPHIOS_REQUIREMENTS))
        subprocess.run(
            [str(EPHIOS_PY), "-m", "pip", "install", "--quiet", *EPHIOS_REQUIREMENTS],
            check=True,
        )
        # Django picks psycopg 3 when both are importable
        subprocess.run(
            [
                str(EPHIOS_PY),
                "-m",
                "pip",
                "uninstall",
                "--quiet",
                "-y",
                "psycopg",
                "psycopg-binary",
            ],
            check=False,
        )
    return wanted


def ephios_database_url(portal_url: str) -> str:
    parts = urlsplit(portal_url)
    name = parts.path.lstrip("/").replace("_bench_", "_ephios_bench_", 1)
    if name == parts.path.lstrip("/"):
        name += "_ephios"
    return urlunsplit(parts._replace(path=f"/{name}"))


def ephios_env(db_url: str, port: int, *, settings_module: str = "ephios.settings") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTHON"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings_module,
            "PYTHONPATH": str(VAR),  # the settings with the small page size
            "ENV_PATH": str(VAR / "ephios.env"),  # no such file: everything from here
            "DEBUG": "False",
            "SECRET_KEY": EPHIOS_SECRET_KEY,
            "DATABASE_URL": db_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"https://127.0.0.1:{port}",
            "DATA_DIR": str(VAR / "data"),
            "EMAIL_URL": "dummymail://",
            "DEFAULT_FROM_EMAIL": "bench@localhost",
            "SERVER_EMAIL": "bench@localhost",
            "ADMINS": "Bench <bench@localhost>",
            # ephios without DEBUG redirects plain HTTP to HTTPS; the benchmark sends
            # X-Forwarded-Proto: https as a TLS-terminating proxy would
            "TRUST_X_FORWARDED_PROTO": "True",
            # persistent connections (ephios's default is 0: one connection per request);
            # the portal has its psycopg pool
            "CONN_MAX_AGE": "60",
        }
    )
    return env


def ephios_run(env: dict, *args: str, label: str = "") -> dict | None:
    command = [str(EPHIOS_PY), *args]
    log(label or "ephios: " + " ".join(args[:3]))
    output = subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"^BENCH_PEERS_JSON (.*)$", output, re.MULTILINE)
    return json.loads(match.group(1)) if match else None


def ephios_marker(db_url: str) -> str:
    import psycopg

    try:
        with psycopg.connect(db_url) as conn:
            row = conn.execute(
                "SELECT source FROM bench_peers_dataset ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except psycopg.Error:
        return ""
    return row[0] if row else ""


def portal_marker(db_url: str) -> str:
    import psycopg

    with psycopg.connect(db_url) as conn:
        row = conn.execute(
            "SELECT scale, seed, generated_at FROM bench_dataset ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return f"{row[0]:g}/{row[1]}/{row[2].isoformat()}"


def prepare_ephios(portal_url: str, ephios_url: str, env: dict) -> dict:
    fresh = ephios_marker(ephios_url) != portal_marker(portal_url)
    run.recreate_database(ephios_url, drop=fresh)
    admin = str(VENV / "bin" / "django-admin")
    log("ephios: migrate")
    subprocess.run([admin, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    if not (VAR / "data" / "public" / "static" / "jsi18n").exists():
        log("ephios: build (static files, translations, VAPID key)")
        subprocess.run([admin, "build", "-v", "0"], env=env, check=True, stdout=subprocess.DEVNULL)
    (VAR / "bench_peers_settings.py").write_text(
        '"""ephios\'s settings with the portal\'s list page size (make bench-peers)."""\n'
        "from ephios.settings import *  # noqa: F403\n\n"
        f"DEFAULT_LISTVIEW_PAGINATION = {SMALL_PAGE_SIZE}\n"
    )
    return ephios_run(
        env, str(EPHIOS_SCRIPT), "generate", "--source", portal_url, label="ephios: data"
    )


# --- servers ----------------------------------------------------------------------------------


@contextlib.contextmanager
def server(command: list[str], env: dict, port: int, logfile: Path, headers: dict):
    """A gunicorn (portal or ephios) until the block ends; ready when it answers at all."""
    if not run.port_is_free(port):
        raise SystemExit(f"bench-peers: port {port} is in use; pass --port")
    log("starting " + " ".join(command[1:]))
    with logfile.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise SystemExit(f"bench-peers: a server exited; see {logfile}")
            with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                status, _ = run.fetch(f"http://127.0.0.1:{port}/", headers)
                if status:
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"bench-peers: the server did not answer; see {logfile}")
            time.sleep(0.5)
        yield process
    finally:
        run.stop_group(process)


def gunicorn_command(binary: Path, app: str, port: int, workers: int, logfile: Path) -> list:
    return [
        str(binary),
        app,
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--error-logfile",
        str(logfile),
    ]


# --- the pages --------------------------------------------------------------------------------


def signup_rows(pairs, path_for, cookie_for, body: str) -> list[str]:
    return [f"{path_for(shift)}\t{cookie_for(volunteer)}\t{body}" for volunteer, shift in pairs]


def split_rounds(rows: list[str], rounds: int, warm_share: float = 0.2) -> list[tuple]:
    """Each round its own volunteers: (warm-up rows, measured rows) per round."""
    size = max(2, len(rows) // rounds)
    chunks = []
    for index in range(rounds):
        chunk = rows[index * size : (index + 1) * size] or rows[-size:]
        warm = max(1, int(len(chunk) * warm_share))
        chunks.append((chunk[:warm], chunk[warm:]))
    return chunks


def write_rows(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n")
    return path


def ephios_snapshot(db_url: str, first: int, last: int) -> dict:
    """Participations of the reserved volunteers, and the overbooking check: coming shifts
    with more confirmed participants than ``maximum_number_of_participants``, and
    volunteers with two participations in one shift."""
    import psycopg

    with psycopg.connect(db_url) as conn:
        total, confirmed, requested = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE p.state = 1),"
            " count(*) FILTER (WHERE p.state = 0)"
            " FROM abstractparticipation p JOIN localparticipation l"
            " ON l.abstractparticipation_ptr_id = p.id WHERE l.user_id BETWEEN %s AND %s",
            [first, last],
        ).fetchone()
        overbooked = conn.execute(
            "SELECT count(*) FROM (SELECT s.id,"
            " (s.structure_configuration->>'maximum_number_of_participants')::int AS places,"
            " count(p.id) FILTER (WHERE p.state = 1) AS confirmed"
            " FROM shift s LEFT JOIN abstractparticipation p ON p.shift_id = s.id"
            " WHERE s.start_time > now() GROUP BY s.id) AS per_shift"
            " WHERE confirmed > places"
        ).fetchone()[0]
        doubles = conn.execute(
            "SELECT count(*) FROM (SELECT l.user_id, p.shift_id FROM abstractparticipation p"
            " JOIN localparticipation l ON l.abstractparticipation_ptr_id = p.id"
            " GROUP BY 1, 2 HAVING count(*) > 1) AS twice"
        ).fetchone()[0]
    return {
        "signups": total,
        "holding": confirmed + requested,
        "confirmed": confirmed,
        "overbooked_shifts": overbooked,
        "double_participations": doubles,
    }


def portal_doubles() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT volunteer_id, shift_id FROM volunteering_signup"
            " GROUP BY 1, 2 HAVING count(*) > 1) AS twice"
        )
        return cursor.fetchone()[0]


def page_facts(url: str, headers: dict, item_pattern: str) -> dict:
    status, body = run.fetch(url, headers)
    return {
        "status": status,
        "bytes": len(body),
        "items": len(set(re.findall(item_pattern, body.decode("utf-8", "replace"))))
        if item_pattern
        else None,
    }


def resolve_redirect(url: str, headers: dict) -> str:
    """ephios redirects /events/<pk>-x/ to the event's canonical slug."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - 127.0.0.1 only
    opener = urllib.request.build_opener(run.NoRedirect)
    try:
        with opener.open(request, timeout=120):
            return url
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location", "")
        if error.code in (301, 302) and location:
            parts = urlsplit(url)
            return f"{parts.scheme}://{parts.netloc}{urlsplit(location).path}"
        return url


# --- the run ----------------------------------------------------------------------------------


def wrk(url: str, *, seconds: float, concurrency: int, script: Path, headers=(), args=()):
    """bench/run.py's wrk with a longer timeout: a page of ephios under 10 connections
    waits for several seconds in the queue of its two workers."""
    return run.wrk(
        url,
        seconds=seconds,
        concurrency=concurrency,
        script=script,
        headers=headers,
        args=args,
        timeout=WRK_TIMEOUT,
    )


def drain(target: dict) -> None:
    """Wait until the requests a finished wrk left in the server's queue are answered: one
    cheap request queued behind them (a sync worker finishes a request whose client has
    gone; without this the next measurement would start with a busy server)."""
    with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
        run.fetch(target["drain"], target["drain_headers"])


def measure(target: dict, options, rows: tuple | None = None) -> dict:
    """Warm-up, then the measured wrk run of one page (rows: the POST's files)."""
    headers = [f"{k}: {v}" for k, v in target["headers"].items()]
    script = SIGNUP_LUA if rows else run.BENCH / "pct.lua"
    common = {"concurrency": options.concurrency, "script": script, "headers": headers}
    warm_args, run_args = ([str(rows[0])], [str(rows[1])]) if rows else ([], [])
    wrk(target["url"], seconds=options.warmup, args=warm_args, **common)
    drain(target)
    before = target["snapshot"]() if rows else None
    seconds = options.peer_duration if target["system"] == "ephios" else options.duration
    result = wrk(target["url"], seconds=seconds, args=run_args, **common)
    drain(target)
    if rows:
        after = target["snapshot"]()
        created = after["signups"] - before["signups"]
        seconds = result["duration_us"] / 1e6
        result["signups_created"] = created
        result["signups_per_s"] = created / seconds if seconds else 0.0
        result["repeated_requests"] = max(
            0, result["requests"] - len(Path(rows[1]).read_text().splitlines())
        )
    result["bytes_per_response"] = result["bytes"] / result["requests"] if result["requests"] else 0
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per page")
    parser.add_argument(
        "--peer-duration",
        type=float,
        default=30.0,
        help="seconds per ephios page: it answers a few requests a second at most, and "
        "8 s give too few for a rate",
    )
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds per page")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers each")
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BENCH_PEERS_PORT", "0")),
        help="first of three ports (portal, ephios, ephios with 20 per page)",
    )
    parser.add_argument("--report", default=str(run.BENCH / "PEERS.md"))
    parser.add_argument(
        "--regenerate",
        action="store_true",
        help="new data for both (earlier runs used up volunteers of the sign-up load)",
    )
    parser.add_argument("--note", default="", help="a line for the report (machine load …)")
    options = parser.parse_args(argv)

    started = time.monotonic()
    ports = (
        [options.port, options.port + 1, options.port + 2]
        if options.port
        else [run.free_port() for _ in range(3)]
    )
    VAR.mkdir(parents=True, exist_ok=True)
    version = ensure_venv()

    # 1. the portal's data (as make bench)
    portal_url = run.bench_database_url(options.scale)
    portal_env = run.server_env(portal_url, ports[0])
    os.environ.update(portal_env)
    fresh = options.regenerate or not run.dataset_matches(portal_url, options.scale, options.seed)
    run.recreate_database(portal_url, drop=fresh)
    run.manage(portal_env, "migrate", "--noinput", "--verbosity", "0")
    run.manage(portal_env, "createcachetable")
    run.manage(portal_env, "collectstatic", "--noinput", "--verbosity", "0")
    if fresh:
        run.manage(
            portal_env,
            "generate_bench_data",
            "--scale",
            f"{options.scale:g}",
            "--seed",
            str(options.seed),
            "--migrations",
            run.migrations_fingerprint(),
        )

    # 2. ephios's data
    ephios_url = ephios_database_url(portal_url)
    env_ephios = ephios_env(ephios_url, ports[1])
    ephios_data = prepare_ephios(portal_url, ephios_url, env_ephios)

    # 3. sessions and the pages
    import django

    django.setup()
    from django.conf import settings

    from bench import pages as bench_pages
    from volunteering.models import Opportunity

    context = bench_pages.prepare(var_dir=VAR, concurrency=options.concurrency)
    if context.get("signup_missing"):
        raise SystemExit(f"bench-peers: {context['signup_missing']}")
    volunteer = context["users"]["volunteer"]
    pairs = context["signup_pairs"]
    first, last = context["signup_volunteers"]
    ephios_keys = ephios_run(
        env_ephios,
        str(EPHIOS_SCRIPT),
        "sessions",
        "--users",
        ",".join(str(pk) for pk in sorted({volunteer, *(v for v, _ in pairs)})),
        label="ephios: sessions",
    )
    token = bench_pages.CSRF_TOKEN
    portal_cookie = context["sessions"]["volunteer"]

    def ephios_cookie(pk: int) -> str:
        return f"sessionid={ephios_keys[str(pk)]}; csrftoken={token}"

    slug = bench_pages._opportunity_slug()
    opportunity = Opportunity.objects.get(slug=slug)
    base = {
        name: f"http://127.0.0.1:{port}"
        for name, port in zip(("p", "e", "e20"), ports, strict=True)
    }
    proxy = {"X-Forwarded-Proto": "https"}
    portal_rows = signup_rows(
        pairs,
        lambda shift: f"/engagement/termine/{shift}/anmelden/",
        lambda pk: bench_pages.cookie_for(context["signup_keys"][pk]),
        urlencode({"csrfmiddlewaretoken": token, "message": ""}),
    )
    ephios_rows = signup_rows(
        pairs,
        lambda shift: f"/shifts/{shift}/signup/",
        ephios_cookie,
        urlencode({"csrfmiddlewaretoken": token, "signup_choice": "sign_up", "quick_action": "1"}),
    )
    portal_chunks = split_rounds(portal_rows, options.rounds)
    ephios_chunks = split_rounds(ephios_rows, options.rounds)

    def portal_snapshot() -> dict:
        return bench_pages.signup_snapshot(context)

    def ephios_now() -> dict:
        return ephios_snapshot(ephios_url, first, last)

    portal_get = {"Cookie": portal_cookie}
    ephios_get = {"Cookie": ephios_cookie(volunteer), **proxy}
    targets = {
        "empty": {"system": "portal", "url": base["p"] + "/bench/leer/", "headers": {}},
        "list@portal": {
            "system": "portal",
            "url": base["p"] + "/engagement/",
            "headers": portal_get,
            "items": r'href="/engagement/(bench-angebot-\d+)/"',
        },
        "list@ephios": {
            "system": "ephios",
            "url": base["e"] + "/events/",
            "headers": ephios_get,
            "items": r'href="/events/(\d+)-',
        },
        "list@ephios20": {
            "system": "ephios",
            "url": base["e20"] + "/events/",
            "headers": ephios_get,
            "items": r'href="/events/(\d+)-',
        },
        "detail@portal": {
            "system": "portal",
            "url": f"{base['p']}/engagement/{slug}/",
            "headers": portal_get,
            "items": r"(/engagement/termine/\d+/anmelden/)",
        },
        "detail@ephios": {
            "system": "ephios",
            "url": f"{base['e']}/events/{opportunity.pk}-x/",
            "headers": ephios_get,
            "items": r'id="signup-form-(\d+)"',
        },
        "signup@portal": {
            "system": "portal",
            "url": base["p"],
            "headers": {},
            "snapshot": portal_snapshot,
        },
        "signup@ephios": {
            "system": "ephios",
            "url": base["e"],
            "headers": {**proxy, "Origin": f"https://127.0.0.1:{ports[1]}"},
            "snapshot": ephios_now,
        },
    }
    pairs_order = [
        ("list", ["list@portal", "list@ephios", "list@ephios20"]),
        ("detail", ["detail@portal", "detail@ephios"]),
        ("signup", ["signup@portal", "signup@ephios"]),
    ]
    results: dict[str, list[dict]] = {key: [] for key in targets}
    facts: dict[str, dict] = {}
    machine = run.machine_info()
    logs = VAR / "gunicorn.log"
    env_small = ephios_env(ephios_url, ports[2], settings_module="bench_peers_settings")
    portal_before = {"overbooking": bench_pages.overbooking_check()}
    ephios_before = ephios_now()
    with (
        server(
            gunicorn_command(
                Path(sys.executable).parent / "gunicorn",
                "civicportal.wsgi",
                ports[0],
                options.workers,
                logs,
            ),
            portal_env,
            ports[0],
            logs,
            {},
        ),
        server(
            gunicorn_command(
                VENV / "bin" / "gunicorn", "ephios.wsgi", ports[1], options.workers, logs
            ),
            env_ephios,
            ports[1],
            logs,
            proxy,
        ),
        server(
            gunicorn_command(
                VENV / "bin" / "gunicorn", "ephios.wsgi", ports[2], options.workers, logs
            ),
            env_small,
            ports[2],
            logs,
            proxy,
        ),
    ):
        targets["detail@ephios"]["url"] = resolve_redirect(
            targets["detail@ephios"]["url"], ephios_get
        )
        for target in targets.values():
            if target["system"] == "portal":
                target["drain"] = base["p"] + "/bench/leer/"
                target["drain_headers"] = {}
            else:
                target["drain"] = target["url"].split("/events/")[0].split("/shifts/")[0]
                target["drain"] = target["drain"].rstrip("/") + "/accounts/login/"
                target["drain_headers"] = proxy
        for key, target in targets.items():
            if "items" in target:
                # both workers compile templates and compress assets once: not measured
                log(f"{key}: priming both workers ({options.warmup:g} s, 2 connections)")
                wrk(
                    target["url"],
                    seconds=max(options.warmup, 3),
                    concurrency=2,
                    script=run.BENCH / "pct.lua",
                    headers=[f"{k}: {v}" for k, v in target["headers"].items()],
                )
                drain(target)
                facts[key] = page_facts(target["url"], target["headers"], target["items"])
                facts[key]["path"] = urlsplit(target["url"]).path
                log(f"{key}: HTTP {facts[key]['status']}, {facts[key]['bytes']:,} bytes")
                if facts[key]["status"] != 200:
                    raise SystemExit(f"bench-peers: {key} answered HTTP {facts[key]['status']}")
        for round_number in range(options.rounds):
            forward = round_number % 2 == 0
            order = [("empty", None)]
            for name, keys in pairs_order:
                for key in keys if forward else list(reversed(keys)):
                    order.append((key, name))
            for key, name in order:
                target = targets[key]
                rows = None
                if name == "signup":
                    chunks = portal_chunks if target["system"] == "portal" else ephios_chunks
                    warm, measured = chunks[round_number]
                    rows = (
                        write_rows(VAR / f"{key}-r{round_number}-warm.tsv", warm),
                        write_rows(VAR / f"{key}-r{round_number}-run.tsv", measured),
                    )
                result = measure(target, options, rows)
                result["round"] = round_number + 1
                results[key].append(result)
                log(
                    f"round {round_number + 1} {key}: {result['rps']:.1f} req/s, "
                    f"p95 {result['p95_ms']:.0f} ms"
                    + (
                        f", {result['signups_created']} new sign-ups"
                        if "signups_created" in result
                        else ""
                    )
                    + (f", {result['http_errors']} HTTP errors" if result["http_errors"] else "")
                )
    machine["loadavg_after"] = os.getloadavg()
    ephios_after = ephios_now()
    payload = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": run.git_commit(),
        "scale": options.scale,
        "seed": options.seed,
        "ephios": version,
        "machine": machine,
        "postgres": bench_pages.postgres_version(),
        "settings": {
            "rounds": options.rounds,
            "duration_s": options.duration,
            "peer_duration_s": options.peer_duration,
            "warmup_s": options.warmup,
            "concurrency": options.concurrency,
            "workers": options.workers,
            "portal_session_cookie": settings.SESSION_COOKIE_NAME,
        },
        "dataset": {"portal": context.get("dataset", {}), "ephios": ephios_data},
        "note": options.note,
        "facts": facts,
        "results": results,
        "checks": {
            "portal": {
                "before": portal_before["overbooking"],
                "after": bench_pages.overbooking_check(),
                "double_signups": portal_doubles(),
            },
            "ephios": {"before": ephios_before, "after": ephios_after},
        },
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    report = Path(options.report)
    results_path = report.with_name("peers_results.json")
    results_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    from bench import peers_report

    report.write_text(peers_report.render(payload, peers_report.read_notes()))
    log(f"wrote {report} and {results_path}")
    summary = peers_report.summary(payload)
    for line in summary:
        log(line)
    return 0


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else 0.0


if __name__ == "__main__":
    raise SystemExit(main())
