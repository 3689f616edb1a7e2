"""The notification kinds of the volunteering part (registered in ``VolunteeringConfig.ready``).

The volunteering part's older mails (sign-up confirmation, decisions, reminders, the
organisation's notices; ``volunteering.emails``) still go out through its own tasks; see
docs/notifications.md.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import StaffMembership
from civicportal.core.notifications import Delivery, Kind, register, staff_of
from volunteering.models import Booking, HoursEntry, Signup

ENGAGEMENT = _("Engagement")
AGENCY = _("FreiwilligenAgentur")


def _agency(booking: Booking) -> list:
    """The agency of the slot's municipality, and the slot's counsellor."""
    people = staff_of(booking.slot.municipality_id, StaffMembership.Role.VOLUNTEER_COORDINATOR)
    if booking.slot.counsellor is not None:
        people.append(booking.slot.counsellor)
    return people


def _resolve_booking(booking_id: int, status: str) -> Delivery | None:
    booking = (
        Booking.objects.select_related("slot__municipality", "slot__counsellor", "resident")
        .filter(pk=booking_id, status=status)
        .first()
    )
    if booking is None:
        return None
    return Delivery(
        recipients=_agency(booking),
        context={"booking": booking, "slot": booking.slot},
        subject_args={"municipality": booking.slot.municipality.name},
        path=reverse("admin:volunteering_booking_change", args=[booking.pk]),
    )


def resolve_booking(*, booking_id: int) -> Delivery | None:
    """A resident booked a consultation: to the agency."""
    return _resolve_booking(booking_id, Booking.Status.BOOKED)


def resolve_booking_cancelled(*, booking_id: int) -> Delivery | None:
    """A resident cancelled a consultation: to the agency."""
    return _resolve_booking(booking_id, Booking.Status.CANCELLED)


def resolve_hours(*, entry_id: int) -> Delivery | None:
    """The organisation confirmed or rejected logged hours: to the volunteer."""
    entry = (
        HoursEntry.objects.select_related("volunteer", "opportunity__organisation")
        .filter(pk=entry_id)
        .exclude(status=HoursEntry.Status.PENDING)
        .first()
    )
    if entry is None or entry.volunteer is None:
        return None
    return Delivery(
        recipients=[entry.volunteer],
        context={
            "entry": entry,
            "confirmed": entry.status == HoursEntry.Status.CONFIRMED,
            "opportunity": entry.opportunity,
        },
        subject_args={"opportunity": entry.opportunity.title},
        path=reverse("volunteering:mine"),
    )


def resolve_signup_cancelled(*, signup_id: int) -> Delivery | None:
    """The volunteer cancelled their sign-up: a confirmation to them."""
    signup = (
        Signup.objects.select_related("volunteer", "shift__opportunity__organisation")
        .filter(pk=signup_id, status=Signup.Status.CANCELLED)
        .first()
    )
    if signup is None or signup.volunteer is None:
        return None
    return Delivery(
        recipients=[signup.volunteer],
        context={"signup": signup, "shift": signup.shift, "opportunity": signup.shift.opportunity},
        subject_args={"opportunity": signup.shift.opportunity.title},
        path=signup.shift.opportunity.get_absolute_url(),
    )


BOOKING = "volunteering.booking"
BOOKING_CANCELLED = "volunteering.booking_cancelled"
HOURS = "volunteering.hours"
SIGNUP_CANCELLED = "volunteering.signup_cancelled"

KINDS = [
    Kind(
        key=HOURS,
        label=_("Deine Stunden wurden bestätigt oder abgelehnt"),
        subject=_("Deine Stunden bei „%(opportunity)s“"),
        text_template="volunteering/notifications/hours.txt",
        resolve=resolve_hours,
        group=ENGAGEMENT,
    ),
    Kind(
        key=SIGNUP_CANCELLED,
        label=_("Bestätigung deiner Absage"),
        subject=_("Deine Absage für „%(opportunity)s“"),
        text_template="volunteering/notifications/signup_cancelled.txt",
        resolve=resolve_signup_cancelled,
        group=ENGAGEMENT,
        switchable=False,  # confirms what the person did
    ),
    Kind(
        key=BOOKING,
        label=_("Neue Buchungen einer Engagement-Beratung"),
        subject=_("Neue Beratung gebucht (%(municipality)s)"),
        text_template="volunteering/notifications/booking.txt",
        resolve=resolve_booking,
        group=AGENCY,
        staff=True,
    ),
    Kind(
        key=BOOKING_CANCELLED,
        label=_("Abgesagte Engagement-Beratungen"),
        subject=_("Beratung abgesagt (%(municipality)s)"),
        text_template="volunteering/notifications/booking_cancelled.txt",
        resolve=resolve_booking_cancelled,
        group=AGENCY,
        staff=True,
    ),
]


def register_kinds() -> None:
    register(*KINDS)
