"""The shared page cache for anonymous visitors (civicportal/cache.py) and the content
version it is keyed by (civicportal/core/content.py), on the database cache of the
settings. Two servers on one Redis: tests/bench/test_shared_page_cache.py."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from civicportal.core import content
from civicportal.settings import cache_from_url
from tests.factories import InitiativeFactory
from tests.volunteering.factories import OpportunityFactory, ShiftFactory


@pytest.fixture
def page_cache_on(settings):
    """The cache switched on (the suite runs with PAGE_CACHE_SECONDS=0), on the database
    cache table of the settings; this process has seen no content version yet."""
    settings.PAGE_CACHE_SECONDS = 30
    settings.PAGE_CACHE_VERSION_SECONDS = 0  # ask for the version on every request
    content.forget()
    yield
    content.forget()


@pytest.mark.django_db
def test_a_repeated_anonymous_page_comes_from_the_shared_cache_in_one_query(
    page_cache_on, chemnitz
):
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    first = Client().get("/initiativen/")

    with CaptureQueriesContext(connection) as queries:
        second = Client().get("/initiativen/")

    assert "Fairtrade-Town Chemnitz" in second.content.decode()
    assert second.content == first.content
    assert (first.get("X-Page-Cache"), second["X-Page-Cache"]) == (None, "hit")
    # only the content version is read: this process holds a copy of the page under it
    assert len(queries) == 1
    assert '"civicportal_cache"' in queries[0]["sql"]


@pytest.mark.django_db
def test_a_cached_page_holds_no_token_sets_no_cookie_and_may_be_shared(page_cache_on, chemnitz):
    first = Client().get("/engagement/")
    second = Client().get("/engagement/")

    for response in (first, second):
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies
        assert response["Cache-Control"] == "public, max-age=30"
        assert "Cookie" in response["Vary"]  # the language cookie
    assert second["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_page_with_a_form_for_anonymous_visitors_is_never_shared(page_cache_on, chemnitz):
    Client().get("/barrierefreiheit/")
    response = Client().get("/barrierefreiheit/")  # the barrier report form

    assert response.get("X-Page-Cache") is None
    assert "private" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


@pytest.mark.django_db
def test_publishing_content_through_a_service_shows_on_the_next_request(
    page_cache_on, organisation, django_capture_on_commit_callbacks
):
    from volunteering import services

    opportunity = OpportunityFactory(
        organisation=organisation, title="Lesepatenschaft Kaßberg", is_published=False
    )
    before = Client().get("/engagement/")
    assert Client().get("/engagement/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_opportunity(opportunity=opportunity)
    after = Client().get("/engagement/")

    assert "Lesepatenschaft Kaßberg" not in before.content.decode()
    assert after.get("X-Page-Cache") is None
    assert "Lesepatenschaft Kaßberg" in after.content.decode()


@pytest.mark.django_db
def test_deleting_content_in_the_admin_shows_on_the_next_request(
    page_cache_on, chemnitz, superuser, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    Client().get("/initiativen/")
    staff = Client()
    staff.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = staff.post(
            f"/admin/initiatives/initiative/{initiative.pk}/delete/", {"post": "yes"}
        )
    response = Client().get("/initiativen/")

    assert deleted.status_code == 302
    assert response.get("X-Page-Cache") is None
    assert "Fairtrade-Town Chemnitz" not in response.content.decode()


@pytest.mark.django_db
def test_a_change_waits_for_its_commit(page_cache_on, chemnitz, django_capture_on_commit_callbacks):
    version = content.current()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        content.changed()
    unchanged = content.current()
    for callback in callbacks:
        callback()

    assert unchanged == version  # nobody renders uncommitted content under a new version
    assert content.current() not in ("", version)


@pytest.mark.django_db
def test_a_sign_up_keeps_the_cached_pages(page_cache_on, organisation, volunteer):
    from volunteering import services

    shift = ShiftFactory(opportunity__organisation=organisation, capacity=3)
    version = content.current()

    services.sign_up(volunteer=volunteer, shift=shift)

    assert content.current() == version  # the seat counter ages out with the lifetime


@pytest.mark.django_db
def test_page_cache_never_serves_signed_in_visitors(page_cache_on, chemnitz, resident):
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    Client().get("/initiativen/")
    client = Client()
    client.force_login(resident)

    response = client.get("/initiativen/")

    # not the anonymous page: the shared body with the person's own parts
    # (tests/bench/test_shared_signed_in.py), never stored by a browser or proxy
    assert response["X-Page-Cache"] == "shared-miss"
    assert "Angemeldet als Rita Resident" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_page_cache_keeps_languages_apart(page_cache_on, chemnitz):
    german = Client().get("/initiativen/")
    english = Client()
    switched = english.get("/sprache/en/", {"next": "/initiativen/"}, follow=True)
    again = english.get("/initiativen/")

    assert switched.get("X-Page-Cache") is None
    assert switched["Content-Language"] == "en"
    assert '<html lang="en">' in switched.content.decode()
    assert again["X-Page-Cache"] == "hit"
    assert '<html lang="en">' in again.content.decode()
    assert '<html lang="de">' in german.content.decode()


@pytest.mark.django_db
def test_page_cache_is_off_with_zero_lifetime(settings, page_cache_on, chemnitz):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/initiativen/")

    response = Client().get("/initiativen/")

    assert response.get("X-Page-Cache") is None
    assert "Cache-Control" not in response


@pytest.mark.django_db
def test_a_version_another_server_published_counts_on_the_next_request(page_cache_on, chemnitz):
    Client().get("/initiativen/")
    caches["default"].set(content.VERSION_KEY, "published-by-another-server", timeout=None)

    missed = Client().get("/initiativen/")
    hit = Client().get("/initiativen/")

    assert missed.get("X-Page-Cache") is None
    assert hit["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_page_cache_skips_a_page_whose_view_stored_something_in_the_session(
    page_cache_on, chemnitz
):
    Client().get("/?kommune=chemnitz")
    visitor = Client()

    response = visitor.get("/?kommune=chemnitz")

    assert response.get("X-Page-Cache") is None
    assert "sessionid" in response.cookies  # the choice is remembered for this visitor too


def test_cache_url_selects_the_backend(monkeypatch):
    monkeypatch.setenv("CACHE_KEY_PREFIX", "cp-a")

    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    redis = cache_from_url("redis://127.0.0.1:6379/3")
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
        "KEY_PREFIX": "cp-a",
    }
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://127.0.0.1:11211")


# --- the personal "für mich" list (civicportal.core.fragments) ---------------------------------


@pytest.fixture
def matching_volunteer(db):
    from tests.factories import UserFactory
    from tests.volunteering.factories import ProfileFactory
    from tests.volunteering.test_matching import _opportunity, next_weekday, world

    places = world.__wrapped__()
    for title in ("Klimacafé Hörde", "Bäume gießen"):
        _opportunity(
            places,
            title,
            themes=[places["klima"]],
            district=places["home"],
            start=next_weekday(1, 18),
        )
    user = UserFactory()
    ProfileFactory(
        user=user, municipality=places["city"], district=places["home"], interests=[places["klima"]]
    )
    return user, places


def _titles(response) -> list[str]:
    return re.findall(r'<h3 class="kern-title"><a [^>]*>([^<]+)</a>', response.content.decode())


def test_matches_are_reused_until_the_person_or_the_content_changes(
    page_cache_on, matching_volunteer, django_assert_max_num_queries
):
    from tests.volunteering.test_matching import _opportunity, next_weekday
    from volunteering import services
    from volunteering.models import Shift

    user, places = matching_volunteer
    client = Client()
    client.force_login(user)
    first = client.get("/engagement/fuer-mich/")

    # session, user, the person's state, the shared cache: no ranking, no rows
    with django_assert_max_num_queries(4):
        again = client.get("/engagement/fuer-mich/")
    services.sign_up(
        volunteer=user, shift=Shift.objects.filter(opportunity__title="Bäume gießen").get()
    )
    after_signup = client.get("/engagement/fuer-mich/")
    _opportunity(
        places,
        "Repair-Café",
        themes=[places["klima"]],
        district=places["home"],
        start=next_weekday(3, 18),
    )
    content.publish_new_version()  # what the service publishing it does on commit
    after_new_content = client.get("/engagement/fuer-mich/")

    assert sorted(_titles(first)) == sorted(_titles(again)) == ["Bäume gießen", "Klimacafé Hörde"]
    assert _titles(after_signup) == ["Klimacafé Hörde"]
    assert sorted(_titles(after_new_content)) == ["Klimacafé Hörde", "Repair-Café"]
    assert again["Cache-Control"] == first["Cache-Control"]  # still a private page


def test_matches_of_one_person_are_never_shown_to_another(page_cache_on, matching_volunteer):
    from tests.factories import UserFactory
    from tests.volunteering.factories import ProfileFactory

    user, places = matching_volunteer
    other = UserFactory()
    ProfileFactory(user=other, municipality=places["city"], interests=[places["kultur"]])
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(other)

    assert len(_titles(first.get("/engagement/fuer-mich/"))) == 2
    assert _titles(second.get("/engagement/fuer-mich/")) == []


@pytest.mark.django_db
def test_within_the_trusted_second_a_repeated_page_costs_no_round_trip(
    page_cache_on, settings, chemnitz
):
    settings.PAGE_CACHE_VERSION_SECONDS = 60
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    first = Client().get("/initiativen/")

    with CaptureQueriesContext(connection) as queries:
        second = Client().get("/initiativen/")

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0


@pytest.mark.django_db
def test_another_servers_version_counts_once_the_trusted_time_is_over(
    page_cache_on, settings, chemnitz
):
    settings.PAGE_CACHE_VERSION_SECONDS = 60
    Client().get("/initiativen/")
    caches["default"].set(content.VERSION_KEY, "published-by-another-server", timeout=None)

    within = Client().get("/initiativen/")
    content._seen["checked"] -= 61  # the trusted minute is over
    after = Client().get("/initiativen/")

    assert within["X-Page-Cache"] == "hit"  # the copy under the version read before
    assert after.get("X-Page-Cache") is None  # rendered under the other server's version
    assert content.current() == "published-by-another-server"


@pytest.mark.django_db
def test_a_copy_is_not_served_after_its_lifetime(page_cache_on, settings, chemnitz):
    settings.PAGE_CACHE_VERSION_SECONDS = 60
    Client().get("/initiativen/")
    for name, (_expires, value) in list(content._copies.items()):
        content._copies[name] = (0.0, value)  # expired
    caches["default"].clear()
    content._seen["checked"] -= 61

    response = Client().get("/initiativen/")

    assert response.get("X-Page-Cache") is None


@pytest.mark.django_db
def test_filter_choices_are_read_once_per_content_version(
    page_cache_on, chemnitz, django_capture_on_commit_callbacks
):
    from civicportal.core.choices import load_choices

    first = load_choices()
    with CaptureQueriesContext(connection) as queries:
        again = load_choices()
    chemnitz.name = "Chemnitz (Sachsen)"
    chemnitz.save()
    with django_capture_on_commit_callbacks(execute=True):
        content.changed()  # what the admin does after saving
    renamed = load_choices()

    assert [m.name for m in first.municipalities] == ["Chemnitz"]
    assert [m.name for m in again.municipalities] == ["Chemnitz"]
    assert all('"core_municipality"' not in query["sql"] for query in queries)
    assert [m.name for m in renamed.municipalities] == ["Chemnitz (Sachsen)"]


@pytest.mark.django_db
def test_a_calendar_client_with_the_current_copy_gets_a_304_from_the_cache(page_cache_on, chemnitz):
    first = Client().get("/termine.ics")
    again = Client().get("/termine.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
