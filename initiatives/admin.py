"""Back office for initiatives, on the municipality-scoped admin base (editors only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from civicportal.core.admin import ContentAdmin, ScopedAdmin, ScopedInline
from civicportal.core.models import StaffMembership
from initiatives import services
from initiatives.models import (
    BudgetLine,
    Comment,
    CouncilDecision,
    Event,
    Idea,
    Initiative,
    KeyFigure,
    Moderation,
    Office,
    Partner,
    Partnership,
    Phase,
    Report,
    Speaker,
    Update,
)

EDITORS = frozenset({StaffMembership.Role.EDITOR})


class EditorInline(ScopedInline):
    staff_roles = EDITORS


class KeyFigureInline(EditorInline):
    model = KeyFigure


class PhaseInline(EditorInline):
    model = Phase
    fields = ["position", "title", "start_date", "end_date", "is_participation", "description"]


class PartnershipInline(EditorInline):
    model = Partnership
    autocomplete_fields = ["partner"]


class BudgetLineInline(EditorInline):
    model = BudgetLine


class SpeakerInline(EditorInline):
    model = Speaker


@admin.register(Office)
class OfficeAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["name", "municipality", "kind", "parent"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["municipality", "parent"]


@admin.register(Initiative)
class InitiativeAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["title", "municipality", "status", "parent", "is_published", "is_example"]
    list_filter = ["municipality", "status", "is_published", "themes", "sdgs"]
    list_select_related = ["municipality", "parent"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "sdgs", "districts"]
    raw_id_fields = ["parent"]
    inlines = [KeyFigureInline, PhaseInline, PartnershipInline]
    fieldsets = [
        (None, {"fields": ["municipality", "office", "parent", "title", "slug", "summary"]}),
        (_("Inhalt"), {"fields": ["body", "image", "image_alt", "image_credit", "external_url"]}),
        (_("Status und Zeitraum"), {"fields": ["status", "start_date", "end_date"]}),
        (_("Einordnung"), {"fields": ["themes", "sdgs", "districts"]}),
        (_("Kontakt"), {"fields": ["contact_name", "contact_email"]}),
        (
            _("Veröffentlichung und Beteiligung"),
            {"fields": ["is_published", "requires_premoderation", "is_example"]},
        ),
    ]


@admin.register(Partner)
class PartnerAdmin(ContentAdmin):
    """Partners are shared by all municipalities: every editor may read and add them."""

    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def _is_editor(self, request) -> bool:
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (
                user.is_superuser
                or StaffMembership.objects.filter(user=user, role__in=EDITORS).exists()
            )
        )

    def has_module_permission(self, request) -> bool:
        return self._is_editor(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_editor(request)

    def has_add_permission(self, request) -> bool:
        return self._is_editor(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_editor(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Update)
class UpdateAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["title", "initiative", "kind", "published_at", "is_published", "notified_at"]
    list_filter = ["is_published", "kind", "initiative__municipality"]
    list_select_related = ["initiative"]
    search_fields = ["title", "body"]
    raw_id_fields = ["initiative"]
    readonly_fields = ["notified_at"]
    date_hierarchy = "published_at"
    actions = ["publish"]

    def save_model(self, request, obj, form, change):
        """Saving an update as published notifies the followers once, like the action."""
        super().save_model(request, obj, form, change)
        if obj.is_published and obj.notified_at is None:
            services.publish_update(update=obj)

    @admin.action(
        description=_("Ausgewählte Neuigkeiten veröffentlichen und Folgende benachrichtigen")
    )
    def publish(self, request, queryset):
        count = 0
        for update in queryset.select_related("initiative"):
            if self.has_change_permission(request, update):
                services.publish_update(update=update)
                count += 1
        self.message_user(
            request,
            _("%(count)d Neuigkeit(en) veröffentlicht.") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["title", "municipality", "starts_at", "is_training", "is_published"]
    list_filter = ["municipality", "is_training", "is_published", "is_online"]
    list_select_related = ["municipality"]
    search_fields = ["title", "location"]
    raw_id_fields = ["initiative"]
    date_hierarchy = "starts_at"
    inlines = [SpeakerInline]


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["title", "municipality", "decided_on", "initiative"]
    list_filter = ["municipality"]
    list_select_related = ["municipality", "initiative"]
    search_fields = ["title", "reference"]
    raw_id_fields = ["initiative"]
    inlines = [BudgetLineInline]


class ModerationStateFilter(admin.SimpleListFilter):
    title = _("Moderationsbedarf")
    parameter_name = "bedarf"

    def lookups(self, request, model_admin):
        self.report_field = "idea" if model_admin.model is Idea else "comment"
        return [("offen", _("offene Meldungen oder Freigabe nötig"))]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            open_reports = Report.objects.open().filter(**{self.report_field: OuterRef("pk")})
            return queryset.filter(Q(moderation=Moderation.PENDING) | Exists(open_reports))
        return queryset


class ModeratedAdmin(ScopedAdmin):
    """The moderation queue: filter "Moderationsbedarf", actions to approve, hide, restore."""

    staff_roles = EDITORS
    list_filter = [ModerationStateFilter, "moderation", "is_example"]
    readonly_fields = ["author", "created_at", "moderated_at", "moderated_by"]
    actions = ["approve", "hide", "restore"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        )

    @admin.display(description=_("offene Meldungen"), ordering="open_reports")
    def open_reports(self, obj) -> int:
        return obj.open_reports

    def _moderate(self, request, queryset, action: str, reason: str) -> None:
        count = 0
        for item in queryset:
            services.moderate(moderator=request.user, target=item, action=action, reason=reason)
            count += 1
        self.message_user(request, _("%(count)d Beitrag/Beiträge geändert.") % {"count": count})

    @admin.action(description=_("Freigeben"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, "approve", "")

    @admin.action(description=_("Ausblenden (Grund: verstößt gegen die Diskussionsregeln)"))
    def hide(self, request, queryset):
        self._moderate(request, queryset, "hide", str(_("Verstößt gegen die Diskussionsregeln.")))

    @admin.action(description=_("Wieder einblenden"))
    def restore(self, request, queryset):
        self._moderate(request, queryset, "restore", "")


class IdeaAdminForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = "__all__"  # noqa: DJ007 - the admin's fields and readonly_fields decide

    def clean(self):
        data = super().clean()
        if (
            data.get("answer_status") == Idea.Answer.NOT_ADOPTED
            and not (data.get("answer") or "").strip()
        ):
            self.add_error(
                "answer", _("Bitte begründen Sie, warum die Idee nicht übernommen wird.")
            )
        return data


@admin.register(Idea)
class IdeaAdmin(ModeratedAdmin):
    form = IdeaAdminForm
    list_display = [
        "title",
        "initiative",
        "moderation",
        "answer_status",
        "open_reports",
        "created_at",
    ]
    list_filter = [*ModeratedAdmin.list_filter, "answer_status", "initiative__municipality"]
    list_select_related = ["initiative"]
    search_fields = ["title", "body"]
    raw_id_fields = ["initiative", "phase", "district"]
    readonly_fields = [*ModeratedAdmin.readonly_fields, "answered_at", "answered_by"]

    def save_model(self, request, obj, form, change) -> None:
        """An answer given here is an official answer like on the idea page: it records who
        answered when and e-mails the author (``services.answer_idea``)."""
        answered = {"answer_status", "answer"} & set(form.changed_data)
        if not (change and answered and obj.answer_status):
            super().save_model(request, obj, form, change)
            return
        status, reason = obj.answer_status, obj.answer
        previous = Idea.objects.only("answer_status", "answer").get(pk=obj.pk)
        obj.answer_status, obj.answer = previous.answer_status, previous.answer
        super().save_model(request, obj, form, change)
        services.answer_idea(moderator=request.user, idea=obj, status=status, reason=reason)


@admin.register(Comment)
class CommentAdmin(ModeratedAdmin):
    list_display = ["__str__", "idea", "moderation", "open_reports", "created_at"]
    list_select_related = ["idea"]
    search_fields = ["body"]
    raw_id_fields = ["idea"]


@admin.register(Report)
class ReportAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["reason", "initiative", "idea", "comment", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "initiative__municipality"]
    list_select_related = ["initiative", "idea", "comment"]
    readonly_fields = ["idea", "comment", "initiative", "reporter", "reason", "created_at"]
    actions = ["resolve"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    @admin.action(description=_("Als erledigt markieren"))
    def resolve(self, request, queryset):
        for report in queryset.open().select_related("initiative"):
            services.resolve_report(moderator=request.user, report=report)
