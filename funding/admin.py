"""Staff back office of the funding part (scoped admin).

Funding officers manage programmes, calls and applications of their municipality and take
every staff transition as an admin action with a confirmation page; reviewers see only
the applications assigned to them (without a conflict of interest).
"""

from __future__ import annotations

import csv
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from civicportal.core.admin import ScopedAdmin, ScopedInline
from civicportal.core.models import StaffMembership
from civicportal.core.scoping import scoped_municipality_ids
from civicportal.core.text import csv_safe
from funding import services
from funding.formatting import euro
from funding.models import (
    Application,
    Attachment,
    BudgetItem,
    Call,
    Criterion,
    IncomeLine,
    LegalForms,
    Payment,
    Programme,
    ProofOfUse,
    ReviewAssignment,
    StatusChange,
)

OFFICERS = frozenset({StaffMembership.Role.FUNDING_OFFICER})
REVIEWERS = frozenset({StaffMembership.Role.REVIEWER})


def _money(value) -> str:
    return euro(value if value is not None else Decimal("0"))


class CriterionInline(ScopedInline):
    model = Criterion
    staff_roles = OFFICERS
    fields = ["name", "description", "weight", "position"]


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    staff_roles = OFFICERS
    list_display = ["title", "municipality", "kind", "reference_prefix", "is_published"]
    list_filter = ["municipality", "kind", "is_published"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CriterionInline]


def export_csv(applications, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "Aktenzeichen",
            "Aufruf",
            "Projekt",
            "Organisation",
            "Status",
            "Gesamtkosten",
            "Eigenanteil",
            "weitere Einnahmen",
            "Einnahmen gesamt",
            "beantragt",
            "bewilligt",
            "ausgezahlt",
            "Bewertung",
            "eingereicht am",
        ]
    )
    paid = (
        Payment.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        applications.select_related("call", "organisation")
        .with_scores()
        .annotate(paid=Subquery(paid))
        .order_by("call_id", "reference", "pk")
    )
    for application in rows:
        writer.writerow(
            csv_safe(cell)
            for cell in [
                application.reference or "",
                str(application.call),
                application.title,
                application.organisation.name,
                application.get_status_display(),
                application.total_costs,
                application.own_contribution,
                application.other_income,
                application.total_income,
                application.requested_amount,
                application.approved_amount if application.approved_amount is not None else "",
                application.paid or "",
                f"{application.weighted_score:.2f}"
                if application.weighted_score is not None
                else "",
                application.submitted_at.isoformat() if application.submitted_at else "",
            ]
        )
    return response


class CallForm(forms.ModelForm):
    eligible_applicant_types = forms.MultipleChoiceField(
        label=_("zugelassene Antragstellende"),
        choices=LegalForms.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: alle Rechtsformen sind zugelassen."),
    )

    class Meta:
        model = Call
        fields = [
            "programme",
            "title",
            "year",
            "description",
            "opens_at",
            "closes_at",
            "funding_start",
            "funding_end",
            "total_budget",
            "cap_per_application",
            "min_own_share",
            "eligible_applicant_types",
            "committee_meeting",
            "is_published",
            "is_example",
        ]

    def clean_total_budget(self):
        # A first check for a friendly error at the field; the binding one runs under the
        # call's row lock in ``services.change_call_budget`` when saving.
        budget = self.cleaned_data["total_budget"]
        if self.instance.pk:
            approved = self.instance.approved_total()
            if budget < approved:
                raise forms.ValidationError(
                    _(
                        "Es sind bereits %(approved)s bewilligt: Das Budget kann nicht darunter "
                        "sinken."
                    )
                    % {"approved": _money(approved)}
                )
        return budget


@admin.register(Call)
class CallAdmin(ScopedAdmin):
    form = CallForm
    staff_roles = OFFICERS
    list_display = [
        "title",
        "programme",
        "year",
        "opens_at",
        "closes_at",
        "budget",
        "approved",
        "paid",
        "remaining",
        "applications_link",
    ]
    list_filter = ["programme__municipality", "programme", "year"]
    search_fields = ["title", "programme__title"]
    readonly_fields = ["budget_overview"]
    actions = ["export_applications"]

    def get_queryset(self, request):
        paid = (
            Payment.objects.filter(application__call=OuterRef("pk"))
            .values("application__call")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return (
            super()
            .get_queryset(request)
            .select_related("programme")
            .with_totals()
            .annotate(
                paid_sum=Coalesce(Subquery(paid), Value(Decimal("0")), output_field=DecimalField())
            )
        )

    def save_model(self, request, obj, form, change):
        if not change or "total_budget" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        # Everything but the budget first, then the budget under the call's lock (the
        # approvals' lock): it can never drop below what is committed.
        budget = obj.total_budget
        obj.total_budget = Call.objects.values_list("total_budget", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        try:
            services.change_call_budget(call=obj, by=request.user, total_budget=budget)
        except services.FundingError as error:
            self.message_user(request, str(error), level=messages.ERROR)

    @admin.display(description=_("Budget"), ordering="total_budget")
    def budget(self, obj):
        return _money(obj.total_budget)

    @admin.display(description=_("bewilligt"))
    def approved(self, obj):
        return _money(obj.approved_sum)

    @admin.display(description=_("ausgezahlt"))
    def paid(self, obj):
        return _money(obj.paid_sum)

    @admin.display(description=_("verfügbar"))
    def remaining(self, obj):
        return _money(obj.remaining)

    @admin.display(description=_("Anträge"))
    def applications_link(self, obj):
        url = reverse("admin:funding_application_changelist") + f"?call__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Anträge ansehen"))

    @admin.display(description=_("Budgetübersicht"))
    def budget_overview(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        approved = obj.approved_total()
        return _(
            "Budget %(budget)s · bewilligt %(approved)s · ausgezahlt %(paid)s · verfügbar "
            "%(remaining)s"
        ) % {
            "budget": _money(obj.total_budget),
            "approved": _money(approved),
            "paid": _money(obj.paid_total()),
            "remaining": _money(obj.total_budget - approved),
        }

    @admin.action(description=_("Anträge der ausgewählten Aufrufe als CSV exportieren"))
    def export_applications(self, request, queryset):
        return export_csv(
            Application.objects.filter(call__in=queryset.values("pk")), "antraege.csv"
        )


# --- applications --------------------------------------------------------------------------------


class ReadOnlyInline(ScopedInline):
    can_delete = False
    related = ("application",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class BudgetItemInline(ReadOnlyInline):
    model = BudgetItem
    fields = ["category", "description", "amount"]
    readonly_fields = fields


class IncomeLineInline(ReadOnlyInline):
    """The income lines of the financing plan: read-only like the cost lines (the plan is
    the applicant's; after submission it changes only through „Korrektur anfordern“)."""

    model = IncomeLine
    fields = ["kind", "description", "funder", "funder_status", "amount"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["download", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("Datei"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["number", "amount", "paid_on", "created_by"]
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    related = ("application", "by")
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields


class ReviewAssignmentForm(forms.ModelForm):
    class Meta:
        model = ReviewAssignment
        fields = ["reviewer"]

    def clean_reviewer(self):
        reviewer = self.cleaned_data["reviewer"]
        if reviewer is None:
            # Only an assignment whose reviewer erased their account stays without one.
            if self.instance.pk and self.instance.reviewer_id is None:
                return None
            raise forms.ValidationError(_("Bitte wählen Sie eine Gutachter:in."))
        application = self.instance.application if self.instance.application_id else None
        parent = getattr(self, "parent_application", None) or application
        if (
            parent is not None
            and not StaffMembership.objects.filter(
                user=reviewer,
                municipality_id=parent.call.programme.municipality_id,
                role=StaffMembership.Role.REVIEWER,
            ).exists()
        ):
            raise forms.ValidationError(_("Diese Person ist keine Gutachter:in dieser Kommune."))
        return reviewer


class ReviewAssignmentInline(ScopedInline):
    """Shown for the record; reviewers are assigned on the case page (which notifies
    them and searches the municipality's reviewers by name or e-mail)."""

    model = ReviewAssignment
    form = ReviewAssignmentForm
    staff_roles = OFFICERS
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = formset.form

        class BoundForm(form):
            parent_application = obj

        BoundForm.__name__ = form.__name__
        formset.form = BoundForm
        return formset

    fields = ["reviewer", "conflict_of_interest", "conflict_note", "completed_at"]
    readonly_fields = ["conflict_of_interest", "conflict_note", "completed_at"]
    autocomplete_fields = ["reviewer"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application", "reviewer")


class ProofInline(ReadOnlyInline):
    model = ProofOfUse
    fields = [
        "narrative",
        "people_reached",
        "submitted_at",
        "lines_overview",
        "income_overview",
        "repayment_amount",
    ]
    readonly_fields = fields

    @admin.display(description=_("tatsächliche Kosten"))
    def lines_overview(self, obj):
        rows = []
        for line in obj.lines.select_related("budget_item"):
            flag = (
                f" ⚠ {_('Abweichung über 20 %')}: {line.get_line_status_display()}"
                if line.is_flagged
                else ""
            )
            rows.append(
                f"{line.budget_item.description}: {_money(line.amount)} "
                f"({_('geplant')} {_money(line.budget_item.amount)}){flag}"
            )
        return format_html("{}", " | ".join(rows) or "–")

    @admin.display(description=_("tatsächliche Einnahmen"))
    def income_overview(self, obj):
        rows = [
            f"{line.income_line}: {_money(line.amount)} "
            f"({_('geplant')} {_money(line.income_line.amount)})"
            for line in obj.income_actuals.select_related("income_line")
        ]
        if obj.unplanned_income:
            rows.append(f"{_('nicht geplant')}: {_money(obj.unplanned_income)}")
        return format_html("{}", " | ".join(rows) or "–")


class CallListFilter(admin.SimpleListFilter):
    """The call filter in one query (the default filter would load each call's
    programme for its name), limited to the calls the staff member may see."""

    title = _("Aufruf")
    parameter_name = "call__id__exact"

    def lookups(self, request, model_admin):
        calls = Call.objects.select_related("programme").order_by("-year", "programme__title")
        officer_ids = scoped_municipality_ids(request, OFFICERS)
        if officer_ids is not None:
            calls = calls.filter(programme__municipality_id__in=officer_ids)
        return [(str(call.pk), str(call)) for call in calls]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(call_id=int(self.value()))
        return queryset


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    staff_roles = OFFICERS
    view_roles = REVIEWERS
    list_display = [
        "reference",
        "title",
        "organisation",
        "call",
        "status",
        "requested_amount",
        "approved_amount",
        "score",
        "is_example",
    ]
    list_filter = ["status", "call__programme", "call__year", CallListFilter, "is_example"]
    search_fields = ["reference", "title", "organisation__name"]
    list_select_related = ["organisation", "call__programme"]
    readonly_fields = [
        "case_link",
        "reference",
        "call",
        "organisation",
        "author",
        "status",
        "title",
        "summary",
        "description",
        "goals",
        "target_groups",
        "district",
        "start_date",
        "end_date",
        "initiative",
        "own_contribution",
        "total_income",
        "publication_consent",
        "total_costs",
        "requested_amount",
        "approved_amount",
        "submitted_at",
        "decided_at",
        "score",
        "letter",
    ]
    fields = [
        "case_link",
        "reference",
        "call",
        "organisation",
        "author",
        "status",
        "title",
        "summary",
        "description",
        "goals",
        "target_groups",
        "district",
        "start_date",
        "end_date",
        "initiative",
        "own_contribution",
        "total_income",
        "total_costs",
        "requested_amount",
        "approved_amount",
        "publication_consent",
        "submitted_at",
        "decided_at",
        "score",
        "letter",
        "is_example",
    ]
    inlines = [
        BudgetItemInline,
        IncomeLineInline,
        AttachmentInline,
        ReviewAssignmentInline,
        PaymentInline,
        ProofInline,
        StatusChangeInline,
    ]
    # Status changes happen on the case page (funding:case), each through its service.
    actions = ["export_csv"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        officer_ids = scoped_municipality_ids(request, OFFICERS)
        if officer_ids is not None:
            # Reviewers (without the officer role there) see only their assignments.
            assigned = ReviewAssignment.objects.filter(
                reviewer=request.user, conflict_of_interest=False
            ).values("application_id")
            queryset = queryset.filter(
                Q(call__programme__municipality_id__in=officer_ids) | Q(pk__in=assigned)
            )
        return queryset.with_scores()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            return {}
        return actions

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Funding records are kept (audit, budget law); only a superuser may delete.
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        # The application's content is frozen once submitted: only ``is_example`` is
        # editable here; changes go through „Korrektur anfordern“ on the case page.
        super().save_model(request, obj, form, change)

    @admin.display(description=_("Fallseite"))
    def case_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_case_url(), _("Zur Fallseite"))

    def get_inlines(self, request, obj):
        if not self.has_change_permission(request, obj):
            return [BudgetItemInline, IncomeLineInline, AttachmentInline, StatusChangeInline]
        return self.inlines

    @admin.display(description=_("Bewertung (gewichtet)"), ordering="weighted_score")
    def score(self, obj):
        value = getattr(obj, "weighted_score", None)
        return "–" if value is None else f"{value:.2f}".replace(".", ",")

    @admin.display(description=_("Bescheid"))
    def letter(self, obj):
        if obj is None or not obj.letters.exists():
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("funding:letter", args=[obj.pk]), _("PDF herunterladen")
        )

    @admin.action(description=_("Ausgewählte Anträge als CSV exportieren"))
    def export_csv(self, request, queryset):
        return export_csv(queryset, "antraege.csv")
