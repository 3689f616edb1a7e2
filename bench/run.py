"""`make bench`: load-test the portal in production mode and write bench/REPORT.md.

Steps (each printed as it runs):

1. a database for the benchmark (created when missing; regenerated when the scale, the
   seed or the applied migrations differ from the data it holds);
2. migrate, createcachetable, collectstatic, ``generate_bench_data --scale N``;
3. SQL queries per page, counted with Django's test client and CaptureQueriesContext;
4. gunicorn (sync workers, ``-w 2``, DEBUG off, the psycopg pool of the settings);
5. for every page: one check request (a 404 page is reported as missing), a warm-up,
   then ``wrk -t1 -c10`` with a Lua ``done()`` hook that prints p50/p95/p99;
   the two baselines (empty Django view, static file through WhiteNoise) in the same run;
6. the sign-up POST from many different signed-in volunteers, then an overbooking check
   in the database;
7. ``bench/results.json`` and the Markdown report with its chart (``bench/report.py``).

Usage: ``.venv/bin/python bench/run.py --scale 1`` (see ``--help``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
BENCH_SECRET_KEY = secrets.token_urlsafe(50)  # new for every run; sessions are made with it


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


# --- database --------------------------------------------------------------------------------


def scale_tag(scale: float) -> str:
    return f"{scale:g}".replace(".", "_").replace("-", "m")


def bench_database_url(scale: float) -> str:
    """BENCH_DATABASE_URL, else a database per scale beside DATABASE_URL (or the embedded
    server when DATABASE_URL is unset)."""
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL") or os.environ.get("CIVICPORTAL_EMBEDDED_DATABASE_URL")
    if not base:
        sys.path.insert(0, str(ROOT))
        from civicportal.embedded_db import embedded_database_url

        base = embedded_database_url(ROOT / "var" / "pgdata")
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "civicportal"
    return urlunsplit(parts._replace(path=f"/{name}_bench_s{scale_tag(scale)}"))


def admin_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def recreate_database(url: str, *, drop: bool) -> None:
    import psycopg

    server, name = admin_url(url)
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            log(f"dropping database {name} (its data does not match)")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def dataset_matches(url: str, scale: float, seed: int, *, any_migrations: bool = False) -> bool:
    """True when the database holds generated data of this scale and seed, made after the
    same migrations that are in the tree now."""
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "SELECT scale, seed, migrations FROM bench_dataset ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except psycopg.Error:
        return False
    if row is None:
        return False
    same_schema = any_migrations or row[2] == migrations_fingerprint()
    return float(row[0]) == scale and int(row[1]) == seed and same_schema


def migrations_fingerprint() -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/0*.py")) + sorted(
        ROOT.glob("civicportal/*/migrations/0*.py")
    ):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- processes -------------------------------------------------------------------------------


def server_env(db_url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": BENCH_SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
            "DATABASE_URL": db_url,
            "BENCH": "1",  # installs the bench app: generator, /bench/leer/
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DJANGO_SETTINGS_MODULE": "civicportal.settings",
        }
    )
    env.pop("CIVICPORTAL_EMBEDDED_DATABASE_URL", None)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    log("manage.py " + " ".join(args))
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int, logfile: Path):
    if not port_is_free(port):
        raise SystemExit(f"bench: port {port} is in use; pass --port")
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "civicportal.wsgi",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--error-logfile",
        str(logfile),
    ]
    log("starting " + " ".join(command[1:]))
    with logfile.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited; see {logfile}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"bench: gunicorn did not answer /healthz; see {logfile}")
            time.sleep(0.3)
        yield process
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen) -> None:
    """Stop the process group a server was started in (only that one): TERM, then KILL
    after 20 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wrk(
    url: str,
    *,
    seconds: float,
    concurrency: int,
    script: Path,
    headers=(),
    args=(),
    timeout: str = "10s",
):
    """One wrk run; its result (requests/s and latency percentiles in ms) as a dict.
    ``timeout``: how long wrk waits for one answer (bench/peers.py waits longer)."""
    command = [
        "wrk",
        "-t1",
        f"-c{concurrency}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        timeout,
        "-s",
        str(script),
    ]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    if args:
        command += ["--", *args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH_JSON (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    data = json.loads(match.group(1))
    seconds_run = data["duration_us"] / 1e6
    data["rps"] = data["requests"] / seconds_run if seconds_run else 0.0
    for key in ("p50", "p90", "p95", "p99", "max"):
        data[f"{key}_ms"] = data.pop(f"{key}_us") / 1000
    data["mean_ms"] = data.pop("mean_us") / 1000
    return data


def fetch(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --- the run ---------------------------------------------------------------------------------


def load_page(page, result: dict, base: str, context: dict, options, label: str = "") -> None:
    """One check request, a warm-up, then the measured wrk run of one page."""
    name = f"{page.key} ({label})" if label else page.key
    status, body = fetch(base + page.path, page.request_headers())
    result["check_status"] = status
    problem = page.check(status, body)
    if problem:
        result["missing"] = problem
        log(f"{name}: {problem}")
        return
    script = BENCH / ("signup.lua" if page.method == "POST" else "pct.lua")
    log(f"{name}: warm-up {options.warmup:g} s, then {options.duration:g} s")
    args_warm, args_run = page.wrk_args(context)
    common = {"concurrency": options.concurrency, "script": script, "headers": page.wrk_headers()}
    wrk(base + page.path, seconds=options.warmup, args=args_warm, **common)
    if page.method == "POST":
        time.sleep(2)  # let requests still in flight from the warm-up finish
    before = page.before_load(context)
    measured = wrk(base + page.path, seconds=options.duration, args=args_run, **common)
    if page.method == "POST":
        time.sleep(2)
    result.update(measured)
    result.update(page.after_load(context, before, measured))
    log(
        f"{name}: {measured['rps']:.0f} req/s, p50 {measured['p50_ms']:.1f} ms, "
        f"p95 {measured['p95_ms']:.1f} ms, p99 {measured['p99_ms']:.1f} ms"
        + (f", {measured['http_errors']} HTTP errors" if measured["http_errors"] else "")
    )


def machine_info() -> dict:
    import platform

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    wrk_version = ""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        wrk_version = subprocess.run(
            ["wrk", "--version"], capture_output=True, text=True, check=False
        ).stdout.split("\n")[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "wrk": wrk_version.strip(),
        "loadavg_before": os.getloadavg(),
    }


def git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" (with uncommitted changes)" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per page")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds per page")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BENCH_PORT", "0")),
        help="port of the benchmarked server (default: a free one)",
    )
    parser.add_argument("--report", default=str(BENCH / "REPORT.md"))
    parser.add_argument("--pages", default="", help="comma-separated page keys (default: all)")
    parser.add_argument("--regenerate", action="store_true", help="drop and regenerate the data")
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="use the data even if migrations changed since it was generated (only migrate)",
    )
    parser.add_argument(
        "--skip-uncached",
        action="store_true",
        help="skip the second pass over GET pages with the page cache off",
    )
    parser.add_argument(
        "--no-load", action="store_true", help="only count and EXPLAIN the queries (no wrk)"
    )
    parser.add_argument(
        "--note", default="", help="a line for the report (e.g. what else ran on the machine)"
    )
    options = parser.parse_args(argv)

    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk)")
    if not options.port:
        options.port = free_port()
    db_url = bench_database_url(options.scale)
    env = server_env(db_url, options.port)
    os.environ.update(env)

    fresh = options.regenerate or not dataset_matches(
        db_url, options.scale, options.seed, any_migrations=options.keep_data
    )
    recreate_database(db_url, drop=fresh)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    if fresh:
        started = time.monotonic()
        manage(
            env,
            "generate_bench_data",
            "--scale",
            f"{options.scale:g}",
            "--seed",
            str(options.seed),
            "--migrations",
            migrations_fingerprint(),
        )
        log(f"data generated in {time.monotonic() - started:.0f} s")
    else:
        log("the database already holds this data set; not regenerating")

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench import pages as bench_pages

    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    context = bench_pages.prepare(var_dir=var, concurrency=options.concurrency)
    selected = {key for key in options.pages.split(",") if key}
    page_list = [p for p in bench_pages.page_list(context) if not selected or p.key in selected]

    log("counting SQL queries per page (Django test client)")
    bench_pages.count_queries(page_list, context)

    machine = machine_info()
    base = f"http://127.0.0.1:{options.port}"
    results = [page.as_dict() for page in page_list]
    for page in page_list:
        if page.missing:
            log(f"{page.key}: missing ({page.missing})")
    if not options.no_load:
        # Pass 1: the production configuration (anonymous page cache on).
        with gunicorn(env, options.port, options.workers, var / "gunicorn.log"):
            for page, result in zip(page_list, results, strict=True):
                if not page.missing:
                    load_page(page, result, base, context, options)
        # Pass 2: GET pages with the page cache (and the personal fragment cache) off:
        # every request renders.
        anonymous = [
            (page, result)
            for page, result in zip(page_list, results, strict=True)
            # anonymous pages and „für mich“ (its personal part is cached): the other
            # signed-in pages never come from a cache, so the first pass measured them
            if (page.kind == "anonymous" or page.key == "matches")
            and not result.get("missing")
            and result.get("rps")
        ]
        if anonymous and not options.skip_uncached:
            uncached_env = {**env, "PAGE_CACHE_SECONDS": "0"}
            with gunicorn(uncached_env, options.port, options.workers, var / "gunicorn.log"):
                for page, result in anonymous:
                    uncached: dict = {}
                    load_page(page, uncached, base, context, options, label="uncached")
                    result["uncached"] = {
                        k: uncached[k]
                        for k in ("rps", "p50_ms", "p95_ms", "p99_ms", "http_errors")
                        if k in uncached
                    }
    machine["loadavg_after"] = os.getloadavg()

    payload = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "scale": options.scale,
        "seed": options.seed,
        "commit": git_commit(),
        "machine": machine,
        "postgres": bench_pages.postgres_version(),
        "settings": {
            "concurrency": options.concurrency,
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "workers": options.workers,
            "server": f"gunicorn sync -w {options.workers}",
        },
        "dataset": context.get("dataset", {}),
        "note": options.note,
        "pages": results,
    }
    report = Path(options.report)
    report.parent.mkdir(parents=True, exist_ok=True)
    results_path = report.with_name("results.json")
    results_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    from bench import report as bench_report

    bench_report.write(payload, report)
    log(f"wrote {report} and {results_path}")
    # A page that fails (HTTP 5xx, 403, …) fails the run; missing pages and missed targets
    # are reported only.
    failures = [r for r in results if str(r.get("missing", "")).startswith("error")]
    for failure in failures:
        log(f"FAILED: {failure['key']} {failure['path']}: {failure['missing']}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
