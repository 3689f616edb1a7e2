"""Cross-tenant and guessed-ID cases, spelled out (the role matrix covers them too)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from civicportal.core.models import OrganisationMembership

pytestmark = pytest.mark.django_db


def test_dortmund_editor_never_lists_or_opens_chemnitz_ideas(world, clients):
    client = clients["editor_dortmund"]

    listing = client.get("/admin/initiatives/idea/").content.decode()
    opened = client.get(f"/admin/initiatives/idea/{world.o.idea.pk}/change/")

    assert "Radweg Nordstadt" in listing
    assert "Mehr Bänke am Kaßberg" not in listing
    assert opened.status_code == 302
    assert opened["Location"] == "/admin/"


def test_member_of_one_organisation_never_sees_anothers_applicants(world, clients):
    other = world.o.other_organisation.slug
    client = clients["org_admin"]  # admin of kassberg, nothing to do with nordstadt

    export = client.get(reverse("organisations:export", kwargs={"slug": other}))
    page = client.get(reverse("organisations:detail", kwargs={"slug": other}))
    decide = client.post(
        reverse(
            "volunteering:signup_decide",
            kwargs={"pk": world.o.other_signup.pk, "decision": "annehmen"},
        )
    )

    assert export.status_code == 404
    assert "Sven Stranger" not in page.content.decode()
    assert "stranger@example.org" not in page.content.decode()
    assert decide.status_code == 404


def test_member_of_one_organisation_never_opens_anothers_application_or_attachment(world, clients):
    client = clients["org_admin"]
    other = world.o.other_application.pk

    application = client.get(reverse("funding:application", kwargs={"pk": other}))
    attachment = client.get(
        reverse("funding:attachment", kwargs={"pk": other, "attachment": world.o.attachment.pk})
    )
    guessed = client.get(reverse("funding:application", kwargs={"pk": other + 1000}))

    assert application.status_code == 404
    assert attachment.status_code == 404
    assert guessed.status_code == 404


def test_reviewer_sees_only_assigned_applications(world, clients):
    html = clients["reviewer"].get(reverse("funding:reviews")).content.decode()

    assert "Kaßberg-Fest" in html
    assert "Nordstadt-Werkstatt" not in html


def test_an_invitation_link_works_only_for_the_invited_address(world, clients):
    path = reverse("organisations:accept_invitation", kwargs={"token": world.o.invitation.token})

    clients["resident"].post(path)

    assert not OrganisationMembership.objects.filter(
        user=world.users["resident"], organisation=world.o.organisation
    ).exists()


def test_guessed_calendar_token_and_certificate_code_reveal_nothing(world, clients):
    anonymous = clients["anonymous"]

    feed = anonymous.get(reverse("volunteering:calendar_feed", kwargs={"token": "a" * 32}))
    certificate = anonymous.get(
        reverse("volunteering:verify_certificate", kwargs={"code": "CP-0000-0000"})
    )

    assert feed.status_code == 404
    assert certificate.status_code == 404
    assert "Vera" not in certificate.content.decode()
