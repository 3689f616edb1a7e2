"""Two app servers on one Redis share the page cache (issue 14: CACHE_URL=redis://…).

The test starts two gunicorn servers of the portal on the test database, both with
``CACHE_URL=redis://127.0.0.1:6379/…`` and a key prefix of their own for this run. One
serves the anonymous page the other rendered; an idea posted through one is on the other's
next anonymous answer.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory, PhaseFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.django_db(transaction=True)


def _redis_is_up() -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(REDIS) == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    password = urllib.parse.quote(db["PASSWORD"] or "")
    auth = db["USER"] + (f":{password}" if password else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _request(url: str, *, data: dict | None = None, cookies: dict | None = None):
    """``(status, headers, body)`` of one request, redirects not followed. Both servers get
    the same Host header, as behind a load balancer."""
    headers = {"Host": "portal.test"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 – 127.0.0.1
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@contextlib.contextmanager
def _servers(count: int, env: dict[str, str], log: Path):
    """``count`` gunicorn servers (one sync worker each); yields their base URLs."""
    ports = [_free_port() for _ in range(count)]
    processes = []
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    try:
        for port in ports:
            command = [gunicorn, "civicportal.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
            with log.open("ab") as out:
                processes.append(
                    subprocess.Popen(
                        command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
                    )
                )
        for port, process in zip(ports, processes, strict=True):
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log.read_text()[-3000:]
                with contextlib.suppress(OSError):
                    if _request(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                        break
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.3)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:  # only the process groups started above
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


@contextlib.contextmanager
def _forget_keys(prefix: str):
    try:
        yield
    finally:
        client = redis.Redis(*REDIS, db=0)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def test_two_servers_on_one_redis_share_pages_and_see_each_others_changes(tmp_path):
    if not _redis_is_up():
        pytest.skip("needs Redis on 127.0.0.1:6379 (CI has it)")
    today = timezone.localdate()
    initiative = InitiativeFactory(slug="trinkwasser", title="Trinkwasser für alle")
    PhaseFactory(
        initiative=initiative, start_date=today - timezone.timedelta(days=2), end_date=today
    )
    author = UserFactory(email="ideen@example.org", display_name="Ida Idee")
    signed_in = Client()
    signed_in.force_login(author)
    session = {settings.SESSION_COOKIE_NAME: signed_in.cookies[settings.SESSION_COOKIE_NAME].value}
    prefix = f"civicportal-test-{secrets.token_hex(6)}"  # this run's keys only
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # the session above is signed with it
        "DATABASE_URL": _database_url(),
        "DATABASE_POOL_MIN": "1",
        "DATABASE_POOL_MAX": "2",
        "CACHE_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE_SECONDS": "30",
        # every request asks Redis for the content version: a change on one server shows
        # on the other's very next request (the default trusts it for a second)
        "PAGE_CACHE_VERSION_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,portal.test",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CIVICPORTAL_EMBEDDED_DATABASE_URL", None)
    path = f"/initiativen/{initiative.slug}/ideen/"

    with _forget_keys(prefix), _servers(2, env, tmp_path / "gunicorn.log") as (first, second):
        rendered = _request(second + path)
        shared = _request(first + path)

        page = _request(first + path, cookies=session)  # signed in: the idea form
        csrf = page[1]["Set-Cookie"].split(";")[0].split("=", 1)
        posted = _request(
            first + f"/initiativen/{initiative.slug}/ideen/neu/",
            data={
                "title": "Trinkbrunnen am Markt",
                "body": "Ein Trinkbrunnen am Markt für heiße Tage.",
                "csrfmiddlewaretoken": TOKEN.search(page[2]).group(1),
            },
            cookies={**session, csrf[0]: csrf[1]},
        )
        after = _request(second + path)
        again = _request(first + path)

    assert rendered[0] == shared[0] == 200
    assert rendered[1].get("X-Page-Cache") is None
    assert shared[1]["X-Page-Cache"] == "hit"  # the page the other server rendered
    assert shared[2] == rendered[2]
    assert shared[1]["Cache-Control"] == "public, max-age=30"
    assert "Trinkbrunnen am Markt" not in shared[2]
    assert posted[0] == 302, posted[2][:2000]
    assert after[1].get("X-Page-Cache") is None  # the new content version of the first
    assert "Trinkbrunnen am Markt" in after[2]
    assert again[1]["X-Page-Cache"] == "hit"
    assert "Trinkbrunnen am Markt" in again[2]
