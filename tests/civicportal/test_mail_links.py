"""Mail links follow the port in development and SITE_URL in production; allauth's
mails and pages speak du-form German and name the portal by SITE_NAME (issue 12, item 4)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from civicportal.settings import runserver_site_url
from tests.factories import UserFactory

PASSWORD = "Ein-sicheres-Passwort-2026"
FORMAL = re.compile(r"\b(Sie|Ihre?[nmrs]?|Ihnen)\b")


def test_runserver_address_gives_the_development_site_url():
    assert runserver_site_url(["manage.py", "runserver", "127.0.0.1:8123"]) == (
        "http://127.0.0.1:8123"
    )
    assert runserver_site_url(["manage.py", "runserver", "8124"]) == "http://127.0.0.1:8124"
    assert runserver_site_url(["manage.py", "runserver", "0.0.0.0:8125"]) == (
        "http://127.0.0.1:8125"
    )
    assert runserver_site_url(["manage.py", "runserver", "--noreload"]) == ("http://127.0.0.1:8000")
    assert runserver_site_url(["manage.py", "migrate"]) == ""


def _site_url_of(argv: list[str], **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    code = (
        f"import sys, django; sys.argv = {argv!r}; django.setup(); "
        "from django.conf import settings; print(settings.SITE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment | {"DJANGO_SETTINGS_MODULE": "civicportal.settings"},
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    return result.stdout.strip()


def test_make_run_port_reaches_site_url_and_production_keeps_site_url():
    # `PORT=8123 make run` runs `manage.py runserver 127.0.0.1:8123` with DEBUG=1.
    argv = ["manage.py", "runserver", "127.0.0.1:8123"]
    assert _site_url_of(argv, DEBUG="1") == "http://127.0.0.1:8123"
    assert (
        _site_url_of(argv, DEBUG="1", SITE_URL="https://beteiligung.example.de")
        == "https://beteiligung.example.de"
    )
    assert (
        _site_url_of(["gunicorn"], DEBUG="0", SECRET_KEY="x", SITE_URL="https://b.example.de")
        == "https://b.example.de"
    )


@pytest.fixture
def port_8123(settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    settings.SITE_NAME = "Mitmachportal"
    return settings


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


@pytest.mark.django_db
def test_signup_mail_links_follow_site_url_and_open(client, port_8123):
    client.post(
        "/konto/signup/",
        {
            "full_name": "Anna Keller",
            "email": "anna@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    message = mail.outbox[-1]
    links = _links(message.body)
    assert links
    assert all(link.startswith("http://127.0.0.1:8123/") for link in links)
    assert message.body.startswith("Hallo Anna Keller,")
    assert "Mitmachportal" in message.body
    assert "127.0.0.1:8123!" not in message.body
    assert not FORMAL.search(message.body), message.body
    assert message.subject == "[civicportal] Bitte bestätige deine E-Mail-Adresse"
    for link in links:
        path = link.removeprefix("http://127.0.0.1:8123")
        page = client.get(path)
        assert page.status_code == 200
        # allauth's confirm page names the person, not the address twice
        assert "E-Mail-Adresse von Anna Keller" in page.content.decode()


@pytest.mark.django_db
def test_password_reset_mail_link_follows_site_url_and_opens(client, port_8123):
    UserFactory(email="rita@example.org", full_name="Rita Rot")

    client.post("/konto/password/reset/", {"email": "rita@example.org"})

    message = mail.outbox[-1]
    links = _links(message.body)
    assert links
    assert all(link.startswith("http://127.0.0.1:8123/") for link in links)
    assert message.body.startswith("Hallo Rita Rot,")
    assert not FORMAL.search(message.body), message.body
    response = client.get(links[0].removeprefix("http://127.0.0.1:8123"), follow=True)
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()


@pytest.mark.django_db
def test_confirm_page_offers_a_resend_that_sends_again(client):
    client.post(
        "/konto/signup/",
        {
            "full_name": "Anna Keller",
            "email": "anna@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    page = client.get("/konto/confirm-email/").content.decode()
    assert "Bestätigungs-E-Mail noch einmal senden" in page
    assert "gib uns Bescheid" not in page
    sent = len(mail.outbox)

    # allauth sends a confirmation at most every few minutes per address.
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        response = client.post("/konto/login/", {"login": "anna@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert len(mail.outbox) == sent + 1
    assert mail.outbox[-1].to == ["anna@example.org"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/konto/login/", "/konto/signup/", "/konto/password/reset/", "/konto/2fa/"]
)
def test_account_pages_speak_du_form(client, resident, path):
    if path == "/konto/2fa/":
        client.force_login(resident)
    page = client.get(path).content.decode()
    text = re.sub(r"<[^>]+>", " ", page)
    assert not FORMAL.search(text), FORMAL.search(text)
