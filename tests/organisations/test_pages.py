"""The organisation pages compose the parts' blocks registered in their AppConfig.ready():
volunteering's offers and applications, funding's applications, volunteering's sign-ups in
the participants' export."""

from __future__ import annotations

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
