"""The home page: what is happening now, per municipality (remembered), in a fixed number
of queries."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from tests.factories import InitiativeFactory
from tests.funding.factories import CallFactory
from tests.initiatives.factories import EventFactory
from tests.volunteering.factories import OpportunityFactory, ShiftFactory
from volunteering.models import Shift

pytestmark = pytest.mark.django_db


def _everything(municipality, suffix: str) -> None:
    InitiativeFactory(municipality=municipality, title=f"Initiative {suffix}")
    opportunity = OpportunityFactory(
        organisation__municipality=municipality, title=f"Angebot {suffix}"
    )
    ShiftFactory(opportunity=opportunity, capacity=4)
    CallFactory(programme__municipality=municipality, title=f"Aufruf {suffix}")
    EventFactory(municipality=municipality, title=f"Termin {suffix}")


def test_home_shows_all_four_sections(client, chemnitz):
    _everything(chemnitz, "Chemnitz")

    html = client.get("/").content.decode()

    assert ">Initiative Chemnitz</a>" in html
    assert ">Angebot Chemnitz</a>" in html
    assert "4 Plätze frei" in html
    assert ">Aufruf Chemnitz</a>" in html
    assert "Antragsschluss:" in html
    assert ">Termin Chemnitz</a>" in html


def test_home_hides_full_opportunities_closed_calls_and_past_events(client, chemnitz):
    full = OpportunityFactory(organisation__municipality=chemnitz, title="Ausgebucht")
    ShiftFactory(opportunity=full, capacity=2)
    Shift.objects.filter(opportunity=full).update(taken=F("capacity"))
    now = timezone.now()
    CallFactory(
        programme__municipality=chemnitz,
        title="Vorbei",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=1),
    )
    EventFactory(
        municipality=chemnitz,
        title="Gestern",
        starts_at=now - datetime.timedelta(days=1, hours=2),
        ends_at=now - datetime.timedelta(days=1),
    )

    html = client.get("/").content.decode()

    assert "Ausgebucht" not in html
    assert ">Vorbei</a>" not in html
    assert "Gestern" not in html
    assert "Zurzeit gibt es keine Angebote mit freien Plätzen." in html
    assert "Zurzeit ist kein Förderaufruf geöffnet." in html


def test_municipality_switch_filters_and_is_remembered(client, chemnitz, dortmund):
    _everything(chemnitz, "Chemnitz")
    _everything(dortmund, "Dortmund")

    chosen = client.get("/", {"kommune": "dortmund"}).content.decode()
    again = client.get("/").content.decode()
    reset = client.get("/", {"kommune": "alle"}).content.decode()

    for html in (chosen, again):
        assert ">Initiative Dortmund</a>" in html
        assert "Initiative Chemnitz" not in html
        assert "Termin Chemnitz" not in html
        assert 'href="?kommune=dortmund" aria-current="page"' in html
    assert ">Initiative Chemnitz</a>" in reset
    assert 'href="?kommune=alle" aria-current="page"' in reset


def test_unknown_municipality_means_all(client, chemnitz):
    _everything(chemnitz, "Chemnitz")

    html = client.get("/", {"kommune": "atlantis"}).content.decode()

    assert ">Initiative Chemnitz</a>" in html


def test_home_links_bitv_explanations(client):
    html = client.get("/").content.decode()

    assert 'href="/leichte-sprache/">Leichter Sprache</a>' in html
    assert 'href="/gebaerdensprache/">Deutscher Gebärdensprache</a>' in html


@pytest.mark.parametrize("rows", [1, 10])
def test_home_query_count_is_constant(
    client, chemnitz, dortmund, django_assert_max_num_queries, rows
):
    for number in range(rows):
        _everything(chemnitz if number % 2 else dortmund, str(number))

    # municipalities, initiatives (+ SDG badges), opportunities, calls, events
    with django_assert_max_num_queries(6):
        response = client.get("/")

    assert response.content.decode().count('class="kern-card portal-card"') == min(rows, 6) * 2


@pytest.mark.parametrize("rows", [1, 10])
def test_home_query_count_signed_in_with_municipality(
    client, chemnitz, resident, django_assert_max_num_queries, rows
):
    for number in range(rows):
        _everything(chemnitz, str(number))
    client.force_login(resident)
    client.get("/", {"kommune": "chemnitz"})

    # + session and user
    with django_assert_max_num_queries(8):
        response = client.get("/")

    assert ">Initiative 0</a>" in response.content.decode()
