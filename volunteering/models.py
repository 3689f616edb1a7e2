"""Volunteering: opportunities, shifts, profiles, sign-ups, hours and consultations.

Matching and the list page read denormalised columns of :class:`Opportunity`
(``theme_ids``, ``skill_ids``, ``slot_mask``, ``open_until``, ``next_open_start``) that
:func:`volunteering.services.refresh_opportunity` keeps in step with the many-to-many
fields and the shifts. ``search_vector`` is a generated column (the portal's one kind of
search vector, ``civicportal.core.search``), so bulk loads keep it current too.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.inputs import DecimalNumberField, FieldCheckConstraint
from civicportal.core.models import District, Municipality, Organisation, Theme
from civicportal.core.search import search_vector

# --- time slots: weekday × part of the day ----------------------------------------------------


class Daypart(models.TextChoices):
    MORNING = "morning", _("vormittags")
    AFTERNOON = "afternoon", _("nachmittags")
    EVENING = "evening", _("abends")


DAYPARTS = [Daypart.MORNING, Daypart.AFTERNOON, Daypart.EVENING]

WEEKDAYS = [
    (0, _("Montag")),
    (1, _("Dienstag")),
    (2, _("Mittwoch")),
    (3, _("Donnerstag")),
    (4, _("Freitag")),
    (5, _("Samstag")),
    (6, _("Sonntag")),
]
# Adverbial forms for the reasons ("dienstags abends").
WEEKDAY_ADVERBS = [
    _("montags"),
    _("dienstags"),
    _("mittwochs"),
    _("donnerstags"),
    _("freitags"),
    _("samstags"),
    _("sonntags"),
]


def daypart_of(moment: datetime) -> str:
    hour = timezone.localtime(moment).hour
    if hour < 12:
        return Daypart.MORNING
    if hour < 17:
        return Daypart.AFTERNOON
    return Daypart.EVENING


def slot_bit(weekday: int, daypart: str) -> int:
    """The bit of one weekday × daypart slot in a 21-bit availability mask."""
    return 1 << (weekday * 3 + DAYPARTS.index(daypart))


def slots_of_mask(mask: int) -> list[tuple[int, str]]:
    return [
        (weekday, daypart)
        for weekday in range(7)
        for daypart in DAYPARTS
        if mask & slot_bit(weekday, daypart)
    ]


def slot_label(weekday: int, daypart: str) -> str:
    return f"{WEEKDAY_ADVERBS[weekday]} {Daypart(daypart).label}"


class Language(models.TextChoices):
    GERMAN = "de", _("Deutsch")
    ENGLISH = "en", _("Englisch")
    TURKISH = "tr", _("Türkisch")
    ARABIC = "ar", _("Arabisch")
    UKRAINIAN = "uk", _("Ukrainisch")
    RUSSIAN = "ru", _("Russisch")
    POLISH = "pl", _("Polnisch")
    FRENCH = "fr", _("Französisch")
    SPANISH = "es", _("Spanisch")
    SIGN = "dgs", _("Deutsche Gebärdensprache")


class Suitability(models.TextChoices):
    YOUNG = "young", _("für junge Menschen")
    SENIORS = "seniors", _("für Ältere")
    FAMILIES = "families", _("für Familien")
    DISABILITIES = "disabilities", _("für Menschen mit Behinderung")
    LITTLE_GERMAN = "little_german", _("wenig Deutsch nötig")


class AgeBand(models.TextChoices):
    AGE_14_15 = "14-15", _("14 bis 15 Jahre")
    AGE_16_17 = "16-17", _("16 bis 17 Jahre")
    AGE_18_29 = "18-29", _("18 bis 29 Jahre")
    AGE_30_64 = "30-64", _("30 bis 64 Jahre")
    AGE_65 = "65+", _("65 Jahre und älter")


AGE_BAND_MINIMUM = {"14-15": 14, "16-17": 16, "18-29": 18, "30-64": 30, "65+": 65}

# Bounds that the model, the forms and the database agree on (issue 13): a shift is one
# working day at most (attendance records its length as hours, and a typo of a year must
# not become 8,762 confirmed hours); an hours entry is one day's work.
MAX_SHIFT_LENGTH = timedelta(hours=24)
MAX_SHIFT_CAPACITY = 1000
MAX_HOURS = Decimal("24")
MAX_WAITLIST_CUTOFF_HOURS = 168
SHIFT_TOO_LONG = _(
    "Ein Termin dauert höchstens 24 Stunden. Für längere Einsätze lege mehrere Termine an."
)


# --- skills and opportunities ------------------------------------------------------------------


class Skill(models.Model):
    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Fähigkeit")
        verbose_name_plural = _("Fähigkeiten")

    def __str__(self) -> str:
        return self.name


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def published(self) -> OpportunityQuerySet:
        """Published and not closed (only verified organisations can publish)."""
        return self.filter(is_published=True, is_closed=False)

    def open(self) -> OpportunityQuerySet:
        """Published opportunities with at least one future shift that has a place left."""
        return self.published().filter(open_until__gt=timezone.now())

    def with_places_left(self) -> OpportunityQuerySet:
        """Annotate ``places_left``: free places over all future shifts."""
        free = (
            Shift.objects.filter(
                opportunity=OuterRef("pk"), starts_at__gt=timezone.now(), cancelled_at__isnull=True
            )
            .order_by()
            .values("opportunity")
            .annotate(total=Sum(F("capacity") - F("taken")))
            .values("total")
        )
        return self.annotate(places_left=Coalesce(Subquery(free, output_field=IntegerField()), 0))

    def for_listing(self) -> OpportunityQuerySet:
        return (
            self.select_related("organisation", "municipality", "district")
            .defer(*Opportunity.LONG_TEXT_FIELDS)
            .with_places_left()
        )

    def for_member(self, user) -> OpportunityQuerySet:
        return self.filter(organisation__memberships__user=user)


class Opportunity(models.Model):
    """Something volunteers can do for an organisation; people sign up for its shifts."""

    class TimeCommitment(models.TextChoices):
        ONE_OFF = "one_off", _("einmalig")
        REGULAR = "regular", _("regelmäßig")
        FLEXIBLE = "flexible", _("flexibel")

    class SignupMode(models.TextChoices):
        INSTANT = "instant", _("direkte Anmeldung")
        APPLICATION = "application", _("Bewerbung mit Bestätigung")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="opportunities",
        verbose_name=_("Organisation"),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("Initiative"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("Kommune"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("Stadtbezirk"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="opportunities", verbose_name=_("Themen")
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="opportunities", verbose_name=_("Fähigkeiten")
    )
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    is_remote = models.BooleanField(_("von zu Hause aus möglich"), default=False)
    time_commitment = models.CharField(
        _("Zeitaufwand"),
        max_length=10,
        choices=TimeCommitment.choices,
        default=TimeCommitment.ONE_OFF,
    )
    expected_hours = models.PositiveSmallIntegerField(
        _("erwartete Stunden"),
        null=True,
        blank=True,
        help_text=_("Stunden pro Einsatz (einmalig) oder pro Monat (regelmäßig)."),
    )
    minimum_age = models.PositiveSmallIntegerField(_("Mindestalter"), default=0)
    suitability = ArrayField(
        models.CharField(max_length=16, choices=Suitability.choices),
        verbose_name=_("geeignet"),
        default=list,
        blank=True,
    )
    languages = ArrayField(
        models.CharField(max_length=4, choices=Language.choices),
        verbose_name=_("Sprachen"),
        default=list,
        blank=True,
    )
    accessibility_notes = models.TextField(_("Hinweise zur Barrierefreiheit"), blank=True)
    signup_mode = models.CharField(
        _("Anmeldung"), max_length=12, choices=SignupMode.choices, default=SignupMode.INSTANT
    )
    waitlist_cutoff_hours = models.PositiveSmallIntegerField(
        _("Warteliste bis (Stunden vor Beginn)"),
        default=2,
        validators=[MaxValueValidator(MAX_WAITLIST_CUTOFF_HOURS)],
        help_text=_(
            "So viele Stunden vor Beginn rückt niemand mehr von der Warteliste nach "
            "(0: bis zum Beginn)."
        ),
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    is_closed = models.BooleanField(
        _("abgeschlossen"), default=False, help_text=_("Keine neuen Anmeldungen mehr.")
    )
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Erfundener Beispieldatensatz für die Demo.")
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    # Denormalised for matching and filters (kept by services.refresh_opportunity).
    theme_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    skill_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    slot_mask = models.IntegerField(default=0, editable=False)
    open_until = models.DateTimeField(null=True, blank=True, editable=False)
    next_open_start = models.DateTimeField(null=True, blank=True, editable=False)
    # Where matching looks for the opportunity: 0 for remote ones (anywhere), else the
    # municipality. Computed by PostgreSQL, so bulk loads need not fill it.
    match_area = models.GeneratedField(
        expression=Case(
            When(is_remote=True, then=Value(0)),
            default=F("municipality"),
            output_field=models.BigIntegerField(),
        ),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )
    search_vector = models.GeneratedField(
        expression=search_vector(
            ("title", "A"), ("summary", "B"), ("place", "C"), ("description", "D")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # Columns a list or a sign-up never shows: deferred where many rows or hot paths read.
    LONG_TEXT_FIELDS = ("description", "accessibility_notes", "search_vector")

    objects = OpportunityQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("Engagement-Angebot")
        verbose_name_plural = _("Engagement-Angebote")
        indexes = [
            GinIndex(fields=["search_vector"], name="opportunity_search_vector"),
            GinIndex(fields=["title"], name="opportunity_title_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["theme_ids"], name="opportunity_theme_ids"),
            GinIndex(fields=["skill_ids"], name="opportunity_skill_ids"),
            GinIndex(fields=["suitability"], name="opportunity_suitability"),
            GinIndex(fields=["languages"], name="opportunity_languages"),
            # Matching reads only this index (index-only scan): the key narrows to the area
            # and open opportunities, the included columns compute the score.
            models.Index(
                fields=["match_area", "open_until"],
                name="opportunity_match",
                include=[
                    "id",
                    "minimum_age",
                    "district",
                    "slot_mask",
                    "next_open_start",
                    "theme_ids",
                    "skill_ids",
                    "suitability",
                    "languages",
                    "is_remote",
                ],
                condition=Q(is_published=True, is_closed=False),
            ),
            models.Index(
                fields=["-created_at", "id"],
                name="opportunity_listing",
                condition=Q(is_published=True, is_closed=False),
            ),
            # "What comes up next" (home page, per municipality or overall).
            models.Index(
                fields=["municipality", "next_open_start"],
                name="opportunity_next_city",
                condition=Q(is_published=True, is_closed=False),
            ),
            models.Index(
                fields=["next_open_start", "id"],
                name="opportunity_next_open",
                condition=Q(is_published=True, is_closed=False),
            ),
            models.Index(
                fields=["municipality", "-created_at", "id"],
                name="opportunity_city_listing",
                condition=Q(is_published=True, is_closed=False),
            ),
            models.Index(fields=["district", "open_until"], name="opportunity_district"),
            models.Index(fields=["time_commitment"], name="opportunity_commitment"),
            models.Index(
                fields=["is_remote"], name="opportunity_remote", condition=Q(is_remote=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:detail", kwargs={"slug": self.slug})

    @property
    def needs_application(self) -> bool:
        return self.signup_mode == self.SignupMode.APPLICATION

    def get_suitability_labels(self) -> list[str]:
        return [str(Suitability(code).label) for code in self.suitability]

    def get_language_labels(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages]


class ShiftQuerySet(models.QuerySet["Shift"]):
    def active(self) -> ShiftQuerySet:
        """Shifts that were not cancelled by the organisation."""
        return self.filter(cancelled_at__isnull=True)


class Shift(models.Model):
    """A dated slot of an opportunity with a capacity.

    ``taken`` counts the places held (pending and confirmed sign-ups); it changes only
    inside a transaction that holds the shift's row lock (see services).
    """

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("Angebot")
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    capacity = models.PositiveSmallIntegerField(
        _("Plätze"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SHIFT_CAPACITY)]
    )
    taken = models.PositiveSmallIntegerField(_("belegt"), default=0, editable=False)
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), editable=False, default=0)
    daypart = models.CharField(
        _("Tageszeit"), max_length=10, choices=Daypart.choices, editable=False, default="morning"
    )
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)
    place = models.CharField(
        _("Ort"), max_length=200, blank=True, help_text=_("Leer: der Ort des Angebots.")
    )
    # Revision of the participants' calendar entries (iCalendar SEQUENCE): raised when the
    # shift moves or is cancelled, so calendars replace the entry with the same UID.
    sequence = models.PositiveIntegerField(_("Version"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True, editable=False)

    objects = ShiftQuerySet.as_manager()

    municipality_path = "opportunity__municipality"

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        indexes = [models.Index(fields=["opportunity", "starts_at"], name="shift_opportunity")]
        constraints = [
            models.CheckConstraint(
                condition=Q(taken__lte=F("capacity")), name="shift_not_overbooked"
            ),
            FieldCheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="shift_ends_after_start",
                field="ends_at",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            FieldCheckConstraint(
                condition=Q(ends_at__lte=F("starts_at") + MAX_SHIFT_LENGTH),
                name="shift_at_most_24_hours",
                field="ends_at",
                violation_error_message=SHIFT_TOO_LONG,
            ),
            FieldCheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_SHIFT_CAPACITY),
                name="shift_capacity_range",
                field="capacity",
                violation_error_message=_("Ein Termin hat 1 bis 1.000 Plätze."),
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"

    def save(self, *args, **kwargs) -> None:
        local = timezone.localtime(self.starts_at)
        self.weekday = local.weekday()
        self.daypart = daypart_of(self.starts_at)
        super().save(*args, **kwargs)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def is_full(self) -> bool:
        return self.taken >= self.capacity

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def location(self) -> str:
        """Where the shift takes place: its own place, else the opportunity's."""
        return self.place or self.opportunity.place

    @property
    def duration_hours(self) -> Decimal:
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))

    @property
    def slot_label(self) -> str:
        return slot_label(self.weekday, self.daypart)


# --- people --------------------------------------------------------------------------------


def _token() -> str:
    return secrets.token_urlsafe(24)


def new_calendar_token() -> str:
    """A fresh secret for a calendar feed address."""
    return _token()


class VolunteerProfile(models.Model):
    """What a volunteer cares about, can do and when they have time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_profile",
        verbose_name=_("Konto"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kommune"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Stadtbezirk"),
    )
    interests = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name=_("Interessen")
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="+", verbose_name=_("Fähigkeiten")
    )
    availability_mask = models.IntegerField(_("Verfügbarkeit"), default=0)
    languages = ArrayField(
        models.CharField(max_length=4, choices=Language.choices),
        verbose_name=_("Sprachen"),
        default=list,
        blank=True,
    )
    age_band = models.CharField(_("Alter"), max_length=5, choices=AgeBand.choices, blank=True)
    suitability = ArrayField(
        models.CharField(max_length=16, choices=Suitability.choices),
        verbose_name=_("Was mir wichtig ist"),
        default=list,
        blank=True,
    )
    wants_remote = models.BooleanField(_("gern auch von zu Hause aus"), default=False)
    calendar_token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Profil für Engagement")
        verbose_name_plural = _("Profile für Engagement")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def minimum_age(self) -> int | None:
        return AGE_BAND_MINIMUM.get(self.age_band)


class SignupQuerySet(models.QuerySet["Signup"]):
    def active(self) -> SignupQuerySet:
        return self.filter(status__in=Signup.HOLDING_STATUSES)

    def with_waitlist_position(self) -> SignupQuerySet:
        """Annotate ``waitlist_position`` (1 = next to move up; ``None`` if not waiting)."""
        ahead = (
            Signup.objects.filter(
                shift=OuterRef("shift"),
                status=Signup.Status.WAITLISTED,
            )
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
            )
            .order_by()
            .values("shift")
            .annotate(count=Count("id"))
            .values("count")
        )
        return self.annotate(
            waitlist_position=Case(
                When(
                    status=Signup.Status.WAITLISTED,
                    then=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1,
                ),
                default=None,
                output_field=IntegerField(),
            )
        )


class Signup(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("beworben")
        CONFIRMED = "confirmed", _("bestätigt")
        WAITLISTED = "waitlisted", _("auf der Warteliste")
        DECLINED = "declined", _("abgelehnt")
        CANCELLED = "cancelled", _("abgesagt")
        ATTENDED = "attended", _("teilgenommen")
        NO_SHOW = "no_show", _("nicht erschienen")

    HOLDING_STATUSES = (Status.PENDING, Status.CONFIRMED)
    #: KERN badge variant of each status: green only where the place is certain
    BADGES = {
        Status.PENDING: "info",
        Status.CONFIRMED: "success",
        Status.WAITLISTED: "warning",
        Status.DECLINED: "danger",
        Status.CANCELLED: "info",
        Status.ATTENDED: "success",
        Status.NO_SHOW: "danger",
    }

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("Termin")
    )
    # NULL once the person's account is erased: past sign-ups stay for attendance figures.
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("Engagierte Person"),
    )
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices)
    message = models.TextField(_("Nachricht an die Organisation"), blank=True)
    response = models.TextField(_("Antwort der Organisation"), blank=True)
    created_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet"), null=True, blank=True)

    objects = SignupQuerySet.as_manager()

    municipality_path = "shift__opportunity__municipality"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [
            models.UniqueConstraint(fields=["shift", "volunteer"], name="signup_once_per_shift")
        ]
        indexes = [
            models.Index(fields=["shift", "status", "created_at"], name="signup_shift_status"),
            models.Index(fields=["volunteer", "status"], name="signup_volunteer"),
            models.Index(
                fields=["shift"],
                name="signup_reminder_due",
                condition=Q(status="confirmed", reminder_sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        who = self.volunteer if self.volunteer_id else _("gelöschtes Konto")
        return f"{who} – {self.shift} ({self.get_status_display()})"

    @property
    def badge(self) -> str:
        """The KERN badge variant of the status (``kern-badge--<badge>``)."""
        return self.BADGES.get(self.status, "info")

    @property
    def can_cancel(self) -> bool:
        return (
            self.status in (*self.HOLDING_STATUSES, self.Status.WAITLISTED)
            and not self.shift.has_started
        )


class HoursEntry(models.Model):
    """Hours of volunteering: from attendance (confirmed at once) or logged by the volunteer
    for ongoing work (confirmed by the organisation)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet auf Bestätigung")
        CONFIRMED = "confirmed", _("bestätigt")
        REJECTED = "rejected", _("nicht bestätigt")

    # NULL once the person's account is erased: the hours stay in the organisation's totals.
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("Engagierte Person"),
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="hours_entries",
        verbose_name=_("Angebot"),
    )
    signup = models.OneToOneField(
        Signup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours_entry",
        verbose_name=_("Anmeldung"),
    )
    date = models.DateField(_("Datum"))
    hours = DecimalNumberField(
        _("Stunden"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_HOURS)],
    )
    description = models.CharField(_("Tätigkeit"), max_length=300, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bestätigt von"),
    )
    decided_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    created_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    municipality_path = "opportunity__municipality"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Stundeneintrag")
        verbose_name_plural = _("Stundeneinträge")
        indexes = [
            models.Index(fields=["volunteer", "status", "date"], name="hours_volunteer"),
            models.Index(fields=["opportunity", "status"], name="hours_opportunity"),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_HOURS),
                name="hours_entry_range",
                field="hours",
                violation_error_message=_("Ein Eintrag hat mehr als 0 und höchstens 24 Stunden."),
            )
        ]

    def __str__(self) -> str:
        who = self.volunteer if self.volunteer_id else _("gelöschtes Konto")
        return f"{who} – {self.opportunity}: {self.hours} h"


class Certificate(models.Model):
    """An issued Ehrenamtsnachweis; its code is checked at a public URL."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_certificates",
        verbose_name=_("Engagierte Person"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    code = models.CharField(_("Prüfcode"), max_length=20, unique=True)
    holder_name = models.CharField(_("Name"), max_length=160)
    total_hours = models.DecimalField(_("Stunden"), max_digits=8, decimal_places=2)
    activities = models.JSONField(_("Tätigkeiten"), default=list)
    issued_at = models.DateTimeField(_("ausgestellt am"), default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("Ehrenamtsnachweis")
        verbose_name_plural = _("Ehrenamtsnachweise")

    def __str__(self) -> str:
        return f"{self.holder_name} {self.year} ({self.code})"

    def get_verify_url(self) -> str:
        return reverse("volunteering:verify_certificate", kwargs={"code": self.code})


# --- consultation ----------------------------------------------------------------------------


class ConsultationSlot(models.Model):
    """A time the FreiwilligenAgentur offers a personal consultation."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("vor Ort im Ladenlokal")
        PHONE = "phone", _("am Telefon")
        VIDEO = "video", _("per Video")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="consultation_slots",
        verbose_name=_("Kommune"),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Beratung durch"),
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    mode = models.CharField(_("Art"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(
        _("Ort"), max_length=200, blank=True, help_text=_("Bei Beratung vor Ort: die Adresse.")
    )
    call_link = models.URLField(
        _("Link zum Videogespräch"),
        blank=True,
        help_text=_("Bei Beratung per Video: der Link, den die Person in der Bestätigung bekommt."),
    )
    is_published = models.BooleanField(_("buchbar"), default=True)
    is_booked = models.BooleanField(_("gebucht"), default=False, editable=False)

    municipality_path = "municipality"

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("Beratungstermin")
        verbose_name_plural = _("Beratungstermine")
        indexes = [
            models.Index(
                fields=["municipality", "starts_at"],
                name="consultation_slot_free",
                condition=Q(is_published=True, is_booked=False),
            )
        ]
        constraints = [
            FieldCheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="consultation_ends_after_start",
                field="ends_at",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            )
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{start:%d.%m.%Y %H:%M} ({self.get_mode_display()})"


class Booking(models.Model):
    """A consultation: booked online for a slot, or recorded by the agency's staff for a
    walk-in or a phone enquiry at the storefront (no slot)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("gebucht")
        CANCELLED = "cancelled", _("abgesagt")
        HELD = "held", _("stattgefunden")
        NO_SHOW = "no_show", _("nicht erschienen")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online gebucht")
        WALK_IN = "walk_in", _("persönlich im Ladenlokal")
        PHONE = "phone", _("Anruf")
        EMAIL = "email", _("E-Mail")

    #: states in which a booking keeps its slot (only a cancellation frees it)
    SLOT_HOLDING_STATUSES = (Status.BOOKED, Status.HELD, Status.NO_SHOW)

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="consultation_bookings",
        verbose_name=_("Kommune"),
    )
    slot = models.ForeignKey(
        ConsultationSlot,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("Termin"),
        help_text=_("Leer bei Laufkundschaft und Anfragen am Telefon."),
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultation_bookings",
        verbose_name=_("Person"),
        help_text=_("Das Konto der Person, falls sie eines hat."),
    )
    contact_name = models.CharField(
        _("Name"), max_length=160, blank=True, help_text=_("Bei Personen ohne Konto.")
    )
    channel = models.CharField(
        _("Weg"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    topic = models.TextField(_("Worum geht es?"), blank=True)
    outcome = models.TextField(_("Ergebnis"), blank=True)
    phone = models.CharField(_("Telefonnummer"), max_length=40, blank=True)
    staff_notes = models.TextField(
        _("interne Notizen"), blank=True, help_text=_("Nur für die FreiwilligenAgentur sichtbar.")
    )
    referred_opportunities = models.ManyToManyField(
        Opportunity, blank=True, related_name="referrals", verbose_name=_("vermittelt an")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("gebucht am"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)

    municipality_path = "municipality"

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungen")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(slot__isnull=False) & ~Q(status="cancelled"),
                name="booking_one_per_slot",
            )
        ]
        indexes = [models.Index(fields=["resident", "status"], name="booking_resident")]

    def __str__(self) -> str:
        who = self.resident or self.contact_name or _("ohne Namen")
        if self.slot_id:
            return f"{who} – {self.slot}"
        return f"{who} – {self.get_channel_display()}"
