"""Staff back office for the portal's top: barrier reports, their offices, the DGS video."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from civicportal.core import uploads
from civicportal.core.admin import ScopedAdmin
from civicportal.core.models import StaffMembership
from civicportal.models import AccessibilityContact, BarrierReport, SignLanguageVideo

EDITORS = frozenset({StaffMembership.Role.EDITOR})


@admin.register(AccessibilityContact)
class AccessibilityContactAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["municipality", "office_name", "email", "phone"]


@admin.register(BarrierReport)
class BarrierReportAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["created_at", "municipality", "page_url", "status", "sent_to"]
    list_filter = ["status", "municipality"]
    search_fields = ["description", "page_url", "email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "municipality",
        "page_url",
        "description",
        "name",
        "email",
        "user",
        "sent_to",
        "sent_at",
        "created_at",
    ]
    fieldsets = [
        (
            _("Meldung"),
            {"fields": ["created_at", "municipality", "page_url", "description"]},
        ),
        (_("Kontakt"), {"fields": ["name", "email", "user"]}),
        (_("Bearbeitung"), {"fields": ["status", "note", "sent_to", "sent_at"]}),
    ]

    def has_add_permission(self, request, *args) -> bool:
        return False


class SignLanguageVideoForm(forms.ModelForm):
    """Only MP4/WebM video and WebVTT captions, checked by their content."""

    class Meta:
        model = SignLanguageVideo
        fields = "__all__"  # noqa: DJ007 - the admin decides

    def clean_video(self):
        video = self.cleaned_data.get("video")
        if video and hasattr(video, "content_type"):  # a new upload
            uploads.check_video(video)
        return video

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions and hasattr(captions, "content_type"):
            uploads.check_captions(captions)
        return captions


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(ScopedAdmin):
    staff_roles = EDITORS
    form = SignLanguageVideoForm
    list_display = ["title", "is_published", "updated_at"]
