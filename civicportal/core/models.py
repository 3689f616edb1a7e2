"""Site-wide models shared by every part of the portal.

Models that belong to one municipality declare ``municipality_path``: the ORM path from
the model to :class:`Municipality`. The scoped admin base (``civicportal.core.admin``)
uses it to limit lists, forms and foreign-key choices to a staff member's municipalities.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from civicportal.core.search import search_vector

# --- users -----------------------------------------------------------------------------------


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


def default_public_name(full_name: str) -> str:
    """The public name suggested for a full name: first name and the initial of the last
    name („Anna Keller“ → „Anna K.“); a single name stays as it is."""
    parts = full_name.split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} {parts[-1][0]}."


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The e-mail address is the login.

    A person has two names, and code uses exactly one of two properties for them:

    - :attr:`public_name` – shown with contributions (ideas, comments, the team list of
      an organisation): the person's chosen public name, never the e-mail address.
    - :attr:`document_name` – the full name for certificates, decision letters, the
      organisations a person signs up with and the staff handling their case.

    Mails greet with :attr:`greeting_name`. Accounts without a full name are asked for
    their names on their next visit (``civicportal.middleware.NamesGateMiddleware``).
    """

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    full_name = models.CharField(
        _("Vollständiger Name"),
        max_length=160,
        blank=True,
        help_text=_(
            "Vor- und Nachname. Nicht öffentlich: Er steht auf Bescheinigungen und "
            "Bescheiden und ist für Organisationen sichtbar, bei denen du dich anmeldest."
        ),
    )
    display_name = models.CharField(
        _("Öffentlicher Name"),
        max_length=80,
        blank=True,
        help_text=_(
            "So erscheinst du öffentlich, zum Beispiel bei Ideen und Kommentaren: "
            "etwa „Anna K.“ oder ein Pseudonym."
        ),
    )
    is_staff = models.BooleanField(_("Mitarbeiter:in"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    # createsuperuser asks for the full name too (the admin welcomes by it)
    REQUIRED_FIELDS: list[str] = ["full_name"]

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email

    @property
    def has_names(self) -> bool:
        """Whether the person has given their full name (asked once otherwise)."""
        return bool(self.full_name.strip())

    @property
    def public_name(self) -> str:
        """The name shown next to public content; never the e-mail address."""
        return self.display_name or str(_("Teilnehmende Person"))

    @property
    def document_name(self) -> str:
        """The full name for certificates, letters, organisations and staff; never the
        e-mail address (empty if the person has given no name at all)."""
        return self.full_name or self.display_name

    @property
    def greeting_name(self) -> str:
        """The name a mail greets with („Hallo Anna Keller,“); empty: „Hallo,“."""
        return self.full_name or self.display_name

    def get_full_name(self) -> str:
        return self.document_name or self.email

    def get_short_name(self) -> str:
        return self.document_name or self.email.split("@")[0]


# --- places and topics -------------------------------------------------------------------------


class Municipality(models.Model):
    """A city or town using the portal (a tenant)."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)
    state = models.CharField(_("Bundesland"), max_length=60)
    website = models.URLField(_("Website"), blank=True)
    recognition_hours_threshold = models.PositiveIntegerField(
        _("Stunden pro Jahr für die Ehrenamtskarte"),
        default=250,
        help_text=_(
            "Ab wie vielen bestätigten Stunden im Jahr Engagierte eine Anerkennung erhalten."
        ),
    )

    municipality_path = "pk"

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A Stadtbezirk or Stadtteil of a municipality."""

    class Kind(models.TextChoices):
        BOROUGH = "borough", _("Stadtbezirk")
        QUARTER = "quarter", _("Stadtteil")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="districts", verbose_name=_("Kommune")
    )
    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname"), max_length=80)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.BOROUGH)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("gehört zu"),
    )

    municipality_path = "municipality"

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("Stadtbezirk/Stadtteil")
        verbose_name_plural = _("Stadtbezirke und Stadtteile")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="district_slug_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name})"


class Theme(models.Model):
    """A topic shared by initiatives, opportunities and funding (Klimaschutz, Vielfalt, …)."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    name_en = models.CharField(_("Name (englisch)"), max_length=80, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self) -> str:
        if self.name_en and (get_language() or "de").startswith("en"):
            return self.name_en
        return self.name


class SDG(models.Model):
    """One of the 17 UN Sustainable Development Goals (filled by a data migration)."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    title_de = models.CharField(_("Titel (deutsch)"), max_length=120)
    title_en = models.CharField(_("Titel (englisch)"), max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Nachhaltigkeitsziel (SDG)")
        verbose_name_plural = _("Nachhaltigkeitsziele (SDGs)")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        if (get_language() or "de").startswith("en"):
            return self.title_en
        return self.title_de


# --- organisations -----------------------------------------------------------------------------


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def verified(self) -> OrganisationQuerySet:
        return self.filter(verified_at__isnull=False)

    def for_member(self, user) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    """An association, NGO, company or informal initiative.

    Site-wide because the same association posts volunteer opportunities and applies for
    funding. Only organisations verified by staff publish.
    """

    class LegalForm(models.TextChoices):
        REGISTERED_ASSOCIATION = "ev", _("eingetragener Verein (e. V.)")
        NONPROFIT_COMPANY = "ggmbh", _("gemeinnützige GmbH / UG")
        FOUNDATION = "foundation", _("Stiftung")
        INFORMAL = "informal", _("Initiative ohne Rechtsform")
        PUBLIC_BODY = "public", _("öffentliche Einrichtung")
        COMPANY = "company", _("Unternehmen")
        OTHER = "other", _("sonstige")

    name = models.CharField(_("Name"), max_length=160)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    legal_form = models.CharField(
        _("Rechtsform"),
        max_length=12,
        choices=LegalForm.choices,
        default=LegalForm.REGISTERED_ASSOCIATION,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("Kommune"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Stadtbezirk"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    address = models.CharField(_("Anschrift"), max_length=200, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="organisations",
        verbose_name=_("Mitglieder"),
    )
    verified_at = models.DateTimeField(_("verifiziert am"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verifiziert von"),
    )
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Erfundener Beispieldatensatz für die Demo.")
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    # The portal search's German full-text vector: a generated column, always current
    # whatever writes the row, GIN-indexed (organisation_search_gin).
    search_vector = models.GeneratedField(
        expression=search_vector(("name", "A"), ("description", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = OrganisationQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        indexes = [
            GinIndex(fields=["search_vector"], name="organisation_search_gin"),
            GinIndex(fields=["name"], name="organisation_name_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administration")
        COORDINATOR = "coordinator", _("Koordination")
        MEMBER = "member", _("Mitglied")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("Konto"),
    )
    role = models.CharField(_("Rolle"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("seit"), default=timezone.now)

    municipality_path = "organisation__municipality"

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


# --- staff -------------------------------------------------------------------------------------


class StaffMembershipQuerySet(models.QuerySet["StaffMembership"]):
    def municipality_ids(self, user, roles: frozenset[str] | set[str] | None = None) -> set[int]:
        qs = self.filter(user=user)
        if roles is not None:
            qs = qs.filter(role__in=roles)
        return set(qs.values_list("municipality_id", flat=True))


class StaffMembership(models.Model):
    """A staff member's role in one municipality (a user may hold several)."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Redaktion")
        VOLUNTEER_COORDINATOR = "volunteer_coordinator", _("FreiwilligenAgentur")
        FUNDING_OFFICER = "funding_officer", _("Förderreferat")
        REVIEWER = "reviewer", _("Gutachter:in")
        #: invites colleagues, grants and revokes roles, resets lost authenticators
        ADMINISTRATOR = "administrator", _("Verwaltung der Zugänge")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("Konto"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("Kommune"),
    )
    role = models.CharField(_("Rolle"), max_length=24, choices=Role.choices)

    objects = StaffMembershipQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        verbose_name = _("Rolle in der Verwaltung")
        verbose_name_plural = _("Rollen in der Verwaltung")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="staff_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + datetime.timedelta(days=StaffInvitation.VALID_DAYS)


class StaffInvitation(models.Model):
    """An invitation by e-mail to work in the back office with a role in a municipality.
    Accepting it (``civicportal.staff_onboarding``) sets the password, then TOTP, grants
    the role and ends in the admin."""

    VALID_DAYS = 7

    email = models.EmailField(_("E-Mail-Adresse"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="staff_invitations",
        verbose_name=_("Kommune"),
    )
    role = models.CharField(_("Rolle"), max_length=24, choices=StaffMembership.Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    created_at = models.DateTimeField(_("eingeladen am"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)

    municipality_path = "municipality"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Einladung in die Verwaltung")
        verbose_name_plural = _("Einladungen in die Verwaltung")

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} ({self.municipality})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


# --- audit -------------------------------------------------------------------------------------


class AuditEntry(models.Model):
    """Who did what to which record, and when (staff actions: verification, moderation,
    funding decisions). Written through ``civicportal.core.audit.record``; append-only,
    visible to superusers only."""

    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ausgeführt von"),
    )
    # Kept when the account is deleted later: staff actions stay attributable.
    actor_label = models.CharField(_("Konto (bei Ausführung)"), max_length=254, blank=True)
    action = models.CharField(_("Aktion"), max_length=80, db_index=True)
    target_type = models.CharField(_("Art des Datensatzes"), max_length=100, blank=True)
    target_id = models.CharField(_("Datensatz-ID"), max_length=64, blank=True)
    target_label = models.CharField(_("Datensatz"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kommune"),
    )
    note = models.TextField(_("Bemerkung"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll (Audit)")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


# --- notifications -----------------------------------------------------------------------------


class NotificationSettings(models.Model):
    """A person's choices for the notification kinds (``civicportal.core.notifications``):
    per kind instantly, in the daily digest or off; and the language of their e-mails.
    Kinds without an entry are sent instantly."""

    class Mode(models.TextChoices):
        INSTANT = "instant", _("sofort per E-Mail")
        DIGEST = "digest", _("einmal täglich zusammengefasst")
        OFF = "off", _("aus")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("Konto"),
    )
    language = models.CharField(
        _("Sprache der E-Mails"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    choices = models.JSONField(_("Einstellungen je Art"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigungs-Einstellung")
        verbose_name_plural = _("Benachrichtigungs-Einstellungen")

    def __str__(self) -> str:
        return str(self.user)


class Notification(models.Model):
    """One notification a person received: their in-portal list, and the queue of the
    daily digest (``mode`` digest, ``emailed_at`` empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("Konto"),
    )
    kind = models.CharField(_("Art"), max_length=80)
    subject = models.CharField(_("Betreff"), max_length=300)
    path = models.CharField(_("Link"), max_length=500, blank=True)
    mode = models.CharField(
        _("Zustellung"), max_length=10, choices=NotificationSettings.Mode.choices
    )
    created_at = models.DateTimeField(_("am"), default=timezone.now)
    emailed_at = models.DateTimeField(_("per E-Mail am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            models.Index(
                fields=["user"],
                condition=models.Q(mode="digest", emailed_at__isnull=True),
                name="notification_digest_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
