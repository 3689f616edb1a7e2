"""The organisation pages compose the parts' blocks registered in their AppConfig.ready():
volunteering's offers and applications, funding's applications, volunteering's sign-ups in
the participants' export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicportal.core.models import OrganisationMembership
from organisations import registry
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.funding.factories import ApplicationFactory, CallFactory, ProgrammeFactory
from tests.volunteering.factories import OpportunityFactory, ShiftFactory
from volunteering import services as volunteering_services


def test_the_apps_register_their_blocks():
    assert [s.key for s in registry.member_sections()] == ["volunteering", "funding"]
    assert [s.key for s in registry.public_sections()] == ["volunteering"]
    assert len(registry.participant_sources()) == 1


def test_public_page_lists_published_offers_only(client, organisation):
    OpportunityFactory(organisation=organisation, title="Lesepaten gesucht")
    OpportunityFactory(organisation=organisation, title="Geheimer Entwurf", is_published=False)

    response = client.get(reverse("organisations:detail", kwargs={"slug": organisation.slug}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Lesepaten gesucht" in page
    assert "Geheimer Entwurf" not in page


def test_members_area_shows_offers_applications_and_team(client, org_member, organisation):
    OpportunityFactory(organisation=organisation, title="Entwurf fürs Team", is_published=False)
    programme = ProgrammeFactory(municipality=organisation.municipality)
    ApplicationFactory(
        organisation=organisation, call=CallFactory(programme=programme), title="Stadtteilfest"
    )
    ApplicationFactory(title="Fremder Antrag")
    client.force_login(org_member)

    response = client.get(reverse("organisations:detail", kwargs={"slug": organisation.slug}))

    page = response.content.decode()
    assert "Bereich für Mitglieder" in page
    assert "Entwurf fürs Team" in page  # volunteering's block
    assert "Förderanträge" in page
    assert "Stadtteilfest" in page
    assert "Fremder Antrag" not in page
    assert "Mia Member" in page  # the team


def test_coordinator_sees_no_invitation_form(client, organisation):
    coordinator = UserFactory()
    MembershipFactory(
        organisation=organisation, user=coordinator, role=OrganisationMembership.Role.COORDINATOR
    )
    client.force_login(coordinator)

    page = client.get(reverse("organisations:detail", kwargs={"slug": organisation.slug}))

    assert "Jemanden einladen" not in page.content.decode()
    assert "Teilnehmende als CSV" in page.content.decode()


def test_export_holds_the_registered_participants(client, org_member, organisation, volunteer):
    shift = ShiftFactory(opportunity=OpportunityFactory(organisation=organisation, title="Tafel"))
    volunteering_services.sign_up(volunteer=volunteer, shift=shift)
    other = ShiftFactory(opportunity=OpportunityFactory(organisation=OrganisationFactory()))
    volunteering_services.sign_up(volunteer=UserFactory(email="x@example.org"), shift=other)
    client.force_login(org_member)

    response = client.get(reverse("organisations:export", kwargs={"slug": organisation.slug}))

    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "Angebot;Beginn;Ende;Name;E-Mail;Status"
    assert len(lines) == 2
    assert lines[1].startswith("Tafel;")
    assert lines[1].endswith(";Vera Volunteer;volunteer@example.org;bestätigt")


def test_old_public_paths_still_answer(client, resident):
    client.force_login(resident)
    assert reverse("organisations:register") == "/organisationen/neu/"
    assert client.get("/organisationen/neu/").status_code == 200


@pytest.fixture
def unverified(organisation):
    organisation.verified_at = None
    organisation.save()
    return organisation


def test_unverified_dashboard_says_who_verifies_and_what_is_missing(client, unverified, org_member):
    client.force_login(org_member)

    page = client.get(reverse("organisations:detail", kwargs={"slug": "kassberg"})).content.decode()

    assert "Noch nicht verifiziert" in page
    assert "prüft die FreiwilligenAgentur Chemnitz eure Organisation" in page
    assert "die Satzung und den Auszug aus dem Vereinsregister" in page
    assert "<li>eine Anschrift</li>" in page
    assert "<li>eine E-Mail-Adresse oder Telefonnummer der Organisation</li>" in page
    assert 'href="/organisationen/kassberg/angaben/"' in page  # the admin completes them


def test_a_plain_member_is_told_who_completes_the_details(client, unverified):
    member = UserFactory()
    MembershipFactory(organisation=unverified, user=member, role=OrganisationMembership.Role.MEMBER)
    client.force_login(member)

    page = client.get(reverse("organisations:detail", kwargs={"slug": "kassberg"})).content.decode()

    assert "wer in eurer Organisation die Rolle „Administration“ hat" in page
    assert "/angaben/" not in page
    assert client.get("/organisationen/kassberg/angaben/").status_code == 404


def test_admin_completes_the_details_and_the_dashboard_says_so(client, unverified, org_member):
    client.force_login(org_member)
    edit = "/organisationen/kassberg/angaben/"

    refused = client.post(
        edit,
        {"name": "Stadtteilverein Kaßberg e. V.", "legal_form": "ev", "email": "keine-adresse"},
    )
    response = client.post(
        edit,
        {
            "name": "Stadtteilverein Kaßberg e. V.",
            "legal_form": "ev",
            "description": "Wir pflegen den Park am Kaßberg.",
            "email": "post@kassberg.example",
            "address": "Weststraße 1, 09112 Chemnitz",
        },
        follow=True,
    )

    assert refused.status_code == 422
    assert "keine-adresse" in refused.content.decode()  # what was typed stays
    assert "Gib eine gültige E-Mail-Adresse ein" in refused.content.decode() or (
        "gültige E-Mail-Adresse" in refused.content.decode()
    )
    page = response.content.decode()
    assert "Die Angaben sind gespeichert." in page
    assert "Eure Angaben sind vollständig." in page
    assert "Noch nicht verifiziert" in page  # the agency still has to verify
    unverified.refresh_from_db()
    assert unverified.address == "Weststraße 1, 09112 Chemnitz"


def test_a_verified_organisation_shows_no_verification_notice(client, organisation, org_member):
    client.force_login(org_member)

    page = client.get(reverse("organisations:detail", kwargs={"slug": "kassberg"})).content.decode()

    assert "Noch nicht verifiziert" not in page
