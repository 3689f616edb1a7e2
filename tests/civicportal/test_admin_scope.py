"""The scoped admin base: a Dortmund editor never lists, opens or chooses Chemnitz records."""

import pytest

from civicportal.core.models import StaffMembership
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, OfficeFactory, StaffMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(chemnitz, dortmund):
    return {
        "chemnitz_office": OfficeFactory(municipality=chemnitz, name="Stabsstelle Chemnitz"),
        "dortmund_office": OfficeFactory(municipality=dortmund, name="Ombudsstelle Dortmund"),
        "chemnitz": InitiativeFactory(municipality=chemnitz, title="NUMIC Chemnitz"),
        "dortmund": InitiativeFactory(municipality=dortmund, title="nordwärts Dortmund"),
    }


def test_editor_lists_only_own_municipality(client, editor_dortmund, records):
    client.force_login(editor_dortmund)

    html = client.get("/admin/initiatives/initiative/").content.decode()

    assert "nordwärts Dortmund" in html
    assert "NUMIC Chemnitz" not in html


def test_editor_cannot_open_other_municipality_record(client, editor_dortmund, records):
    client.force_login(editor_dortmund)

    response = client.get(f"/admin/initiatives/initiative/{records['chemnitz'].pk}/change/")

    assert response.status_code == 302
    assert response.url == "/admin/"


def test_editor_choices_are_limited_to_own_municipality(client, editor_dortmund, records):
    client.force_login(editor_dortmund)

    html = client.get("/admin/initiatives/initiative/add/").content.decode()

    assert "Ombudsstelle Dortmund" in html
    assert "Stabsstelle Chemnitz" not in html
    assert ">Chemnitz<" not in html
    assert ">Dortmund<" in html


def test_editor_cannot_save_record_into_other_municipality(
    client, editor_dortmund, chemnitz, records
):
    client.force_login(editor_dortmund)

    response = client.post(
        "/admin/initiatives/initiative/add/",
        {
            "municipality": chemnitz.pk,
            "title": "Untergeschoben",
            "slug": "untergeschoben",
            "summary": "Sollte nicht gespeichert werden.",
            "status": "ongoing",
            "is_published": "on",
            "created_at_0": "2026-01-01",
            "created_at_1": "10:00:00",
        },
    )

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not Initiative.objects.filter(slug="untergeschoben").exists()


def test_editor_with_two_municipalities_sees_both(client, editor_dortmund, chemnitz, records):
    StaffMembershipFactory(
        user=editor_dortmund, municipality=chemnitz, role=StaffMembership.Role.EDITOR
    )
    client.force_login(editor_dortmund)

    html = client.get("/admin/initiatives/initiative/").content.decode()

    assert "NUMIC Chemnitz" in html
    assert "nordwärts Dortmund" in html


def test_role_without_rights_does_not_see_the_model(client, funding_officer, records):
    client.force_login(funding_officer)

    response = client.get("/admin/initiatives/initiative/")

    assert response.status_code == 403


def test_superuser_sees_everything(client, superuser, records):
    client.force_login(superuser)

    html = client.get("/admin/initiatives/initiative/").content.decode()

    assert "NUMIC Chemnitz" in html
    assert "nordwärts Dortmund" in html
