"""The volunteers' calendar entries (a shift, a consultation, the private feed), written
by ``civicportal.core.ical`` (icalendar).

A sign-up's entry keeps its UID for its whole life; the shift's ``sequence`` counts its
revisions, so a moved shift replaces the entry in the person's calendar and a cancelled
one (``METHOD:CANCEL``, ``STATUS:CANCELLED``) removes it."""

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
    cancelled = signup.status == Signup.Status.CANCELLED or shift.cancelled_at is not None
    return ical.Entry(
        uid=f"signup-{signup.pk}",
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        summary=f"{opportunity.title} ({opportunity.organisation.name})",
        stamp=max(filter(None, [signup.created_at, signup.cancelled_at, shift.cancelled_at])),
        description=opportunity.summary,
        location=shift.location,
        url=settings.SITE_URL + opportunity.get_absolute_url(),
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=shift.sequence,
    )


def signup_ics(signup: Signup) -> bytes:
    """The entry of one sign-up (new or updated: ``METHOD:PUBLISH``)."""
    return ical.build(
        [_shift_entry(signup)],
        name=signup.shift.opportunity.title,
        product=PRODUCT,
        method="PUBLISH",
    )


def signup_cancel_ics(signup: Signup) -> bytes:
    """The cancellation of a sign-up's entry (``METHOD:CANCEL``, same UID, next SEQUENCE)."""
    return ical.build(
        [_shift_entry(signup)],
        name=signup.shift.opportunity.title,
        product=PRODUCT,
        method="CANCEL",
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
        location=slot.call_link or slot.location,
        url=slot.call_link,
        status="CONFIRMED",
    )
    return ical.build(
        [entry], name=_("Beratung FreiwilligenAgentur"), product=PRODUCT, method="PUBLISH"
    )
