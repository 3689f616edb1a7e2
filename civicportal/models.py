"""Models of the portal's top: BITV 2.0 feedback (barrier reports), the office that
receives them per municipality, and the German Sign Language (DGS) video of the portal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import Municipality


class AccessibilityContact(models.Model):
    """The office of a municipality that answers barrier reports (BITV 2.0 § 7)."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="accessibility_contact",
        verbose_name=_("Kommune"),
    )
    office_name = models.CharField(
        _("Zuständige Stelle"),
        max_length=200,
        help_text=_("Zum Beispiel: Beauftragte für Menschen mit Behinderungen."),
    )
    email = models.EmailField(_("E-Mail-Adresse für Meldungen"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)

    municipality_path = "municipality"

    class Meta:
        verbose_name = _("Kontakt Barrierefreiheit")
        verbose_name_plural = _("Kontakte Barrierefreiheit")

    def __str__(self) -> str:
        return f"{self.office_name} ({self.municipality})"


def fallback_feedback_email() -> str:
    """The portal-wide address for reports without a municipality contact."""
    return getattr(settings, "ACCESSIBILITY_FEEDBACK_EMAIL", "") or settings.SITE_OPERATOR_EMAIL


class BarrierReport(models.Model):
    """A report of a barrier sent through the feedback form of the accessibility statement."""

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        IN_PROGRESS = "in_progress", _("in Bearbeitung")
        ANSWERED = "answered", _("beantwortet")
        CLOSED = "closed", _("erledigt")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barrier_reports",
        verbose_name=_("Kommune"),
    )
    page_url = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    description = models.TextField(_("Beschreibung der Barriere"), max_length=5000)
    name = models.CharField(_("Name"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail-Adresse für die Antwort"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barrier_reports",
        verbose_name=_("Konto"),
    )
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    sent_to = models.EmailField(_("weitergeleitet an"), blank=True)
    sent_at = models.DateTimeField(_("weitergeleitet am"), null=True, blank=True)
    note = models.TextField(_("interne Notiz"), blank=True)
    created_at = models.DateTimeField(_("eingegangen am"), default=timezone.now)

    municipality_path = "municipality"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Barriere-Meldung")
        verbose_name_plural = _("Barriere-Meldungen")
        indexes = [models.Index(fields=["status", "-created_at"], name="barrier_status_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y} – {self.description[:60]}"

    def recipient(self) -> str:
        """The office that must answer: the municipality's contact, else the portal's."""
        if self.municipality_id:
            contact = AccessibilityContact.objects.filter(
                municipality_id=self.municipality_id
            ).first()
            if contact:
                return contact.email
        return fallback_feedback_email()


class SignLanguageVideoQuerySet(models.QuerySet["SignLanguageVideo"]):
    def published(self) -> SignLanguageVideoQuerySet:
        return self.filter(is_published=True).exclude(video="")


class SignLanguageVideo(models.Model):
    """The explanation of the portal in German Sign Language (BITV 2.0 § 4), set by editors."""

    title = models.CharField(
        _("Titel"), max_length=200, default=_("Das Portal in Deutscher Gebärdensprache")
    )
    video = models.FileField(
        _("Video (MP4 oder WebM)"),
        upload_to="dgs/",
        blank=True,
        help_text=_("Wird vom Portal selbst ausgeliefert; keine Einbettung fremder Seiten."),
    )
    captions = models.FileField(_("Untertitel (WebVTT)"), upload_to="dgs/", blank=True)
    transcript = models.TextField(
        _("Textfassung"),
        blank=True,
        help_text=_("Leer lassen, um die Standard-Textfassung des Portals zu zeigen."),
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = SignLanguageVideoQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("Video in Gebärdensprache")
        verbose_name_plural = _("Videos in Gebärdensprache")

    def __str__(self) -> str:
        return str(self.title)


class RateLimitCounter(models.Model):
    """One fixed-window counter of :data:`civicportal.security.RATE_LIMITS` per scope × person.

    Written only by :func:`civicportal.security.hit` with one atomic ``INSERT … ON CONFLICT``
    statement; the row of a key is reused for the next window. The key holds a user id or
    an IP address: ``manage.py prune_rate_limits`` deletes rows whose window has ended.
    """

    key = models.CharField(max_length=200, primary_key=True)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Zähler der Anfragebegrenzung")
        verbose_name_plural = _("Zähler der Anfragebegrenzung")

    def __str__(self) -> str:
        return self.key
