from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from icalendar import Calendar

from civicportal.core.models import NotificationSettings, OrganisationMembership
from tests.documents.pdfcheck import findings, read
from tests.factories import MembershipFactory, UserFactory
from tests.volunteering.factories import (
    ConsultationSlotFactory,
    ProfileFactory,
    ShiftFactory,
    in_days,
)
from volunteering import services
from volunteering.certificates import certificate_pdf
from volunteering.ics import feed_ics
from volunteering.models import HoursEntry, Signup

pytestmark = pytest.mark.django_db


def _events(ics: bytes) -> list:
    return [c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT"]


def test_confirmation_ics_parses_with_shift_times(
    volunteer, shift, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift)

    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "termin.ics"
    (event,) = _events(content)
    assert mimetype == "text/calendar"
    assert event["summary"] == "Frühstück für alle (Stadtteilverein Kaßberg e. V.)"
    assert event.decoded("dtstart") == shift.starts_at
    assert event.decoded("dtend") == shift.ends_at


def test_booking_confirmation_has_ics(resident, django_capture_on_commit_callbacks):
    slot = ConsultationSlotFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.book_consultation(resident=resident, slot=slot, topic="Umwelt")

    (message,) = mail.outbox
    (event,) = _events(message.attachments[0][1])
    assert message.to == ["resident@example.org"]
    assert "Berswordt-Halle" in message.body
    assert event.decoded("dtstart") == slot.starts_at


def test_reminder_command_sends_once(volunteer, opportunity, django_capture_on_commit_callbacks):
    tomorrow = ShiftFactory(opportunity=opportunity, starts_at=in_days(1, 15))
    later = ShiftFactory(opportunity=opportunity, starts_at=in_days(4, 15))
    services.sign_up(volunteer=volunteer, shift=tomorrow)
    other = UserFactory(email="other@example.org")
    services.sign_up(volunteer=other, shift=later)
    mail.outbox.clear()

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_shift_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["volunteer@example.org"], "[civicportal] Erinnerung: morgen Frühstück für alle")
    ]
    assert Signup.objects.get(volunteer=volunteer).reminder_sent_at is not None


def test_reminder_skips_waitlisted_and_cancelled(
    volunteer, opportunity, django_capture_on_commit_callbacks
):
    tomorrow = ShiftFactory(opportunity=opportunity, starts_at=in_days(1, 15), capacity=1)
    services.sign_up(volunteer=UserFactory(), shift=tomorrow)
    services.sign_up(volunteer=volunteer, shift=tomorrow)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_shift_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to != ["volunteer@example.org"]


def test_private_feed_lists_my_confirmed_shifts(client, volunteer, shift):
    profile = ProfileFactory(user=volunteer)
    services.sign_up(volunteer=volunteer, shift=shift)

    response = client.get(f"/engagement/kalender/{profile.calendar_token}.ics")
    forged = client.get("/engagement/kalender/not-a-token.ics")

    (event,) = _events(response.content)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert event.decoded("dtstart") == shift.starts_at
    assert forged.status_code == 404


def test_private_feed_answers_304_until_a_signup_changes(client, volunteer, shift):
    profile = ProfileFactory(user=volunteer)
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    url = f"/engagement/kalender/{profile.calendar_token}.ics"
    first = client.get(url)

    unchanged = client.get(url, headers={"if-none-match": first["ETag"]})
    services.cancel_signup(signup=signup)
    changed = client.get(url, headers={"if-none-match": first["ETag"]})

    assert unchanged.status_code == 304
    assert unchanged["Cache-Control"] == "private, max-age=900"
    assert changed.status_code == 200
    assert _events(changed.content) == []


def test_feed_ics_of_nothing_is_an_empty_calendar():
    assert _events(feed_ics([])) == []


def _attended_hours(volunteer, org_member, shift):
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    with time_machine.travel(shift.ends_at):
        services.mark_attendance(signup=signup, attended=True, by=org_member)


def test_certificate_pdf_lists_activities_and_hours(volunteer, org_member, shift):
    _attended_hours(volunteer, org_member, shift)
    HoursEntry.objects.create(
        volunteer=volunteer,
        opportunity=shift.opportunity,
        date=shift.starts_at.date(),
        hours=Decimal("1.5"),
        status=HoursEntry.Status.CONFIRMED,
    )
    HoursEntry.objects.create(
        volunteer=volunteer,
        opportunity=shift.opportunity,
        date=shift.starts_at.date(),
        hours=Decimal("9"),
        status=HoursEntry.Status.PENDING,
    )

    certificate = services.issue_certificate(volunteer=volunteer, year=shift.starts_at.year)
    pdf = certificate_pdf(certificate, threshold=250, language="de")
    text = read(pdf).text

    assert certificate.total_hours == Decimal("3.5")
    assert findings(pdf, language="de", names=["Vera Volunteer"]) == []
    assert "Frühstück für alle" in text
    assert "Stunden insgesamt: 3,5" in text
    assert "250 Stunden im Jahr" in text
    assert certificate.code in text


def test_certificate_download_is_only_for_its_owner(client, volunteer, org_member, shift):
    _attended_hours(volunteer, org_member, shift)
    certificate = services.issue_certificate(volunteer=volunteer, year=shift.starts_at.year)
    url = f"/engagement/meine/nachweis/{certificate.code}.pdf"

    client.force_login(org_member)
    assert client.get(url).status_code == 404
    client.force_login(volunteer)
    response = client.get(url)

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_certificate_is_english_for_a_reader_of_the_english_portal(
    client, volunteer, org_member, shift
):
    _attended_hours(volunteer, org_member, shift)
    certificate = services.issue_certificate(volunteer=volunteer, year=shift.starts_at.year)
    client.force_login(volunteer)
    client.cookies["django_language"] = "en"

    # The middleware activates English in this thread; override() restores it afterwards.
    with translation.override("de"):
        response = client.get(f"/engagement/meine/nachweis/{certificate.code}.pdf")

    facts = read(response.content)
    assert facts.language == "en"
    assert facts.title == f"Volunteering certificate {certificate.year}"
    assert "This is to certify that Vera Volunteer volunteered" in " ".join(facts.text.split())
    assert findings(response.content, language="en", names=["Vera Volunteer"]) == []


def test_verification_url_accepts_real_code_and_rejects_forged(
    client, volunteer, org_member, shift
):
    _attended_hours(volunteer, org_member, shift)
    certificate = services.issue_certificate(volunteer=volunteer, year=shift.starts_at.year)

    real = client.get(f"/engagement/nachweis/{certificate.code}/")
    forged = client.get("/engagement/nachweis/ABCD-EFGH-JKLM/")
    by_form = client.get("/engagement/nachweis/", {"code": certificate.code.lower()})

    assert real.status_code == 200
    assert "Der Nachweis ist echt." in real.content.decode()
    assert "Vera Volunteer" in real.content.decode()
    assert forged.status_code == 404
    assert "keinen Nachweis" in forged.content.decode()
    assert "Der Nachweis ist echt." in by_form.content.decode()


def test_issue_certificate_without_hours_is_refused(volunteer):
    with pytest.raises(services.VolunteeringError, match="keine bestätigten Stunden"):
        services.issue_certificate(volunteer=volunteer, year=2026)


def test_shift_times_in_emails_are_local(
    volunteer, opportunity, django_capture_on_commit_callbacks
):
    start = in_days(5, 18)
    shift = ShiftFactory(
        opportunity=opportunity, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift)

    assert "18:00–19:00 Uhr" in mail.outbox[0].body


def _fixed_shift(opportunity):
    start = in_days(400, 18).replace(month=12, day=7)
    return ShiftFactory(
        opportunity=opportunity, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )


def test_organisation_notice_speaks_each_recipients_language(
    volunteer, opportunity, org_member, django_capture_on_commit_callbacks
):
    opportunity.organisation.email = "Buero@kassberg.example"
    opportunity.organisation.save()
    english = UserFactory(email="coordinator@example.org")
    MembershipFactory(
        organisation=opportunity.organisation,
        user=english,
        role=OrganisationMembership.Role.COORDINATOR,
    )
    NotificationSettings.objects.create(user=english, language="en")
    shift = _fixed_shift(opportunity)
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    mail.outbox.clear()
    year = shift.starts_at.year

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_signup(signup=signup)

    by_recipient = {m.to[0]: m for m in mail.outbox if m.to != [volunteer.email]}
    assert sorted(by_recipient) == [
        "Buero@kassberg.example",
        "coordinator@example.org",
        "member@example.org",
    ]
    german = by_recipient["member@example.org"]
    assert german.subject == "[civicportal] Absage: Frühstück für alle"
    assert f"7. Dezember {year}, 18:00–20:00 Uhr" in german.body
    assert "Vera Volunteer hat für diesen Termin abgesagt" in german.body
    english_mail = by_recipient["coordinator@example.org"]
    assert english_mail.subject == "[civicportal] Cancellation: Frühstück für alle"
    assert f", Dec. 7, {year}, 6 p.m.–8 p.m." in english_mail.body
    assert "Dezember" not in english_mail.body
    # the organisation's own address (no account): the portal's language, no portal entry
    office = by_recipient["Buero@kassberg.example"]
    assert f"7. Dezember {year}" in office.body
    assert "List-Unsubscribe" not in office.extra_headers
    assert "/konto/benachrichtigungen/" not in office.body  # no account, no settings


def test_application_notice_goes_to_the_organisation_with_the_message(
    volunteer, application_opportunity, org_member, django_capture_on_commit_callbacks
):
    shift = _fixed_shift(application_opportunity)

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift, message="Ich lese gern vor.")

    (notice,) = [m for m in mail.outbox if m.to == ["member@example.org"]]
    assert notice.subject == "[civicportal] Neue Bewerbung: Lesepatenschaft"
    assert "Ich lese gern vor." in notice.body
    assert f"7. Dezember {shift.starts_at.year}" in notice.body
    assert "/organisationen/kassberg/" in notice.body
