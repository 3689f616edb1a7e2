"""Back office for the organisation pages' own records (scoped to municipalities)."""

from __future__ import annotations

from django.contrib import admin

from civicportal.core.admin import ScopedAdmin
from civicportal.core.models import StaffMembership
from organisations.models import OrganisationInvitation


@admin.register(OrganisationInvitation)
class OrganisationInvitationAdmin(ScopedAdmin):
    staff_roles = frozenset({StaffMembership.Role.VOLUNTEER_COORDINATOR})
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token", "created_at", "accepted_at"]
    autocomplete_fields = ["organisation", "invited_by"]
