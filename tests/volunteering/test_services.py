from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.factories import UserFactory
from tests.volunteering.factories import OpportunityFactory, ProfileFactory, ShiftFactory, in_days
from volunteering import services
from volunteering.models import HoursEntry, Opportunity, Shift, Signup

pytestmark = pytest.mark.django_db


def _sign_up(user, shift, **kwargs):
    return services.sign_up(volunteer=user, shift=shift, **kwargs)


def test_sign_up_instant_confirms_and_takes_a_place(
    volunteer, shift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup = _sign_up(volunteer, shift)

    shift.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED
    assert shift.taken == 1
    assert [m.to for m in mail.outbox] == [["volunteer@example.org"]]
    assert mail.outbox[0].attachments[0][0] == "termin.ics"


def test_sign_up_full_shift_joins_waitlist(shift):
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    _sign_up(first, shift)
    _sign_up(second, shift)

    waiting = _sign_up(third, shift)

    shift.refresh_from_db()
    assert waiting.status == Signup.Status.WAITLISTED
    assert shift.taken == 2


def test_sign_up_twice_is_refused(volunteer, shift):
    _sign_up(volunteer, shift)

    with pytest.raises(services.VolunteeringError, match="schon angemeldet"):
        _sign_up(volunteer, shift)


def test_sign_up_overlapping_shift_names_the_other_shift(volunteer, shift, organisation):
    other = ShiftFactory(
        opportunity=OpportunityFactory(organisation=organisation, title="Stadtputz"),
        starts_at=shift.starts_at + datetime.timedelta(hours=1),
        ends_at=shift.ends_at + datetime.timedelta(hours=1),
    )
    _sign_up(volunteer, other)

    with pytest.raises(services.VolunteeringError) as error:
        _sign_up(volunteer, shift)

    assert "Zu dieser Zeit bist du schon für „Stadtputz“" in str(error.value)


def test_sign_up_adjacent_shift_is_allowed(volunteer, shift, organisation):
    later = ShiftFactory(
        opportunity=OpportunityFactory(organisation=organisation),
        starts_at=shift.ends_at,
        ends_at=shift.ends_at + datetime.timedelta(hours=1),
    )
    _sign_up(volunteer, shift)

    assert _sign_up(volunteer, later).status == Signup.Status.CONFIRMED


def test_sign_up_started_shift_is_refused(volunteer, opportunity):
    started = ShiftFactory(
        opportunity=opportunity,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )

    with pytest.raises(services.VolunteeringError, match="schon begonnen"):
        _sign_up(volunteer, started)


def test_sign_up_closed_opportunity_is_refused(volunteer, shift):
    Opportunity.objects.filter(pk=shift.opportunity_id).update(is_closed=True)

    with pytest.raises(services.VolunteeringError, match="keine Anmeldungen"):
        _sign_up(volunteer, shift)


def test_sign_up_too_young_is_refused(volunteer, organisation):
    shift = ShiftFactory(opportunity=OpportunityFactory(organisation=organisation, minimum_age=18))
    ProfileFactory(user=volunteer, age_band="16-17")

    with pytest.raises(services.VolunteeringError, match="mindestens 18 Jahre"):
        _sign_up(volunteer, shift)


def test_cancel_promotes_first_waiting_person_and_tells_them(
    shift, django_capture_on_commit_callbacks
):
    first, second = UserFactory(), UserFactory()
    waiting_first = UserFactory(email="waiting1@example.org")
    waiting_second = UserFactory(email="waiting2@example.org")
    held = _sign_up(first, shift)
    _sign_up(second, shift)
    _sign_up(waiting_first, shift)
    _sign_up(waiting_second, shift)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_signup(signup=held)

    shift.refresh_from_db()
    statuses = dict(Signup.objects.filter(shift=shift).values_list("volunteer__email", "status"))
    assert promoted.volunteer == waiting_first
    assert statuses[waiting_first.email] == Signup.Status.CONFIRMED
    assert statuses[waiting_second.email] == Signup.Status.WAITLISTED
    assert shift.taken == 2
    # the promoted person, and the one who cancelled (a confirmation of their own cancellation)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == sorted(["waiting1@example.org", first.email])
    assert "Nachgerückt" in by_recipient["waiting1@example.org"].subject
    assert "Deine Absage" in by_recipient[first.email].subject


def test_cancel_tells_the_organisation(
    volunteer, org_member, shift, django_capture_on_commit_callbacks
):
    signup = _sign_up(volunteer, shift)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_signup(signup=signup)

    notice, confirmation = sorted(mail.outbox, key=lambda m: m.to[0] != "member@example.org")
    assert notice.to == ["member@example.org"]
    assert confirmation.to == [volunteer.email]  # civicportal.core.notifications
    assert notice.subject == "[civicportal] Absage: Frühstück für alle"
    assert "Vera Volunteer hat für diesen Termin abgesagt" in notice.body


def test_cancel_after_start_is_refused(volunteer, shift):
    signup = _sign_up(volunteer, shift)

    with (
        time_machine.travel(shift.starts_at + datetime.timedelta(minutes=1)),
        pytest.raises(services.VolunteeringError, match="nicht mehr absagen"),
    ):
        services.cancel_signup(signup=signup)


def test_cancel_then_sign_up_again_reuses_the_row(volunteer, shift):
    signup = _sign_up(volunteer, shift)
    services.cancel_signup(signup=signup)

    again = _sign_up(volunteer, shift)

    assert again.pk == signup.pk
    assert again.status == Signup.Status.CONFIRMED


def test_application_pending_then_approved_with_message(
    volunteer, org_member, application_opportunity, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(opportunity=application_opportunity)
    with django_capture_on_commit_callbacks(execute=True):
        signup = _sign_up(volunteer, shift, message="Ich lese gern vor.")
    assert signup.status == Signup.Status.PENDING
    notice = [m for m in mail.outbox if m.to == ["member@example.org"]]
    assert len(notice) == 1
    assert "Ich lese gern vor." in notice[0].body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signup(signup=signup, response="Wir freuen uns auf dich!")

    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED
    assert mail.outbox[0].to == ["volunteer@example.org"]
    assert "Wir freuen uns auf dich!" in mail.outbox[0].body


def test_application_declined_frees_the_place(volunteer, application_opportunity):
    shift = ShiftFactory(opportunity=application_opportunity, capacity=1)
    signup = _sign_up(volunteer, shift)

    services.decline_signup(signup=signup, response="Leider schon besetzt.")

    shift.refresh_from_db()
    signup.refresh_from_db()
    assert (signup.status, signup.response, shift.taken) == (
        Signup.Status.DECLINED,
        "Leider schon besetzt.",
        0,
    )
    with pytest.raises(services.VolunteeringError, match="abgelehnt"):
        _sign_up(volunteer, shift)


def test_full_shift_closes_opportunity_for_matching(volunteer, organisation):
    opportunity = OpportunityFactory(organisation=organisation)
    shift = ShiftFactory(opportunity=opportunity, capacity=1)

    _sign_up(volunteer, shift)

    opportunity.refresh_from_db()
    assert opportunity.open_until is None


def test_attendance_records_shift_hours(volunteer, org_member, shift):
    signup = _sign_up(volunteer, shift)

    with time_machine.travel(shift.ends_at):
        services.mark_attendance(signup=signup, attended=True, by=org_member)

    entry = HoursEntry.objects.get(signup=signup)
    assert (entry.hours, entry.status, entry.volunteer) == (
        Decimal("2.00"),
        HoursEntry.Status.CONFIRMED,
        volunteer,
    )


def test_no_show_records_no_hours(volunteer, org_member, shift):
    signup = _sign_up(volunteer, shift)

    with time_machine.travel(shift.ends_at):
        services.mark_attendance(signup=signup, attended=False, by=org_member)

    signup.refresh_from_db()
    assert signup.status == Signup.Status.NO_SHOW
    assert not HoursEntry.objects.filter(volunteer=volunteer).exists()


def test_logged_hours_wait_for_confirmation(volunteer, org_member, shift):
    _sign_up(volunteer, shift)
    entry = services.log_hours(
        volunteer=volunteer,
        opportunity=shift.opportunity,
        day=timezone.localdate(),
        hours=Decimal("3.5"),
        description="Flyer verteilt",
    )
    assert entry.status == HoursEntry.Status.PENDING

    services.decide_hours(entry=entry, confirm=True, by=org_member)

    entry.refresh_from_db()
    assert entry.status == HoursEntry.Status.CONFIRMED


def test_log_hours_without_signup_is_refused(volunteer, opportunity):
    with pytest.raises(services.VolunteeringError, match="bestätigt"):
        services.log_hours(
            volunteer=volunteer,
            opportunity=opportunity,
            day=timezone.localdate(),
            hours=Decimal("1"),
            description="x",
        )


def test_publish_requires_verified_organisation(organisation):
    organisation.verified_at = None
    organisation.save()
    opportunity = OpportunityFactory(organisation=organisation, is_published=False)

    with pytest.raises(services.VolunteeringError, match="noch nicht verifiziert"):
        services.publish_opportunity(opportunity=opportunity)


def test_shift_save_derives_weekday_and_daypart(opportunity):
    tuesday_evening = timezone.make_aware(datetime.datetime(2030, 1, 8, 18, 30))

    shift = ShiftFactory(
        opportunity=opportunity,
        starts_at=tuesday_evening,
        ends_at=tuesday_evening + datetime.timedelta(hours=2),
    )

    assert (shift.weekday, shift.daypart, shift.slot_label) == (1, "evening", "dienstags abends")


def test_refresh_keeps_open_until_on_last_open_shift(opportunity):
    early = ShiftFactory(opportunity=opportunity, starts_at=in_days(2), capacity=1)
    late = ShiftFactory(opportunity=opportunity, starts_at=in_days(9), capacity=1)
    Shift.objects.filter(pk=late.pk).update(taken=1)

    services.refresh_opportunity(opportunity_id=opportunity.pk)

    opportunity.refresh_from_db()
    assert opportunity.open_until == early.starts_at


def test_stale_next_open_start_is_refreshed(opportunity):
    early = ShiftFactory(opportunity=opportunity, starts_at=in_days(1))
    late = ShiftFactory(opportunity=opportunity, starts_at=in_days(5))

    with time_machine.travel(early.starts_at + datetime.timedelta(hours=1)):
        refreshed = services.refresh_stale_opportunities()

    opportunity.refresh_from_db()
    assert refreshed == 1
    assert opportunity.next_open_start == late.starts_at


def test_raised_capacity_goes_to_the_waitlist(shift, django_capture_on_commit_callbacks):
    people = [UserFactory() for _ in range(4)]
    for person in people:
        _sign_up(person, shift)
    Shift.objects.filter(pk=shift.pk).update(capacity=3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.fill_from_waitlist(shift=shift)

    shift.refresh_from_db()
    assert [s.volunteer for s in promoted] == [people[2]]
    assert shift.taken == 3
    assert len(mail.outbox) == 1
