"""Initiatives: the city's long-running programmes and the offices that run them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import SDG, District, Municipality, Theme


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


class InitiativeQuerySet(models.QuerySet["Initiative"]):
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
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subprojects",
        verbose_name=_("Teilprojekt von"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=400)
    body = models.TextField(_("Beschreibung (Markdown)"), blank=True)
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
    external_url = models.URLField(_("Weitere Informationen (Link)"), blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Erfundener Beispieldatensatz für die Demo.")
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        ordering = ["title"]
        verbose_name = _("Initiative")
        verbose_name_plural = _("Initiativen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"slug": self.slug})
