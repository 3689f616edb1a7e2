"""The notification kinds of the volunteering part (registered in ``VolunteeringConfig.ready``).

Every mail of the part is one of these kinds. Dates in the templates are formatted by
Django in the recipient's language (``{% load documents %}``: ``long_date``,
``long_datetime``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import OrganisationMembership, StaffMembership, User
from civicportal.core.notifications import Delivery, Kind, register, staff_of
from volunteering.ics import booking_ics, signup_cancel_ics, signup_ics
from volunteering.models import Booking, HoursEntry, Opportunity, Shift, Signup

ENGAGEMENT = _("Engagement")
AGENCY = _("FreiwilligenAgentur")


def _agency(booking: Booking) -> list:
    """The agency of the booking's municipality, and the slot's counsellor."""
    people = staff_of(booking.municipality_id, StaffMembership.Role.VOLUNTEER_COORDINATOR)
    if booking.slot is not None and booking.slot.counsellor is not None:
        people.append(booking.slot.counsellor)
    return people


def _resolve_booking(booking_id: int, status: str) -> Delivery | None:
    booking = (
        Booking.objects.select_related("municipality", "slot__counsellor", "resident")
        .filter(pk=booking_id, status=status, slot__isnull=False)
        .first()
    )
    if booking is None:
        return None
    return Delivery(
        recipients=_agency(booking),
        context={"booking": booking, "slot": booking.slot},
        subject_args={"municipality": booking.municipality.name},
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


def _signups(**filters):
    return Signup.objects.select_related(
        "volunteer", "shift__opportunity__organisation", "shift__opportunity__municipality"
    ).filter(volunteer__isnull=False, **filters)


def _shift_context(signup: Signup) -> dict:
    return {"signup": signup, "shift": signup.shift, "opportunity": signup.shift.opportunity}


def _calendar_file(signup: Signup, *, cancel: bool = False):
    content = signup_cancel_ics(signup) if cancel else signup_ics(signup)
    return lambda user: [("termin.ics", content, "text/calendar")]


def resolve_signup_confirmation(*, signup_id: int) -> Delivery | None:
    """The volunteer signed up: confirmed (with the calendar entry), applied or
    waitlisted (with the position)."""
    signup = (
        _signups(pk=signup_id, status__in=[*Signup.HOLDING_STATUSES, Signup.Status.WAITLISTED])
        .with_waitlist_position()
        .first()
    )
    if signup is None:
        return None
    return Delivery(
        recipients=[signup.volunteer],
        context=_shift_context(signup),
        subject_args={"opportunity": signup.shift.opportunity.title},
        path=reverse("volunteering:mine"),
        attachments=_calendar_file(signup) if signup.status == Signup.Status.CONFIRMED else None,
    )


def resolve_waitlist_promoted(*, signup_id: int, shift_changed: bool = False) -> Delivery | None:
    """A place became free and the volunteer moved up from the waitlist; with
    ``shift_changed`` the place came with a change of the shift's time or place, which this
    one mail also tells (the change mail goes only to those who already held a place)."""
    signup = _signups(pk=signup_id, status__in=Signup.HOLDING_STATUSES).first()
    if signup is None:
        return None
    return Delivery(
        recipients=[signup.volunteer],
        context={**_shift_context(signup), "shift_changed": shift_changed},
        subject_args={"opportunity": signup.shift.opportunity.title},
        path=reverse("volunteering:mine"),
        attachments=_calendar_file(signup) if signup.status == Signup.Status.CONFIRMED else None,
    )


def resolve_shift_changed(*, shift_id: int, except_signup_ids: list[int] = ()) -> Delivery | None:
    """The organisation moved a shift: everyone holding or awaiting a place, with the
    updated calendar entry for those who have one — except ``except_signup_ids``, the
    people who moved up with the same change (their promotion mail tells both)."""
    signups = list(
        _signups(
            shift_id=shift_id,
            shift__cancelled_at__isnull=True,
            status__in=[*Signup.HOLDING_STATUSES, Signup.Status.WAITLISTED],
        ).exclude(pk__in=except_signup_ids)
    )
    if not signups:
        return None
    by_user = {signup.volunteer_id: signup for signup in signups}
    shift = signups[0].shift

    def attachments(user: User):
        signup = by_user[user.pk]
        if signup.status != Signup.Status.CONFIRMED:
            return []
        return [("termin.ics", signup_ics(signup), "text/calendar")]

    return Delivery(
        recipients=[signup.volunteer for signup in signups],
        context={"shift": shift, "opportunity": shift.opportunity},
        subject_args={"opportunity": shift.opportunity.title},
        path=shift.opportunity.get_absolute_url(),
        attachments=attachments,
    )


def resolve_shift_cancelled(*, shift_id: int, signup_ids: list[int], reason: str = ""):
    """The organisation cancelled a shift: the people whose sign-ups it cancelled, with
    the reason and an iCalendar CANCEL."""
    signups = list(_signups(pk__in=signup_ids, shift_id=shift_id))
    if not signups:
        return None
    by_user = {signup.volunteer_id: signup for signup in signups}
    shift = signups[0].shift
    return Delivery(
        recipients=[signup.volunteer for signup in signups],
        context={"shift": shift, "opportunity": shift.opportunity, "reason": reason},
        subject_args={"opportunity": shift.opportunity.title},
        path=shift.opportunity.get_absolute_url(),
        attachments=lambda user: [
            ("absage.ics", signup_cancel_ics(by_user[user.pk]), "text/calendar")
        ],
    )


def resolve_participant_message(
    *,
    opportunity_id: int,
    shift_id: int | None,
    subject: str,
    body: str,
    sender_id: int | None = None,
) -> Delivery | None:
    """The organisation writes to the participants of a shift or an opportunity; each
    gets their own mail with the organisation's name as the sender."""
    opportunity = (
        Opportunity.objects.select_related("organisation").filter(pk=opportunity_id).first()
    )
    if opportunity is None:
        return None
    shift = Shift.objects.filter(pk=shift_id).first() if shift_id else None
    signups = _signups(status__in=MESSAGE_STATUSES, shift__cancelled_at__isnull=True)
    if shift is not None:
        signups = signups.filter(shift=shift)
    else:
        signups = signups.filter(shift__opportunity=opportunity, shift__ends_at__gt=timezone.now())
    return Delivery(
        recipients=[signup.volunteer for signup in signups],
        context={
            "opportunity": opportunity,
            "shift": shift,
            "message_subject": subject,
            "message_body": body,
        },
        subject_args={"organisation": opportunity.organisation.name, "subject": subject},
        path=opportunity.get_absolute_url(),
        sender_name=opportunity.organisation.name,
    )


def resolve_decision(*, signup_id: int) -> Delivery | None:
    """The organisation decided on an application: accepted (with the calendar entry) or
    declined, with its message."""
    signup = _signups(
        pk=signup_id, status__in=[Signup.Status.CONFIRMED, Signup.Status.DECLINED]
    ).first()
    if signup is None:
        return None
    accepted = signup.status == Signup.Status.CONFIRMED
    return Delivery(
        recipients=[signup.volunteer],
        context={**_shift_context(signup), "accepted": accepted},
        subject_args={"opportunity": signup.shift.opportunity.title},
        path=reverse("volunteering:mine"),
        attachments=_calendar_file(signup) if accepted else None,
    )


def resolve_reminder(*, signup_id: int) -> Delivery | None:
    """The shift starts tomorrow: a reminder with the calendar entry."""
    signup = _signups(
        pk=signup_id, status=Signup.Status.CONFIRMED, shift__cancelled_at__isnull=True
    ).first()
    if signup is None:
        return None
    return Delivery(
        recipients=[signup.volunteer],
        context=_shift_context(signup),
        subject_args={"opportunity": signup.shift.opportunity.title},
        path=reverse("volunteering:mine"),
        attachments=_calendar_file(signup),
    )


def resolve_booking_confirmed(*, booking_id: int) -> Delivery | None:
    """The resident booked a consultation: the confirmation, with the call link of a
    video consultation and the calendar entry."""
    booking = (
        Booking.objects.select_related("slot__municipality", "resident")
        .filter(pk=booking_id, status=Booking.Status.BOOKED, slot__isnull=False)
        .first()
    )
    if booking is None or booking.resident is None:
        return None
    content = booking_ics(booking)
    return Delivery(
        recipients=[booking.resident],
        context={"booking": booking, "slot": booking.slot},
        subject_args={"municipality": booking.slot.municipality.name},
        path=reverse("volunteering:consultation"),
        attachments=lambda user: [("beratung.ics", content, "text/calendar")],
    )


def _organisation_notice(signup: Signup, context: dict) -> Delivery:
    """A notice to the organisation: its administrators and coordinators (each in their
    language) and its own address (in the portal's language)."""
    organisation = signup.shift.opportunity.organisation
    people = User.objects.filter(
        organisation_memberships__organisation=organisation,
        organisation_memberships__role__in=[
            OrganisationMembership.Role.ADMIN,
            OrganisationMembership.Role.COORDINATOR,
        ],
    ).order_by("pk")
    return Delivery(
        recipients=list(people),
        context={**_shift_context(signup), **context},
        subject_args={"opportunity": signup.shift.opportunity.title},
        path=reverse("organisations:detail", kwargs={"slug": organisation.slug}),
        addresses=[organisation.email] if organisation.email else [],
    )


def resolve_application_received(*, signup_id: int) -> Delivery | None:
    """Someone applied for an opportunity (or moved up as an applicant): to the
    organisation, which accepts or declines."""
    signup = _signups(pk=signup_id, status=Signup.Status.PENDING).first()
    if signup is None:
        return None
    return _organisation_notice(signup, {})


def resolve_place_released(*, signup_id: int) -> Delivery | None:
    """A volunteer cancelled the place they held: to the organisation."""
    signup = (
        Signup.objects.select_related("volunteer", "shift__opportunity__organisation")
        .filter(pk=signup_id, status=Signup.Status.CANCELLED)
        .first()
    )
    if signup is None:
        return None
    volunteer = signup.volunteer
    return _organisation_notice(
        signup,
        {"volunteer_name": (volunteer.document_name or volunteer.email) if volunteer else ""},
    )


#: who a message of the organisation reaches (see services.message_recipients)
MESSAGE_STATUSES = (*Signup.HOLDING_STATUSES, Signup.Status.ATTENDED)

SIGNUP_CONFIRMATION = "volunteering.signup"
DECISION = "volunteering.decision"
REMINDER = "volunteering.reminder"
WAITLIST_PROMOTED = "volunteering.waitlist_promoted"
SHIFT_CHANGED = "volunteering.shift_changed"
SHIFT_CANCELLED = "volunteering.shift_cancelled"
PARTICIPANT_MESSAGE = "volunteering.participant_message"
BOOKING_CONFIRMED = "volunteering.booking_confirmed"
BOOKING = "volunteering.booking"
BOOKING_CANCELLED = "volunteering.booking_cancelled"
HOURS = "volunteering.hours"
SIGNUP_CANCELLED = "volunteering.signup_cancelled"
APPLICATION_RECEIVED = "volunteering.application_received"
PLACE_RELEASED = "volunteering.place_released"
ORGANISATION = _("Eure Organisation")

KINDS = [
    Kind(
        key=SIGNUP_CONFIRMATION,
        label=_("Bestätigung deiner Anmeldung"),
        subject=_("Deine Anmeldung: %(opportunity)s"),
        text_template="volunteering/notifications/signup.txt",
        resolve=resolve_signup_confirmation,
        group=ENGAGEMENT,
        switchable=False,  # confirms what the person did
    ),
    Kind(
        key=DECISION,
        label=_("Die Organisation hat über deine Bewerbung entschieden"),
        subject=_("Deine Bewerbung: %(opportunity)s"),
        text_template="volunteering/notifications/decision.txt",
        resolve=resolve_decision,
        group=ENGAGEMENT,
        switchable=False,  # the answer to the person's application
    ),
    Kind(
        key=REMINDER,
        label=_("Erinnerung am Tag vor deinem Einsatz"),
        subject=_("Erinnerung: morgen %(opportunity)s"),
        text_template="volunteering/notifications/reminder.txt",
        resolve=resolve_reminder,
        group=ENGAGEMENT,
    ),
    Kind(
        key=WAITLIST_PROMOTED,
        label=_("Du bist von der Warteliste nachgerückt"),
        subject=_("Nachgerückt: %(opportunity)s"),
        text_template="volunteering/notifications/waitlist_promoted.txt",
        resolve=resolve_waitlist_promoted,
        group=ENGAGEMENT,
        switchable=False,  # the person now holds a place
    ),
    Kind(
        key=SHIFT_CHANGED,
        label=_("Ein Termin, für den du angemeldet bist, hat sich geändert"),
        subject=_("Termin geändert: %(opportunity)s"),
        text_template="volunteering/notifications/shift_changed.txt",
        resolve=resolve_shift_changed,
        group=ENGAGEMENT,
        switchable=False,
    ),
    Kind(
        key=SHIFT_CANCELLED,
        label=_("Ein Termin, für den du angemeldet bist, fällt aus"),
        subject=_("Termin abgesagt: %(opportunity)s"),
        text_template="volunteering/notifications/shift_cancelled.txt",
        resolve=resolve_shift_cancelled,
        group=ENGAGEMENT,
        switchable=False,
    ),
    Kind(
        key=PARTICIPANT_MESSAGE,
        label=_("Nachrichten der Organisation an die Angemeldeten"),
        subject=_("%(organisation)s: %(subject)s"),
        text_template="volunteering/notifications/participant_message.txt",
        resolve=resolve_participant_message,
        group=ENGAGEMENT,
        switchable=False,  # what the organisation needs its participants to know
    ),
    Kind(
        key=BOOKING_CONFIRMED,
        label=_("Bestätigung deiner Engagement-Beratung"),
        subject=_("Beratungstermin gebucht (%(municipality)s)"),
        text_template="volunteering/notifications/booking_confirmed.txt",
        resolve=resolve_booking_confirmed,
        group=ENGAGEMENT,
        switchable=False,
    ),
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
        key=APPLICATION_RECEIVED,
        label=_("Neue Bewerbungen für ein Angebot eurer Organisation"),
        subject=_("Neue Bewerbung: %(opportunity)s"),
        text_template="volunteering/notifications/application_received.txt",
        resolve=resolve_application_received,
        group=ORGANISATION,
        switchable=False,  # the organisation has to decide
    ),
    Kind(
        key=PLACE_RELEASED,
        label=_("Absagen für Termine eurer Organisation"),
        subject=_("Absage: %(opportunity)s"),
        text_template="volunteering/notifications/place_released.txt",
        resolve=resolve_place_released,
        group=ORGANISATION,
        switchable=False,  # as before: the organisation plans with its people
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
