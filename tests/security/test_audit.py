"""Audit trail: staff actions are recorded (who, what, when) and visible to superusers."""

from __future__ import annotations

import pytest

from civicportal.core import audit
from civicportal.core.models import AuditEntry, Organisation, StaffMembership
from civicportal.core.services import grant_staff_role
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(chemnitz):
    return OrganisationFactory(
        name="Neuer Verein e. V.", slug="neuer-verein", municipality=chemnitz, verified_at=None
    )


@pytest.fixture
def coordinator(chemnitz):
    from tests.conftest import _staff

    return _staff("coord@example.org", chemnitz, StaffMembership.Role.VOLUNTEER_COORDINATOR)


def test_verify_action_in_admin_is_recorded(client, coordinator, pending, chemnitz):
    client.force_login(coordinator)

    client.post(
        "/admin/core/organisation/",
        {"action": "verify", "_selected_action": [pending.pk], "index": 0},
    )

    entry = AuditEntry.objects.get()
    assert Organisation.objects.get(pk=pending.pk).is_verified
    assert (entry.actor, entry.actor_label, entry.action) == (
        coordinator,
        "coord@example.org",
        "organisation.verified",
    )
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "core.organisation",
        str(pending.pk),
        "Neuer Verein e. V.",
    )
    assert entry.municipality == chemnitz


def test_verifying_twice_records_once(superuser, pending):
    from civicportal.core.services import verify_organisation

    verify_organisation(organisation=pending, by=superuser)
    verify_organisation(organisation=pending, by=superuser)

    assert AuditEntry.objects.filter(action="organisation.verified").count() == 1


def test_granting_a_staff_role_is_recorded(resident, dortmund):
    grant_staff_role(user=resident, municipality=dortmund, role=StaffMembership.Role.EDITOR)

    entry = AuditEntry.objects.get(action="staff_role.granted")
    assert entry.municipality == dortmund
    assert entry.actor_label == "System"


def test_entry_survives_deletion_of_the_actor(superuser, pending):
    audit.record(actor=superuser, action="idea.hidden", target=pending, note="Spam")
    superuser.delete()

    entry = AuditEntry.objects.get()
    assert entry.actor is None
    assert entry.actor_label == "admin@example.org"
    assert entry.note == "Spam"


def test_entries_for_lists_one_records_history(superuser, pending, organisation):
    audit.record(actor=superuser, action="a.one", target=pending)
    audit.record(actor=superuser, action="a.two", target=organisation)

    assert [e.action for e in audit.entries_for(pending)] == ["a.one"]


def test_superuser_reads_the_audit_in_the_admin(client, superuser, pending):
    audit.record(actor=superuser, action="organisation.verified", target=pending)
    client.force_login(superuser)

    html = client.get("/admin/core/auditentry/").content.decode()

    assert "organisation.verified" in html
    assert "Neuer Verein e. V." in html


@pytest.mark.parametrize("role", ["editor_chemnitz", "funding_officer", "agency_staff"])
def test_staff_other_than_superuser_cannot_read_the_audit(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get("/admin/core/auditentry/").status_code == 403


def test_nobody_can_change_or_delete_entries(client, superuser, pending):
    entry = audit.record(actor=superuser, action="x.y", target=pending)
    client.force_login(superuser)

    change = client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "gefälscht"})
    delete = client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})

    entry.refresh_from_db()
    assert entry.action == "x.y"
    assert change.status_code == 403
    assert delete.status_code == 403
    assert client.get("/admin/core/auditentry/add/").status_code == 403


def test_moderation_is_recorded(editor_chemnitz, chemnitz):
    from initiatives import services as initiative_services
    from tests.initiatives.factories import IdeaFactory, InitiativeFactory

    idea = IdeaFactory(initiative=InitiativeFactory(municipality=chemnitz), title="Spam")

    initiative_services.moderate(
        moderator=editor_chemnitz, target=idea, action="hide", reason="Werbung"
    )

    entry = AuditEntry.objects.get(action="idea.hidden")
    assert (entry.actor, entry.target_label, entry.note) == (editor_chemnitz, "Spam", "Werbung")
    assert entry.municipality == chemnitz


def test_funding_transition_is_recorded(funding_officer, chemnitz, organisation, org_member):
    from funding.models import StatusChange
    from tests.funding.factories import ApplicationFactory, CallFactory, ProgrammeFactory

    application = ApplicationFactory(
        call=CallFactory(programme=ProgrammeFactory(municipality=chemnitz)),
        organisation=organisation,
        author=org_member,
        title="Stadtteilfest",
    )

    StatusChange.objects.create(
        application=application,
        from_status="submitted",
        to_status="in_review",
        by=funding_officer,
        note="Vollständig",
    )

    entry = AuditEntry.objects.get(action="application.in_review")
    assert entry.actor == funding_officer
    assert entry.target_label == str(application)
    assert entry.note == "submitted → in_review: Vollständig"
    assert entry.municipality == chemnitz
