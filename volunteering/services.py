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
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicportal.core import content
from civicportal.core.models import Organisation, User
from civicportal.core.tasks import notify
from civicportal.core.text import german_slugify
from volunteering import notifications as kinds
from volunteering.models import (
    AGE_BAND_MINIMUM,
    MAX_HOURS,
    AgeBand,
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


class AgeRequired(VolunteeringError):
    """The opportunity has a minimum age and the person's age band is not known yet."""


def _shift_time(shift: Shift) -> str:
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    return "{}, {}–{}".format(
        formats.date_format(start, "SHORT_DATE_FORMAT"),
        formats.time_format(start, "TIME_FORMAT"),
        formats.time_format(end, "TIME_FORMAT"),
    )


def waitlist_open(shift: Shift, opportunity: Opportunity) -> bool:
    """Whether people may still move up from (or join) the waitlist of ``shift``: until
    the opportunity's cut-off before the start."""
    cutoff = shift.starts_at - timedelta(hours=opportunity.waitlist_cutoff_hours)
    return cutoff > timezone.now()


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
    open_shifts = Shift.objects.active().filter(
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
    has_shift = Shift.objects.active().filter(
        opportunity_id=opportunity.pk, starts_at__gt=timezone.now()
    )
    if not has_shift.exists():
        raise VolunteeringError(
            _("Lege zuerst mindestens einen Termin an: Ohne Termin kann sich niemand anmelden.")
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
def add_shift(
    *,
    opportunity: Opportunity,
    starts_at,
    ends_at,
    capacity: int,
    note: str = "",
    place: str = "",
):
    shift = Shift(
        opportunity=opportunity,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        note=note,
        place=place,
    )
    shift.save()
    refresh_opportunity(opportunity_id=opportunity.pk)
    content.changed()  # public content: new page cache version on commit
    return shift


# --- shift management by the organisation ---------------------------------------------------

#: sign-ups that the organisation's changes concern (people holding or awaiting a place)
CONCERNED_STATUSES = (*Signup.HOLDING_STATUSES, Signup.Status.WAITLISTED)


def _lock_shift(shift: Shift) -> Shift:
    return (
        Shift.objects.select_for_update(of=("self",))
        .select_related("opportunity")
        .defer(*(f"opportunity__{name}" for name in Opportunity.LONG_TEXT_FIELDS))
        .get(pk=shift.pk)
    )


@transaction.atomic
def edit_shift(
    *, shift: Shift, starts_at, ends_at, capacity: int, place: str = "", note: str = ""
) -> list[Signup]:
    """The organisation changes time, place or capacity of a future ``shift``.

    A capacity below the places already held is refused (nobody is dropped silently: the
    organisation cancels single sign-ups or the whole shift instead); a higher capacity
    gives the new places to the waitlist. When time or place change, the shift's
    calendar revision goes up and everyone concerned gets a message with the updated
    calendar entry (same UID, higher SEQUENCE). Returns the promoted sign-ups.
    """
    shift = _lock_shift(shift)
    opportunity = shift.opportunity
    if shift.cancelled_at is not None:
        raise VolunteeringError(_("Dieser Termin ist abgesagt."))
    if shift.has_started:
        raise VolunteeringError(_("Ein begonnener Termin lässt sich nicht mehr ändern."))
    if starts_at <= timezone.now():
        raise VolunteeringError(_("Der Termin muss in der Zukunft liegen."))
    if capacity < shift.taken:
        raise VolunteeringError(
            ngettext(
                "Für diesen Termin hat schon %(count)d Person einen Platz. Weniger Plätze "
                "gehen erst, wenn du einzelnen Personen absagst.",
                "Für diesen Termin haben schon %(count)d Personen einen Platz. Weniger Plätze "
                "gehen erst, wenn du einzelnen Personen absagst.",
                shift.taken,
            )
            % {"count": shift.taken}
        )
    moved = (shift.starts_at, shift.ends_at, shift.place) != (starts_at, ends_at, place)
    shift.starts_at, shift.ends_at, shift.place, shift.note = starts_at, ends_at, place, note
    shift.capacity = capacity
    if moved:
        shift.sequence += 1
    shift.save()
    promoted = _fill(shift, opportunity, shift_changed=moved)
    if moved:
        # The reminder goes out again for the new day.
        Signup.objects.filter(shift=shift).update(reminder_sent_at=None)
        # One mail each: who moved up with this change hears of both in the promotion mail.
        notify(
            kinds.SHIFT_CHANGED,
            shift_id=shift.pk,
            except_signup_ids=[signup.pk for signup in promoted],
        )
    refresh_opportunity(opportunity_id=opportunity.pk)
    content.changed()  # public content: new page cache version on commit
    return promoted


@transaction.atomic
def cancel_shift(*, shift: Shift, reason: str = "") -> list[int]:
    """The organisation cancels a future ``shift``: every sign-up holding or awaiting a
    place is cancelled, and the people are told (with ``reason``) and get an iCalendar
    CANCEL for the entry in their calendar. Returns the ids of the cancelled sign-ups."""
    shift = _lock_shift(shift)
    if shift.cancelled_at is not None:
        raise VolunteeringError(_("Dieser Termin ist schon abgesagt."))
    if shift.has_started:
        raise VolunteeringError(_("Ein begonnener Termin lässt sich nicht mehr absagen."))
    now = timezone.now()
    ids = list(
        Signup.objects.select_for_update()
        .filter(shift=shift, status__in=CONCERNED_STATUSES)
        .values_list("pk", flat=True)
    )
    Signup.objects.filter(pk__in=ids).update(status=Signup.Status.CANCELLED, cancelled_at=now)
    shift.cancelled_at = now
    shift.sequence += 1
    shift.taken = 0
    shift.save(update_fields=["cancelled_at", "sequence", "taken"])
    if ids:
        notify(kinds.SHIFT_CANCELLED, shift_id=shift.pk, signup_ids=ids, reason=reason)
    refresh_opportunity(opportunity_id=shift.opportunity_id)
    content.changed()  # public content: new page cache version on commit
    return ids


@transaction.atomic
def set_opportunity_closed(*, opportunity: Opportunity, closed: bool) -> Opportunity:
    """Close an opportunity for new sign-ups (existing ones stay), or open it again."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    opportunity.is_closed = closed
    opportunity.save(update_fields=["is_closed", "updated_at"])
    content.changed()  # public content: new page cache version on commit
    return opportunity


#: who a message of the organisation reaches: people with a place (and, after a
#: shift, those who were there)
MESSAGE_STATUSES = (*Signup.HOLDING_STATUSES, Signup.Status.ATTENDED)


def message_recipients(*, opportunity: Opportunity, shift: Shift | None = None):
    """The sign-ups a message to the participants of ``shift`` (or of the future shifts
    of ``opportunity``) reaches."""
    signups = Signup.objects.filter(
        status__in=MESSAGE_STATUSES, volunteer__isnull=False, shift__cancelled_at__isnull=True
    )
    if shift is not None:
        return signups.filter(shift=shift)
    return signups.filter(shift__opportunity=opportunity, shift__ends_at__gt=timezone.now())


@transaction.atomic
def message_participants(
    *, opportunity: Opportunity, subject: str, body: str, by: User, shift: Shift | None = None
) -> int:
    """The organisation writes to the participants of ``shift`` (or of all future shifts
    of ``opportunity``). Each person gets their own mail through the notification
    mechanism, with the organisation as the sender's name: nobody sees another address.
    Returns the number of people reached."""
    count = message_recipients(opportunity=opportunity, shift=shift).values("volunteer").distinct()
    count = count.count()
    if not count:
        raise VolunteeringError(_("Hier ist noch niemand angemeldet, der die Nachricht bekäme."))
    notify(
        kinds.PARTICIPANT_MESSAGE,
        opportunity_id=opportunity.pk,
        shift_id=shift.pk if shift else None,
        subject=subject,
        body=body,
        sender_id=by.pk,
    )
    return count


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
def sign_up(
    *, volunteer: User, shift: Shift | int, message: str = "", age_band: str = ""
) -> Signup:
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
    if shift.cancelled_at is not None:
        raise VolunteeringError(_("Dieser Termin wurde von der Organisation abgesagt."))
    if shift.starts_at <= timezone.now():
        raise VolunteeringError(_("Dieser Termin hat schon begonnen."))
    if opportunity.minimum_age:
        _check_age(volunteer, opportunity, age_band)

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
    elif waitlist_open(shift, opportunity):
        status = Signup.Status.WAITLISTED
    else:
        raise VolunteeringError(
            _("Dieser Termin ist voll, und so kurz vor Beginn rückt niemand mehr nach.")
        )

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
    notify(kinds.SIGNUP_CONFIRMATION, signup_id=signup.pk)
    if status == Signup.Status.PENDING:
        notify(kinds.APPLICATION_RECEIVED, signup_id=signup.pk)
    return signup


def _check_age(volunteer: User, opportunity: Opportunity, age_band: str) -> None:
    """The minimum age rule of ``sign_up`` (see there)."""
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    band = profile.age_band if profile and profile.age_band else ""
    if not band and age_band in AgeBand.values:
        band = age_band
        if profile is None:
            profile = VolunteerProfile(user=volunteer)
        profile.age_band = band
        profile.save()
    if not band:
        raise AgeRequired(
            _(
                "Für dieses Angebot musst du mindestens %(age)d Jahre alt sein. "
                "Bitte gib dein Alter an."
            )
            % {"age": opportunity.minimum_age}
        )
    if AGE_BAND_MINIMUM[band] < opportunity.minimum_age:
        raise VolunteeringError(
            _("Für dieses Angebot musst du mindestens %(age)d Jahre alt sein.")
            % {"age": opportunity.minimum_age}
        )


def _promote_next(
    shift: Shift, opportunity: Opportunity, *, shift_changed: bool = False
) -> Signup | None:
    """Give a freed place to the first person on the waitlist (caller holds the lock);
    nobody moves up after the opportunity's cut-off before the start. ``shift_changed``:
    the place comes with a change of time or place, which the promotion mail tells."""
    if not waitlist_open(shift, opportunity):
        return None
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
    notify(kinds.WAITLIST_PROMOTED, signup_id=waiting.pk, shift_changed=shift_changed)
    if waiting.status == Signup.Status.PENDING:
        notify(kinds.APPLICATION_RECEIVED, signup_id=waiting.pk)
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
    promoted = _fill(shift, opportunity)
    refresh_opportunity(opportunity_id=opportunity.pk)
    return promoted


def _fill(shift: Shift, opportunity: Opportunity, *, shift_changed: bool = False) -> list[Signup]:
    """Promote from the waitlist while places are free (caller holds the shift's lock)."""
    promoted = []
    while shift.taken < shift.capacity and shift.cancelled_at is None:
        signup = _promote_next(shift, opportunity, shift_changed=shift_changed)
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
        notify(kinds.PLACE_RELEASED, signup_id=signup.pk)
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
    notify(kinds.DECISION, signup_id=signup.pk)
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
    notify(kinds.DECISION, signup_id=signup.pk)
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
    if signup.shift.cancelled_at is not None:
        raise VolunteeringError(_("Dieser Termin ist abgesagt."))
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
            % {
                "date": formats.date_format(
                    timezone.localtime(signup.shift.starts_at), "SHORT_DATE_FORMAT"
                )
            },
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
    """A volunteer logs hours of ongoing work; the organisation confirms them later.

    Bounds: not in the future, not before the person's first sign-up for the
    opportunity, not for a day the organisation already counted through attendance
    there (no double counting), and at most 24 hours per day over all entries that are
    not rejected. The person's row is locked, so two entries at once cannot pass the
    day's sum together."""
    User.objects.select_for_update().filter(pk=volunteer.pk).first()
    first = (
        Signup.objects.filter(
            volunteer=volunteer,
            shift__opportunity=opportunity,
            status__in=[Signup.Status.CONFIRMED, Signup.Status.ATTENDED],
        )
        .aggregate(first=Min("created_at"))
        .get("first")
    )
    if first is None:
        raise VolunteeringError(
            _("Stunden kannst du nur für Angebote eintragen, für die du bestätigt bist.")
        )
    if day > timezone.localdate():
        raise VolunteeringError(_("Stunden lassen sich nicht im Voraus eintragen."))
    if day < timezone.localtime(first).date():
        raise VolunteeringError(
            _("Vor deiner Anmeldung (%(date)s) lassen sich keine Stunden eintragen.")
            % {"date": formats.date_format(timezone.localtime(first), "SHORT_DATE_FORMAT")}
        )
    same_day = HoursEntry.objects.filter(volunteer=volunteer, date=day).exclude(
        status=HoursEntry.Status.REJECTED
    )
    if same_day.filter(opportunity=opportunity, signup__isnull=False).exists():
        raise VolunteeringError(
            _(
                "Diesen Tag hat die Organisation schon über deine Anwesenheit erfasst; "
                "die Stunden zählen bereits."
            )
        )
    already = same_day.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if already + hours > MAX_HOURS:
        raise VolunteeringError(
            _("An einem Tag lassen sich höchstens 24 Stunden eintragen (schon erfasst: %(hours)s).")
            % {"hours": formats.number_format(already, decimal_pos=2)}
        )
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
    """Book ``slot`` for ``resident``; a slot takes exactly one booking, and a person has
    one open booking at a time (the agency's staff may record more, see
    :func:`record_consultation`). Lock order: the person's row, then the slot."""
    User.objects.select_for_update().filter(pk=resident.pk).first()
    slot = ConsultationSlot.objects.select_for_update().get(pk=slot.pk)
    if not slot.is_published or slot.starts_at <= timezone.now():
        raise VolunteeringError(_("Dieser Beratungstermin ist nicht mehr buchbar."))
    if slot.is_booked:
        raise VolunteeringError(
            _("Dieser Termin ist gerade vergeben worden. Bitte wähle einen anderen.")
        )
    if slot.mode == ConsultationSlot.Mode.PHONE and not phone.strip():
        raise VolunteeringError(_("Für eine Beratung am Telefon brauchen wir deine Nummer."))
    open_booking = Booking.objects.filter(
        resident=resident, status=Booking.Status.BOOKED, slot__starts_at__gt=timezone.now()
    ).first()
    if open_booking is not None:
        raise VolunteeringError(
            _(
                "Du hast schon einen Beratungstermin gebucht. Sag ihn ab, wenn du lieber "
                "einen anderen möchtest."
            )
        )
    slot.is_booked = True
    slot.save(update_fields=["is_booked"])
    booking = Booking.objects.create(
        slot=slot,
        municipality_id=slot.municipality_id,
        resident=resident,
        topic=topic,
        phone=phone,
    )
    notify(kinds.BOOKING_CONFIRMED, booking_id=booking.pk)
    notify(kinds.BOOKING, booking_id=booking.pk)
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking) -> Booking:
    if booking.slot_id is None:
        raise VolunteeringError(_("Diese Beratung hatte keinen gebuchten Termin."))
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


@transaction.atomic
def set_booking_status(*, booking: Booking, status: str) -> Booking:
    """The agency's staff change the state of a booking.

    „stattgefunden“ and „nicht erschienen“ only once the slot has begun, and they keep the
    slot taken; only a cancellation frees it (and the agency is told); a cancelled
    booking can be booked again only while its slot is free."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    slot = None
    if booking.slot_id:
        slot = ConsultationSlot.objects.select_for_update().get(pk=booking.slot_id)
    if status == booking.status:
        return booking
    if status in (Booking.Status.HELD, Booking.Status.NO_SHOW):
        if slot is not None and slot.starts_at > timezone.now():
            raise VolunteeringError(
                _("Dieser Termin liegt in der Zukunft: er kann noch nicht stattgefunden haben.")
            )
    elif status == Booking.Status.BOOKED and slot is not None:
        taken = (
            Booking.objects.filter(slot=slot)
            .exclude(status=Booking.Status.CANCELLED)
            .exclude(pk=booking.pk)
            .exists()
        )
        if taken:
            raise VolunteeringError(_("Dieser Termin ist inzwischen anders vergeben."))
    booking.status = status
    booking.cancelled_at = timezone.now() if status == Booking.Status.CANCELLED else None
    booking.save(update_fields=["status", "cancelled_at"])
    if slot is not None:
        slot.is_booked = status != Booking.Status.CANCELLED
        slot.save(update_fields=["is_booked"])
    if status == Booking.Status.CANCELLED and slot is not None:
        notify(kinds.BOOKING_CANCELLED, booking_id=booking.pk)
    return booking


@transaction.atomic
def record_consultation(
    *,
    booking: Booking,
    by: User,
    referred=(),
) -> Booking:
    """Staff record a consultation without a slot: a walk-in at the storefront or an
    enquiry by phone or mail, with topic, outcome and the opportunities it referred to.
    ``booking`` is unsaved; it is saved as held (it took place when recorded)."""
    if booking.channel == Booking.Channel.ONLINE:
        raise VolunteeringError(_("Wähle, wie die Person zu euch kam (vor Ort, Anruf, E-Mail)."))
    if booking.resident_id is None and not booking.contact_name.strip():
        raise VolunteeringError(_("Gib einen Namen an oder wähle das Konto der Person."))
    booking.slot = None
    booking.status = Booking.Status.HELD
    booking.recorded_by = by
    booking.save()
    booking.referred_opportunities.set(referred)
    return booking
