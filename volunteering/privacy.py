"""GDPR hooks of the volunteering part (wired into /konto/daten/ by the portal)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from volunteering.models import (
    Booking,
    Certificate,
    HoursEntry,
    Signup,
    VolunteerProfile,
)
from volunteering.services import cancel_signup


def export_user_data(user) -> dict:
    profile = (
        VolunteerProfile.objects.filter(user=user)
        .prefetch_related("interests", "skills")
        .select_related("municipality", "district")
        .first()
    )
    data: dict = {"profile": None}
    if profile:
        data["profile"] = {
            "municipality": profile.municipality.name if profile.municipality else None,
            "district": profile.district.name if profile.district else None,
            "interests": [theme.name for theme in profile.interests.all()],
            "skills": [skill.name for skill in profile.skills.all()],
            "availability_mask": profile.availability_mask,
            "languages": list(profile.languages),
            "age_band": profile.age_band,
            "suitability": list(profile.suitability),
            "wants_remote": profile.wants_remote,
            # The secret address of the personal calendar feed (renewable under
            # „Mein Engagement“); whoever has it can read the feed.
            "calendar_token": profile.calendar_token,
        }
    data["signups"] = [
        {
            "opportunity": s.shift.opportunity.title,
            "organisation": s.shift.opportunity.organisation.name,
            "starts_at": s.shift.starts_at.isoformat(),
            "ends_at": s.shift.ends_at.isoformat(),
            "status": s.status,
            "message": s.message,
            "response": s.response,
            "created_at": s.created_at.isoformat(),
        }
        for s in Signup.objects.filter(volunteer=user).select_related(
            "shift__opportunity__organisation"
        )
    ]
    data["hours"] = [
        {
            "opportunity": e.opportunity.title,
            "date": e.date.isoformat(),
            "hours": str(e.hours),
            "description": e.description,
            "status": e.status,
        }
        for e in HoursEntry.objects.filter(volunteer=user).select_related("opportunity")
    ]
    data["certificates"] = [
        {
            "year": c.year,
            "code": c.code,
            "total_hours": str(c.total_hours),
            "issued_at": c.issued_at.isoformat(),
        }
        for c in Certificate.objects.filter(volunteer=user)
    ]
    data["consultations"] = [
        {
            "starts_at": b.slot.starts_at.isoformat(),
            "mode": b.slot.mode,
            "status": b.status,
            "topic": b.topic,
            "phone": b.phone,
        }
        for b in Booking.objects.filter(resident=user).select_related("slot")
    ]
    return data


@transaction.atomic
def erase_user_data(user) -> None:
    """Remove the person's volunteering data and keep the organisations' figures right.

    Sign-ups that still hold (or wait for) a place in a future shift are cancelled first
    through the service (the place goes to the waitlist, ``Shift.taken`` follows); all
    future sign-ups are then deleted. Past sign-ups and every hours entry stay for
    attendance and hour statistics, but anonymous: ``volunteer`` becomes NULL and the
    free-text fields (message, response, description), which may hold personal data, are
    blanked. The profile, certificates
    (their codes stop verifying; they carry the name) and consultation bookings are
    deleted (invitations to the person's address: organisations.privacy).
    """
    future = Signup.objects.filter(
        volunteer=user,
        status__in=[*Signup.HOLDING_STATUSES, Signup.Status.WAITLISTED],
        shift__starts_at__gt=timezone.now(),
    )
    for signup in future:
        cancel_signup(signup=signup)
    # Future sign-ups (now none holding a place) carry no statistics: they go.
    Signup.objects.filter(volunteer=user, shift__starts_at__gt=timezone.now()).delete()
    for booking in Booking.objects.filter(resident=user, status=Booking.Status.BOOKED):
        booking.slot.__class__.objects.filter(pk=booking.slot_id).update(is_booked=False)
    Booking.objects.filter(resident=user).delete()
    HoursEntry.objects.filter(volunteer=user).update(volunteer=None, description="")
    Signup.objects.filter(volunteer=user).update(volunteer=None, message="", response="")
    Certificate.objects.filter(volunteer=user).delete()
    VolunteerProfile.objects.filter(user=user).delete()
