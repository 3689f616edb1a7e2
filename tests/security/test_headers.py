"""Security headers on real responses of every page type, with production settings.

Production differs from the test run only in the HTTPS-dependent values (they follow an
``https://`` SITE_URL in settings.py); ``production`` overrides exactly those and the
client speaks HTTPS. The checks reproduce the Mozilla HTTP Observatory (tests/security/
observatory.py): no page may have a negative modifier.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.factories import TEST_PASSWORD, InitiativeFactory
from tests.security.observatory import negative_modifiers, parse_csp

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "https",
}


@pytest.fixture
def production():
    with override_settings(**PRODUCTION):
        # A new client loads the middleware (which reads these settings) afresh.
        yield Client(raise_request_exception=False)


@pytest.fixture
def initiative(chemnitz):
    return InitiativeFactory(municipality=chemnitz, title="NUMIC", slug="numic")


PAGE_TYPES = {
    "home": "/",
    "list": "/initiativen/",
    "detail": "/initiativen/numic/",
    "legal": "/datenschutz/",
    "login form": "/konto/login/",
    "signup form": "/konto/signup/",
    "password reset form": "/konto/password/reset/",
    "not found": "/gibt-es-nicht/",
    "admin login": "/admin/login/",
    "health check": "/healthz",
}


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_has_no_negative_observatory_modifier(production, initiative, path):
    response = production.get(path, secure=True)

    assert response.status_code in {200, 302, 404}  # admin login: to the portal login
    assert negative_modifiers(response) == []


def test_static_file_has_no_negative_observatory_modifier(production):
    from django.templatetags.static import static

    response = production.get(static("css/portal.css"), secure=True)

    assert response.status_code == 200
    # CSP and X-Frame-Options concern documents; a stylesheet needs the rest.
    problems = [
        p
        for p in negative_modifiers(response)
        if not p.startswith("csp-") and p != "x-frame-options-missing"
    ]
    assert problems == []


def test_signed_in_page_has_no_negative_modifier_and_is_not_stored(production, resident):
    production.force_login(resident)

    response = production.get("/", secure=True)

    assert negative_modifiers(response) == []
    assert response["Cache-Control"] == "no-store, private"


def test_login_sets_host_prefixed_secure_httponly_cookies(production, resident):
    production.get("/konto/login/", secure=True)

    response = production.post(
        "/konto/login/",
        {"login": resident.email, "password": TEST_PASSWORD},
        secure=True,
    )

    assert response.status_code == 302
    assert negative_modifiers(response) == []
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["path"] == "/"
    assert session["domain"] == ""


def test_csrf_cookie_is_host_prefixed_and_httponly(production):
    response = production.get("/konto/login/", secure=True)

    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_language_cookie_is_secure(production):
    response = production.get("/sprache/en/", {"next": "/"}, secure=True)

    assert negative_modifiers(response) == []
    assert response.cookies["django_language"]["secure"] is True


def test_plain_http_is_redirected_to_https(production):
    response = production.get("/initiativen/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/initiativen/"


def test_hsts_covers_a_year_with_subdomains(production):
    response = production.get("/", secure=True)

    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_csp_is_strict(client):
    csp = parse_csp(client.get("/")["Content-Security-Policy"])

    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]


def test_permissions_policy_denies_powerful_features(client):
    policy = client.get("/")["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_error_pages_carry_the_headers_too(production):
    response = production.get("/initiativen/gibt-es-nicht/", secure=True)

    assert response.status_code == 404
    assert negative_modifiers(response) == []


# --- every page of the role matrix ---------------------------------------------------------

HEADER_ROLES = ["anonymous", "resident", "volunteer", "org_admin", "reviewer", "editor_chemnitz"]
DOCUMENT_ONLY = ("csp-", "x-frame-options-missing")  # checks that concern HTML documents


def _matrix_pages():
    from tests.security.matrix import OK
    from tests.security.role_table import PAGES

    for name, rows in sorted(PAGES.items()):
        for number, row in enumerate(rows):
            if row.method == "GET" and any(row.expect.get(r) == OK for r in HEADER_ROLES):
                yield pytest.param(name, row, id=f"{name}[{number}]")


@pytest.fixture(scope="module")
def production_clients(matrix, django_db_blocker):
    from tests.security.mfa import mark_mfa_authenticated

    world = matrix[0]
    overrides = override_settings(**PRODUCTION)
    overrides.enable()
    try:
        clients = {}
        with django_db_blocker.unblock():
            for role in HEADER_ROLES:
                client = Client(raise_request_exception=False)
                user = world.users[role]
                if user is not None:
                    client.force_login(user)
                    if user.is_staff:
                        mark_mfa_authenticated(client, user)
                clients[role] = client
        yield clients
    finally:
        overrides.disable()


@pytest.mark.parametrize(("name", "row"), list(_matrix_pages()))
def test_every_page_of_the_portal_has_no_negative_modifier(name, row, world, production_clients):
    from django.urls import reverse

    from tests.security.matrix import OK

    path = reverse(name, kwargs=row.kwargs(world))
    problems = []
    for role in HEADER_ROLES:
        if row.expect.get(role) != OK:
            continue
        response = production_clients[role].get(path, secure=True)
        found = negative_modifiers(response)
        if not response.get("Content-Type", "").startswith("text/html"):
            found = [p for p in found if not p.startswith(DOCUMENT_ONLY)]
        problems += [f"{path} as {role}: {problem}" for problem in found]
        break  # one role per page: the headers do not depend on who asks

    assert problems == []


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/initiatives/initiative/", "/admin/initiatives/initiative/add/"],
)
def test_admin_pages_have_no_negative_modifier(production, world, path):
    production.force_login(world.users["superuser"])  # the module's world is active here

    response = production.get(path, secure=True)

    assert response.status_code == 200
    assert [p for p in negative_modifiers(response) if p != "inline-script-or-style"] == []
