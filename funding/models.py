"""Funding: programmes and calls, applications with a financing plan, review, decisions,
payments, proof of use (Verwendungsnachweis) and the audit trail of status changes.

Every state change goes through ``funding.services`` (one explicit state machine); the
models hold data, small helpers and the QuerySet methods for reads.
"""

from __future__ import annotations

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.inputs import DecimalNumberField, FieldCheckConstraint, MoneyField
from civicportal.core.models import District, Municipality, Organisation
from civicportal.core.search import search_vector
from initiatives.models import Initiative, Office

ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}
# „Erreichte Personen“ of a proof of use: a city-wide campaign, not the world (an integer
# column holds < 2³¹; a form may accept no more than this).
MAX_PEOPLE_REACHED = 10_000_000


class PrivateStorage(FileSystemStorage):
    """File storage under ``settings.PRIVATE_MEDIA_ROOT`` (never served directly); the
    location is read on each use so settings overrides apply. Files are readable by the
    portal's user only (0600, folders 0700), whatever the server's umask."""

    def __init__(self, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None


private_storage = PrivateStorage()


def _private_storage():
    return private_storage


# --- programmes and calls ----------------------------------------------------------------------


class FinancingType(models.TextChoices):
    """Finanzierungsart of a grant (VV zu § 44 LHO, Nr. 2.2)."""

    FIXED = "fixed", _("Festbetragsfinanzierung")
    SHARE = "share", _("Anteilfinanzierung")
    SHORTFALL = "shortfall", _("Fehlbedarfsfinanzierung")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def published(self) -> ProgrammeQuerySet:
        return self.filter(is_published=True)


class Programme(models.Model):
    """A funding programme (Förderprogramm) of a municipality."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Zuschuss")
        PRIZE = "prize", _("Preis")
        IN_KIND = "in_kind", _("Sachleistung (z. B. mietfreie Räume, Beratung)")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="funding_programmes",
        verbose_name=_("Kommune"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_programmes",
        verbose_name=_("zuständige Dienststelle"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.GRANT)
    reference_prefix = models.CharField(
        _("Kürzel für Aktenzeichen"),
        max_length=6,
        help_text=_("Zum Beispiel „DF“: Anträge erhalten dann Nummern wie DF-2026-0007."),
    )
    summary = models.CharField(_("Kurzbeschreibung"), max_length=400)
    guidelines = models.TextField(_("Förderrichtlinie"), blank=True)
    awards = models.TextField(
        _("Leistungen"),
        blank=True,
        help_text=_("Bei Preisen und Sachleistungen: was die Geförderten erhalten."),
    )
    # The template of the Zuwendungsbescheid: the officer composes each letter from these.
    financing_type = models.CharField(
        _("Finanzierungsart"),
        max_length=12,
        choices=FinancingType.choices,
        default=FinancingType.SHORTFALL,
    )
    legal_basis = models.TextField(
        _("Rechtsgrundlage"),
        blank=True,
        help_text=_("Zum Beispiel: §§ 23, 44 LHO in Verbindung mit der Förderrichtlinie …"),
    )
    letter_conditions = models.TextField(
        _("Nebenbestimmungen"),
        blank=True,
        help_text=_("Zum Beispiel: Die ANBest-P sind Bestandteil dieses Bescheids."),
    )
    proof_months = models.PositiveSmallIntegerField(
        _("Verwendungsnachweis fällig (Monate nach Projektende)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    signer_name = models.CharField(_("unterzeichnet von (Name)"), max_length=120, blank=True)
    signer_role = models.CharField(_("unterzeichnet von (Funktion)"), max_length=120, blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Erfundener Beispieldatensatz für die Demo.")
    )

    objects = ProgrammeQuerySet.as_manager()

    municipality_path = "municipality"

    class Meta:
        ordering = ["title"]
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:programme", kwargs={"slug": self.slug})


class LegalForms(models.TextChoices):
    """Applicant types a call may admit (mirrors ``Organisation.LegalForm``)."""

    REGISTERED_ASSOCIATION = "ev", _("eingetragener Verein (e. V.)")
    NONPROFIT_COMPANY = "ggmbh", _("gemeinnützige GmbH / UG")
    FOUNDATION = "foundation", _("Stiftung")
    INFORMAL = "informal", _("Initiative ohne Rechtsform (mit Träger)")
    PUBLIC_BODY = "public", _("öffentliche Einrichtung")
    COMPANY = "company", _("Unternehmen")
    OTHER = "other", _("sonstige")


# Statuses whose approved amount counts against a call's budget.
COMMITTED = (
    "approved",
    "agreement_sent",
    "paying",
    "proof_due",
    "proof_submitted",
    "closed",
    "repayment_requested",
)


class CallQuerySet(models.QuerySet["Call"]):
    def published(self) -> CallQuerySet:
        return self.filter(is_published=True, programme__is_published=True)

    def open_at(self, moment=None) -> CallQuerySet:
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def with_totals(self) -> CallQuerySet:
        """Annotate ``approved_sum`` (committed approvals; ``Call.remaining`` needs it).

        One correlated subquery per call instead of a join and GROUP BY over all
        applications: after ``ORDER BY … LIMIT`` PostgreSQL computes it only for the calls
        shown, each an index-only scan of ``application_committed_idx``."""
        committed = (
            Application.objects.filter(call=OuterRef("pk"), status__in=COMMITTED)
            .order_by()
            .values("call")
            .annotate(total=Sum("approved_amount"))
            .values("total")
        )
        approved = Coalesce(
            Subquery(committed), Value(ZERO), output_field=models.DecimalField(**MONEY)
        )
        return self.annotate(approved_sum=approved)

    def with_public_projects(self) -> CallQuerySet:
        """Calls with at least one project of the public list of funded projects."""
        public = Application.objects.filter(
            call=OuterRef("pk"), status__in=COMMITTED, publication_consent=True
        )
        return self.filter(Exists(public))

    def funded_years(self) -> list[int]:
        """Years of the published calls with public funded projects, latest first."""
        return list(
            self.published()
            .with_public_projects()
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )

    def open_first(self, moment=None) -> CallQuerySet:
        moment = moment or timezone.now()
        return self.annotate(
            open_rank=Case(
                When(opens_at__lte=moment, closes_at__gt=moment, then=Value(0)),
                When(opens_at__gt=moment, then=Value(1)),
                default=Value(2),
            )
        ).order_by("open_rank", "-year", "closes_at")


class Call(models.Model):
    """A call for applications (Förderaufruf) of a programme: dates, budget and rules."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="calls", verbose_name=_("Programm")
    )
    title = models.CharField(_("Titel"), max_length=200)
    year = models.PositiveSmallIntegerField(_("Förderjahr"))
    description = models.TextField(_("Beschreibung"), blank=True)
    opens_at = models.DateTimeField(_("Antragsbeginn"))
    closes_at = models.DateTimeField(
        _("Antragsschluss"), help_text=_("Ab diesem Zeitpunkt ist kein Einreichen mehr möglich.")
    )
    funding_start = models.DateField(_("Förderzeitraum von"))
    funding_end = models.DateField(_("Förderzeitraum bis"))
    total_budget = MoneyField(_("Gesamtbudget (€)"), **MONEY)
    cap_per_application = MoneyField(
        _("Höchstbetrag je Antrag (€)"), null=True, blank=True, **MONEY
    )
    min_own_share = DecimalNumberField(
        _("Mindest-Eigenanteil (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Anteil der Gesamtkosten, den Antragstellende selbst tragen."),
    )
    eligible_applicant_types = ArrayField(
        models.CharField(max_length=12, choices=LegalForms.choices),
        default=list,
        blank=True,
        verbose_name=_("zugelassene Antragstellende"),
        help_text=_("Leer lassen, um alle Rechtsformen zuzulassen."),
    )
    committee_meeting = models.DateField(_("Sitzung des Begleitausschusses"), null=True, blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Erfundener Beispieldatensatz für die Demo.")
    )

    objects = CallQuerySet.as_manager()

    municipality_path = "programme__municipality"

    class Meta:
        ordering = ["-year", "-closes_at"]
        verbose_name = _("Förderaufruf")
        verbose_name_plural = _("Förderaufrufe")
        indexes = [models.Index(fields=["opens_at", "closes_at"], name="call_open_idx")]
        constraints = [
            FieldCheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="call_closes_after_opening",
                field="closes_at",
                violation_error_message=_("Der Antragsschluss muss nach dem Antragsbeginn liegen."),
            ),
            FieldCheckConstraint(
                condition=Q(funding_end__gte=F("funding_start")),
                name="call_funding_period",
                field="funding_end",
                violation_error_message=_(
                    "Das Ende des Förderzeitraums darf nicht vor seinem Beginn liegen."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(total_budget__gte=0),
                name="call_budget_positive",
                field="total_budget",
                violation_error_message=_("Das Gesamtbudget darf nicht negativ sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("funding:call", kwargs={"slug": self.programme.slug, "pk": self.pk})

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    @property
    def remaining(self) -> Decimal:
        """The budget left after committed approvals (on calls from ``with_totals()``;
        computed here so that the per-call sum runs once)."""
        return self.total_budget - self.approved_sum

    def approved_total(self) -> Decimal:
        return self.applications.filter(status__in=COMMITTED).aggregate(
            total=Coalesce(Sum("approved_amount"), Value(ZERO))
        )["total"]

    def paid_total(self) -> Decimal:
        return Payment.objects.filter(application__call=self).aggregate(
            total=Coalesce(Sum("amount"), Value(ZERO))
        )["total"]

    def admits(self, legal_form: str) -> bool:
        return not self.eligible_applicant_types or legal_form in self.eligible_applicant_types

    def eligible_labels(self) -> list[str]:
        labels = dict(LegalForms.choices)
        return [str(labels.get(value, value)) for value in self.eligible_applicant_types]


# --- applications ------------------------------------------------------------------------------


class Status(models.TextChoices):
    """The full (staff) status names; applicants see ``APPLICANT_STATUS``."""

    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    IN_REVIEW = "in_review", _("in Prüfung")
    CHANGES_REQUESTED = "changes_requested", _("Nachbesserung angefordert")
    RESUBMITTED = "resubmitted", _("erneut eingereicht")
    RECOMMENDED = "recommended", _("zur Förderung empfohlen")
    NOT_RECOMMENDED = "not_recommended", _("nicht empfohlen")
    APPROVED = "approved", _("bewilligt")
    REJECTED = "rejected", _("abgelehnt")
    AGREEMENT_SENT = "agreement_sent", _("Zuwendungsbescheid versandt")
    PAYING = "paying", _("in Auszahlung (Raten)")
    PROOF_DUE = "proof_due", _("Verwendungsnachweis fällig")
    PROOF_SUBMITTED = "proof_submitted", _("Verwendungsnachweis eingereicht")
    CLOSED = "closed", _("abgeschlossen")
    REPAYMENT_REQUESTED = "repayment_requested", _("Rückforderung gestellt")


# What applicants see: simple names that never reveal internal steps.
APPLICANT_STATUS = {
    Status.DRAFT: _("Entwurf"),
    Status.SUBMITTED: _("Eingegangen"),
    Status.IN_REVIEW: _("Wird geprüft"),
    Status.CHANGES_REQUESTED: _("Bitte überarbeiten"),
    Status.RESUBMITTED: _("Wird geprüft"),
    Status.RECOMMENDED: _("Wird geprüft"),
    Status.NOT_RECOMMENDED: _("Wird geprüft"),
    Status.APPROVED: _("Bewilligt"),
    Status.REJECTED: _("Abgelehnt"),
    Status.AGREEMENT_SENT: _("Bewilligt"),
    Status.PAYING: _("Wird ausgezahlt"),
    Status.PROOF_DUE: _("Nachweis fällig"),
    Status.PROOF_SUBMITTED: _("Nachweis eingereicht"),
    Status.CLOSED: _("Abgeschlossen"),
    Status.REPAYMENT_REQUESTED: _("Rückzahlung angefordert"),
}


class ApplicationQuerySet(models.QuerySet["Application"]):
    def for_member(self, user) -> ApplicationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def committed(self) -> ApplicationQuerySet:
        return self.filter(status__in=COMMITTED)

    def funded_public(self) -> ApplicationQuerySet:
        """Approved projects whose applicants agreed to publication."""
        return self.committed().filter(
            publication_consent=True,
            call__is_published=True,
            call__programme__is_published=True,
        )

    def for_listing(self) -> ApplicationQuerySet:
        return self.select_related(
            "call__programme__municipality", "organisation", "initiative", "district"
        )

    def for_public_list(self) -> ApplicationQuerySet:
        """Only what a row of the public list of funded projects shows: no long texts,
        no timestamps, no relations the row does not name."""
        return self.select_related("call__programme", "organisation", "initiative").only(
            "title",
            "summary",
            "is_example",
            "approved_amount",
            "call__year",
            "call__programme__slug",
            "call__programme__title",
            "organisation__name",
            "initiative__slug",
            "initiative__title",
        )

    def totals_by_year(self) -> list[dict]:
        """``call__year``, ``total`` (approved amounts) and ``count`` per call year, latest
        first; for the public list an index-only scan of ``application_committed_idx``."""
        return list(
            self.order_by()
            .values("call__year")
            .annotate(total=Sum("approved_amount"), count=Count("*"))
            .order_by("-call__year")
        )

    def ids_by_year_and_title(
        self, year_counts: list[tuple[int, int]], offset: int, limit: int
    ) -> list[int]:
        """Ids in list order (call year descending, then title) from ``offset`` on, at
        most ``limit``, in one query.

        ``year_counts`` are the (year, number of rows) pairs of this queryset, latest
        year first (``totals_by_year``). Sorting every row by the call's year and the title
        would need all rows joined to their call; instead each year the page covers is
        one slice ordered by title (``application_funded_title_idx``), and the slices
        (at most two for a page shorter than a year) are combined with ``UNION ALL``."""
        parts = []
        for year, count in year_counts:
            if limit <= 0:
                break
            if offset >= count:
                offset -= count
                continue
            take = min(limit, count - offset)
            part = (
                self.filter(call__year=year)
                .annotate(part=Value(len(parts)))
                .order_by("title", "pk")
                .values_list("part", "title", "pk")
            )
            parts.append(part[offset : offset + take])
            offset, limit = 0, limit - take
        if not parts:
            return []
        if len(parts) == 1:
            return [pk for _, _, pk in parts[0]]
        combined = parts[0].union(*parts[1:], all=True).order_by("part", "title", "pk")
        return [pk for _, _, pk in combined]

    def with_detail_rows(self) -> ApplicationQuerySet:
        """Annotate ``income_rows`` (with the actual amount of a proof), ``payment_rows``,
        ``attachment_rows`` and more (arrays of JSON objects, amounts as text): the detail
        page's short lists without a query each."""
        payments = (
            Payment.objects.filter(application=OuterRef("pk"))
            .order_by("number")
            .values(
                row=JSONObject(
                    number="number",
                    amount=Cast("amount", models.TextField()),
                    paid_on="paid_on",
                )
            )
        )
        attachments = (
            Attachment.objects.filter(application=OuterRef("pk"))
            .order_by("uploaded_at", "pk")
            .values(row=JSONObject(id="id", original_name="original_name", size="size"))
        )
        letters = (
            IssuedLetter.objects.filter(application=OuterRef("pk"))
            .order_by("number")
            .values(
                row=JSONObject(
                    number="number",
                    kind="kind",
                    amount=Cast("amount", models.TextField()),
                    issued_at="issued_at",
                )
            )
        )
        messages = (
            ApplicantMessage.objects.filter(application=OuterRef("pk"))
            .order_by("created_at", "pk")
            .values(row=JSONObject(text="text", created_at="created_at"))
        )
        requests = (
            PaymentRequest.objects.filter(application=OuterRef("pk"))
            .order_by("requested_at", "pk")
            .values(
                row=JSONObject(
                    amount=Cast("amount", models.TextField()),
                    requested_at="requested_at",
                    payment_id="payment_id",
                )
            )
        )
        actual_income = ActualIncome.objects.filter(income_line=OuterRef("pk")).values("amount")[:1]
        income = (
            IncomeLine.objects.filter(application=OuterRef("pk"))
            .order_by("pk")
            .values(
                row=JSONObject(
                    kind="kind",
                    description="description",
                    funder="funder",
                    funder_status="funder_status",
                    amount=Cast("amount", models.TextField()),
                    actual=Cast(Subquery(actual_income), models.TextField()),
                )
            )
        )
        return self.annotate(
            income_rows=ArraySubquery(income),
            payment_rows=ArraySubquery(payments),
            attachment_rows=ArraySubquery(attachments),
            letter_rows=ArraySubquery(letters),
            message_rows=ArraySubquery(messages),
            request_rows=ArraySubquery(requests),
        )

    def with_scores(self) -> ApplicationQuerySet:
        """Annotate ``weighted_score``: Σ(score × weight) / Σ(weight) over the reviews of
        assignments without a conflict of interest."""
        valid = Q(review_assignments__conflict_of_interest=False) & Q(
            review_assignments__reviews__isnull=False
        )
        weighted = Sum(
            F("review_assignments__reviews__score")
            * F("review_assignments__reviews__criterion__weight"),
            filter=valid,
        )
        weights = Sum("review_assignments__reviews__criterion__weight", filter=valid)
        return self.annotate(score_weights=weights).annotate(
            weighted_score=Case(
                When(
                    score_weights__gt=0,
                    then=Cast(weighted, models.FloatField())
                    / Cast(F("score_weights"), models.FloatField()),
                ),
                default=None,
                output_field=models.FloatField(),
            )
        )


class Application(models.Model):
    """An organisation's application for funding from one call."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("Aufruf")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("Antragstellende Organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_applications",
        verbose_name=_("angelegt von"),
    )
    reference = models.CharField(
        _("Aktenzeichen"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("Projekttitel"), max_length=200)
    summary = models.CharField(
        _("Kurzbeschreibung"),
        max_length=500,
        blank=True,
        help_text=_("Zwei, drei Sätze; erscheint bei Bewilligung in der öffentlichen Liste."),
    )
    description = models.TextField(_("Projektbeschreibung"), max_length=20_000, blank=True)
    goals = models.TextField(_("Ziele"), max_length=5000, blank=True)
    target_groups = models.TextField(_("Zielgruppen"), max_length=5000, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_applications",
        verbose_name=_("Stadtteil"),
    )
    start_date = models.DateField(_("Projektbeginn"), null=True, blank=True)
    end_date = models.DateField(_("Projektende"), null=True, blank=True)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_projects",
        verbose_name=_("gehört zur Initiative"),
    )
    # Derived from the financing plan's lines (``recalculate``), never entered directly.
    own_contribution = MoneyField(
        _("Eigenanteil (€)"),
        default=ZERO,
        editable=False,
        help_text=_("Eigenmittel und bewertete Eigenleistungen aus den Einnahmepositionen."),
        **MONEY,
    )
    total_income = MoneyField(_("Einnahmen gesamt (€)"), default=ZERO, editable=False, **MONEY)
    total_costs = MoneyField(_("Gesamtkosten (€)"), default=ZERO, editable=False, **MONEY)
    requested_amount = MoneyField(
        _("beantragter Betrag (€)"), default=ZERO, editable=False, **MONEY
    )
    approved_amount = MoneyField(
        _("bewilligter Betrag (€)"), null=True, blank=True, editable=False, **MONEY
    )
    publication_consent = models.BooleanField(
        _("Veröffentlichung erlaubt"),
        default=False,
        help_text=_(
            "Bei einer Bewilligung dürfen Projekttitel, Kurzbeschreibung, Organisation und "
            "Betrag in der öffentlichen Liste geförderter Projekte erscheinen."
        ),
    )
    status = models.CharField(
        _("Status"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    is_example = models.BooleanField(
        _("Beispiel"), default=False, help_text=_("Erfundener Beispieldatensatz für die Demo.")
    )
    search_vector = models.GeneratedField(
        expression=search_vector(("title", "A"), ("summary", "B"), ("description", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    municipality_path = "call__programme__municipality"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        indexes = [
            GinIndex(fields=["search_vector"], name="search_vector"),
            # Typo suggestions of the portal search (title %> word): the funded, public rows.
            GinIndex(
                fields=["title"],
                opclasses=["gin_trgm_ops"],
                condition=Q(status__in=COMMITTED, publication_consent=True),
                name="application_title_trgm",
            ),
            models.Index(fields=["call", "status"], name="application_call_status_idx"),
            models.Index(fields=["status", "publication_consent"], name="application_public_idx"),
            # Budget totals per call (home, programme and call pages, budget checks) and
            # the public totals per year: index-only scans of the committed rows.
            models.Index(
                fields=["call", "publication_consent"],
                include=["approved_amount"],
                condition=Q(status__in=COMMITTED),
                name="application_committed_idx",
            ),
            # The public list of funded projects in title order (one slice per year).
            models.Index(
                fields=["title", "id"],
                include=["call"],
                condition=Q(status__in=COMMITTED, publication_consent=True),
                name="application_funded_title_idx",
            ),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="application_dates_ordered",
                field="end_date",
                violation_error_message=_("Das Projektende liegt vor dem Projektbeginn."),
            ),
            FieldCheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="application_approved_positive",
                field="approved_amount",
                violation_error_message=_("Der bewilligte Betrag darf nicht negativ sein."),
            ),
            FieldCheckConstraint(
                condition=Q(own_contribution__gte=0),
                name="application_own_contribution_positive",
                field="own_contribution",
                violation_error_message=_("Der Eigenanteil darf nicht negativ sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('Entwurf')} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("funding:application", kwargs={"pk": self.pk})

    def get_case_url(self) -> str:
        """The funding officer's case page."""
        return reverse("funding:case", kwargs={"pk": self.pk})

    @property
    def applicant_status(self) -> str:
        return str(APPLICANT_STATUS.get(self.status, self.get_status_display()))

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.CHANGES_REQUESTED)

    @property
    def own_share_percent(self) -> Decimal:
        if not self.total_costs:
            return ZERO
        return (self.own_contribution / self.total_costs * 100).quantize(Decimal("0.01"))

    @property
    def other_income(self) -> Decimal:
        """Income besides the own share: donations, fees, other funders, other income."""
        return self.total_income - self.own_contribution

    @property
    def shortfall(self) -> Decimal:
        """Costs minus all income (Fehlbetrag), never below 0."""
        return max(self.total_costs - self.total_income, ZERO)

    def recalculate(self) -> None:
        """Derive total costs, own share, total income and the requested amount (the
        shortfall: costs minus all income) from the financing plan's lines."""
        total = self.budget_items.aggregate(total=Coalesce(Sum("amount"), Value(ZERO)))["total"]
        income = self.income_lines.aggregate(
            total=Coalesce(Sum("amount"), Value(ZERO)),
            own=Coalesce(Sum("amount", filter=Q(kind__in=OWN_SHARE_KINDS)), Value(ZERO)),
        )
        self.total_costs = total
        self.total_income = income["total"]
        self.own_contribution = income["own"]
        self.requested_amount = self.shortfall

    def paid_total(self) -> Decimal:
        return self.payments.aggregate(total=Coalesce(Sum("amount"), Value(ZERO)))["total"]


class ReferenceCounter(models.Model):
    """The last reference number per prefix and year (incremented atomically in SQL)."""

    prefix = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class BudgetItem(models.Model):
    """One cost line of the financing plan (Finanzierungsplan)."""

    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("Personal")
        FEES = "fees", _("Honorare")
        MATERIAL = "material", _("Sachkosten und Material")
        RENT = "rent", _("Miete und Räume")
        TRAVEL = "travel", _("Reisekosten")
        PUBLICITY = "publicity", _("Öffentlichkeitsarbeit")
        OTHER = "other", _("Sonstiges")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="budget_items",
        verbose_name=_("Antrag"),
    )
    category = models.CharField(_("Kategorie"), max_length=12, choices=Category.choices)
    description = models.CharField(_("Beschreibung"), max_length=200)
    amount = MoneyField(_("Betrag (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Kostenposition")
        verbose_name_plural = _("Finanzierungsplan")
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="budget_item_amount_positive",
                field="amount",
                violation_error_message=_("Eine Kostenposition braucht einen Betrag über 0 €."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"


class IncomeKind(models.TextChoices):
    """Kinds of income of a financing plan (Finanzierungsplan, ANBest-P)."""

    OWN_FUNDS = "own_funds", _("Eigenmittel")
    OWN_WORK = "own_work", _("Eigenleistung (bewertete unbezahlte Arbeit)")
    DONATIONS = "donations", _("Spenden")
    FEES = "fees", _("Teilnahmebeiträge")
    FUNDER = "funder", _("Mittel anderer Förderer")
    OTHER = "other", _("Sonstige Einnahmen")


# The kinds that make the own share (Eigenanteil) a call may require.
OWN_SHARE_KINDS = (IncomeKind.OWN_FUNDS, IncomeKind.OWN_WORK)


class IncomeLine(models.Model):
    """One income line of the financing plan: what covers the costs besides the grant."""

    class FunderStatus(models.TextChoices):
        APPLIED = "applied", _("beantragt")
        GRANTED = "granted", _("bewilligt")

    Kind = IncomeKind

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="income_lines",
        verbose_name=_("Antrag"),
    )
    kind = models.CharField(_("Art"), max_length=12, choices=IncomeKind.choices)
    description = models.CharField(_("Beschreibung"), max_length=200, blank=True)
    amount = MoneyField(_("Betrag (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    funder = models.CharField(
        _("Förderer"),
        max_length=160,
        blank=True,
        help_text=_("Nur bei Mitteln anderer Förderer: zum Beispiel „Stiftung Bürgersinn“."),
    )
    funder_status = models.CharField(
        _("Stand der anderen Förderung"),
        max_length=8,
        choices=FunderStatus.choices,
        blank=True,
    )

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Einnahmeposition")
        verbose_name_plural = _("Einnahmen des Finanzierungsplans")
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="income_line_amount_positive",
                field="amount",
                violation_error_message=_(
                    "Eine Einnahme braucht einen Betrag über 0 €: Einnahmen verringern den "
                    "beantragten Betrag, nie erhöhen sie ihn."
                ),
            ),
            FieldCheckConstraint(
                condition=~Q(kind=IncomeKind.FUNDER)
                | (~Q(funder="") & Q(funder_status__in=["applied", "granted"])),
                name="income_line_funder_named",
                field="funder",
                violation_error_message=_(
                    "Bei Mitteln anderer Förderer gib bitte den Förderer und den Stand an "
                    "(beantragt oder bewilligt)."
                ),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.kind == IncomeKind.FUNDER and self.funder:
            label = f"{label}: {self.funder} ({self.get_funder_status_display()})"
        return f"{label}: {self.description}" if self.description else label


def attachment_path(instance: Attachment, filename: str) -> str:
    """Server-generated name; the uploaded name is kept only as data."""
    return f"funding/{instance.application_id}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """A PDF or image supporting an application, stored privately."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("Antrag")
    )
    file = models.FileField(
        _("Datei"), storage=_private_storage, upload_to=attachment_path, max_length=200
    )
    original_name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateityp"), max_length=60)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), default=timezone.now)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "funding:attachment", kwargs={"pk": self.application_id, "attachment": self.pk}
        )

    @property
    def extension(self) -> str:
        return {
            "application/pdf": ".pdf",
            "image/png": ".png",
            "image/jpeg": ".jpg",
            "image/webp": ".webp",
        }.get(self.content_type, ".bin")


# --- review ------------------------------------------------------------------------------------


class Criterion(models.Model):
    """A review criterion of a programme with its weight."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Programm")
    )
    name = models.CharField(_("Kriterium"), max_length=160)
    description = models.CharField(_("Erläuterung"), max_length=400, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Gewicht"), default=1, validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    municipality_path = "programme__municipality"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Bewertungskriterium")
        verbose_name_plural = _("Bewertungskriterien")

    def __str__(self) -> str:
        return f"{self.name} (× {self.weight})"


DELETED_REVIEWER = _("Gutachter:in (gelöscht)")


class ReviewAssignment(models.Model):
    """A reviewer assigned to an application; a declared conflict removes them."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("Antrag"),
    )
    # SET_NULL: the scores are part of the funding record the city must keep; when the
    # reviewer's account goes, the assignment stays pseudonymised ("Gutachter:in (gelöscht)").
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_review_assignments",
        verbose_name=_("Gutachter:in"),
    )
    assigned_at = models.DateTimeField(_("zugewiesen am"), default=timezone.now)
    conflict_of_interest = models.BooleanField(_("befangen"), default=False)
    conflict_note = models.CharField(_("Begründung der Befangenheit"), max_length=300, blank=True)
    # The reviewer declares before reading the application that no conflict exists.
    no_conflict_at = models.DateTimeField(_("keine Befangenheit erklärt am"), null=True, blank=True)
    completed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["assigned_at"]
        verbose_name = _("Begutachtung")
        verbose_name_plural = _("Begutachtungen")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_label} → {self.application}"

    @property
    def reviewer_label(self) -> str:
        """The reviewer, or a pseudonym once their account is erased."""
        if self.reviewer_id is None:
            return str(DELETED_REVIEWER)
        return str(self.reviewer)


class Review(models.Model):
    """One score (0–5) with a comment for one criterion."""

    assignment = models.ForeignKey(
        ReviewAssignment,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("Begutachtung"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("Kriterium")
    )
    score = models.PositiveSmallIntegerField(
        _("Punkte (0–5)"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    comment = models.TextField(_("Kommentar"), blank=True)

    municipality_path = "assignment__application__call__programme__municipality"

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="review_unique"),
            FieldCheckConstraint(
                condition=Q(score__lte=5),
                name="review_score_max_5",
                field="score",
                violation_error_message=_("Es gibt höchstens 5 Punkte."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score}"


# --- decision, payments, proof of use ------------------------------------------------------------


class Decision(models.Model):
    """The funding decision (Zuwendungsbescheid) of an approved application."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision", verbose_name=_("Antrag")
    )
    amount = MoneyField(_("Zuwendung (€)"), **MONEY)
    purpose = models.TextField(_("Zuwendungszweck"), max_length=3000)
    conditions = models.TextField(_("Nebenbestimmungen"), max_length=10_000, blank=True)
    proof_due = models.DateField(_("Verwendungsnachweis fällig am"))
    financing_type = models.CharField(
        _("Finanzierungsart"),
        max_length=12,
        choices=FinancingType.choices,
        default=FinancingType.SHORTFALL,
    )
    share_percent = DecimalNumberField(
        _("Anteil an den zuwendungsfähigen Ausgaben (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    period_start = models.DateField(_("Bewilligungszeitraum von"), null=True, blank=True)
    period_end = models.DateField(_("Bewilligungszeitraum bis"), null=True, blank=True)
    legal_basis = models.TextField(_("Rechtsgrundlage"), max_length=2000, blank=True)
    signer_name = models.CharField(_("unterzeichnet von (Name)"), max_length=120, blank=True)
    signer_role = models.CharField(_("unterzeichnet von (Funktion)"), max_length=120, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), default=timezone.now)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        verbose_name = _("Bescheid")
        verbose_name_plural = _("Bescheide")
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gte=0),
                name="decision_amount_positive",
                field="amount",
                violation_error_message=_("Die Zuwendung darf nicht negativ sein."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} €"


class Payment(models.Model):
    """One instalment paid out on an approved application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="payments", verbose_name=_("Antrag")
    )
    number = models.PositiveSmallIntegerField(_("Rate"))
    amount = MoneyField(_("Betrag (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    paid_on = models.DateField(_("ausgezahlt am"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["number"]
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="payment_unique"),
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_positive",
                field="amount",
                violation_error_message=_("Eine Auszahlung braucht einen Betrag über 0 €."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} – {self.number}. Rate: {self.amount} €"


class ProofOfUse(models.Model):
    """Verwendungsnachweis: what the money was actually spent on."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="proof", verbose_name=_("Antrag")
    )
    narrative = models.TextField(_("Sachbericht"), blank=True)
    people_reached = models.PositiveIntegerField(
        _("erreichte Personen"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PEOPLE_REACHED)],
    )
    # Actual income is stated per planned income line (``ActualIncome``); income the plan
    # did not name (a new donation, another grant) is stated here: it lowers the grant too.
    unplanned_income = MoneyField(
        _("weitere, im Plan nicht genannte Einnahmen (€)"),
        default=ZERO,
        help_text=_("Zum Beispiel eine zusätzliche Spende oder eine weitere Förderung."),
        **MONEY,
    )
    declaration = models.BooleanField(_("Erklärung abgegeben"), default=False)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    officer_note = models.TextField(_("Anmerkung des Förderreferats"), blank=True)
    repayment_amount = MoneyField(_("Rückforderung (€)"), null=True, blank=True, **MONEY)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        verbose_name = _("Verwendungsnachweis")
        verbose_name_plural = _("Verwendungsnachweise")
        constraints = [
            FieldCheckConstraint(
                condition=Q(people_reached__isnull=True)
                | Q(people_reached__lte=MAX_PEOPLE_REACHED),
                name="proof_people_reached_bounded",
                field="people_reached",
                violation_error_message=_("Bitte gib höchstens 10.000.000 erreichte Personen an."),
            ),
            FieldCheckConstraint(
                condition=Q(unplanned_income__gte=0),
                name="proof_unplanned_income_positive",
                field="unplanned_income",
                violation_error_message=_("Einnahmen dürfen nicht negativ sein."),
            ),
            FieldCheckConstraint(
                condition=Q(repayment_amount__isnull=True) | Q(repayment_amount__gte=0),
                name="proof_repayment_positive",
                field="repayment_amount",
                violation_error_message=_("Eine Rückforderung darf nicht negativ sein."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)

    def actual_total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), ZERO)

    @property
    def actual_income(self) -> Decimal:
        """All actual income: the planned lines as stated plus the unplanned income."""
        planned = sum((line.amount for line in self.income_actuals.all()), ZERO)
        return planned + self.unplanned_income


DEVIATION_LIMIT = Decimal("0.20")


class ActualCost(models.Model):
    """The actual cost of one planned line."""

    proof = models.ForeignKey(
        ProofOfUse, on_delete=models.CASCADE, related_name="lines", verbose_name=_("Nachweis")
    )
    budget_item = models.ForeignKey(
        BudgetItem,
        on_delete=models.CASCADE,
        related_name="actual_costs",
        verbose_name=_("Kostenposition"),
    )

    class LineStatus(models.TextChoices):
        PENDING = "pending", _("offen")
        ACCEPTED = "accepted", _("anerkannt")
        QUERIED = "queried", _("Rückfrage")

    amount = MoneyField(_("tatsächliche Kosten (€)"), default=ZERO, **MONEY)
    # The officer's check of a deviating line (> 20 %); the note is shown to the applicant.
    line_status = models.CharField(
        _("Prüfung"), max_length=10, choices=LineStatus.choices, default=LineStatus.PENDING
    )
    officer_note = models.TextField(_("Anmerkung des Förderreferats"), blank=True)
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    municipality_path = "proof__application__call__programme__municipality"

    class Meta:
        ordering = ["budget_item_id"]
        verbose_name = _("tatsächliche Kosten")
        verbose_name_plural = _("tatsächliche Kosten")
        constraints = [
            models.UniqueConstraint(fields=["proof", "budget_item"], name="actual_cost_unique"),
            FieldCheckConstraint(
                condition=Q(amount__gte=0),
                name="actual_cost_positive",
                field="amount",
                violation_error_message=_("Tatsächliche Kosten dürfen nicht negativ sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_item}: {self.amount} €"

    @property
    def deviation(self) -> Decimal:
        """Relative deviation from the plan (0.25 = 25 % more, -0.3 = 30 % less)."""
        planned = self.budget_item.amount
        if not planned:
            return Decimal("1") if self.amount else ZERO
        return (self.amount - planned) / planned

    @property
    def is_flagged(self) -> bool:
        return abs(self.deviation) > DEVIATION_LIMIT

    @property
    def deviation_percent(self) -> Decimal:
        return (self.deviation * 100).quantize(Decimal("1"))

    @property
    def needs_review(self) -> bool:
        """A deviating line the officer has not accepted yet."""
        return self.is_flagged and self.line_status != self.LineStatus.ACCEPTED


class ActualIncome(models.Model):
    """The actual income of one planned income line."""

    proof = models.ForeignKey(
        ProofOfUse,
        on_delete=models.CASCADE,
        related_name="income_actuals",
        verbose_name=_("Nachweis"),
    )
    income_line = models.ForeignKey(
        IncomeLine,
        on_delete=models.CASCADE,
        related_name="actuals",
        verbose_name=_("Einnahmeposition"),
    )
    amount = MoneyField(_("tatsächliche Einnahme (€)"), default=ZERO, **MONEY)

    municipality_path = "proof__application__call__programme__municipality"

    class Meta:
        ordering = ["income_line_id"]
        verbose_name = _("tatsächliche Einnahme")
        verbose_name_plural = _("tatsächliche Einnahmen")
        constraints = [
            models.UniqueConstraint(fields=["proof", "income_line"], name="actual_income_unique"),
            FieldCheckConstraint(
                condition=Q(amount__gte=0),
                name="actual_income_positive",
                field="amount",
                violation_error_message=_("Tatsächliche Einnahmen dürfen nicht negativ sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.income_line}: {self.amount} €"


class StatusChange(models.Model):
    """Audit record of one transition: who, when, from, to, note."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("Antrag"),
    )
    from_status = models.CharField(_("von"), max_length=24, choices=Status.choices)
    to_status = models.CharField(_("nach"), max_length=24, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("durch"),
    )
    at = models.DateTimeField(_("am"), default=timezone.now)
    note = models.TextField(_("Anmerkung"), blank=True)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"

    @property
    def applicant_to_status(self) -> str:
        return str(APPLICANT_STATUS.get(self.to_status, self.to_status))


class ProofReminder(models.Model):
    """A reminder sent before the proof-of-use deadline: one per application, threshold
    (days before) and deadline, so running the daily command twice sends nothing twice."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="proof_reminders",
        verbose_name=_("Antrag"),
    )
    days_before = models.PositiveSmallIntegerField(_("Tage vor der Frist"))
    proof_due = models.DateField(_("Frist"))
    sent_at = models.DateTimeField(_("gesendet am"), default=timezone.now)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("Erinnerung an den Verwendungsnachweis")
        verbose_name_plural = _("Erinnerungen an den Verwendungsnachweis")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "days_before", "proof_due"], name="proof_reminder_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.days_before} Tage vor {self.proof_due}"


class Receipt(models.Model):
    """One line of the Belegliste of a proof of use: a receipt for an actual cost."""

    proof = models.ForeignKey(
        ProofOfUse, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("Nachweis")
    )
    budget_item = models.ForeignKey(
        BudgetItem,
        on_delete=models.CASCADE,
        related_name="receipts",
        verbose_name=_("Kostenposition"),
    )
    date = models.DateField(_("Datum"))
    payee = models.CharField(_("Empfänger:in"), max_length=160)
    purpose = models.CharField(_("Zweck"), max_length=200)
    amount = MoneyField(_("Betrag (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)

    municipality_path = "proof__application__call__programme__municipality"

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belegliste")
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="receipt_amount_positive",
                field="amount",
                violation_error_message=_("Ein Beleg braucht einen Betrag über 0 €."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.payee} – {self.amount} €"


class IssuedLetter(models.Model):
    """A Zuwendungsbescheid or Änderungsbescheid as it was issued: the PDF bytes and their
    SHA-256, never rebuilt. A change to an issued decision is a new letter."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Zuwendungsbescheid")
        AMENDMENT = "amendment", _("Änderungsbescheid")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters", verbose_name=_("Antrag")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("laufende Nummer"))
    amount = MoneyField(_("Zuwendung (€)"), **MONEY)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64)
    # The English translation made at the same moment (for readers of the English portal;
    # the German letter is the legally binding one).
    translation_pdf = models.BinaryField(_("PDF (englische Übersetzung)"), blank=True, default=b"")
    issued_at = models.DateTimeField(_("erlassen am"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erlassen von"),
    )

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["number"]
        verbose_name = _("erlassener Bescheid")
        verbose_name_plural = _("erlassene Bescheide")
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="issued_letter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.application}"

    @property
    def filename(self) -> str:
        label = "Aenderungsbescheid" if self.kind == self.Kind.AMENDMENT else "Zuwendungsbescheid"
        return f"{label}-{self.application.reference or self.application_id}-{self.number}.pdf"


class InternalNote(models.Model):
    """A note of the funding office on an application: staff only, never shown to or sent
    to the applicant (messages to the applicant are :class:`ApplicantMessage`)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="internal_notes",
        verbose_name=_("Antrag"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verfasst von"),
    )
    text = models.TextField(_("interne Notiz"), max_length=4000)
    created_at = models.DateTimeField(_("am"), default=timezone.now)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("interne Notiz")
        verbose_name_plural = _("interne Notizen")

    def __str__(self) -> str:
        return f"{self.application}: {self.text[:40]}"


class ApplicantMessage(models.Model):
    """A message of the funding office to the applicant (shown in their history, mailed)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="messages", verbose_name=_("Antrag")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verfasst von"),
    )
    text = models.TextField(_("Nachricht"), max_length=4000)
    created_at = models.DateTimeField(_("am"), default=timezone.now)

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Nachricht an die Antragstellenden")
        verbose_name_plural = _("Nachrichten an die Antragstellenden")

    def __str__(self) -> str:
        return f"{self.application}: {self.text[:40]}"


class PaymentRequest(models.Model):
    """A Mittelabruf: the applicant asks for an instalment; the officer pays it."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="payment_requests",
        verbose_name=_("Antrag"),
    )
    amount = MoneyField(_("Betrag (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    note = models.CharField(_("Verwendung"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgerufen von"),
    )
    requested_at = models.DateTimeField(_("abgerufen am"), default=timezone.now)
    payment = models.OneToOneField(
        Payment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("Auszahlung"),
    )

    municipality_path = "application__call__programme__municipality"

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_request_positive",
                field="amount",
                violation_error_message=_("Ein Mittelabruf braucht einen Betrag über 0 €."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} €"
