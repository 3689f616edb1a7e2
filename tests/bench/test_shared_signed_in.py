"""Signed-in pages from shared parts (issue 20, item 1): the body shared by everyone comes
from the shared cache, the person's own parts (``{% personal %}``, civicportal.core.personal)
are rendered for them on every request, and nobody sees another person's part."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from civicportal.core import content
from tests.factories import InitiativeFactory, UserFactory
from tests.volunteering.factories import OpportunityFactory, ShiftFactory, in_days
from volunteering.models import Signup

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 30
    settings.PAGE_CACHE_VERSION_SECONDS = 0
    content.forget()
    yield
    content.forget()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def opportunity(organisation):
    opportunity = OpportunityFactory(organisation=organisation, title="Tafel Kaßberg")
    ShiftFactory(opportunity=opportunity, starts_at=in_days(3))
    ShiftFactory(opportunity=opportunity, starts_at=in_days(4))
    return opportunity


@pytest.mark.django_db
def test_a_person_never_sees_another_persons_part(page_cache_on, opportunity):
    anna = UserFactory(display_name="Anna Aktiv")
    ben = UserFactory(display_name="Ben Neu")
    first_shift = opportunity.shifts.order_by("starts_at").first()
    Signup.objects.create(shift=first_shift, volunteer=anna, status=Signup.Status.CONFIRMED)
    url = opportunity.get_absolute_url()

    for_anna = _client(anna).get(url)
    for_ben = _client(ben).get(url)
    anna_again = _client(anna).get(url)

    assert for_anna["X-Page-Cache"] == "shared-miss"
    assert for_ben["X-Page-Cache"] == anna_again["X-Page-Cache"] == "shared"
    assert "Angemeldet als Anna Aktiv" in _text(for_anna)
    assert "Angemeldet als Anna Aktiv" in _text(anna_again)
    assert "bestätigt" in _text(for_anna)
    assert "bestätigt" in _text(anna_again)
    assert "Angemeldet als Ben Neu" in _text(for_ben)
    assert "Anna Aktiv" not in _text(for_ben)
    assert "bestätigt" not in _text(for_ben)
    assert _text(for_ben).count('class="volunteering-signup-form"') == 2  # both shifts open
    assert _text(for_anna).count('class="volunteering-signup-form"') == 1
    assert "Tafel Kaßberg" in _text(for_ben)
    assert "<!--personal:" not in _text(for_ben)
    assert "no-store" in for_ben["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["volunteer", "editor"])
def test_a_shared_page_is_the_page_rendered_for_the_person(
    page_cache_on, settings, opportunity, editor_chemnitz, role
):
    anna = UserFactory(display_name="Anna Aktiv") if role == "volunteer" else editor_chemnitz
    Signup.objects.create(
        shift=opportunity.shifts.first(), volunteer=anna, status=Signup.Status.WAITLISTED
    )
    initiative = InitiativeFactory(municipality=opportunity.municipality, title="Grüner Kaßberg")
    urls = [
        opportunity.get_absolute_url(),
        "/engagement/",
        "/initiativen/",
        initiative.get_absolute_url(),
        "/",
        "/foerderung/gefoerderte-projekte/",
    ]
    _client(UserFactory()).get(urls[0])  # someone else filled the cache for the first one

    shared = {url: _client(anna).get(url) for url in urls}
    settings.PAGE_CACHE_SECONDS = 0
    fresh = {url: _client(anna).get(url) for url in urls}

    for url in urls:
        assert shared[url].status_code == fresh[url].status_code == 200, url
        assert shared[url]["X-Page-Cache"].startswith("shared"), url
        assert TOKEN.sub("", _text(shared[url])) == TOKEN.sub("", _text(fresh[url])), url


@pytest.mark.django_db
def test_the_follow_button_is_the_persons_own(page_cache_on, chemnitz):
    from initiatives.models import Follow

    initiative = InitiativeFactory(municipality=chemnitz, title="Grüner Kaßberg")
    anna, ben = UserFactory(), UserFactory()
    Follow.objects.create(user=anna, initiative=initiative)

    for_ben = _client(ben).get(initiative.get_absolute_url())
    for_anna = _client(anna).get(initiative.get_absolute_url())

    assert for_anna["X-Page-Cache"] == "shared"
    assert "Nicht mehr folgen" in _text(for_anna)
    assert "Nicht mehr folgen" not in _text(for_ben)
    assert ">Folgen<" in _text(for_ben)


@pytest.mark.django_db
def test_a_repeated_signed_in_page_costs_the_session_the_user_and_one_state_query(
    page_cache_on, opportunity
):
    anna = _client(UserFactory())
    anna.get(opportunity.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        response = anna.get(opportunity.get_absolute_url())

    assert response["X-Page-Cache"] == "shared"
    sql = [query["sql"] for query in queries]
    assert len(sql) == 4, sql
    assert '"django_session"' in sql[0]
    assert '"core_user"' in sql[1]
    assert '"civicportal_cache"' in sql[2]  # the content version; the body is a local copy
    # the shifts' sign-up cells with the person's status, in one query
    assert '"volunteering_shift"' in sql[3]
    assert '"volunteering_signup"' in sql[3]


@pytest.mark.django_db
def test_an_editors_unpublished_page_is_rendered_for_them_alone(
    page_cache_on, organisation, editor_chemnitz
):
    from tests.factories import MembershipFactory

    MembershipFactory(organisation=organisation, user=editor_chemnitz)
    draft = OpportunityFactory(organisation=organisation, title="Entwurf", is_published=False)
    response = _client(editor_chemnitz).get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Entwurf" in _text(response)
    assert response.get("X-Page-Cache") is None
    assert Client().get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_messages_show_on_a_shared_page(page_cache_on, opportunity):
    anna = _client(UserFactory())
    shift = opportunity.shifts.first()

    response = anna.post(f"/engagement/termine/{shift.pk}/anmelden/", {"message": ""}, follow=True)

    assert response.redirect_chain
    assert response["X-Page-Cache"].startswith("shared")
    assert 'class="portal-messages"' in _text(response)
    assert "Angemeldet als" in _text(response)


@pytest.mark.django_db
def test_the_public_calendar_is_shared_with_signed_in_people(page_cache_on, chemnitz):
    anna, ben = _client(UserFactory()), _client(UserFactory())

    first = anna.get("/termine.ics")
    second = ben.get("/termine.ics")
    polling = ben.get("/termine.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["X-Page-Cache"] == "shared-miss"
    assert second["X-Page-Cache"] == "shared"
    assert second["Content-Type"].startswith("text/calendar")
    assert second.content == first.content
    assert b"BEGIN:VCALENDAR" in second.content
    assert polling.status_code == 304
