from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.factories import UserFactory
from tests.volunteering.factories import ConsultationSlotFactory, ProfileFactory
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
