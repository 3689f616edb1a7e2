"""Browser tests: Playwright driving Debian's Chromium against a live server, with axe-core.

The browser tests are part of the suite. Without Chromium they fail with one line that
says how to install it; they are never skipped silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "EN-301-549"]
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
            "(or set CHROMIUM_PATH).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # in between are still synchronous and safe.
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    monkeypatch.undo()


class _LiveServer:
    def __init__(self) -> None:
        # No static handler: WhiteNoise inside the app serves the collected, hashed files,
        # exactly as in production.
        self.thread = LiveServerThread("127.0.0.1", static_handler=lambda handler: handler)
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error
        self.url = f"http://127.0.0.1:{self.thread.port}"

    def stop(self) -> None:
        self.thread.terminate()


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory) -> Iterator[Path]:
    """Uploads of the browser tests go to a temporary folder, served by the live server
    through the portal's own media view (civicportal/media.py)."""
    root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=root):
        yield root


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker) -> Iterator[str]:
    """URL of a live server over the test database (static files through WhiteNoise)."""
    with django_db_blocker.unblock():
        server = _LiveServer()
    yield server.url
    server.stop()


@pytest.fixture
def page(browser, live_url, transactional_db) -> Iterator:
    """A fresh browser tab over a live server; the database is flushed after the test."""
    context = browser.new_context(locale="de-DE", base_url=live_url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe.from_file(AXE_SCRIPT)


def assert_accessible(page, axe: Axe) -> None:
    """Run axe-core with the WCAG 2.1 A/AA and EN 301 549 rules; fail on any violation."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def login(page, user, live_url: str) -> None:
    """Sign ``user`` in by planting a real session cookie (faster than the login form)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff:  # the admin requires TOTP in the session (tests/security/mfa.py)
        from tests.security.mfa import give_totp, mfa_session_records

        session.update(mfa_session_records(user, give_totp(user)[0]))
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_url}]
    )
