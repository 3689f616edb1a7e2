"""Error pages: German, in the portal's design, without internals; no stack trace with
DEBUG off."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import DatabaseError
from django.test import Client, override_settings
from django.urls import path

from civicportal import urls as portal_urls

pytestmark = pytest.mark.django_db


def _crash(request):
    secret = "geheimer-wert-123"  # noqa: F841 – must never appear in the page
    raise ValueError("interner Fehler in /srv/civicportal/geheim.py")


def _forbidden(request):
    raise PermissionDenied("interne Begründung")


def _bad(request):
    raise SuspiciousOperation("interne Begründung")


def _database_down(request):
    raise DatabaseError("connection to server at 10.0.0.5 failed")


urlpatterns = [
    path("kaputt/", _crash),
    path("verboten/", _forbidden),
    path("ungueltig/", _bad),
    path("datenbank/", _database_down),
    *portal_urls.urlpatterns,
]
handler500 = portal_urls.handler500


@pytest.fixture
def browser_client(settings):
    settings.ROOT_URLCONF = __name__
    assert settings.DEBUG is False
    return Client(raise_request_exception=False)


def test_view_that_raises_shows_500_page_without_traceback(browser_client):
    response = browser_client.get("/kaputt/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Entschuldigung, hier ist etwas schiefgegangen" in html
    assert '<html lang="de">' in html
    assert "kern.min" in html  # the portal's design
    for internal in ("Traceback", "ValueError", "geheim", "/srv/", "civicportal/"):
        assert internal not in html


def test_database_error_detail_is_not_shown(browser_client):
    html = browser_client.get("/datenbank/").content.decode()

    assert "Technischer Fehler" in html
    assert "10.0.0.5" not in html
    assert "DatabaseError" not in html


def test_500_page_falls_back_to_static_page_when_rendering_fails(browser_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr("civicportal.errors.render_to_string", broken)

    response = browser_client.get("/kaputt/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Entschuldigung, hier ist etwas schiefgegangen." in html
    assert "template broken" not in html


def test_403_page_is_german_and_hides_the_reason(browser_client):
    response = browser_client.get("/verboten/")

    html = response.content.decode()
    assert response.status_code == 403
    assert "Du hast keinen Zugriff auf diese Seite" in html
    assert "interne Begründung" not in html
    assert "/konto/login/?next=/verboten/" in html


def test_400_page_is_german(browser_client):
    response = browser_client.get("/ungueltig/")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Diese Anfrage konnten wir nicht verarbeiten" in html
    assert "interne Begründung" not in html


def test_404_page_is_german_and_does_not_list_urls(client):
    response = client.get("/gibt-es-wirklich-nicht/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in html
    assert "Zur Startseite" in html
    assert "urlpatterns" not in html
    assert "initiativen/&lt;slug" not in html


@override_settings(DEBUG=False)
def test_csrf_failure_is_a_403_page(resident):
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post("/konto/login/", {"login": "x", "password": "y"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Das Formular war zu lange geöffnet" in html
    assert "CSRF" not in html


def test_nul_byte_in_a_parameter_is_a_400_not_a_500(client):
    response = client.get("/initiativen/", {"q": "a\x00b"})

    assert response.status_code == 400
    assert "Diese Anfrage konnten wir nicht verarbeiten" in response.content.decode()


def test_nul_byte_in_a_posted_field_is_a_400(client, resident):
    client.force_login(resident)

    response = client.post("/konto/daten/loeschen/", {"password": "x\x00", "confirm": "on"})

    assert response.status_code == 400
