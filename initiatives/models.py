"""Initiatives: the city's long-running programmes, the offices that run them, their
timelines, partners, news, events, council decisions with budget lines, followers, and
resident participation (ideas, comments, supports, reports).

Searchable models (``Initiative``, ``Update``, ``Event``, ``Phase``, ``Idea``,
``CouncilDecision``) carry a stored ``search_vector`` (a PostgreSQL generated column built by
``civicportal.core.search.search_vector``, GIN-indexed), so the vector is always current,
whatever writes the row (ORM, ``bulk_create``, raw SQL).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core import search
from civicportal.core.inputs import FieldCheckConstraint, MoneyField
from civicportal.core.models import SDG, District, Municipality, Theme

SEARCH_CONFIG = search.CONFIG
_vector = search.search_vector


class SearchableQuerySet(models.QuerySet):
    """``search(text)``: the portal's one search (``civicportal.core.search``) over the
    stored ``search_vector``, with ``rank`` annotated; the same query as ``/suche/``."""

    def search(self, text: str):
        """Bound as ``(SELECT <tsquery>)`` (see ``BoundQuery``): a frequent word then still
        reads the GIN index instead of the whole table under the capped count's LIMIT."""
        return search.matching(self, text)


class Office(models.Model):
    """A Dienststelle: Stabsstelle, Geschäftsbereich, Büro, Koordinierungsstelle, …"""

    class Kind(models.TextChoices):
        STAFF_UNIT = "staff_unit", _("Stabsstelle")
        DEPARTMENT = "department", _("Geschäftsbereich")
        OFFICE = "office", _("Büro")
        COORDINATION = "coordination", _("Koordinierungsstelle")
        OMBUDS = "ombuds", _("Ombudsstelle")
        AGENCY = "agency", _("Agentur")
        COMMISSIONER = "commissioner", _("Beauftragte")
        OTHER = "other", _("Dienststelle")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="offices", verbose_name=_("Kommune")
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100)
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("angesiedelt bei"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    address = models.CharField(_("Anschrift"), max_length=200, blank=True)
    website = models.URLField(_("Website"), blank=True)

    municipality_path = "municipality"

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("Dienststelle")
        verbose_name_plural = _("Dienststellen")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="office_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


# --- initiatives -------------------------------------------------------------------------------


class InitiativeQuerySet(SearchableQuerySet):
    def published(self) -> InitiativeQuerySet:
        return self.filter(is_published=True)

    def current(self) -> InitiativeQuerySet:
        """Published initiatives that have not ended."""
        today = timezone.localdate()
        return (
            self.published().exclude(status=Initiative.Status.COMPLETED).exclude(end_date__lt=today)
        )

    def top_level(self) -> InitiativeQuerySet:
        return self.filter(parent__isnull=True)

    def for_listing(self) -> InitiativeQuerySet:
        return self.select_related("municipality", "office")

    def for_cards(self) -> InitiativeQuerySet:
        """Everything a list card shows, in a constant number of queries (a card marks a
        sub-project by ``parent_id``: joining the parent row would make PostgreSQL hash the
        whole table for a search with many matches)."""
        return (
            self.for_listing()
            .prefetch_related("sdgs")
            .defer("body", "search_vector")
            .with_participation_open()
        )

    def with_participation_open(self) -> InitiativeQuerySet:
        """Annotate ``participation_open``: a participation phase runs today."""
        today = timezone.localdate()
        running = Phase.objects.filter(
            initiative=models.OuterRef("pk"),
            is_participation=True,
            start_date__lte=today,
            end_date__gte=today,
        )
        return self.annotate(participation_open=models.Exists(running))


#: paths under /initiativen/ that are pages of their own, not initiatives (see urls.py)
RESERVED_SLUGS = frozenset({"gefolgt", "neuigkeiten.atom"})


class Initiative(models.Model):
    """A municipal programme such as NUMIC, Fairtrade-Town or nordwärts."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        PILOT = "pilot", _("Pilotphase")
        IMPLEMENTATION = "implementation", _("in Umsetzung")
        ONGOING = "ongoing", _("laufend")
        COMPLETED = "completed", _("abgeschlossen")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("Kommune"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("Dienststelle"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,  # sub-projects are never deleted with their programme
        null=True,
        blank=True,
        related_name="subprojects",
        verbose_name=_("Teilprojekt von"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=400)
    body = models.TextField(
        _("Beschreibung (Markdown)"),
        blank=True,
        help_text=_("Markdown; HTML wird beim Anzeigen bereinigt."),
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.ONGOING
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="initiatives", verbose_name=_("Themen")
    )
    sdgs = models.ManyToManyField(
        SDG, blank=True, related_name="initiatives", verbose_name=_("Nachhaltigkeitsziele")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="initiatives", verbose_name=_("Stadtbezirke")
    )
    image = models.ImageField(_("Bild"), upload_to="initiatives/%Y/", blank=True)
    image_alt = models.CharField(
        _("Alternativtext des Bildes"),
        max_length=250,
        blank=True,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen. Pflicht bei Bildern."),
    )
    image_credit = models.CharField(_("Bildnachweis"), max_length=200, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    external_url = models.URLField(_("Weitere Informationen (Link)"), blank=True)
    requires_premoderation = models.BooleanField(
        _("Beiträge vorab prüfen"),
        default=False,
        help_text=_("Ideen und Kommentare erscheinen erst nach Freigabe durch die Redaktion."),
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    publish_at = models.DateTimeField(
        _("veröffentlichen am"),
        null=True,
        blank=True,
        help_text=_(
            "Geplante Veröffentlichung: Der Eintrag erscheint zu diesem Zeitpunkt von selbst."
        ),
    )
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Erfundener Beispieldatensatz für die Demo.")
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    search_vector = models.GeneratedField(
        expression=_vector(("title", "A"), ("summary", "B"), ("body", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = InitiativeQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        ordering = ["title"]
        verbose_name = _("Initiative")
        verbose_name_plural = _("Initiativen")
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_dates_ordered",
                field="end_date",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            )
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="initiative_search_gin"),
            GinIndex(fields=["title"], name="initiative_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["is_published", "parent", "title"], name="initiative_list_idx"),
            models.Index(fields=["status"], name="initiative_status_idx"),
            models.Index(fields=["-start_date"], name="initiative_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("Diese Kurzbezeichnung ist für eine Seite des Portals reserviert.")}
            )
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Bitte beschreibe das Bild in einem Alternativtext.")}
            )

    def get_ideas_url(self) -> str:
        return reverse("initiatives:ideas", kwargs={"slug": self.slug})


class SlugRedirect(models.Model):
    """A former address of an initiative: ``/initiativen/<old_slug>/…`` answers with a
    permanent redirect to the initiative's current address (``initiatives.redirects``)."""

    old_slug = models.SlugField(_("früherer Kurzname"), max_length=120, unique=True)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="slug_redirects",
        verbose_name=_("Initiative"),
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    municipality_path = "initiative__municipality"

    class Meta:
        verbose_name = _("Weiterleitung")
        verbose_name_plural = _("Weiterleitungen")

    def __str__(self) -> str:
        return self.old_slug


class KeyFigure(models.Model):
    """A number worth showing: "170+ Allianzpartner", "24 Projekte", …"""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="key_figures",
        verbose_name=_("Initiative"),
    )
    value = models.CharField(_("Wert"), max_length=40)
    label = models.CharField(_("Bezeichnung"), max_length=120)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    municipality_path = "initiative__municipality"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class PhaseQuerySet(models.QuerySet["Phase"]):
    def participation(self) -> PhaseQuerySet:
        return self.filter(is_participation=True)

    def open_on(self, day) -> PhaseQuerySet:
        return self.participation().filter(start_date__lte=day, end_date__gte=day)


class Phase(models.Model):
    """One step of an initiative's timeline; a participation phase opens the ideas."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="phases", verbose_name=_("Initiative")
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    is_participation = models.BooleanField(
        _("Beteiligungsphase"),
        default=False,
        help_text=_(
            "Zwischen Beginn und Ende (einschließlich) können Einwohner:innen Ideen einreichen, "
            "kommentieren und unterstützen."
        ),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_example = models.BooleanField(_("Beispiel"), default=False)
    search_vector = models.GeneratedField(
        expression=_vector(("title", "A"), ("description", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # When the followers were told that this participation phase opened / closed
    # (initiatives.services.announce_phases, once each).
    opened_notified_at = models.DateTimeField(
        _("Beginn gemeldet am"), null=True, blank=True, editable=False
    )
    closed_notified_at = models.DateTimeField(
        _("Ende gemeldet am"), null=True, blank=True, editable=False
    )

    objects = PhaseQuerySet.as_manager()

    municipality_path = "initiative__municipality"

    class Meta:
        ordering = ["position", "start_date", "pk"]
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        constraints = [
            FieldCheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="phase_dates_ordered",
                field="end_date",
                violation_error_message=_("Das Ende der Phase darf nicht vor ihrem Beginn liegen."),
            ),
            FieldCheckConstraint(
                condition=Q(is_participation=False)
                | (Q(start_date__isnull=False) & Q(end_date__isnull=False)),
                name="participation_phase_has_dates",
                field="start_date",
                violation_error_message=_(
                    "Eine Beteiligungsphase braucht einen Beginn und ein Ende."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "is_participation", "start_date"]),
            GinIndex(fields=["search_vector"], name="phase_search_gin"),
            GinIndex(fields=["title"], name="phase_title_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.title

    def state_on(self, day) -> str:
        """``upcoming``, ``open`` (current) or ``closed`` on ``day``."""
        if self.start_date and day < self.start_date:
            return "upcoming"
        if self.end_date and day > self.end_date:
            return "closed"
        return "open"

    def is_current_on(self, day) -> bool:
        return self.start_date is not None and self.state_on(day) == "open"


class Partner(models.Model):
    """An organisation that works with the city on initiatives."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("Wirtschaft")
        SCIENCE = "science", _("Wissenschaft")
        CIVIL_SOCIETY = "civil_society", _("Zivilgesellschaft")
        ADMINISTRATION = "administration", _("Verwaltung und Politik")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gepflegt von"),
        help_text=_(
            "Die Kommune, deren Redaktion den Partner ändert; alle Kommunen können ihn nutzen."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Partner")
        verbose_name_plural = _("Partner")

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("Initiative"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("Partner")
    )
    role = models.CharField(_("Rolle"), max_length=200, blank=True)

    municipality_path = "initiative__municipality"

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("Partnerschaft")
        verbose_name_plural = _("Partnerschaften")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "partner"], name="partnership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.initiative}"


# --- news, events, decisions ---------------------------------------------------------------------


def _unpublished_initiatives():
    """``NOT initiative_id IN (unpublished ids)`` instead of a join over every initiative:
    drafts are few, so PostgreSQL hashes them once (a join made counts hash all
    initiatives; 3–4× slower on the benchmark data)."""
    return Initiative.objects.filter(is_published=False).values("pk")


class UpdateQuerySet(SearchableQuerySet):
    def published(self) -> UpdateQuerySet:
        return self.filter(is_published=True, published_at__lte=timezone.now()).exclude(
            initiative__in=_unpublished_initiatives()
        )


class Update(models.Model):
    """News or a press release of an initiative."""

    class Kind(models.TextChoices):
        NEWS = "news", _("Neuigkeit")
        PRESS_RELEASE = "press_release", _("Pressemitteilung")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="updates", verbose_name=_("Initiative")
    )
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices, default=Kind.NEWS)
    number = models.CharField(
        _("Nummer"), max_length=20, blank=True, help_text=_("z. B. Nummer der Pressemitteilung")
    )
    title = models.CharField(_("Titel"), max_length=200)
    subtitle = models.CharField(_("Untertitel"), max_length=200, blank=True)
    body = models.TextField(_("Text (Markdown)"), blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), default=timezone.now)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    publish_at = models.DateTimeField(
        _("veröffentlichen am"),
        null=True,
        blank=True,
        help_text=_(
            "Geplante Veröffentlichung: Der Eintrag erscheint zu diesem Zeitpunkt von selbst."
        ),
    )
    notified_at = models.DateTimeField(
        _("Folgende benachrichtigt am"), null=True, blank=True, editable=False
    )
    is_example = models.BooleanField(_("Beispiel"), default=False)
    search_vector = models.GeneratedField(
        expression=_vector(("title", "A"), ("subtitle", "B"), ("body", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = UpdateQuerySet.as_manager()

    municipality_path = "initiative__municipality"

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")
        indexes = [
            GinIndex(fields=["search_vector"], name="update_search_gin"),
            GinIndex(fields=["title"], name="update_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["is_published", "-published_at"], name="update_published_idx"),
            models.Index(fields=["initiative", "-published_at"], name="update_initiative_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:update", kwargs={"slug": self.initiative.slug, "pk": self.pk})


# Longer undertakings are initiatives or participation phases, not events (a constraint).
MAX_EVENT_DAYS = 31


class EventQuerySet(SearchableQuerySet):
    def published(self) -> EventQuerySet:
        """Published events without an initiative or of a published initiative."""
        return self.filter(is_published=True).exclude(initiative__in=_unpublished_initiatives())

    def upcoming(self) -> EventQuerySet:
        """Events not over yet."""
        return self.not_ended_before(timezone.now())

    def not_ended_before(self, moment: datetime.datetime) -> EventQuerySet:
        """Events that end at or after ``moment``.

        An event lasts at most ``MAX_EVENT_DAYS`` (a check constraint), so it also starts
        at most that long before ``moment``: the implied bound lets the
        ``(is_published, starts_at)`` index start there instead of walking every past event.
        """
        earliest_start = moment - datetime.timedelta(days=MAX_EVENT_DAYS)
        return self.filter(ends_at__gte=moment, starts_at__gte=earliest_start)

    def trainings(self) -> EventQuerySet:
        """Qualification offers (shown by the volunteering part, too)."""
        return self.filter(is_training=True)

    def for_listing(self) -> EventQuerySet:
        return self.select_related("municipality", "initiative").prefetch_related("speakers")


class Event(models.Model):
    """A date: workshop, information evening, training module, …"""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="events", verbose_name=_("Kommune")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,  # an initiative's deletion leaves its dates in the calendar
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Initiative"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    location = models.CharField(_("Ort"), max_length=200, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("Link zur Online-Veranstaltung"), blank=True)
    registration_url = models.URLField(_("Link zur Anmeldung"), blank=True)
    is_training = models.BooleanField(
        _("Qualifizierungsangebot"),
        default=False,
        help_text=_("Fortbildung oder Schulung, z. B. für Engagierte oder Verwaltung."),
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    publish_at = models.DateTimeField(
        _("veröffentlichen am"),
        null=True,
        blank=True,
        help_text=_(
            "Geplante Veröffentlichung: Der Eintrag erscheint zu diesem Zeitpunkt von selbst."
        ),
    )
    is_example = models.BooleanField(_("Beispiel"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    search_vector = models.GeneratedField(
        expression=_vector(("title", "A"), ("description", "B"), ("location", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        constraints = [
            FieldCheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                field="ends_at",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
            FieldCheckConstraint(
                field="ends_at",
                condition=Q(
                    ends_at__lte=models.F("starts_at") + datetime.timedelta(days=MAX_EVENT_DAYS)
                ),
                name="event_at_most_31_days",
                violation_error_message=_(
                    "Ein Termin dauert höchstens 31 Tage. Lege Längeres als Initiative oder "
                    "Beteiligungsphase an."
                ),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="event_search_gin"),
            GinIndex(fields=["title"], name="event_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["is_published", "starts_at"], name="event_published_idx"),
            models.Index(fields=["ends_at"], name="event_ends_idx"),
            models.Index(fields=["is_training", "starts_at"], name="event_training_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:event", kwargs={"pk": self.pk})


class Speaker(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("Termin")
    )
    name = models.CharField(_("Name"), max_length=120)
    affiliation = models.CharField(_("Funktion/Organisation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    municipality_path = "event__municipality"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Referent:in")
        verbose_name_plural = _("Referent:innen")

    def __str__(self) -> str:
        return f"{self.name} | {self.affiliation}" if self.affiliation else self.name


class CouncilDecisionQuerySet(models.QuerySet["CouncilDecision"]):
    def published(self) -> CouncilDecisionQuerySet:
        return self.filter(is_published=True)


class CouncilDecision(models.Model):
    """A council resolution (Stadtratsbeschluss) with the money it sets aside."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="council_decisions",
        verbose_name=_("Kommune"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,  # council decisions are records: never deleted in passing
        null=True,
        blank=True,
        related_name="council_decisions",
        verbose_name=_("Initiative"),
    )
    title = models.CharField(_("Titel"), max_length=250)
    decided_on = models.DateField(_("beschlossen am"))
    summary = models.TextField(_("Zusammenfassung (Markdown)"), blank=True)
    reference = models.CharField(_("Fundstelle"), max_length=200, blank=True)
    document_url = models.URLField(_("Link zum Beschluss"), blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    publish_at = models.DateTimeField(
        _("veröffentlichen am"),
        null=True,
        blank=True,
        help_text=_(
            "Geplante Veröffentlichung: Der Eintrag erscheint zu diesem Zeitpunkt von selbst."
        ),
    )

    search_vector = models.GeneratedField(
        expression=_vector(("title", "A"), ("summary", "B"), ("reference", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = CouncilDecisionQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        ordering = ["-decided_on", "pk"]
        verbose_name = _("Ratsbeschluss")
        verbose_name_plural = _("Ratsbeschlüsse")
        indexes = [
            models.Index(fields=["initiative", "-decided_on"]),
            GinIndex(fields=["search_vector"], name="decision_search_gin"),
            GinIndex(fields=["title"], name="decision_title_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.title

    def totals(self) -> dict[str, Decimal]:
        """Sum of one-off amounts and sum of amounts granted per year (prefetch lines)."""
        lines = list(self.budget_lines.all())
        return {
            "once": sum((b.amount for b in lines if not b.is_annual), Decimal(0)),
            "annual": sum((b.amount for b in lines if b.is_annual), Decimal(0)),
        }


class BudgetLine(models.Model):
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("Ratsbeschluss"),
    )
    purpose = models.CharField(_("Zweck"), max_length=250)
    amount = MoneyField(_("Betrag (Euro)"))
    year = models.PositiveSmallIntegerField(_("Haushaltsjahr"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(
        _("bis Haushaltsjahr"),
        null=True,
        blank=True,
        help_text=_("Bei einem Betrag für mehrere Jahre zusammen, z. B. 2017/18."),
    )
    is_annual = models.BooleanField(
        _("jährlich"), default=False, help_text=_("Der Betrag steht jedes Jahr zur Verfügung.")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    municipality_path = "decision__municipality"

    class Meta:
        ordering = ["position", "year", "pk"]
        verbose_name = _("Haushaltsposten")
        verbose_name_plural = _("Haushaltsposten")
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_amount_positive",
                field="amount",
                violation_error_message=_("Der Betrag darf nicht negativ sein."),
            ),
            FieldCheckConstraint(
                condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year")),
                name="budget_line_years_ordered",
                field="year_to",
                violation_error_message=_(
                    "„bis Haushaltsjahr“ darf nicht vor dem Haushaltsjahr liegen."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose}: {self.amount} €"

    @property
    def period(self) -> str:
        if self.is_annual and self.year is None:
            return str(_("pro Jahr"))
        if self.year and self.year_to:
            return f"{self.year}/{str(self.year_to)[-2:]}"
        if self.year and self.is_annual:
            return str(_("ab %(year)s pro Jahr") % {"year": self.year})
        return str(self.year or "")


# --- following ---------------------------------------------------------------------------------


class FollowQuerySet(models.QuerySet["Follow"]):
    def for_overview(self) -> FollowQuerySet:
        """Follows of published initiatives, newest first, with the initiative, its
        municipality, its newest published update (title, date, id) and whether a
        participation phase runs, all in one query."""
        newest = Update.objects.published().filter(initiative=OuterRef("initiative"))
        today = timezone.localdate()
        running = Phase.objects.filter(
            initiative=OuterRef("initiative"),
            is_participation=True,
            start_date__lte=today,
            end_date__gte=today,
        )
        return (
            self.filter(initiative__is_published=True)
            .select_related("initiative__municipality")
            .defer("initiative__body")
            .annotate(
                latest_update_id=Subquery(newest.values("pk")[:1]),
                latest_update_title=Subquery(newest.values("title")[:1]),
                latest_update_at=Subquery(newest.values("published_at")[:1]),
                participation_open=models.Exists(running),
            )
            .order_by("-created_at", "-pk")
        )


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="initiative_follows",
        verbose_name=_("Konto"),
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="follows", verbose_name=_("Initiative")
    )
    created_at = models.DateTimeField(_("seit"), default=timezone.now)

    objects = FollowQuerySet.as_manager()

    municipality_path = "initiative__municipality"

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [models.UniqueConstraint(fields=["user", "initiative"], name="follow_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.initiative}"


# --- participation -----------------------------------------------------------------------------


class Moderation(models.TextChoices):
    PUBLISHED = "published", _("sichtbar")
    PENDING = "pending", _("wartet auf Freigabe")
    HIDDEN = "hidden", _("ausgeblendet")


class ModeratedContent(models.Model):
    """Fields shared by ideas and comments: author, text, moderation state."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verfasst von"),
    )
    body = models.TextField(_("Text"), max_length=4000)
    created_at = models.DateTimeField(_("eingereicht am"), default=timezone.now)
    moderation = models.CharField(
        _("Moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    moderation_reason = models.CharField(
        _("Begründung der Moderation"),
        max_length=300,
        blank=True,
        help_text=_("Wird öffentlich an der Stelle des Beitrags angezeigt."),
    )
    moderated_at = models.DateTimeField(_("moderiert am"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderiert von"),
    )
    is_example = models.BooleanField(_("Beispiel"), default=False)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.moderation == Moderation.HIDDEN

    @property
    def is_pending(self) -> bool:
        return self.moderation == Moderation.PENDING

    @property
    def author_name(self) -> str:
        if self.author_id is None:
            return str(_("Beispielbeitrag") if self.is_example else _("anonym"))
        return self.author.public_name


class IdeaQuerySet(SearchableQuerySet):
    def visible_to(self, user, *, moderator: bool = False) -> IdeaQuerySet:
        """Published and hidden ideas (hidden ones show only their reason); pending ones only
        to their author and to moderators."""
        if moderator:
            return self
        visible = ~Q(moderation=Moderation.PENDING)
        if user.is_authenticated:
            visible |= Q(author=user)
        return self.filter(visible)

    def with_counts(self) -> IdeaQuerySet:
        return self.annotate(
            support_count=Count("supports", distinct=True),
            comment_count=Count(
                "comments",
                filter=Q(comments__moderation=Moderation.PUBLISHED, comments__deleted_at=None),
                distinct=True,
            ),
        )


class Idea(ModeratedContent):
    class Answer(models.TextChoices):
        NONE = "", _("noch keine Antwort")
        UNDER_REVIEW = "under_review", _("in Prüfung")
        ADOPTED = "adopted", _("angenommen")
        NOT_ADOPTED = "not_adopted", _("abgelehnt")
        IMPLEMENTED = "implemented", _("umgesetzt")

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,  # residents' contributions: unpublish the initiative instead
        related_name="ideas",
        verbose_name=_("Initiative"),
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("Beteiligungsphase"),
    )
    title = models.CharField(_("Titel"), max_length=140)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Stadtteil"),
    )
    answer_status = models.CharField(
        _("Antwort der Verwaltung"),
        max_length=14,
        choices=Answer.choices,
        default=Answer.NONE,
        blank=True,
    )
    answer = models.TextField(_("Begründung der Antwort"), blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwortet von"),
    )
    notify_author = models.BooleanField(
        _("Verfasser·in bei einer Antwort benachrichtigen"),
        default=True,
        help_text=_("Aus, wenn die Person E-Mails zu dieser Idee abbestellt hat."),
    )
    answer_notified_at = models.DateTimeField(
        _("Antwort per E-Mail gemeldet am"), null=True, blank=True, editable=False
    )
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(
        _("zurückgezogen am"), null=True, blank=True, editable=False
    )
    search_vector = models.GeneratedField(
        expression=_vector(("title", "A"), ("body", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = IdeaQuerySet.as_manager()

    municipality_path = "initiative__municipality"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        indexes = [
            models.Index(fields=["initiative", "moderation", "-created_at"], name="idea_list_idx"),
            models.Index(fields=["initiative", "answer_status"], name="idea_answer_idx"),
            GinIndex(fields=["search_vector"], name="idea_search_gin"),
            GinIndex(fields=["title"], name="idea_title_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:idea", kwargs={"slug": self.initiative.slug, "pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def shows_answer(self) -> bool:
        """The official answer is public only with the idea itself (not when it is hidden)."""
        return bool(self.answer_status) and self.moderation == Moderation.PUBLISHED


class IdeaRevision(models.Model):
    """An earlier version of an idea its author has since edited (for the editors)."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("Idee")
    )
    title = models.CharField(_("Titel"), max_length=140)
    body = models.TextField(_("Text"))
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Stadtteil"),
    )
    written_at = models.DateTimeField(_("Fassung vom"))
    replaced_at = models.DateTimeField(_("ersetzt am"), default=timezone.now)

    municipality_path = "idea__initiative__municipality"

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("frühere Fassung einer Idee")
        verbose_name_plural = _("frühere Fassungen von Ideen")

    def __str__(self) -> str:
        return f"{self.title} ({self.written_at:%Y-%m-%d %H:%M})"


class Comment(ModeratedContent):
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("Idee")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("Antwort auf"),
        help_text=_("Antworten gibt es nur auf eine Ebene: auf Kommentare, nicht auf Antworten."),
    )
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(
        _("von der verfassenden Person gelöscht am"), null=True, blank=True, editable=False
    )

    municipality_path = "idea__initiative__municipality"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        indexes = [models.Index(fields=["idea", "created_at"], name="comment_idea_idx")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Support(models.Model):
    """One person's support for an idea. On account deletion the row stays without the
    user, so the idea's count stays correct."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="supports", verbose_name=_("Idee")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_supports",
        verbose_name=_("Konto"),
    )
    created_at = models.DateTimeField(_("am"), default=timezone.now)

    municipality_path = "idea__initiative__municipality"

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=Q(user__isnull=False),
                name="support_once_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """Someone flagged an idea or a comment for the editors."""

    idea = models.ForeignKey(
        Idea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("Idee"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("Kommentar"),
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="reports", verbose_name=_("Initiative")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeldet von"),
    )
    reason = models.CharField(_("Grund der Meldung"), max_length=500)
    created_at = models.DateTimeField(_("gemeldet am"), default=timezone.now)
    resolved_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erledigt von"),
    )

    objects = ReportQuerySet.as_manager()

    municipality_path = "initiative__municipality"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(idea__isnull=False) & Q(comment__isnull=True))
                | (Q(idea__isnull=True) & Q(comment__isnull=False)),
                name="report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "idea"],
                condition=Q(reporter__isnull=False, idea__isnull=False),
                name="report_once_per_idea",
                violation_error_message=_("Du hast diesen Beitrag schon gemeldet."),
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(reporter__isnull=False, comment__isnull=False),
                name="report_once_per_comment",
                violation_error_message=_("Du hast diesen Beitrag schon gemeldet."),
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "initiative"], name="report_open_idx")]

    def __str__(self) -> str:
        return self.reason[:60]

    @property
    def target(self) -> Idea | Comment:
        return self.idea if self.idea_id else self.comment
