"""Behind the TLS proxy, allauth's login limits count the real client (the address the
proxy appends to X-Forwarded-For), not the proxy: one script's failed logins lock out
only itself (settings.ALLAUTH_TRUSTED_PROXY_COUNT follows BEHIND_TLS_PROXY)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from civicportal import security
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SCRIPT = "203.0.113.7"
RESIDENT = "198.51.100.9"


def _via_proxy(client_address: str, claimed: str = "") -> dict:
    """What nginx's ``$proxy_add_x_forwarded_for`` passes on: whatever the client claimed,
    then the address nginx saw. Django sees the proxy as REMOTE_ADDR."""
    forwarded = f"{claimed}, {client_address}" if claimed else client_address
    return {"HTTP_X_FORWARDED_FOR": forwarded, "REMOTE_ADDR": "127.0.0.1"}


@pytest.mark.parametrize(("proxy_count", "resident_gets_in"), [(1, True), (0, False)])
def test_one_clients_failed_logins_do_not_lock_out_another(
    settings, resident, proxy_count, resident_gets_in
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxy_count
    cache.clear()
    script, person = Client(), Client()
    for attempt in range(12):  # many accounts, one per attempt: only the IP limit applies
        script.post(
            "/konto/login/",
            {"login": f"geraten{attempt}@example.org", "password": "falsch-123456"},
            **_via_proxy(SCRIPT, claimed=f"10.0.0.{attempt}"),  # a forged hop does not help
        )
    blocked = script.post(
        "/konto/login/",
        {"login": resident.email, "password": TEST_PASSWORD},
        **_via_proxy(SCRIPT, claimed="10.0.0.99"),
    )
    assert "_auth_user_id" not in script.session
    assert blocked.status_code in (200, 429)

    person.post(
        "/konto/login/",
        {"login": resident.email, "password": TEST_PASSWORD},
        **_via_proxy(RESIDENT),
    )

    assert ("_auth_user_id" in person.session) is resident_gets_in
    cache.clear()


def test_portal_limits_and_allauth_agree_on_the_client(settings, rf):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = rf.post("/", **_via_proxy(SCRIPT, claimed="10.0.0.1"))
    assert security.client_ip(request) == SCRIPT

    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.post("/", HTTP_X_REAL_IP=RESIDENT, **_via_proxy(SCRIPT))
    assert security.client_ip(request) == RESIDENT


def test_setting_follows_behind_tls_proxy(monkeypatch):
    import importlib

    from civicportal import settings as portal_settings

    monkeypatch.setenv("BEHIND_TLS_PROXY", "1")
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    try:
        assert importlib.reload(portal_settings).ALLAUTH_TRUSTED_PROXY_COUNT == 1
        monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
        assert importlib.reload(portal_settings).ALLAUTH_TRUSTED_PROXY_COUNT == 2
        monkeypatch.setenv("BEHIND_TLS_PROXY", "0")
        monkeypatch.delenv("TRUSTED_PROXY_COUNT")
        assert importlib.reload(portal_settings).ALLAUTH_TRUSTED_PROXY_COUNT == 0
    finally:
        monkeypatch.undo()
        importlib.reload(portal_settings)
