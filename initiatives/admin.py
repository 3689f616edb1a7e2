"""Back office for initiatives, on the municipality-scoped admin base."""

from django.contrib import admin

from civicportal.core.admin import ScopedAdmin
from civicportal.core.models import StaffMembership
from initiatives.models import Initiative, Office

EDITORS = frozenset({StaffMembership.Role.EDITOR})


@admin.register(Office)
class OfficeAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["name", "municipality", "kind"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Initiative)
class InitiativeAdmin(ScopedAdmin):
    staff_roles = EDITORS
    list_display = ["title", "municipality", "status", "is_published", "is_example"]
    list_filter = ["municipality", "status", "is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "sdgs", "districts"]
    raw_id_fields = ["parent"]
