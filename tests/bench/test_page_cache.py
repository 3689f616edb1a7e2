"""The whole-page cache for anonymous visitors (civicportal/cache.py)."""

from __future__ import annotations

import re

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from civicportal import cache as page_cache
from tests.factories import InitiativeFactory
from tests.volunteering.factories import ShiftFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def page_cache_on(settings, monkeypatch):
    """The cache switched on, with a memory cache standing in for the shared one."""
    settings.PAGE_CACHE_SECONDS = 30
    monkeypatch.setattr(page_cache, "shared_cache", LocMemCache("test-shared", {}))
    monkeypatch.setattr(page_cache, "VERSION_CHECK_SECONDS", 3600)
    page_cache.clear()
    yield
    page_cache.clear()


@pytest.mark.django_db
def test_page_cache_serves_a_repeated_anonymous_page_without_queries(
    page_cache_on, chemnitz, django_assert_num_queries
):
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    first = Client().get("/initiativen/")

    with django_assert_num_queries(0):
        second = Client().get("/initiativen/")

    assert "Fairtrade-Town Chemnitz" in second.content.decode()
    assert (first.get("X-Page-Cache"), second["X-Page-Cache"]) == (None, "hit")


@pytest.mark.django_db
def test_page_cache_drops_pages_when_content_is_saved(page_cache_on, chemnitz):
    initiative = InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    Client().get("/initiativen/")

    initiative.title = "Fairtrade-Stadt Chemnitz"
    initiative.save()
    response = Client().get("/initiativen/")

    assert "Fairtrade-Stadt Chemnitz" in response.content.decode()
    assert response.get("X-Page-Cache") is None


@pytest.mark.django_db
def test_page_cache_drops_pages_when_content_is_deleted(page_cache_on, chemnitz):
    initiative = InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    Client().get("/initiativen/")

    initiative.delete()
    response = Client().get("/initiativen/")

    assert "Fairtrade-Town Chemnitz" not in response.content.decode()


@pytest.mark.django_db
def test_page_cache_keeps_pages_when_only_a_seat_counter_changes(page_cache_on, organisation):
    shift = ShiftFactory(opportunity__organisation=organisation)
    version = page_cache.content_version()

    shift.taken = 1
    shift.save(update_fields=["taken"])

    assert page_cache.content_version() == version


@pytest.mark.django_db
def test_page_cache_never_serves_signed_in_visitors(page_cache_on, chemnitz, resident):
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    Client().get("/initiativen/")
    client = Client()
    client.force_login(resident)

    response = client.get("/initiativen/")

    assert response.get("X-Page-Cache") is None


@pytest.mark.django_db
def test_page_cache_puts_a_valid_csrf_token_of_each_visitor_into_a_cached_page(
    page_cache_on, chemnitz
):
    Client().get("/initiativen/")
    visitor = Client(enforce_csrf_checks=True)

    response = visitor.get("/initiativen/")
    tokens = set(TOKEN.findall(response.content.decode()))
    switched = visitor.post(
        "/sprache/",
        {"language": "en", "next": "/initiativen/", "csrfmiddlewaretoken": tokens.pop()},
    )

    assert response["X-Page-Cache"] == "hit"
    assert tokens == set()  # one token, used above
    assert "csrftoken" in response.cookies
    assert switched.status_code == 302


@pytest.mark.django_db
def test_page_cache_keeps_languages_apart(page_cache_on, chemnitz):
    Client().get("/initiativen/")
    english = Client()
    english.cookies["django_language"] = "en"

    response = english.get("/initiativen/")

    assert response.get("X-Page-Cache") is None
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_page_cache_is_off_with_zero_lifetime(settings, page_cache_on, chemnitz):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/initiativen/")

    response = Client().get("/initiativen/")

    assert response.get("X-Page-Cache") is None


@pytest.mark.django_db
def test_page_cache_tells_other_processes_after_the_commit(
    page_cache_on, chemnitz, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(municipality=chemnitz)
    before = page_cache.shared_cache.get(page_cache.VERSION_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        initiative.title = "Neuer Titel"
        initiative.save()
    published = page_cache.shared_cache.get(page_cache.VERSION_KEY)
    page_cache._version.update(value="stale-version-of-another-process", checked=float("-inf"))

    assert published != before
    assert page_cache.content_version() == published


@pytest.mark.django_db
def test_page_cache_skips_a_page_whose_view_stored_something_in_the_session(
    page_cache_on, chemnitz
):
    Client().get("/?kommune=chemnitz")
    visitor = Client()

    response = visitor.get("/?kommune=chemnitz")

    assert response.get("X-Page-Cache") is None
    assert "sessionid" in response.cookies  # the choice is remembered for this visitor too


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

    with django_assert_max_num_queries(3):  # session, user, profile: no ranking, no rows
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
