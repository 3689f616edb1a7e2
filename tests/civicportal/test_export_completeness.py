"""The data export holds everything a person wrote or holds: application texts, the
financing plan, the calendar-feed token; the token can be renewed (issue 12, item 9)."""

from __future__ import annotations

import json

import pytest

from civicportal.account_data import export_user_data
from funding.models import Application, BudgetItem
from tests.funding.factories import ApplicationFactory
from tests.volunteering.factories import ProfileFactory
from volunteering.models import VolunteerProfile

pytestmark = pytest.mark.django_db


def _download(client) -> dict:
    response = client.post("/konto/daten/export/")
    assert response.status_code == 200
    return json.loads(response.content)


def test_export_has_application_texts_and_financing_plan(client, org_member):
    application = ApplicationFactory(
        author=org_member,
        title="Kaßberg-Fest",
        summary="Ein Straßenfest für alle.",
        description="Bühne, Stände und eine Tafel.",
        goals="Nachbarschaft stärken.",
        target_groups="Alle im Viertel.",
    )
    BudgetItem.objects.create(
        application=application, category="material", description="Bierbänke", amount="240.00"
    )

    exported = _download_as(client, org_member)["parts"]["funding"]["applications"]

    (entry,) = [a for a in exported if a["title"] == "Kaßberg-Fest"]
    assert entry["summary"] == "Ein Straßenfest für alle."
    assert entry["description"] == "Bühne, Stände und eine Tafel."
    assert entry["goals"] == "Nachbarschaft stärken."
    assert entry["target_groups"] == "Alle im Viertel."
    assert {"category": "material", "description": "Bierbänke", "amount": "240.00"} in (
        entry["financing_plan"]
    )


def _download_as(client, user) -> dict:
    client.force_login(user)
    return _download(client)


def test_export_has_the_calendar_token_and_renewal_replaces_it(client, volunteer):
    profile = ProfileFactory(user=volunteer)
    old = profile.calendar_token

    assert (
        _download_as(client, volunteer)["parts"]["volunteering"]["profile"]["calendar_token"] == old
    )
    assert client.get(f"/engagement/kalender/{old}.ics").status_code == 200

    response = client.post("/konto/kalender-link-erneuern/")

    assert response.status_code == 302
    assert response.url == "/engagement/meine/"
    new = VolunteerProfile.objects.get(user=volunteer).calendar_token
    assert new != old
    page = client.get("/engagement/meine/").content.decode()
    assert new in page
    assert "Dein Kalender-Link ist erneuert" in page
    assert client.get(f"/engagement/kalender/{old}.ics").status_code == 404
    assert client.get(f"/engagement/kalender/{new}.ics").status_code == 200
    assert export_user_data(volunteer)["parts"]["volunteering"]["profile"]["calendar_token"] == new


def test_renewal_is_post_only_and_needs_a_profile(client, resident):
    client.force_login(resident)

    assert client.get("/konto/kalender-link-erneuern/").status_code == 405
    response = client.post("/konto/kalender-link-erneuern/", follow=True)
    assert "erst mit einem Engagement-Profil" in response.content.decode()
    assert not Application.objects.exists()
