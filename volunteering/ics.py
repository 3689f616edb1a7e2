"""The volunteers' calendar entries (a shift, a consultation, the private feed), written
by ``civicportal.core.ical`` (icalendar)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from civicportal.core import ical
from volunteering.models import Booking, Signup

PRODUCT = "Engagement"


def _shift_entry(signup: Signup) -> ical.Entry:
    shift = signup.shift
    opportunity = shift.opportunity
    return ical.Entry(
        uid=f"signup-{signup.pk}",
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        summary=f"{opportunity.title} ({opportunity.organisation.name})",
        stamp=signup.created_at,
        description=opportunity.summary,
        location=opportunity.place,
        url=settings.SITE_URL + opportunity.get_absolute_url(),
        status="CANCELLED" if signup.status == Signup.Status.CANCELLED else "CONFIRMED",
    )


def signup_ics(signup: Signup) -> bytes:
    return ical.build(
        [_shift_entry(signup)],
        name=signup.shift.opportunity.title,
        product=PRODUCT,
        method="PUBLISH",
    )


def feed_ics(signups: Iterable[Signup]) -> bytes:
    return ical.build(
        [_shift_entry(signup) for signup in signups],
        name=_("Meine Engagement-Termine"),
        product=PRODUCT,
    )


def booking_ics(booking: Booking) -> bytes:
    slot = booking.slot
    entry = ical.Entry(
        uid=f"consultation-{booking.pk}",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("Engagementberatung (%(mode)s)") % {"mode": slot.get_mode_display()},
        stamp=booking.created_at,
        location=slot.location,
        status="CONFIRMED",
    )
    return ical.build(
        [entry], name=_("Beratung FreiwilligenAgentur"), product=PRODUCT, method="PUBLISH"
    )
