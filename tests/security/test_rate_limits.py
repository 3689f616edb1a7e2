"""Rate limits: allauth's own (login, signup, password reset) and the portal's table for
posting ideas and comments, sign-ups and bookings — a friendly German page, status 429."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path
from django.views.decorators.http import require_http_methods

from civicportal import security
from civicportal import urls as portal_urls
from civicportal.models import RateLimitCounter
from tests.factories import TEST_PASSWORD
from tests.volunteering.test_concurrency import run_at_once, wide_pool  # noqa: F401

pytestmark = pytest.mark.django_db


@require_http_methods(["GET", "POST"])
def _post_idea(request):
    return HttpResponse("gespeichert")


_test_patterns = ([path("ideen/neu/", _post_idea, name="idea_create")], "testideas")
urlpatterns = [path("", include(_test_patterns)), *portal_urls.urlpatterns]


@pytest.fixture
def limited(settings):
    settings.ROOT_URLCONF = __name__
    settings.PORTAL_RATE_LIMITS = {"testideas:idea_create": "3/h"}
    security.reset_rate_limits()
    yield
    security.reset_rate_limits()


def test_parse_rate_reads_counts_and_periods():
    assert security.parse_rate("10/h") == (10, 3600)
    assert security.parse_rate("5/30s") == (5, 30)
    assert security.parse_rate("3/2m") == (3, 120)
    with pytest.raises(ValueError, match="Unreadable"):
        security.parse_rate("3/w")


def test_every_configured_rate_is_readable():
    for rate in security.RATE_LIMITS.values():
        assert security.parse_rate(rate)[0] >= 1


def test_posts_above_the_limit_get_the_friendly_page(limited, client, resident):
    client.force_login(resident)
    answers = [client.post("/ideen/neu/").status_code for _ in range(3)]

    response = client.post("/ideen/neu/", headers={"referer": "http://testserver/ideen/"})

    html = response.content.decode()
    assert answers == [200, 200, 200]
    assert response.status_code == 429
    assert "Kurze Pause, bitte" in html
    assert "Du warst gerade sehr aktiv." in html
    assert 'href="http://testserver/ideen/"' in html  # back where the person came from
    assert "Zur Startseite" in html
    assert int(response["Retry-After"]) > 0


def test_limit_is_per_user(limited, client, resident, volunteer):
    client.force_login(resident)
    for _ in range(4):
        client.post("/ideen/neu/")
    other = Client()
    other.force_login(volunteer)

    assert other.post("/ideen/neu/").status_code == 200


def test_anonymous_visitors_are_limited_per_ip(limited):
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(3):
        first.post("/ideen/neu/")

    assert first.post("/ideen/neu/").status_code == 429
    assert second.post("/ideen/neu/").status_code == 200


def test_reading_is_never_limited(limited, client):
    statuses = {client.get("/ideen/neu/").status_code for _ in range(6)}

    assert statuses == {200}


def test_foreign_referer_is_not_offered_as_back_link(limited, client):
    for _ in range(3):
        client.post("/ideen/neu/")

    html = client.post("/ideen/neu/", headers={"referer": "https://evil.example/"}).content
    assert b"evil.example" not in html


def test_window_ends_after_the_period(limited):
    for _ in range(3):
        assert security.hit("x", "u1", "3/h", now=7200.0)[0]
    allowed, retry_after = security.hit("x", "u1", "3/h", now=7300.0)

    assert allowed is False
    assert retry_after == 3501
    assert security.hit("x", "u1", "3/h", now=10800.0)[0] is True


def test_repeated_failed_logins_are_stopped_by_allauth(client, resident):
    cache.clear()
    for _ in range(5):
        client.post("/konto/login/", {"login": resident.email, "password": "falsch-123456"})

    response = client.post("/konto/login/", {"login": resident.email, "password": TEST_PASSWORD})

    assert response.status_code == 200
    assert "zu viele" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_signup_flood_gets_the_friendly_page(client, settings):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for n in range(2):
        client.post(
            "/konto/signup/",
            {"email": f"neu{n}@example.org", "password1": "x", "password2": "x"},
        )

    response = client.post(
        "/konto/signup/", {"email": "neu9@example.org", "password1": "x", "password2": "x"}
    )

    assert response.status_code == 429
    assert "Kurze Pause, bitte" in response.content.decode()
    cache.clear()


def test_password_reset_flood_gets_the_friendly_page(client, resident):
    cache.clear()
    answers = [
        client.post("/konto/password/reset/", {"email": resident.email}).status_code
        for _ in range(6)
    ]

    response = client.post("/konto/password/reset/", {"email": resident.email})

    assert answers == [302] * 5 + [429]
    assert "Kurze Pause, bitte" in response.content.decode()
    cache.clear()


def test_every_rate_limited_url_name_exists():
    from django.urls import NoReverseMatch, reverse

    from tests.security.matrix import walk

    names = {name for name, _route in walk()}

    assert sorted(set(security.RATE_LIMITS) - names) == []
    with pytest.raises(NoReverseMatch):
        reverse("gibt-es-nicht")


def test_idea_posting_is_limited_in_the_real_url_map(client, resident, settings, chemnitz):
    from tests.initiatives.factories import InitiativeFactory, PhaseFactory

    security.reset_rate_limits()
    settings.PORTAL_RATE_LIMITS = {"initiatives:idea_create": "2/h"}
    initiative = InitiativeFactory(municipality=chemnitz, slug="numic")
    PhaseFactory(initiative=initiative)
    client.force_login(resident)
    data = {"title": "Mehr Bänke", "body": "Am Kaßberg fehlen Bänke."}

    answers = [client.post("/initiativen/numic/ideen/neu/", data).status_code for _ in range(3)]

    assert answers[:2] != [429, 429]
    assert answers[2] == 429
    assert initiative.ideas.count() == 2
    security.reset_rate_limits()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("wide_pool")
def test_simultaneous_posts_never_lose_a_count():
    """20 requests of one person at once on real connections: exactly 5 of 5/h pass."""
    results, errors = run_at_once(20, lambda _i: security.hit("race", "u7", "5/h", now=3600.0))

    assert errors == []
    assert sorted(allowed for allowed, _retry in results).count(True) == 5
    assert RateLimitCounter.objects.get(key="race:u7:3600").count == 20


def test_prune_deletes_only_counters_whose_window_ended(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        security.hit("old", address, "3/h", now=0.0)  # window ended in 1970
    security.hit("current", "u1", "3/h")

    # One DELETE; no per-row signals, so the page cache's content version stays.
    with django_assert_num_queries(1), django_capture_on_commit_callbacks() as callbacks:
        call_command("prune_rate_limits", stdout=StringIO())

    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["current:u1:3600"]
    assert callbacks == []
