"""The notification matrix, tested from docs/notifications.md.

Each row of the doc's table becomes one test: the row's scenario (below, keyed by the
kind) sets up the people around the event — the roles the row names, and bystanders of
every other role and municipality — and triggers the event through the service the row
names (a spy checks that this service ran). The test then asserts that exactly the row's
recipients got a mail of that kind (each one mail), nobody else, and that every recipient
finds it in their in-portal list. A second test holds the table and the registry together.
"""

from __future__ import annotations

import datetime
import importlib
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from civicportal.core import notifications
from civicportal.core import services as core_services
from civicportal.core.models import Notification, OrganisationMembership, StaffMembership
from funding import services as funding_services
from funding.models import (
    ActualCost,
    ActualIncome,
    Application,
    Decision,
    ProofOfUse,
    Status,
)
from funding.tasks import send_proof_reminder
from initiatives import services as initiative_services
from initiatives.models import Initiative
from organisations import services as organisation_services
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    UserFactory,
)
from tests.funding.factories import ApplicationFactory, CallFactory, ProgrammeFactory
from tests.initiatives.factories import FollowFactory, IdeaFactory, PhaseFactory, UpdateFactory
from tests.volunteering.factories import ConsultationSlotFactory, OpportunityFactory, ShiftFactory
from volunteering import services as volunteering_services
from volunteering.models import HoursEntry

pytestmark = pytest.mark.django_db

DOC = Path(settings.BASE_DIR) / "docs" / "notifications.md"
ROW = re.compile(r"^\| `(?P<kind>[a-z_.]+)` \|(?P<rest>.*)\|$")


def matrix_rows() -> list[dict]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line.strip())
        if not match:
            continue
        event, trigger, recipients, channels, switch_off, digest = (
            cell.strip() for cell in match["rest"].split("|")
        )
        rows.append(
            {
                "kind": match["kind"],
                "event": event,
                "trigger": trigger.strip("`"),
                "recipients": re.findall(r"`([a-z_]+)`", recipients),
                "channels": channels,
                "switchable": switch_off == "yes",
                "digest": digest == "yes",
            }
        )
    return rows


ROWS = matrix_rows()


def _staff(municipality, role: str, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    StaffMembershipFactory(user=user, municipality=municipality, role=role)
    return user


class World:
    """Two municipalities with staff of every role, an initiative with followers, an
    organisation, a funding call: the bystanders of every scenario."""

    def __init__(self, chemnitz, dortmund):
        self.chemnitz, self.dortmund = chemnitz, dortmund
        self.staff = {
            (place.slug, role): [_staff(place, role), _staff(place, role)]
            for place in (chemnitz, dortmund)
            for role in StaffMembership.Role.values
        }
        self.superuser = UserFactory(is_staff=True, is_superuser=True)
        self.resident = UserFactory()
        today = timezone.localdate()
        self.initiative = InitiativeFactory(municipality=chemnitz, title="Grüner Kaßberg")
        self.other_initiative = InitiativeFactory(municipality=chemnitz, title="Radwege")
        # a phase that opened long ago: never announced again
        self.phase = PhaseFactory(
            initiative=self.initiative,
            start_date=today - datetime.timedelta(days=10),
            end_date=today + datetime.timedelta(days=10),
        )
        self.followers = [UserFactory(), UserFactory()]
        for user in self.followers:
            FollowFactory(user=user, initiative=self.initiative)
        FollowFactory(user=UserFactory(), initiative=self.other_initiative)
        self.organisation = OrganisationFactory(municipality=chemnitz)
        self.org_admin = UserFactory()
        self.org_member = UserFactory()
        MembershipFactory(organisation=self.organisation, user=self.org_admin)
        MembershipFactory(
            organisation=self.organisation,
            user=self.org_member,
            role=OrganisationMembership.Role.MEMBER,
        )
        self.call = CallFactory(programme=ProgrammeFactory(municipality=chemnitz))

    def role(self, place: str, role: str) -> list:
        return self.staff[(place, role)]


# --- scenarios: set up, trigger through the documented service, return the roles --------------


def scenario_update(w: World) -> dict:
    update = UpdateFactory(initiative=w.initiative, is_published=False)
    initiative_services.publish_update(update=update)
    return {"followers": w.followers}


def scenario_phase_opened(w: World) -> dict:
    today = timezone.localdate()
    PhaseFactory(initiative=w.initiative, start_date=today, end_date=today)
    initiative_services.announce_phases(today=today)
    return {"followers": w.followers}


def scenario_phase_closed(w: World) -> dict:
    today = timezone.localdate()
    PhaseFactory(
        initiative=w.initiative,
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=1),
    )
    initiative_services.announce_phases(today=today)
    return {"followers": w.followers}


def scenario_idea_answer(w: World) -> dict:
    idea = IdeaFactory(initiative=w.initiative)
    editor = w.role("chemnitz", StaffMembership.Role.EDITOR)[0]
    initiative_services.answer_idea(moderator=editor, idea=idea, status="adopted", reason="Ja.")
    return {"idea_author": [idea.author]}


def scenario_comment(w: World) -> dict:
    idea = IdeaFactory(initiative=w.initiative)
    initiative_services.post_comment(author=idea.author, idea=idea, body="Meine eigene Ergänzung.")
    initiative_services.post_comment(author=w.resident, idea=idea, body="Gute Idee!")
    return {"idea_author": [idea.author]}


def scenario_reply(w: World) -> dict:
    idea = IdeaFactory(initiative=w.initiative)
    commenter = UserFactory()
    comment = initiative_services.post_comment(author=commenter, idea=idea, body="Wo genau?")
    initiative_services.post_comment(author=commenter, idea=idea, body="Ich.", parent=comment)
    initiative_services.post_comment(author=w.resident, idea=idea, body="Dort.", parent=comment)
    return {"comment_author": [commenter]}


def scenario_approved(w: World) -> dict:
    Initiative.objects.filter(pk=w.initiative.pk).update(requires_premoderation=True)
    w.initiative.refresh_from_db()
    idea = IdeaFactory(initiative=w.initiative)
    comment = initiative_services.post_comment(author=w.resident, idea=idea, body="Bitte prüfen.")
    editor = w.role("chemnitz", StaffMembership.Role.EDITOR)[0]
    initiative_services.moderate(moderator=editor, target=comment, action="approve")
    return {"content_author": [w.resident]}


def scenario_hidden(w: World) -> dict:
    idea = IdeaFactory(initiative=w.initiative)
    editor = w.role("chemnitz", StaffMembership.Role.EDITOR)[0]
    initiative_services.moderate(
        moderator=editor, target=idea, action="hide", reason="Enthält eine Beleidigung."
    )
    return {"content_author": [idea.author]}


def scenario_pending(w: World) -> dict:
    Initiative.objects.filter(pk=w.initiative.pk).update(requires_premoderation=True)
    w.initiative.refresh_from_db()
    initiative_services.post_idea(
        author=w.resident, initiative=w.initiative, title="Trinkbrunnen", body="Am Markt."
    )
    return {"editors": w.role("chemnitz", StaffMembership.Role.EDITOR)}


def scenario_report(w: World) -> dict:
    idea = IdeaFactory(initiative=w.initiative)
    initiative_services.report_content(reporter=w.resident, target=idea, reason="Werbung")
    return {"editors": w.role("chemnitz", StaffMembership.Role.EDITOR)}


def _opportunity(w: World):
    return OpportunityFactory(organisation=w.organisation)


def scenario_hours(w: World) -> dict:
    volunteer = UserFactory()
    entry = HoursEntry.objects.create(
        volunteer=volunteer,
        opportunity=_opportunity(w),
        date=timezone.localdate(),
        hours=Decimal("3"),
        description="Gartenpflege",
        status=HoursEntry.Status.PENDING,
    )
    volunteering_services.decide_hours(entry=entry, confirm=True, by=w.org_admin)
    return {"volunteer": [volunteer]}


def scenario_signup_cancelled(w: World) -> dict:
    volunteer = UserFactory()
    shift = ShiftFactory(opportunity=_opportunity(w))
    signup = volunteering_services.sign_up(volunteer=volunteer, shift=shift)
    volunteering_services.cancel_signup(signup=signup)
    return {"volunteer": [volunteer]}


def _slot(w: World):
    # a counsellor without a staff role (an honorary adviser)
    return ConsultationSlotFactory(municipality=w.chemnitz, counsellor=UserFactory())


def scenario_booking(w: World) -> dict:
    slot = _slot(w)
    volunteering_services.book_consultation(resident=w.resident, slot=slot, topic="Ehrenamt")
    return {
        "agency": w.role("chemnitz", StaffMembership.Role.VOLUNTEER_COORDINATOR),
        "counsellor": [slot.counsellor],
    }


def scenario_booking_cancelled(w: World) -> dict:
    slot = _slot(w)
    booking = volunteering_services.book_consultation(resident=w.resident, slot=slot)
    mail.outbox.clear()
    volunteering_services.cancel_booking(booking=booking)
    return {
        "agency": w.role("chemnitz", StaffMembership.Role.VOLUNTEER_COORDINATOR),
        "counsellor": [slot.counsellor],
    }


def scenario_organisation_verified(w: World) -> dict:
    organisation = OrganisationFactory(municipality=w.chemnitz, verified_at=None)
    admins = [UserFactory(), UserFactory()]
    for admin in admins:
        MembershipFactory(organisation=organisation, user=admin)
    MembershipFactory(
        organisation=organisation, user=UserFactory(), role=OrganisationMembership.Role.MEMBER
    )
    core_services.verify_organisation(organisation=organisation, by=w.superuser)
    return {"organisation_admins": admins}


def _taken_shift(w: World, capacity: int = 1):
    """A shift with one confirmed volunteer and one on the waitlist (capacity 1)."""
    shift = ShiftFactory(opportunity=_opportunity(w), capacity=capacity)
    volunteer, waiting = UserFactory(), UserFactory()
    volunteering_services.sign_up(volunteer=volunteer, shift=shift)
    volunteering_services.sign_up(volunteer=waiting, shift=shift)
    return shift, volunteer, waiting


def scenario_signup(w: World) -> dict:
    volunteer = UserFactory()
    volunteering_services.sign_up(
        volunteer=volunteer, shift=ShiftFactory(opportunity=_opportunity(w))
    )
    return {"volunteer": [volunteer]}


def scenario_decision(w: World) -> dict:
    volunteer = UserFactory()
    opportunity = OpportunityFactory(organisation=w.organisation, signup_mode="application")
    signup = volunteering_services.sign_up(
        volunteer=volunteer, shift=ShiftFactory(opportunity=opportunity)
    )
    volunteering_services.approve_signup(signup=signup, response="Willkommen!")
    return {"volunteer": [volunteer]}


def scenario_reminder(w: World) -> dict:
    volunteer = UserFactory()
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    start = tomorrow.replace(hour=15, minute=0, second=0, microsecond=0)
    shift = ShiftFactory(
        opportunity=_opportunity(w), starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    volunteering_services.sign_up(volunteer=volunteer, shift=shift)
    call_command("send_shift_reminders", stdout=io.StringIO())
    return {"volunteer": [volunteer]}


def scenario_waitlist_promoted(w: World) -> dict:
    _shift, volunteer, waiting = _taken_shift(w)
    volunteering_services.cancel_signup(signup=volunteer.signups.get())
    return {"waitlisted": [waiting]}


def scenario_shift_changed(w: World) -> dict:
    shift, volunteer, waiting = _taken_shift(w)
    volunteering_services.edit_shift(
        shift=shift,
        starts_at=shift.starts_at + datetime.timedelta(hours=1),
        ends_at=shift.ends_at + datetime.timedelta(hours=1),
        capacity=shift.capacity,
    )
    return {"participants": [volunteer, waiting]}


def scenario_shift_cancelled(w: World) -> dict:
    shift, volunteer, waiting = _taken_shift(w)
    volunteering_services.cancel_shift(shift=shift, reason="Regen")
    return {"participants": [volunteer, waiting]}


def scenario_participant_message(w: World) -> dict:
    shift, volunteer, _waiting = _taken_shift(w)
    volunteering_services.message_participants(
        opportunity=shift.opportunity, subject="Treffpunkt", body="Am Tor.", by=w.org_admin
    )
    return {"volunteer": [volunteer]}


def _coordinators(w: World) -> list:
    coordinator = UserFactory()
    MembershipFactory(
        organisation=w.organisation,
        user=coordinator,
        role=OrganisationMembership.Role.COORDINATOR,
    )
    return [w.org_admin, coordinator]


def scenario_application_received(w: World) -> dict:
    coordinators = _coordinators(w)
    opportunity = OpportunityFactory(organisation=w.organisation, signup_mode="application")
    volunteering_services.sign_up(
        volunteer=UserFactory(), shift=ShiftFactory(opportunity=opportunity)
    )
    return {"organisation_coordinators": coordinators}


def scenario_place_released(w: World) -> dict:
    coordinators = _coordinators(w)
    volunteer = UserFactory()
    shift = ShiftFactory(opportunity=_opportunity(w))
    signup = volunteering_services.sign_up(volunteer=volunteer, shift=shift)
    volunteering_services.cancel_signup(signup=signup)
    return {"organisation_coordinators": coordinators}


def scenario_booking_confirmed(w: World) -> dict:
    volunteering_services.book_consultation(resident=w.resident, slot=_slot(w))
    return {"resident": [w.resident]}


def scenario_organisation_registered(w: World) -> dict:
    admin = UserFactory()
    organisation = OrganisationFactory.build(municipality=w.chemnitz, slug="", verified_at=None)
    organisation_services.register_organisation(user=admin, organisation=organisation)
    return {"agency": w.role("chemnitz", StaffMembership.Role.VOLUNTEER_COORDINATOR)}


def _application(w: World) -> Application:
    return ApplicationFactory(call=w.call, organisation=w.organisation, author=w.org_admin)


def scenario_assignment(w: World) -> dict:
    reviewer = w.role("chemnitz", StaffMembership.Role.REVIEWER)[0]
    officer = w.role("chemnitz", StaffMembership.Role.FUNDING_OFFICER)[0]
    funding_services.assign_reviewer(application=_application(w), reviewer=reviewer, by=officer)
    return {"reviewer": [reviewer]}


def scenario_submitted(w: World) -> dict:
    funding_services.submit(application=_application(w), by=w.org_admin)
    return {"officers": w.role("chemnitz", StaffMembership.Role.FUNDING_OFFICER)}


def scenario_proof_submitted(w: World) -> dict:
    application = _application(w)
    Application.objects.filter(pk=application.pk).update(
        status=Status.PROOF_DUE, approved_amount=Decimal("2500"), reference="DF-2026-0007"
    )
    proof = ProofOfUse.objects.create(
        application=application, narrative="Es lief gut.", declaration=True
    )
    for item in application.budget_items.all():
        ActualCost.objects.create(proof=proof, budget_item=item, amount=item.amount)
    for line in application.income_lines.all():
        ActualIncome.objects.create(proof=proof, income_line=line, amount=line.amount)
    funding_services.submit_proof(application=application, by=w.org_admin)
    return {"officers": w.role("chemnitz", StaffMembership.Role.FUNDING_OFFICER)}


def scenario_conflict(w: World) -> dict:
    reviewer = w.role("chemnitz", StaffMembership.Role.REVIEWER)[0]
    officer = w.role("chemnitz", StaffMembership.Role.FUNDING_OFFICER)[0]
    assignment = funding_services.assign_reviewer(
        application=_application(w), reviewer=reviewer, by=officer
    )
    funding_services.declare_conflict(assignment=assignment, by=reviewer, note="Mein Verein.")
    return {"officers": w.role("chemnitz", StaffMembership.Role.FUNDING_OFFICER)}


def scenario_status(w: World) -> dict:
    application = _application(w)
    Application.objects.filter(pk=application.pk).update(
        status=Status.SUBMITTED, reference="DF-2026-0008"
    )
    officer = w.role("chemnitz", StaffMembership.Role.FUNDING_OFFICER)[0]
    funding_services.start_review(application=application, by=officer)
    return {"applicant": [w.org_admin]}


def scenario_message(w: World) -> dict:
    application = _application(w)
    officer = w.role("chemnitz", StaffMembership.Role.FUNDING_OFFICER)[0]
    funding_services.send_message(
        application=application, by=officer, text="Bitte reicht die Satzung nach."
    )
    return {"applicant": [w.org_admin]}


def scenario_payment_requested(w: World) -> dict:
    application = _application(w)
    Application.objects.filter(pk=application.pk).update(
        status=Status.AGREEMENT_SENT, approved_amount=Decimal("2500"), reference="DF-2026-0009"
    )
    funding_services.request_payment(
        application=application, by=w.org_admin, amount=Decimal("1000")
    )
    return {"officers": w.role("chemnitz", StaffMembership.Role.FUNDING_OFFICER)}


def scenario_proof_reminder(w: World) -> dict:
    application = _application(w)
    Application.objects.filter(pk=application.pk).update(
        status=Status.PAYING, approved_amount=Decimal("2500"), reference="DF-2026-0010"
    )
    today = timezone.localdate()
    Decision.objects.create(
        application=application,
        amount=Decimal("2500"),
        purpose="Projekt",
        proof_due=today + datetime.timedelta(days=14),
    )
    for reminder_id in funding_services.claim_proof_reminders(today=today):
        send_proof_reminder.enqueue(reminder_id=reminder_id)
    return {"members": [w.org_admin, w.org_member]}


SCENARIOS = {
    "funding.status": scenario_status,
    "funding.message": scenario_message,
    "funding.payment_requested": scenario_payment_requested,
    "funding.proof_reminder": scenario_proof_reminder,
    "initiatives.update": scenario_update,
    "initiatives.phase_opened": scenario_phase_opened,
    "initiatives.phase_closed": scenario_phase_closed,
    "initiatives.idea_answer": scenario_idea_answer,
    "initiatives.comment": scenario_comment,
    "initiatives.reply": scenario_reply,
    "initiatives.approved": scenario_approved,
    "initiatives.hidden": scenario_hidden,
    "initiatives.pending": scenario_pending,
    "initiatives.report": scenario_report,
    "volunteering.hours": scenario_hours,
    "volunteering.signup_cancelled": scenario_signup_cancelled,
    "volunteering.booking": scenario_booking,
    "volunteering.booking_cancelled": scenario_booking_cancelled,
    "core.organisation_verified": scenario_organisation_verified,
    "volunteering.signup": scenario_signup,
    "volunteering.decision": scenario_decision,
    "volunteering.reminder": scenario_reminder,
    "volunteering.waitlist_promoted": scenario_waitlist_promoted,
    "volunteering.shift_changed": scenario_shift_changed,
    "volunteering.shift_cancelled": scenario_shift_cancelled,
    "volunteering.participant_message": scenario_participant_message,
    "volunteering.booking_confirmed": scenario_booking_confirmed,
    "volunteering.application_received": scenario_application_received,
    "volunteering.place_released": scenario_place_released,
    "organisations.registered": scenario_organisation_registered,
    "funding.assignment": scenario_assignment,
    "funding.submitted": scenario_submitted,
    "funding.proof_submitted": scenario_proof_submitted,
    "funding.conflict": scenario_conflict,
}


def _spy(monkeypatch, dotted: str) -> list:
    module_name, _sep, name = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls: list = []

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


@pytest.mark.parametrize("row", ROWS, ids=[row["kind"] for row in ROWS])
def test_exactly_the_documented_recipients_get_the_mail(
    row, chemnitz, dortmund, monkeypatch, django_capture_on_commit_callbacks
):
    world = World(chemnitz, dortmund)
    calls = _spy(monkeypatch, row["trigger"])

    with django_capture_on_commit_callbacks(execute=True):
        roles = SCENARIOS[row["kind"]](world)

    assert calls, f"the scenario must trigger {row['trigger']}"
    assert sorted(roles) == sorted(row["recipients"]), "scenario and table name the same roles"
    expected = sorted(user.email for role in row["recipients"] for user in roles[role])
    mails = [
        m for m in mail.outbox if m.extra_headers.get(notifications.KIND_HEADER) == row["kind"]
    ]
    assert sorted(address for m in mails for address in m.to) == expected
    for message in mails:
        html = message.alternatives[0][0]
        assert message.subject.startswith(f"[{settings.SITE_NAME}] ")
        assert settings.SITE_URL in message.body
        assert settings.SITE_URL in html
        assert ("List-Unsubscribe" in message.extra_headers) is row["switchable"]
    listed = Notification.objects.filter(kind=row["kind"]).values_list("user__email", flat=True)
    assert sorted(listed) == expected


def test_table_and_registry_agree():
    registry = {kind.key: kind for kind in notifications.kinds()}
    assert sorted(row["kind"] for row in ROWS) == sorted(registry)
    assert sorted(SCENARIOS) == sorted(registry)
    for row in ROWS:
        kind = registry[row["kind"]]
        assert (kind.switchable, kind.digest) == (row["switchable"], row["digest"]), row["kind"]
        assert row["channels"] == "Mail, Portal"
