from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum
from django.utils import timezone

from tests.factories import UserFactory
from tests.volunteering.factories import (
    ConsultationSlotFactory,
    ProfileFactory,
    ShiftFactory,
    in_days,
)
from volunteering import services
from volunteering.models import (
    Booking,
    ConsultationSlot,
    HoursEntry,
    Shift,
    Signup,
    VolunteerProfile,
)
from volunteering.privacy import erase_user_data, export_user_data

pytestmark = pytest.mark.django_db


def test_export_contains_profile_signups_hours_and_bookings(volunteer, shift):
    ProfileFactory(user=volunteer, languages=["de", "tr"])
    services.sign_up(volunteer=volunteer, shift=shift, message="Ich bringe Kuchen mit.")
    services.book_consultation(resident=volunteer, slot=ConsultationSlotFactory(), topic="Umwelt")

    data = export_user_data(volunteer)

    json.dumps(data)  # serialisable
    assert data["profile"]["languages"] == ["de", "tr"]
    assert [(s["opportunity"], s["message"]) for s in data["signups"]] == [
        ("Frühstück für alle", "Ich bringe Kuchen mit.")
    ]
    assert [b["topic"] for b in data["consultations"]] == ["Umwelt"]


def test_erase_frees_places_and_removes_personal_data(volunteer, shift):
    waiting = UserFactory()
    ProfileFactory(user=volunteer)
    services.sign_up(volunteer=volunteer, shift=shift)
    services.sign_up(volunteer=UserFactory(), shift=shift)
    services.sign_up(volunteer=waiting, shift=shift)
    slot = ConsultationSlotFactory()
    services.book_consultation(resident=volunteer, slot=slot)
    HoursEntry.objects.create(
        volunteer=volunteer,
        opportunity=shift.opportunity,
        date=shift.starts_at.date(),
        hours=Decimal("2"),
    )

    erase_user_data(volunteer)

    assert not Signup.objects.filter(volunteer=volunteer).exists()
    assert not VolunteerProfile.objects.filter(user=volunteer).exists()
    assert not HoursEntry.objects.filter(volunteer=volunteer).exists()
    assert not Booking.objects.filter(resident=volunteer).exists()
    assert Signup.objects.get(volunteer=waiting).status == Signup.Status.CONFIRMED
    assert Shift.objects.get(pk=shift.pk).taken == 2
    assert ConsultationSlot.objects.get(pk=slot.pk).is_booked is False


# --- erasure keeps the organisations' figures (personal data goes, statistics stay) --------


def _attended_history(volunteer, other, org_member, shift):
    """Two people attend ``shift``; the volunteer also logs hours with a personal note and
    holds a place in a future shift. Returns the future shift."""
    services.sign_up(volunteer=volunteer, shift=shift, message="Ich heiße Vera, Tel. 0371 123")
    services.sign_up(volunteer=other, shift=shift)
    future = ShiftFactory(opportunity=shift.opportunity, starts_at=in_days(20), capacity=1)
    services.sign_up(volunteer=volunteer, shift=future, message="Vera kommt gern wieder")
    Signup.objects.filter(volunteer=volunteer, shift=shift).update(response="Danke, Vera!")
    return future


def _travel_after(shift):
    return time_machine.travel(shift.ends_at + datetime.timedelta(hours=1))


def _hour_total(organisation):
    return HoursEntry.objects.filter(opportunity__organisation=organisation).aggregate(
        total=Sum("hours")
    )["total"]


def test_erase_keeps_hour_totals_and_attendance_anonymously(
    volunteer, org_member, organisation, shift
):
    other = UserFactory()
    future = _attended_history(volunteer, other, org_member, shift)
    # the next day: hours logged for the day of the shift would count it twice
    with time_machine.travel(shift.ends_at + datetime.timedelta(days=1)):
        for signup in Signup.objects.filter(shift=shift):
            services.mark_attendance(signup=signup, attended=True, by=org_member)
        services.log_hours(
            volunteer=volunteer,
            opportunity=shift.opportunity,
            day=timezone.localdate(),
            hours=Decimal("3"),
            description="Mit Vera Volunteer (Tel. 0371 123) Kisten sortiert",
        )
        before_total = _hour_total(organisation)
        before_attended = Signup.objects.filter(shift=shift, status="attended").count()

        erase_user_data(volunteer)

        assert _hour_total(organisation) == before_total == Decimal("7.00")
        assert Signup.objects.filter(shift=shift, status="attended").count() == before_attended
        assert HoursEntry.objects.filter(volunteer=None).count() == 2
        anonymous = Signup.objects.get(shift=shift, volunteer=None)
        assert (anonymous.status, anonymous.message, anonymous.response) == ("attended", "", "")
        assert list(
            HoursEntry.objects.filter(volunteer=None).values_list("description", flat=True)
        ) == ["", ""]
        assert not Signup.objects.filter(shift=future).exists()


def test_erase_keeps_shift_taken_equal_to_holding_rows(volunteer, org_member, shift):
    other = UserFactory()
    future = _attended_history(volunteer, other, org_member, shift)
    waiting = UserFactory()
    services.sign_up(volunteer=waiting, shift=future)

    with _travel_after(shift):
        erase_user_data(volunteer)

    for s in (shift, future):
        s.refresh_from_db()
        holding = Signup.objects.filter(shift=s, status__in=Signup.HOLDING_STATUSES).count()
        assert s.taken == holding
    assert shift.taken == 2
    assert Signup.objects.get(shift=future, volunteer=waiting).status == "confirmed"


def test_erase_leaves_no_personal_text(volunteer, org_member, shift):
    _attended_history(volunteer, UserFactory(), org_member, shift)
    with _travel_after(shift):
        services.log_hours(
            volunteer=volunteer,
            opportunity=shift.opportunity,
            day=timezone.localdate(),
            hours=Decimal("1"),
            description="Vera hat geholfen",
        )
        erase_user_data(volunteer)

    texts = [
        *Signup.objects.values_list("message", "response"),
        *HoursEntry.objects.values_list("description", flat=True),
    ]
    assert "Vera" not in repr(texts)
    assert not Signup.objects.filter(volunteer=volunteer).exists()
    assert not HoursEntry.objects.filter(volunteer=volunteer).exists()


def test_dashboard_and_csv_render_with_erased_participant(
    client, volunteer, org_member, organisation, shift
):
    other = UserFactory(email="other@example.org", display_name="Otto Other")
    _attended_history(volunteer, other, org_member, shift)
    with _travel_after(shift):
        services.log_hours(
            volunteer=volunteer,
            opportunity=shift.opportunity,
            day=timezone.localdate(),
            hours=Decimal("1"),
            description="Vera hat geholfen",
        )
        erase_user_data(volunteer)
        client.force_login(org_member)

        page = client.get(f"/organisationen/{organisation.slug}/").content.decode()
        export = client.get(f"/organisationen/{organisation.slug}/teilnehmende.csv")

    assert "gelöschtes Konto" in page
    assert "Otto Other" in page
    assert "volunteer@example.org" not in page
    assert "Vera" not in page
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "Angebot;Beginn;Ende;Name;E-Mail;Status"
    assert [line.split(";")[3:] for line in lines[1:]] == [
        ["Otto Other", "other@example.org", "bestätigt"]
    ]


def test_erase_sends_nothing_to_the_erased_address(
    volunteer, shift, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = UserFactory(email="waiting@example.org")
    services.sign_up(volunteer=volunteer, shift=shift)
    services.sign_up(volunteer=UserFactory(), shift=shift)
    services.sign_up(volunteer=waiting, shift=shift)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        erase_user_data(volunteer)

    assert [m.to for m in mailoutbox] == [["waiting@example.org"]]
    assert mailoutbox[0].subject.endswith("Nachgerückt: Frühstück für alle")
