"""State changes of the volunteering part: one keyword-only function each, atomic.

Capacity rule: ``Shift.taken`` counts the places held by pending and confirmed sign-ups.
It is read and written only while the transaction holds the shift's row lock
(``select_for_update``), so concurrent sign-ups queue on the lock and never overbook;
the check constraint ``shift_not_overbooked`` is the last line of defence. Lock order is
always user row → shift row → sign-up rows, so two transactions never wait on each other
in a circle.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicportal.core import content
from civicportal.core.models import Organisation, User
from civicportal.core.tasks import enqueue_with_transaction, notify
from civicportal.core.text import german_slugify
from volunteering import notifications as kinds
from volunteering import tasks
from volunteering.models import (
    AGE_BAND_MINIMUM,
    Booking,
    Certificate,
    ConsultationSlot,
    HoursEntry,
    Opportunity,
    Shift,
    Signup,
    VolunteerProfile,
    new_calendar_token,
    slot_bit,
)


class VolunteeringError(Exception):
    """A rule stopped the action; ``str(error)`` is a German message for the person."""


def _enqueue(task, **kwargs) -> None:
    enqueue_with_transaction(task, **kwargs)


def _shift_time(shift: Shift) -> str:
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    return f"{start:%d.%m.%Y, %H:%M}–{end:%H:%M}"


# --- opportunities -----------------------------------------------------------------------------


def refresh_opportunity(*, opportunity_id: int) -> None:
    """Recompute the denormalised matching columns of one opportunity.

    ``open_until`` is the latest start of a future shift with a place left: the
    opportunity is open exactly while ``open_until > now()``, with no periodic job.
    """
    now = timezone.now()
    opportunity = Opportunity.objects.get(pk=opportunity_id)
    theme_ids = sorted(opportunity.themes.values_list("pk", flat=True))
    skill_ids = sorted(opportunity.skills.values_list("pk", flat=True))
    open_shifts = Shift.objects.filter(
        opportunity_id=opportunity_id, starts_at__gt=now, taken__lt=F("capacity")
    )
    bounds = open_shifts.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    mask = 0
    for weekday, daypart in set(open_shifts.values_list("weekday", "daypart")):
        mask |= slot_bit(weekday, daypart)
    Opportunity.objects.filter(pk=opportunity_id).update(
        theme_ids=theme_ids,
        skill_ids=skill_ids,
        slot_mask=mask,
        open_until=bounds["last"],
        next_open_start=bounds["first"],
    )


def refresh_stale_opportunities(*, batch: int = 1000) -> int:
    """Recompute opportunities whose ``next_open_start`` has passed while they are still
    open (only the ordering hint goes stale with time; openness itself never does)."""
    now = timezone.now()
    ids = list(
        Opportunity.objects.filter(next_open_start__lte=now, open_until__gt=now)
        .order_by()
        .values_list("pk", flat=True)[:batch]
    )
    for pk in ids:
        refresh_opportunity(opportunity_id=pk)
    return len(ids)


@transaction.atomic
def publish_opportunity(*, opportunity: Opportunity) -> Opportunity:
    """Publish ``opportunity``; only verified organisations publish."""
    organisation = Organisation.objects.get(pk=opportunity.organisation_id)
    if not organisation.is_verified:
        raise VolunteeringError(
            _(
                "Deine Organisation ist noch nicht verifiziert. Sobald die "
                "FreiwilligenAgentur sie geprüft hat, kannst du Angebote veröffentlichen."
            )
        )
    opportunity.is_published = True
    opportunity.save(update_fields=["is_published", "updated_at"])
    content.changed()  # public content: new page cache version on commit
    return opportunity


RESERVED_SLUGS = {
    "fuer-mich",
    "meine",
    "beratung",
    "profil",
    "nachweis",
    "kalender",
    "qualifizierung",
}


def unique_opportunity_slug(title: str) -> str:
    base = german_slugify(title)[:100] or "angebot"
    if base in RESERVED_SLUGS:
        base = f"{base}-angebot"
    slug, suffix = base, 2
    while Opportunity.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


@transaction.atomic
def create_opportunity(
    *, organisation: Organisation, opportunity: Opportunity, themes=(), skills=()
) -> Opportunity:
    """Save a new, unpublished opportunity of ``organisation``."""
    opportunity.organisation = organisation
    opportunity.municipality_id = organisation.municipality_id
    opportunity.slug = unique_opportunity_slug(opportunity.title)
    opportunity.is_published = False
    opportunity.save()
    opportunity.themes.set(themes)
    opportunity.skills.set(skills)
    refresh_opportunity(opportunity_id=opportunity.pk)
    return opportunity  # unpublished: nothing public changed


@transaction.atomic
def update_opportunity(*, opportunity: Opportunity, themes=(), skills=()) -> Opportunity:
    """Save an edited opportunity (its slug and publication state stay)."""
    opportunity.save()
    opportunity.themes.set(themes)
    opportunity.skills.set(skills)
    refresh_opportunity(opportunity_id=opportunity.pk)
    content.changed()  # public content: new page cache version on commit
    return opportunity


@transaction.atomic
def add_shift(*, opportunity: Opportunity, starts_at, ends_at, capacity: int, note: str = ""):
    shift = Shift(
        opportunity=opportunity, starts_at=starts_at, ends_at=ends_at, capacity=capacity, note=note
    )
    shift.save()
    refresh_opportunity(opportunity_id=opportunity.pk)
    content.changed()  # public content: new page cache version on commit
    return shift


# --- sign-ups ----------------------------------------------------------------------------------


def _lock_for_signup(volunteer: User, shift_id: int) -> Shift:
    """The shift ``shift_id`` with its opportunity, row-locked, in one statement.

    The volunteer's user row is locked first, in an uncorrelated sub-select that PostgreSQL
    runs once before it reads the shift (an InitPlan): the documented lock order user row →
    shift row holds, and one person's sign-ups queue behind each other for the overlap
    check. Raises ``Shift.DoesNotExist`` for an unknown shift.
    """
    user_lock = Exists(User.objects.filter(pk=volunteer.pk).select_for_update())
    return (
        Shift.objects.select_for_update(of=("self",))
        .select_related("opportunity")
        .defer(*(f"opportunity__{name}" for name in Opportunity.LONG_TEXT_FIELDS))
        .filter(user_lock, pk=shift_id)
        .get()
    )


@transaction.atomic
def sign_up(*, volunteer: User, shift: Shift | int, message: str = "") -> Signup:
    """Sign ``volunteer`` up for ``shift`` (a shift or its id; the row is re-read locked).

    Takes a place while one is left (confirmed, or pending in application mode); on a
    full shift the person joins the waitlist. Raises :class:`VolunteeringError` for a
    double sign-up, an overlapping shift, a past shift or an unpublished or closed
    opportunity, and ``Shift.DoesNotExist`` for an unknown shift.

    Five statements on the usual path: the lock, the person's relevant sign-ups, the
    counter update, the sign-up row and the confirmation task (in the same transaction
    with the database task backend, see ``enqueue_with_transaction``).
    """
    shift = _lock_for_signup(volunteer, getattr(shift, "pk", shift))
    opportunity = shift.opportunity
    if not opportunity.is_published or opportunity.is_closed:
        raise VolunteeringError(_("Für dieses Angebot sind keine Anmeldungen mehr möglich."))
    if shift.starts_at <= timezone.now():
        raise VolunteeringError(_("Dieser Termin hat schon begonnen."))
    if opportunity.minimum_age:
        profile = VolunteerProfile.objects.filter(user=volunteer).first()
        if (
            profile
            and profile.age_band
            and (AGE_BAND_MINIMUM[profile.age_band] < opportunity.minimum_age)
        ):
            raise VolunteeringError(
                _("Für dieses Angebot musst du mindestens %(age)d Jahre alt sein.")
                % {"age": opportunity.minimum_age}
            )

    # This shift's earlier sign-up of the person and their overlapping ones, in one query.
    relevant = list(
        Signup.objects.filter(volunteer=volunteer)
        .filter(
            Q(shift_id=shift.pk)
            | Q(
                status__in=[*Signup.HOLDING_STATUSES, Signup.Status.WAITLISTED],
                shift__starts_at__lt=shift.ends_at,
                shift__ends_at__gt=shift.starts_at,
            )
        )
        .select_related("shift__opportunity")
        .order_by("pk")
    )
    existing = next((s for s in relevant if s.shift_id == shift.pk), None)
    if existing and existing.status == Signup.Status.DECLINED:
        raise VolunteeringError(
            _("Die Organisation hat deine Bewerbung für diesen Termin abgelehnt.")
        )
    if existing and existing.status != Signup.Status.CANCELLED:
        raise VolunteeringError(_("Du bist für diesen Termin schon angemeldet."))
    overlap = next((s for s in relevant if s.shift_id != shift.pk), None)
    if overlap:
        raise VolunteeringError(
            _(
                "Zu dieser Zeit bist du schon für „%(title)s“ (%(time)s) angemeldet. "
                "Sag dort erst ab, wenn du lieber diesen Termin übernehmen möchtest."
            )
            % {"title": overlap.shift.opportunity.title, "time": _shift_time(overlap.shift)}
        )

    if shift.taken < shift.capacity:
        status = Signup.Status.PENDING if opportunity.needs_application else Signup.Status.CONFIRMED
        shift.taken += 1
        shift.save(update_fields=["taken"])
    else:
        status = Signup.Status.WAITLISTED

    signup = existing or Signup(shift=shift, volunteer=volunteer)
    signup.status = status
    signup.message = message
    signup.response = ""
    signup.created_at = timezone.now()
    signup.decided_at = None
    signup.cancelled_at = None
    signup.reminder_sent_at = None
    signup.save()

    if status != Signup.Status.WAITLISTED and shift.taken >= shift.capacity:
        refresh_opportunity(opportunity_id=opportunity.pk)
    _enqueue(tasks.send_signup_confirmation, signup_id=signup.pk)
    if status == Signup.Status.PENDING:
        _enqueue(tasks.notify_organisation_of_application, signup_id=signup.pk)
    return signup


def _promote_next(shift: Shift, opportunity: Opportunity) -> Signup | None:
    """Give a freed place to the first person on the waitlist (caller holds the lock)."""
    waiting = (
        Signup.objects.select_for_update()
        .filter(shift=shift, status=Signup.Status.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = (
        Signup.Status.PENDING if opportunity.needs_application else Signup.Status.CONFIRMED
    )
    waiting.save(update_fields=["status"])
    shift.taken += 1
    shift.save(update_fields=["taken"])
    _enqueue(tasks.send_waitlist_promotion, signup_id=waiting.pk)
    if waiting.status == Signup.Status.PENDING:
        _enqueue(tasks.notify_organisation_of_application, signup_id=waiting.pk)
    return waiting


def _release_place(signup: Signup, shift: Shift) -> Signup | None:
    opportunity = Opportunity.objects.get(pk=shift.opportunity_id)
    shift.taken -= 1
    shift.save(update_fields=["taken"])
    promoted = _promote_next(shift, opportunity)
    refresh_opportunity(opportunity_id=opportunity.pk)
    return promoted


@transaction.atomic
def fill_from_waitlist(*, shift: Shift) -> list[Signup]:
    """Give free places of ``shift`` (e.g. after its capacity was raised) to the waitlist."""
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    opportunity = Opportunity.objects.get(pk=shift.opportunity_id)
    promoted = []
    while shift.taken < shift.capacity and shift.starts_at > timezone.now():
        signup = _promote_next(shift, opportunity)
        if signup is None:
            break
        promoted.append(signup)
    return promoted


@transaction.atomic
def cancel_signup(*, signup: Signup) -> Signup | None:
    """The volunteer cancels ``signup`` (up to the start); returns the promoted sign-up."""
    shift = Shift.objects.select_for_update().get(pk=signup.shift_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status not in (*Signup.HOLDING_STATUSES, Signup.Status.WAITLISTED):
        raise VolunteeringError(_("Diese Anmeldung ist nicht mehr aktiv."))
    if shift.starts_at <= timezone.now():
        raise VolunteeringError(_("Nach Beginn des Termins kannst du nicht mehr absagen."))
    held_place = signup.status in Signup.HOLDING_STATUSES
    signup.status = Signup.Status.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    notify(kinds.SIGNUP_CANCELLED, signup_id=signup.pk)
    if held_place:
        _enqueue(tasks.notify_organisation_of_cancellation, signup_id=signup.pk)
        return _release_place(signup, shift)
    return None


@transaction.atomic
def remove_signup(*, signup: Signup) -> None:
    """Delete a sign-up (back office); a held place goes back, to the waitlist first."""
    shift = Shift.objects.select_for_update().get(pk=signup.shift_id)
    signup = Signup.objects.select_for_update().filter(pk=signup.pk).first()
    if signup is None:
        return
    held_place = signup.status in Signup.HOLDING_STATUSES
    signup.delete()
    if not held_place:
        return
    if shift.starts_at > timezone.now():
        _release_place(signup, shift)
    else:
        shift.taken -= 1
        shift.save(update_fields=["taken"])


@transaction.atomic
def approve_signup(*, signup: Signup, response: str = "") -> Signup:
    """The organisation accepts an application (pending → confirmed)."""
    Shift.objects.select_for_update().get(pk=signup.shift_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status != Signup.Status.PENDING:
        raise VolunteeringError(_("Über diese Bewerbung wurde schon entschieden."))
    signup.status = Signup.Status.CONFIRMED
    signup.response = response
    signup.decided_at = timezone.now()
    signup.save(update_fields=["status", "response", "decided_at"])
    _enqueue(tasks.send_signup_decision, signup_id=signup.pk)
    return signup


@transaction.atomic
def decline_signup(*, signup: Signup, response: str = "") -> Signup:
    """The organisation declines an application; the place goes to the waitlist."""
    shift = Shift.objects.select_for_update().get(pk=signup.shift_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status not in (Signup.Status.PENDING, Signup.Status.WAITLISTED):
        raise VolunteeringError(_("Über diese Bewerbung wurde schon entschieden."))
    held_place = signup.status == Signup.Status.PENDING
    signup.status = Signup.Status.DECLINED
    signup.response = response
    signup.decided_at = timezone.now()
    signup.save(update_fields=["status", "response", "decided_at"])
    _enqueue(tasks.send_signup_decision, signup_id=signup.pk)
    if held_place:
        _release_place(signup, shift)
    return signup


@transaction.atomic
def mark_attendance(*, signup: Signup, attended: bool, by: User) -> Signup:
    """The organisation records attendance; attending records the shift's hours."""
    signup = Signup.objects.select_for_update().select_related("shift").get(pk=signup.pk)
    allowed = (Signup.Status.CONFIRMED, Signup.Status.ATTENDED, Signup.Status.NO_SHOW)
    if signup.status not in allowed:
        raise VolunteeringError(_("Anwesenheit gibt es nur für bestätigte Anmeldungen."))
    if not signup.shift.has_started:
        raise VolunteeringError(_("Die Anwesenheit lässt sich erst ab Beginn eintragen."))
    signup.status = Signup.Status.ATTENDED if attended else Signup.Status.NO_SHOW
    signup.save(update_fields=["status"])
    entry = HoursEntry.objects.filter(signup=signup).first()
    if attended and entry is None:
        HoursEntry.objects.create(
            volunteer_id=signup.volunteer_id,
            opportunity_id=signup.shift.opportunity_id,
            signup=signup,
            date=timezone.localtime(signup.shift.starts_at).date(),
            hours=signup.shift.duration_hours,
            description=_("Einsatz am %(date)s")
            % {"date": f"{timezone.localtime(signup.shift.starts_at):%d.%m.%Y}"},
            status=HoursEntry.Status.CONFIRMED,
            decided_by=by,
            decided_at=timezone.now(),
        )
    elif not attended and entry is not None:
        entry.delete()
    return signup


# --- hours and recognition --------------------------------------------------------------------


@transaction.atomic
def log_hours(
    *, volunteer: User, opportunity: Opportunity, day: date, hours: Decimal, description: str
) -> HoursEntry:
    """A volunteer logs hours of ongoing work; the organisation confirms them later."""
    has_signed_up = Signup.objects.filter(
        volunteer=volunteer,
        shift__opportunity=opportunity,
        status__in=[Signup.Status.CONFIRMED, Signup.Status.ATTENDED],
    ).exists()
    if not has_signed_up:
        raise VolunteeringError(
            _("Stunden kannst du nur für Angebote eintragen, für die du bestätigt bist.")
        )
    if day > timezone.localdate():
        raise VolunteeringError(_("Stunden lassen sich nicht im Voraus eintragen."))
    return HoursEntry.objects.create(
        volunteer=volunteer,
        opportunity=opportunity,
        date=day,
        hours=hours,
        description=description,
        status=HoursEntry.Status.PENDING,
    )


@transaction.atomic
def decide_hours(*, entry: HoursEntry, confirm: bool, by: User) -> HoursEntry:
    entry = HoursEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != HoursEntry.Status.PENDING:
        raise VolunteeringError(_("Über diese Stunden wurde schon entschieden."))
    entry.status = HoursEntry.Status.CONFIRMED if confirm else HoursEntry.Status.REJECTED
    entry.decided_by = by
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "decided_by", "decided_at"])
    notify(kinds.HOURS, entry_id=entry.pk)
    return entry


def _certificate_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@transaction.atomic
def issue_certificate(*, volunteer: User, year: int) -> Certificate:
    """Freeze the confirmed hours of ``year`` into a certificate with a verification code.

    The certificate carries the volunteer's full name (never the e-mail address)."""
    if not volunteer.document_name:
        raise VolunteeringError(
            _("Bitte trage zuerst unter „Mein Konto“ deinen vollständigen Namen ein.")
        )
    rows = (
        HoursEntry.objects.filter(
            volunteer=volunteer, status=HoursEntry.Status.CONFIRMED, date__year=year
        )
        .values("opportunity__title", "opportunity__organisation__name")
        .annotate(hours=Sum("hours"), first=Min("date"), last=Max("date"))
        .order_by("first", "opportunity__title")
    )
    activities = [
        {
            "title": row["opportunity__title"],
            "organisation": row["opportunity__organisation__name"],
            "hours": str(row["hours"]),
            "from": row["first"].isoformat(),
            "to": row["last"].isoformat(),
        }
        for row in rows
    ]
    if not activities:
        raise VolunteeringError(_("Für dieses Jahr sind noch keine bestätigten Stunden erfasst."))
    total = sum((Decimal(a["hours"]) for a in activities), Decimal("0"))
    return Certificate.objects.create(
        volunteer=volunteer,
        year=year,
        code=_certificate_code(),
        holder_name=volunteer.document_name,
        total_hours=total,
        activities=activities,
    )


# --- consultation ------------------------------------------------------------------------------


@transaction.atomic
def book_consultation(
    *, resident: User, slot: ConsultationSlot, topic: str = "", phone: str = ""
) -> Booking:
    """Book ``slot`` for ``resident``; a slot takes exactly one booking."""
    slot = ConsultationSlot.objects.select_for_update().get(pk=slot.pk)
    if not slot.is_published or slot.starts_at <= timezone.now():
        raise VolunteeringError(_("Dieser Beratungstermin ist nicht mehr buchbar."))
    if slot.is_booked:
        raise VolunteeringError(
            _("Dieser Termin ist gerade vergeben worden. Bitte wähle einen anderen.")
        )
    if slot.mode == ConsultationSlot.Mode.PHONE and not phone.strip():
        raise VolunteeringError(_("Für eine Beratung am Telefon brauchen wir deine Nummer."))
    slot.is_booked = True
    slot.save(update_fields=["is_booked"])
    booking = Booking.objects.create(slot=slot, resident=resident, topic=topic, phone=phone)
    _enqueue(tasks.send_booking_confirmation, booking_id=booking.pk)
    notify(kinds.BOOKING, booking_id=booking.pk)
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking) -> Booking:
    slot = ConsultationSlot.objects.select_for_update().get(pk=booking.slot_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != Booking.Status.BOOKED:
        raise VolunteeringError(_("Diese Buchung ist nicht mehr aktiv."))
    if slot.starts_at <= timezone.now():
        raise VolunteeringError(_("Nach Beginn des Termins kannst du nicht mehr absagen."))
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    slot.is_booked = False
    slot.save(update_fields=["is_booked"])
    notify(kinds.BOOKING_CANCELLED, booking_id=booking.pk)
    return booking


# --- reminders ---------------------------------------------------------------------------------


def due_reminder_filter(today: date) -> Q:
    """Confirmed sign-ups for shifts that start tomorrow (local date), not yet reminded."""
    tomorrow = today + timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(tomorrow, time.min), tz)
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min), tz)
    return Q(
        status=Signup.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        shift__starts_at__gte=start,
        shift__starts_at__lt=end,
    )


def claim_due_reminders(*, today: date, batch: int = 500) -> list[int]:
    """Mark due reminders as sent and return their sign-up ids (each id exactly once).

    The conditional update (``reminder_sent_at IS NULL``) under ``SKIP LOCKED`` makes two
    runs — even two running at the same time — claim disjoint sets.
    """
    with transaction.atomic():
        ids = list(
            Signup.objects.select_for_update(skip_locked=True)
            .filter(due_reminder_filter(today))
            .values_list("pk", flat=True)[:batch]
        )
        Signup.objects.filter(pk__in=ids, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
    return ids


# --- calendar feed -----------------------------------------------------------------------------


def renew_calendar_token(*, user: User) -> VolunteerProfile | None:
    """A new secret address for ``user``'s calendar feed; the old one stops working at once.
    ``None`` if the person has no volunteering profile (and so no feed)."""
    profile = VolunteerProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token", "updated_at"])
    return profile
