"""Staff back office for the portal's top: barrier reports, their offices, the DGS video."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["title", "is_published", "updated_at"]
