"""The organisation's and the agency's daily work (issue 15): shift changes and
cancellations with calendar updates, messages, attendance, the export, the agency's
desk, hours and age rules."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from civicportal.core.models import StaffMembership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    UserFactory,
)
from tests.volunteering.factories import (
    ConsultationSlotFactory,
    OpportunityFactory,
    ProfileFactory,
    ShiftFactory,
    in_days,
)
from volunteering import services
from volunteering.models import Booking, ConsultationSlot, HoursEntry, Shift, Signup

pytestmark = pytest.mark.django_db


class _Now:
    """Stands in for ``transaction`` in the task queueing: with the immediate backend the
    mails go out at once (the test's transaction never commits)."""

    @staticmethod
    def on_commit(callback, using=None, robust=False):
        callback()


@pytest.fixture(autouse=True)
def mails_at_once(monkeypatch):
    monkeypatch.setattr("civicportal.core.tasks.transaction", _Now)


def _calendar(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[2] == "text/calendar"]
    return Calendar.from_ical(attachment[1])


def _event(calendar: Calendar):
    (event,) = [c for c in calendar.walk() if c.name == "VEVENT"]
    return event


def _mails_to(email: str) -> list:
    return [m for m in mail.outbox if m.to == [email]]


@pytest.fixture
def full_shift(opportunity, volunteer):
    """Capacity 1: ``volunteer`` confirmed, one person waiting."""
    shift = ShiftFactory(opportunity=opportunity, capacity=1)
    services.sign_up(volunteer=volunteer, shift=shift)
    services.sign_up(volunteer=UserFactory(email="waiting@example.org"), shift=shift)
    return shift


# --- shifts ----------------------------------------------------------------------------------


def test_moving_a_shift_sends_the_same_calendar_entry_with_a_higher_sequence(full_shift, volunteer):
    (first,) = _mails_to("volunteer@example.org")
    original = _event(_calendar(first))
    mail.outbox.clear()
    new_start = full_shift.starts_at + datetime.timedelta(days=1)

    services.edit_shift(
        shift=full_shift,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(hours=3),
        capacity=1,
        place="Turnhalle Kaßberg",
    )

    (changed,) = _mails_to("volunteer@example.org")
    event = _event(_calendar(changed))
    assert "Termin geändert" in changed.subject
    assert "Turnhalle Kaßberg" in changed.body
    assert str(event["uid"]) == str(original["uid"])
    assert int(event["sequence"]) == 1 > int(original.get("sequence", 0))
    assert event.decoded("dtstart") == new_start
    assert str(event["location"]) == "Turnhalle Kaßberg"
    # the waiting person hears of the change too, without a calendar entry
    (waiting,) = _mails_to("waiting@example.org")
    assert waiting.attachments == []


def test_cancelling_a_shift_sends_a_cancel_and_the_message(full_shift, volunteer):
    mail.outbox.clear()

    ids = services.cancel_shift(shift=full_shift, reason="Der Gartentag fällt wegen Regen aus.")

    full_shift.refresh_from_db()
    assert len(ids) == 2
    assert full_shift.taken == 0
    assert full_shift.cancelled_at is not None
    assert set(Signup.objects.filter(shift=full_shift).values_list("status", flat=True)) == {
        Signup.Status.CANCELLED
    }
    (message,) = _mails_to("volunteer@example.org")
    calendar = _calendar(message)
    event = _event(calendar)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1
    assert "Der Gartentag fällt wegen Regen aus." in message.body
    with pytest.raises(services.VolunteeringError):
        services.sign_up(volunteer=UserFactory(), shift=full_shift)


def test_raising_the_capacity_promotes_the_first_waiting_person(full_shift):
    mail.outbox.clear()

    promoted = services.edit_shift(
        shift=full_shift,
        starts_at=full_shift.starts_at,
        ends_at=full_shift.ends_at,
        capacity=3,
    )

    full_shift.refresh_from_db()
    assert [s.volunteer.email for s in promoted] == ["waiting@example.org"]
    assert full_shift.taken == 2
    (message,) = _mails_to("waiting@example.org")
    assert "Nachgerückt" in message.subject
    # nothing moved: no change mail to the confirmed person
    assert _mails_to("volunteer@example.org") == []


def test_moving_a_shift_and_raising_its_capacity_sends_each_person_one_mail(full_shift):
    services.sign_up(volunteer=UserFactory(email="still-waiting@example.org"), shift=full_shift)
    mail.outbox.clear()
    new_start = full_shift.starts_at + datetime.timedelta(days=1)

    promoted = services.edit_shift(
        shift=full_shift,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(hours=3),
        capacity=2,
        place="Turnhalle Kaßberg",
    )

    assert [s.volunteer.email for s in promoted] == ["waiting@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "still-waiting@example.org",
        "volunteer@example.org",
        "waiting@example.org",
    ]
    (moved_up,) = _mails_to("waiting@example.org")
    assert "Nachgerückt" in moved_up.subject
    assert "hat den Termin geändert und dabei mehr Plätze freigegeben: du bist" in moved_up.body
    assert "Turnhalle Kaßberg" in moved_up.body
    assert _event(_calendar(moved_up)).decoded("dtstart") == new_start
    (changed,) = _mails_to("volunteer@example.org")
    assert "Termin geändert" in changed.subject
    (still_waiting,) = _mails_to("still-waiting@example.org")
    assert "Termin geändert" in still_waiting.subject


def test_a_plain_promotion_does_not_speak_of_a_change(full_shift):
    mail.outbox.clear()

    services.edit_shift(
        shift=full_shift, starts_at=full_shift.starts_at, ends_at=full_shift.ends_at, capacity=2
    )

    (message,) = _mails_to("waiting@example.org")
    assert "geändert" not in message.body


def test_a_capacity_cut_below_the_held_places_is_refused(opportunity):
    shift = ShiftFactory(opportunity=opportunity, capacity=3)
    for _i in range(2):
        services.sign_up(volunteer=UserFactory(), shift=shift)

    with pytest.raises(services.VolunteeringError, match="2 Personen"):
        services.edit_shift(
            shift=shift, starts_at=shift.starts_at, ends_at=shift.ends_at, capacity=1
        )

    shift.refresh_from_db()
    assert (shift.capacity, shift.taken) == (3, 2)
    assert Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count() == 2


def test_message_goes_to_each_participant_alone_with_the_organisation_as_sender(
    full_shift, org_member
):
    other = UserFactory(email="other@example.org")
    second = ShiftFactory(opportunity=full_shift.opportunity, starts_at=in_days(5))
    services.sign_up(volunteer=other, shift=second)
    mail.outbox.clear()

    count = services.message_participants(
        opportunity=full_shift.opportunity,
        subject="Treffpunkt",
        body="Wir treffen uns am Gartentor.",
        by=org_member,
    )

    assert count == 2
    messages = [m for m in mail.outbox if "Treffpunkt" in m.subject]
    assert sorted(m.to[0] for m in messages) == ["other@example.org", "volunteer@example.org"]
    for message in messages:
        assert len(message.to) == 1
        assert not message.cc
        assert not message.bcc
        assert message.from_email.startswith('"Stadtteilverein Kaßberg e. V."')
        assert "Wir treffen uns am Gartentor." in message.body
        assert "other@example.org" not in message.body + message.alternatives[0][0]


def test_waitlist_cut_off_stops_promotion_and_new_waiting(opportunity, volunteer):
    opportunity.waitlist_cutoff_hours = 24
    opportunity.save()
    shift = ShiftFactory(opportunity=opportunity, capacity=1, starts_at=in_days(3))
    services.sign_up(volunteer=volunteer, shift=shift)
    waiting = UserFactory()
    services.sign_up(volunteer=waiting, shift=shift)

    with time_machine.travel(shift.starts_at - datetime.timedelta(hours=12)):
        services.cancel_signup(signup=Signup.objects.get(volunteer=volunteer))
        assert Signup.objects.get(volunteer=waiting).status == Signup.Status.WAITLISTED
        # a free place can still be taken directly
        late = services.sign_up(volunteer=UserFactory(), shift=shift)
        assert late.status == Signup.Status.CONFIRMED
        with pytest.raises(services.VolunteeringError, match="rückt niemand mehr nach"):
            services.sign_up(volunteer=UserFactory(), shift=shift)


def test_publishing_needs_a_future_shift(organisation):
    opportunity = OpportunityFactory(organisation=organisation, is_published=False)

    with pytest.raises(services.VolunteeringError, match="Termin"):
        services.publish_opportunity(opportunity=opportunity)

    ShiftFactory(opportunity=opportunity)
    services.publish_opportunity(opportunity=opportunity)
    opportunity.refresh_from_db()
    assert opportunity.is_published


def test_closing_an_offer_stops_sign_ups(opportunity, shift):
    services.set_opportunity_closed(opportunity=opportunity, closed=True)

    with pytest.raises(services.VolunteeringError):
        services.sign_up(volunteer=UserFactory(), shift=shift)


# --- the organisation's pages ------------------------------------------------------------------


def test_new_opportunity_lands_on_the_dashboards_shift_form(client, org_member, organisation):
    client.force_login(org_member)

    response = client.post(
        f"/organisationen/{organisation.slug}/neues-angebot/",
        {
            "title": "Gartentag",
            "summary": "Wir pflegen den Stadtteilgarten.",
            "time_commitment": "one_off",
            "minimum_age": 0,
            "signup_mode": "instant",
        },
        follow=True,
    )

    opportunity = organisation.opportunities.get()
    assert response.redirect_chain[-1][0] == (
        f"/organisationen/kassberg/?termin={opportunity.pk}#termin-{opportunity.pk}"
    )
    html = response.content.decode()
    assert f'id="termin-{opportunity.pk}" open' in html
    detail = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Plätze frei" not in detail


def test_dashboard_moves_and_cancels_shifts_and_writes_to_participants(
    client, org_member, full_shift
):
    client.force_login(org_member)
    start = timezone.localtime(full_shift.starts_at) + datetime.timedelta(hours=2)
    mail.outbox.clear()

    moved = client.post(
        f"/engagement/termine/{full_shift.pk}/aendern/",
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": 1,
            "place": "",
        },
    )
    too_small = client.post(
        f"/engagement/termine/{full_shift.pk}/aendern/",
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "",
            "place": "Neuer Ort",
        },
    )
    message = client.post(
        f"/engagement/{full_shift.opportunity.slug}/nachricht/",
        {"shift": full_shift.pk, "subject": "Bitte Handschuhe mitbringen", "body": "Danke!"},
    )
    cancelled = client.post(
        f"/engagement/termine/{full_shift.pk}/absagen/", {"reason": "Regen"}, follow=True
    )

    assert moved.status_code == 302
    assert too_small.status_code == 422
    assert 'value="Neuer Ort"' in too_small.content.decode()  # nothing typed is lost
    assert message.status_code == 302
    assert "abgesagt" in cancelled.content.decode()
    subjects = [m.subject for m in _mails_to("volunteer@example.org")]
    assert any("Termin geändert" in s for s in subjects)
    assert any("Bitte Handschuhe mitbringen" in s for s in subjects)
    assert any("Termin abgesagt" in s for s in subjects)


def test_attendance_of_a_shift_six_weeks_ago(client, org_member, opportunity, volunteer):
    shift = ShiftFactory(opportunity=opportunity, starts_at=in_days(3))
    signup = services.sign_up(volunteer=volunteer, shift=shift)

    with time_machine.travel(shift.ends_at + datetime.timedelta(weeks=6)):
        client.force_login(org_member)  # a fresh session six weeks later
        page = client.get("/organisationen/kassberg/").content.decode()
        assert f"/engagement/anmeldungen/{signup.pk}/anwesenheit/" in page
        client.post(f"/engagement/anmeldungen/{signup.pk}/anwesenheit/", {"attended": "1"})

    signup.refresh_from_db()
    assert signup.status == Signup.Status.ATTENDED
    assert HoursEntry.objects.get(signup=signup).hours == Decimal("2.00")


def test_export_guards_every_typed_cell_including_the_email(client, org_member, opportunity):
    shift = ShiftFactory(opportunity=opportunity)
    person = UserFactory(email="=1+2-x@example.org", full_name="@SUM(A1) Test")
    services.sign_up(volunteer=person, shift=shift)
    client.force_login(org_member)

    response = client.get("/organisationen/kassberg/teilnehmende.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), row
    assert "'=1+2-x@example.org" in rows[1]


# --- the agency's desk -------------------------------------------------------------------------


def test_one_open_booking_per_person(resident, dortmund):
    first, second = ConsultationSlotFactory(), ConsultationSlotFactory()
    services.book_consultation(resident=resident, slot=first)

    with pytest.raises(services.VolunteeringError, match="schon einen Beratungstermin"):
        services.book_consultation(resident=resident, slot=second)

    assert ConsultationSlot.objects.get(pk=second.pk).is_booked is False


def test_held_on_a_future_booking_keeps_the_slot(resident):
    slot = ConsultationSlotFactory()
    booking = services.book_consultation(resident=resident, slot=slot)

    with pytest.raises(services.VolunteeringError, match="Zukunft"):
        services.set_booking_status(booking=booking, status=Booking.Status.HELD)

    with time_machine.travel(slot.ends_at + datetime.timedelta(hours=1)):
        services.set_booking_status(booking=booking, status=Booking.Status.HELD)
    slot.refresh_from_db()
    assert slot.is_booked is True


def test_video_booking_mail_carries_the_call_link(resident):
    slot = ConsultationSlotFactory(mode="video", call_link="https://meet.example.org/agentur-42")
    mail.outbox.clear()

    services.book_consultation(resident=resident, slot=slot)

    (message,) = _mails_to("resident@example.org")
    assert "https://meet.example.org/agentur-42" in message.body


def test_agency_hears_of_bookings_and_cancellations(resident, agency_staff):
    slot = ConsultationSlotFactory(municipality=agency_staff.staff_memberships.get().municipality)
    booking = services.book_consultation(resident=resident, slot=slot)
    services.cancel_booking(booking=booking)

    subjects = [m.subject for m in _mails_to("agency@example.org")]
    assert any("Neue Beratung gebucht" in s for s in subjects)
    assert any("Beratung abgesagt" in s for s in subjects)


def test_walk_in_is_recorded_without_a_slot(agency_staff, dortmund, opportunity):
    booking = services.record_consultation(
        booking=Booking(
            municipality=dortmund,
            channel=Booking.Channel.WALK_IN,
            contact_name="Herr Yılmaz",
            topic="Möchte etwas mit Kindern machen",
            outcome="Lesepatenschaft empfohlen",
        ),
        by=agency_staff,
        referred=[opportunity],
    )

    booking.refresh_from_db()
    assert (booking.slot, booking.status, booking.recorded_by) == (
        None,
        Booking.Status.HELD,
        agency_staff,
    )
    assert list(booking.referred_opportunities.all()) == [opportunity]


# --- hours and age ---------------------------------------------------------------------------


def test_hours_bounds(volunteer, opportunity, org_member):
    shift = ShiftFactory(opportunity=opportunity, starts_at=in_days(1))
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    with time_machine.travel(shift.ends_at + datetime.timedelta(hours=1)):
        services.mark_attendance(signup=signup, attended=True, by=org_member)
        today = timezone.localdate()

        def log(day, hours):
            return services.log_hours(
                volunteer=volunteer,
                opportunity=opportunity,
                day=day,
                hours=Decimal(hours),
                description="Beete gegossen",
            )

        with pytest.raises(services.VolunteeringError, match="Anmeldung"):
            log(datetime.date(1900, 1, 1), "2")
        with pytest.raises(services.VolunteeringError, match="Anwesenheit"):
            log(today, "2")
        with pytest.raises(services.VolunteeringError, match="Voraus"):
            log(today + datetime.timedelta(days=1), "2")
    with time_machine.travel(shift.ends_at + datetime.timedelta(days=2)):
        day = timezone.localdate()
        log(day, "20")
        with pytest.raises(services.VolunteeringError, match="24 Stunden"):
            log(day, "5")


def test_minimum_age_is_asked_when_the_profile_lacks_it(client, volunteer, organisation):
    opportunity = OpportunityFactory(organisation=organisation, minimum_age=18)
    shift = ShiftFactory(opportunity=opportunity)
    client.force_login(volunteer)

    page = client.get(opportunity.get_absolute_url()).content.decode()
    refused = client.post(f"/engagement/termine/{shift.pk}/anmelden/", {"message": ""})
    too_young = client.post(f"/engagement/termine/{shift.pk}/anmelden/", {"age_band": "16-17"})

    assert 'name="age_band"' in page
    assert refused.status_code == 422
    assert not Signup.objects.filter(volunteer=volunteer).exists()
    assert too_young.status_code == 302
    assert not Signup.objects.filter(volunteer=volunteer).exists()
    follow = client.get(opportunity.get_absolute_url()).content.decode()
    assert "mindestens 18 Jahre" in follow


def test_adult_with_age_in_profile_signs_up_directly(volunteer, organisation):
    ProfileFactory(user=volunteer, age_band="30-64")
    shift = ShiftFactory(opportunity=OpportunityFactory(organisation=organisation, minimum_age=18))

    assert services.sign_up(volunteer=volunteer, shift=shift).status == Signup.Status.CONFIRMED


# --- onboarding ------------------------------------------------------------------------------


def test_registration_tells_the_agency(client, resident, chemnitz):
    agency = UserFactory(email="fwa@example.org", is_staff=True)
    StaffMembershipFactory(
        user=agency, municipality=chemnitz, role=StaffMembership.Role.VOLUNTEER_COORDINATOR
    )
    client.force_login(resident)

    client.post(
        "/organisationen/neu/",
        {"name": "Tafel Sonnenberg e. V.", "legal_form": "ev", "municipality": chemnitz.pk},
    )

    (message,) = _mails_to("fwa@example.org")
    assert "Tafel Sonnenberg e. V." in message.subject


def test_invitation_names_inviter_and_role_and_brings_newcomers_back(
    client, org_member, organisation
):
    client.force_login(org_member)
    client.post(
        "/organisationen/kassberg/einladen/", {"email": "neu@example.org", "role": "coordinator"}
    )
    client.logout()

    (message,) = _mails_to("neu@example.org")
    invitation = organisation.invitations.get()
    page = client.get(f"/organisationen/einladung/{invitation.token}/").content.decode()

    assert "Mia Member" in message.body or "member@example.org" in message.body
    assert "Koordination" in message.body
    assert f"next=%2Forganisationen%2Feinladung%2F{invitation.token}%2F" in page
    assert "Koordination" in page


def test_members_reach_their_dashboard_from_the_engagement_pages(client, org_member, resident):
    client.force_login(org_member)
    engagement = client.get("/engagement/").content.decode()
    account = client.get("/konto/").content.decode()
    one_click = client.get("/konto/organisationen/meine/", follow=True)
    mine = client.get("/konto/organisationen/").content.decode()
    client.force_login(resident)
    resident_page = client.get("/konto/organisationen/meine/", follow=True)

    assert 'href="/konto/organisationen/meine/">Für Organisationen' in engagement
    assert 'href="/konto/organisationen/meine/"' in account
    # a member of one organisation lands on its dashboard with one click
    assert one_click.redirect_chain == [("/organisationen/kassberg/", 302)]
    assert "Bereich für Mitglieder" in one_click.content.decode()
    # the dashboard leads on to the list (to register another organisation)
    assert 'href="/konto/organisationen/"' in one_click.content.decode()
    assert 'href="/organisationen/kassberg/"' in mine
    # without an organisation: the list with the registration
    assert resident_page.redirect_chain == [("/konto/organisationen/", 302)]
    assert 'href="/organisationen/neu/"' in resident_page.content.decode()


def test_a_member_of_several_organisations_gets_the_list(client, org_member, chemnitz):
    MembershipFactory(
        organisation=OrganisationFactory(name="Tafel Chemnitz e. V.", municipality=chemnitz),
        user=org_member,
    )
    client.force_login(org_member)

    response = client.get("/konto/organisationen/meine/", follow=True)

    assert response.redirect_chain == [("/konto/organisationen/", 302)]
    page = response.content.decode()
    assert 'href="/organisationen/kassberg/"' in page
    assert "Tafel Chemnitz e. V." in page


def test_shift_queryset_active_hides_cancelled(opportunity):
    shift = ShiftFactory(opportunity=opportunity)
    services.cancel_shift(shift=shift)

    assert not Shift.objects.active().filter(pk=shift.pk).exists()


def test_admin_refuses_held_on_a_future_booking(client, agency_staff, dortmund, resident):
    slot = ConsultationSlotFactory(municipality=dortmund)
    booking = services.book_consultation(resident=resident, slot=slot)
    client.force_login(agency_staff)

    response = client.post(
        f"/admin/volunteering/booking/{booking.pk}/change/",
        {"status": "held", "outcome": "", "staff_notes": "Versehentlich"},
    )

    booking.refresh_from_db()
    slot.refresh_from_db()
    assert response.status_code == 200
    assert "kann noch nicht stattgefunden haben" in response.content.decode()
    assert booking.status == Booking.Status.BOOKED
    assert slot.is_booked is True


def test_agency_records_a_walk_in_in_the_admin(client, agency_staff, dortmund):
    client.force_login(agency_staff)

    response = client.post(
        "/admin/volunteering/booking/add/",
        {
            "municipality": dortmund.pk,
            "channel": "walk_in",
            "contact_name": "Frau Nowak",
            "topic": "Sucht etwas am Wochenende",
            "outcome": "Tafel empfohlen",
        },
    )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert (booking.slot, booking.status, booking.channel, booking.recorded_by) == (
        None,
        Booking.Status.HELD,
        Booking.Channel.WALK_IN,
        agency_staff,
    )
    listing = client.get("/admin/volunteering/booking/").content.decode()
    assert "Frau Nowak" in listing


def test_consultation_slots_name_their_municipality(client, volunteer, chemnitz, dortmund):
    ConsultationSlotFactory(municipality=dortmund)
    ConsultationSlotFactory(municipality=chemnitz)
    ProfileFactory(user=volunteer, municipality=chemnitz)
    client.force_login(volunteer)

    page = client.get("/engagement/beratung/").content.decode()
    everywhere = client.get("/engagement/beratung/?kommune=alle").content.decode()

    assert "Freie Termine in Chemnitz" in page
    assert "Dortmund:" not in page
    assert "Chemnitz:" in page
    assert "Dortmund:" in everywhere


def test_shift_mails_use_the_recipients_language_for_dates(opportunity):
    from civicportal.core.models import NotificationSettings

    english = UserFactory(email="english@example.org")
    NotificationSettings.objects.create(user=english, language="en")
    start = in_days(3)
    shift = ShiftFactory(opportunity=opportunity, starts_at=start)

    services.sign_up(volunteer=english, shift=shift)

    (message,) = _mails_to("english@example.org")
    weekday = start.strftime("%A")  # the C locale: English day names
    assert weekday in message.body
    assert "Uhr" not in message.body
