"""Back office for initiatives, on the municipality-scoped admin base (editors only)."""

from __future__ import annotations

import datetime
import difflib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from civicportal.core.admin import ContentAdmin, ScopedAdmin, ScopedInline
from civicportal.core.models import Municipality, StaffMembership
from civicportal.core.text import german_slugify
from civicportal.core.uploads import reencode_image
from initiatives import services
from initiatives import views as initiative_views
from initiatives.models import (
    BudgetLine,
    Comment,
    CouncilDecision,
    Event,
    Idea,
    IdeaRevision,
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


# --- editing comfort ---------------------------------------------------------------------------


class MarkdownWidget(forms.Textarea):
    """A textarea with a short German syntax help and a server-rendered preview (the
    portal's own renderer, ``/admin/markdown-vorschau/``)."""

    template_name = "admin/widgets/markdown.html"  # script: templates/admin/base_site.html

    def __init__(self, attrs=None):
        super().__init__({"rows": 12, "class": "vLargeTextField", **(attrs or {})})


class EditorialForm(forms.ModelForm):
    """The editorial state as one choice (draft, publish now, publish at a time): the
    admin applies it through ``initiatives.services`` (publish/unpublish/schedule)."""

    DRAFT, PUBLISH, SCHEDULE = "draft", "publish", "schedule"
    publication = forms.ChoiceField(
        label=_("Veröffentlichung"),
        choices=[
            (DRAFT, _("Entwurf – nur für die Redaktion sichtbar")),
            (PUBLISH, _("Veröffentlicht")),
            (SCHEDULE, _("Geplant – erscheint zum angegebenen Zeitpunkt")),
        ],
        widget=forms.RadioSelect,
        initial=DRAFT,
    )
    schedule_at = forms.SplitDateTimeField(
        label=_("Geplanter Zeitpunkt"),
        required=False,
        widget=admin.widgets.AdminSplitDateTime,
        help_text=_("Nur bei „Geplant“: Datum und Uhrzeit der Veröffentlichung."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.is_published:
            self.fields["publication"].initial = self.PUBLISH
        elif instance.pk and instance.publish_at:
            self.fields["publication"].initial = self.SCHEDULE
            self.fields["schedule_at"].initial = timezone.localtime(instance.publish_at)

    def clean(self):
        data = super().clean()
        if data.get("publication") == self.SCHEDULE:
            at = data.get("schedule_at")
            if at is None:
                self.add_error("schedule_at", _("Bitte geben Sie Datum und Uhrzeit an."))
            elif at <= timezone.now():
                self.add_error(
                    "schedule_at", _("Der geplante Zeitpunkt muss in der Zukunft liegen.")
                )
        return data


class EditorialAdmin(VersionAdmin, ScopedAdmin):
    """Drafts, preview, publish/unpublish/schedule, revisions with compare and revert
    (django-reversion) for initiatives, news, events and council decisions."""

    staff_roles = EDITORS
    form = EditorialForm
    change_form_template = "admin/editorial/change_form.html"
    change_list_template = "admin/change_list.html"  # not reversion's: no "recover" link
    object_history_template = "admin/editorial/object_history.html"
    markdown_fields: tuple[str, ...] = ()
    actions = ["publish", "unpublish"]
    history_latest_first = True

    # --- state ---------------------------------------------------------------------------------

    @admin.display(description=_("Stand"))
    def publication_state(self, obj) -> str:
        if obj.is_published:
            return _("veröffentlicht")
        if obj.publish_at:
            return _("geplant: %(at)s") % {
                "at": timezone.localtime(obj.publish_at).strftime("%d.%m.%Y %H:%M")
            }
        return _("Entwurf")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        choice = form.cleaned_data.get("publication")
        if choice == EditorialForm.PUBLISH and not obj.is_published:
            services.publish(editor=request.user, item=obj)
        elif choice == EditorialForm.DRAFT and (obj.is_published or obj.publish_at):
            services.unpublish(editor=request.user, item=obj)
        elif choice == EditorialForm.SCHEDULE:
            at = form.cleaned_data["schedule_at"]
            if obj.is_published or obj.publish_at != at:
                services.schedule(editor=request.user, item=obj, at=at)
        obj.refresh_from_db(fields=["is_published", "publish_at"])

    def _bulk(self, request, queryset, service, message) -> None:
        count = 0
        for item in queryset:
            if self.has_change_permission(request, item):
                service(editor=request.user, item=item)
                count += 1
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Ausgewählte veröffentlichen"))
    def publish(self, request, queryset):
        self._bulk(
            request, queryset, services.publish, _("%(count)d Eintrag/Einträge veröffentlicht.")
        )

    @admin.action(description=_("Ausgewählte zurückziehen (wieder Entwurf)"))
    def unpublish(self, request, queryset):
        self._bulk(
            request, queryset, services.unpublish, _("%(count)d Eintrag/Einträge zurückgezogen.")
        )

    # --- form ----------------------------------------------------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.markdown_fields:
            kwargs["widget"] = MarkdownWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {name for _title, options in fieldsets for name in options["fields"]}
        if "publication" in names:
            return fieldsets
        return [*fieldsets, (_("Veröffentlichung"), {"fields": ["publication", "schedule_at"]})]

    def get_fields(self, request, obj=None):
        fields = [
            f
            for f in super().get_fields(request, obj)
            if f not in {"is_published", "publish_at", "publication", "schedule_at"}
        ]
        return fields

    # --- revisions -----------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<path:object_id>/history/<int:version_id>/vergleich/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
        ]
        own.append(
            path(
                "<path:object_id>/history/<int:version_id>/",
                self.admin_site.admin_view(self.revision_view),
                name="{}_{}_revision".format(*info),
            )
        )
        # No "recover deleted" pages (they would list deleted records of every city);
        # reversion's positional revision route is replaced by the named one above.
        dropped = {
            "{}_{}_{}".format(*info, page) for page in ("recoverlist", "recover", "revision")
        }
        urls = [url for url in super().get_urls() if getattr(url, "name", "") not in dropped]
        return own + urls

    def _version(self, request, object_id, version_id, *, change: bool):
        obj = self.get_object(request, unquote(object_id))
        allowed = self.has_change_permission if change else self.has_view_permission
        if obj is None or not allowed(request, obj):
            raise Http404
        version = (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .filter(pk=version_id)
            .first()
        )
        if version is None:
            raise Http404
        return obj, version

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Revert: only to a version of this very record, in the staff member's scope."""
        self._version(request, object_id, version_id, change=True)
        return super().revision_view(request, object_id, version_id, extra_context)

    def compare_view(self, request, object_id, version_id):
        """What changed since an earlier version: each field, old and new, with the
        changed words marked."""
        obj, version = self._version(request, object_id, version_id, change=False)
        old = version.field_dict
        rows = []
        for field in obj._meta.concrete_fields:
            if field.name in {"search_vector", "updated_at", "id"} or field.attname not in old:
                continue
            before = _shown(field, old.get(field.attname))
            after = _shown(field, getattr(obj, field.attname))
            if before == after:
                continue
            rows.append({"label": field.verbose_name, "diff": _word_diff(before, after)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "version": version,
            "rows": rows,
            "title": _("Vergleich mit der Fassung vom %(date)s")
            % {
                "date": timezone.localtime(version.revision.date_created).strftime("%d.%m.%Y %H:%M")
            },
            "revert_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_revision",
                args=[obj.pk, version.pk],
            ),
        }
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        info = self.opts.app_label, self.opts.model_name
        versions = (
            Version.objects.get_for_object(obj)
            .select_related("revision", "revision__user")
            .order_by("-revision__date_created")
        )
        action_list = [
            {
                "revision": version.revision,
                "url": reverse("admin:{}_{}_revision".format(*info), args=[obj.pk, version.pk]),
                "compare_url": reverse(
                    "admin:{}_{}_compare".format(*info), args=[obj.pk, version.pk]
                ),
            }
            for version in versions
        ]
        context = {**(extra_context or {}), "action_list": action_list}
        return super().history_view(request, object_id, context)


def _shown(field, value) -> str:
    if value is None or value == "":
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("ja") if value else _("nein"))
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``(kind, text)`` pieces: ``same``, ``removed``, ``added`` — word by word."""
    old, new = before.split(" "), after.split(" ")
    pieces = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("added", " ".join(new[j1:j2])))
    return pieces


class InitiativeForm(EditorialForm):
    class Meta:
        model = Initiative
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets decide

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Teil der Adresse (/initiativen/kurzname/). Leer lassen: wird aus dem Titel "
                "gebildet (ä → ae, ß → ss). Nach einer Änderung leitet die alte Adresse weiter."
            )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return reencode_image(image)
        return image

    def clean(self):
        data = super().clean()
        if "slug" in self.fields and not data.get("slug") and data.get("title"):
            base = german_slugify(data["title"])[:100] or "initiative"
            slug, number = base, 2
            taken = Initiative.objects.exclude(pk=self.instance.pk)
            while taken.filter(slug=slug).exists():
                slug, number = f"{base}-{number}", number + 1
            data["slug"] = slug
            self.instance.slug = slug
        return data


@admin.register(Initiative)
class InitiativeAdmin(EditorialAdmin):
    form = InitiativeForm
    list_display = ["title", "municipality", "status", "parent", "publication_state", "is_example"]
    list_filter = ["municipality", "status", "is_published", "themes", "sdgs"]
    list_select_related = ["municipality", "parent"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["themes", "sdgs", "districts"]
    autocomplete_fields = ["parent"]
    markdown_fields = ("body",)
    inlines = [KeyFigureInline, PhaseInline, PartnershipInline]
    fieldsets = [
        (None, {"fields": ["municipality", "office", "parent", "title", "slug", "summary"]}),
        (_("Inhalt"), {"fields": ["body", "image", "image_alt", "image_credit", "external_url"]}),
        (_("Status und Zeitraum"), {"fields": ["status", "start_date", "end_date"]}),
        (_("Einordnung"), {"fields": ["themes", "sdgs", "districts"]}),
        (_("Kontakt"), {"fields": ["contact_name", "contact_email"]}),
        (
            _("Veröffentlichung und Beteiligung"),
            {"fields": ["publication", "schedule_at", "requires_premoderation", "is_example"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        old_slug = form.initial.get("slug", "") if change else ""
        super().save_model(request, obj, form, change)
        if change and old_slug and old_slug != obj.slug:
            services.record_slug_change(initiative=obj, old_slug=old_slug)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/vorschau/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The public page as it would look with the form's unsaved changes (POST from
        the change form) or as saved (GET): nothing is stored."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise Http404
        changes = {}
        if request.method == "POST":
            form_class = self.get_form(request, obj, change=True)
            form = form_class(
                request.POST, request.FILES, instance=self.get_object(request, unquote(object_id))
            )
            form.is_valid()  # fills form.instance with what is valid; nothing is saved
            for field in Initiative._meta.concrete_fields:
                if field.name in form.cleaned_data and field.name not in {"image", "slug"}:
                    changes[field.attname] = getattr(form.instance, field.attname)
        return initiative_views.render_preview(request, obj.pk, changes)


@admin.register(Partner)
class PartnerAdmin(ContentAdmin):
    """Partners are shared by all municipalities: every editor reads them and picks them
    for an initiative; the owner city's editors (and superusers) change them, each change
    audited (``services.save_partner``)."""

    list_display = ["name", "kind", "municipality", "website"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]
    fields = ["name", "kind", "website", "description", "municipality"]

    def _editor_ids(self, request) -> set[int] | None:
        if request.user.is_superuser:
            return None
        return StaffMembership.objects.municipality_ids(request.user, EDITORS)

    def _is_editor(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        ids = self._editor_ids(request)
        return ids is None or bool(ids)

    def has_module_permission(self, request) -> bool:
        return self._is_editor(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_editor(request)

    def has_add_permission(self, request) -> bool:
        return self._is_editor(request)

    def has_change_permission(self, request, obj=None) -> bool:
        if not self._is_editor(request):
            return False
        ids = self._editor_ids(request)
        return ids is None or obj is None or obj.municipality_id in ids

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            ids = self._editor_ids(request)
            queryset = Municipality.objects.all()
            kwargs["queryset"] = queryset if ids is None else queryset.filter(pk__in=ids)
            kwargs["required"] = not request.user.is_superuser
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.save_partner(editor=request.user, partner=obj, changed=form.changed_data)


class UpdateForm(EditorialForm):
    class Meta:
        model = Update
        fields = "__all__"  # noqa: DJ007 - the admin's fields decide


@admin.register(Update)
class UpdateAdmin(EditorialAdmin):
    form = UpdateForm
    list_display = [
        "title",
        "initiative",
        "kind",
        "published_at",
        "publication_state",
        "notified_at",
    ]
    list_filter = ["is_published", "kind", "initiative__municipality"]
    list_select_related = ["initiative"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["initiative"]
    readonly_fields = ["notified_at"]
    markdown_fields = ("body",)
    date_hierarchy = "published_at"


class EventForm(EditorialForm):
    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - the admin's fields decide


@admin.register(Event)
class EventAdmin(EditorialAdmin):
    form = EventForm
    list_display = ["title", "municipality", "starts_at", "is_training", "publication_state"]
    list_filter = ["municipality", "is_training", "is_published", "is_online"]
    list_select_related = ["municipality"]
    search_fields = ["title", "location"]
    autocomplete_fields = ["initiative"]
    markdown_fields = ("description",)
    date_hierarchy = "starts_at"
    inlines = [SpeakerInline]


class CouncilDecisionForm(EditorialForm):
    class Meta:
        model = CouncilDecision
        fields = "__all__"  # noqa: DJ007 - the admin's fields decide


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(EditorialAdmin):
    form = CouncilDecisionForm
    list_display = ["title", "municipality", "decided_on", "initiative", "publication_state"]
    list_filter = ["municipality", "is_published"]
    list_select_related = ["municipality", "initiative"]
    search_fields = ["title", "reference"]
    autocomplete_fields = ["initiative"]
    markdown_fields = ("summary",)
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


class ModerationActionForm(admin.helpers.ActionForm):
    reason = forms.CharField(
        label=_("Grund (beim Ausblenden, wird öffentlich angezeigt)"),
        required=False,
        max_length=300,
    )


class ModeratedForm(forms.ModelForm):
    """Moderation fields on the change form go through ``services.moderate`` (moderator,
    time, reason, reports closed, audit entry), like the moderation desk and actions."""

    def clean(self):
        data = super().clean()
        if "moderation" in self.changed_data or "moderation_reason" in self.changed_data:
            state = data.get("moderation")
            if state == Moderation.PENDING:
                self.add_error(
                    "moderation", _("Ein Beitrag kann nicht zurück in die Prüfung gesetzt werden.")
                )
            elif state == Moderation.HIDDEN and not (data.get("moderation_reason") or "").strip():
                self.add_error(
                    "moderation_reason",
                    _("Bitte geben Sie einen Grund an; er wird anstelle des Beitrags gezeigt."),
                )
        return data


class ModeratedAdmin(ScopedAdmin):
    """The moderation queue: filter "Moderationsbedarf", actions to approve, hide (with a
    free reason), restore; every path calls ``services.moderate``."""

    staff_roles = EDITORS
    form = ModeratedForm
    action_form = ModerationActionForm
    list_filter = [ModerationStateFilter, "moderation", "is_example"]
    #: the author's account (and its e-mail address) is not shown to editors: the name
    #: the portal shows publicly is enough to moderate
    exclude = ["author", "moderated_by"]
    readonly_fields = ["author_label", "created_at", "moderated_at", "moderated_by_label"]
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

    @admin.display(description=_("verfasst von"))
    def author_label(self, obj) -> str:
        return obj.author_name

    @admin.display(description=_("moderiert von"))
    def moderated_by_label(self, obj) -> str:
        user = obj.moderated_by
        return (user.display_name or user.full_name or user.email) if user else "–"

    def save_model(self, request, obj, form, change) -> None:
        moderated = {"moderation", "moderation_reason"} & set(form.changed_data)
        if not (change and moderated):
            super().save_model(request, obj, form, change)
            return
        state, reason = obj.moderation, obj.moderation_reason
        previous = type(obj).objects.only("moderation", "moderation_reason").get(pk=obj.pk)
        obj.moderation, obj.moderation_reason = previous.moderation, previous.moderation_reason
        super().save_model(request, obj, form, change)
        action = "hide" if state == Moderation.HIDDEN else "approve"
        if state == Moderation.PUBLISHED and previous.moderation == Moderation.HIDDEN:
            action = "restore"
        services.moderate(moderator=request.user, target=obj, action=action, reason=reason)

    def _moderate(self, request, queryset, action: str, reason: str) -> None:
        count = 0
        for item in queryset:
            services.moderate(moderator=request.user, target=item, action=action, reason=reason)
            count += 1
        self.message_user(request, _("%(count)d Beitrag/Beiträge geändert.") % {"count": count})

    @admin.action(description=_("Freigeben"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, "approve", "")

    @admin.action(description=_("Ausblenden (Grund im Feld daneben angeben)"))
    def hide(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(
                request,
                _("Bitte geben Sie einen Grund für das Ausblenden an; nichts wurde geändert."),
                messages.ERROR,
            )
            return
        self._moderate(request, queryset, "hide", reason)

    @admin.action(description=_("Wieder einblenden"))
    def restore(self, request, queryset):
        self._moderate(request, queryset, "restore", "")


class IdeaAdminForm(ModeratedForm):
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
    autocomplete_fields = ["initiative", "district"]
    exclude = [*ModeratedAdmin.exclude, "answered_by"]
    readonly_fields = [*ModeratedAdmin.readonly_fields, "answered_at", "earlier_versions"]

    @admin.display(description=_("frühere Fassungen (vom Autor oder der Autorin bearbeitet)"))
    def earlier_versions(self, obj) -> str:
        """What the idea said before its author edited it (read-only; a field, not an
        inline, so that saving the idea needs no inline form data)."""
        revisions = list(obj.revisions.all()[:20]) if obj.pk else []
        if not revisions:
            return "–"
        url = reverse("admin:initiatives_idearevision_changelist")
        return format_html(
            '<ul>{}</ul><a href="{}?idea__id__exact={}">{}</a>',
            format_html_join(
                "",
                "<li>{}: <strong>{}</strong><br>{}</li>",
                (
                    (
                        date_format(timezone.localtime(r.written_at), "DATETIME_FORMAT"),
                        r.title,
                        r.body,
                    )
                    for r in revisions
                ),
            ),
            url,
            obj.pk,
            _("alle früheren Fassungen dieser Idee"),
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "phase":
            # the phases of the idea's initiative, by title (not a bare number)
            object_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            idea = (
                Idea.objects.filter(pk=object_id).only("initiative_id").first()
                if object_id and str(object_id).isdigit()
                else None
            )
            if idea is not None:
                kwargs["queryset"] = Phase.objects.filter(initiative_id=idea.initiative_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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


@admin.register(IdeaRevision)
class IdeaRevisionAdmin(ScopedAdmin):
    """What an idea said before its author edited it („bearbeitet“): kept for the editors
    of the idea's municipality, read-only for everybody (a record of what was published;
    it goes with its idea)."""

    staff_roles = EDITORS
    list_display = ["title", "idea", "initiative", "written_at", "replaced_at"]
    list_filter = ["idea__initiative__municipality"]
    list_select_related = ["idea__initiative"]
    search_fields = ["title", "body", "idea__title"]
    date_hierarchy = "replaced_at"
    fields = ["idea", "title", "body", "district", "written_at", "replaced_at"]
    readonly_fields = fields

    @admin.display(description=_("Initiative"), ordering="idea__initiative__title")
    def initiative(self, obj) -> str:
        return obj.idea.initiative.title

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CommentAdminForm(ModeratedForm):
    class Meta:
        model = Comment
        fields = "__all__"  # noqa: DJ007 - the admin's fields and readonly_fields decide


@admin.register(Comment)
class CommentAdmin(ModeratedAdmin):
    form = CommentAdminForm
    list_display = ["__str__", "idea", "moderation", "open_reports", "created_at"]
    list_select_related = ["idea"]
    search_fields = ["body"]
    autocomplete_fields = ["idea"]


@admin.register(Report)
class ReportAdmin(ScopedAdmin):
    """Reports are closed by moderating (the desk, the idea's or comment's actions) or
    here with „Als erledigt markieren“ — never by editing the record."""

    staff_roles = EDITORS
    list_display = ["reason", "initiative", "idea", "comment", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "initiative__municipality"]
    list_select_related = ["initiative", "idea", "comment"]
    fields = ["idea", "comment", "initiative", "reason", "created_at", "resolved_at"]
    readonly_fields = fields
    actions = ["resolve"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    @admin.action(description=_("Als erledigt markieren"))
    def resolve(self, request, queryset):
        for report in queryset.open().select_related("initiative"):
            services.resolve_report(moderator=request.user, report=report)
