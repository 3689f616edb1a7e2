"""The staff back office: the municipality-scoped ModelAdmin base and the core models.

Every admin of the portal derives from :class:`ScopedAdmin`. It answers three questions
from the staff member's :class:`~civicportal.core.models.StaffMembership` rows, never from
Django's model permissions:

* may this person use this admin at all? (``staff_roles``: the roles that manage it)
* which rows may they see and change? (rows whose ``municipality_path`` leads to one of
  their municipalities for those roles)
* which records may they pick in a foreign key or many-to-many field? (the same rule,
  applied to the related model when it declares ``municipality_path``)

Superusers see and change everything.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicportal.core import content, services
from civicportal.core.models import (
    SDG,
    AuditEntry,
    District,
    Municipality,
    Organisation,
    OrganisationMembership,
    StaffInvitation,
    StaffMembership,
    Theme,
    User,
)
from civicportal.core.scoping import (
    object_municipality_id,
    scope_queryset,
    scoped_municipality_ids,
)
from civicportal.core.services import verify_organisation

ALL_STAFF_ROLES = frozenset(StaffMembership.Role.values)
#: fields only the demo content uses; not offered in production (``ADMIN_DEMO_FIELDS``)
DEMO_FIELDS = frozenset({"is_example"})


class _SafeAutocomplete:
    """Django's autocomplete widgets look the submitted value up to show it again; a
    tampered, non-numeric value then raises ``ValueError`` (a 500) instead of the form
    error the field reports anyway. Show nothing selected instead."""

    def optgroups(self, name, value, attr=None):
        try:
            return super().optgroups(name, value, attr)
        except (ValueError, ValidationError):
            return super().optgroups(name, [], attr)


class SafeAutocompleteSelect(_SafeAutocomplete, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeAutocomplete, AutocompleteSelectMultiple):
    pass


def _safe_autocomplete(formfield):
    """Swap Django's autocomplete widget (possibly inside the related-field wrapper)."""
    if formfield is None:
        return formfield
    widget = formfield.widget
    inner = getattr(widget, "widget", None)
    for candidate in (widget, inner):
        if type(candidate) is AutocompleteSelect:
            candidate.__class__ = SafeAutocompleteSelect
        elif type(candidate) is AutocompleteSelectMultiple:
            candidate.__class__ = SafeAutocompleteSelectMultiple
    return formfield


def _is_autocomplete(request: HttpRequest) -> bool:
    """Is this the admin's autocomplete endpoint (``/admin/autocomplete/``)?"""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


def staff_users_in(ids: set[int] | None) -> models.QuerySet:
    """Accounts a staff member may pick in a person field: staff of their municipalities
    (all accounts for superusers, ``ids is None``). Residents' accounts are never offered
    (nor their e-mail addresses shown) to city staff in a form."""
    users = User.objects.filter(is_active=True)
    if ids is None:
        return users
    return users.filter(
        is_staff=True,
        pk__in=StaffMembership.objects.filter(municipality_id__in=ids).values("user_id"),
    )


class ContentAdmin(admin.ModelAdmin):
    """Every change saved in the admin (each one is logged) gives the page cache a new
    content version when its transaction commits (``civicportal.core.content``). Admin
    actions that change content go through the apps' services, which do the same."""

    def log_addition(self, request: HttpRequest, obj, message):
        content.changed()
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj, message):
        content.changed()
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset):
        content.changed()
        return super().log_deletions(request, queryset)


class ScopedAdmin(ContentAdmin):
    """ModelAdmin base limited to the staff member's municipalities and roles."""

    #: roles (``StaffMembership.Role`` values) that may manage this model
    staff_roles: frozenset[str] = ALL_STAFF_ROLES
    #: roles that may only look (the change form is read-only for them)
    view_roles: frozenset[str] = frozenset()

    # --- scope -------------------------------------------------------------------------------

    def _ids(self, request: HttpRequest, *, write: bool = True) -> set[int] | None:
        roles = self.staff_roles if write else self.staff_roles | self.view_roles
        if not write and _is_autocomplete(request):
            # Picking a record of this model in another admin's field (an opportunity's
            # initiative): any staff role of the same municipality may search it.
            roles = ALL_STAFF_ROLES
        return scoped_municipality_ids(request, frozenset(roles))

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return scope_queryset(super().get_queryset(request), self._ids(request, write=False))

    def _in_scope(self, request: HttpRequest, obj: models.Model | None, *, write: bool) -> bool:
        ids = self._ids(request, write=write)
        if ids is None:
            return True
        if not ids:
            return False
        if obj is None:
            return True
        municipality_id = object_municipality_id(obj)
        return municipality_id is None or municipality_id in ids

    # --- permissions ---------------------------------------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and self._in_scope(request, None, write=False)
        )

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and self._in_scope(request, obj, write=False)
        )

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and self._in_scope(request, None, write=True)
        )

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and self._in_scope(request, obj, write=True)
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        """On a saved record, city staff do not re-assign the people in it (the volunteer
        of a sign-up, the author of an idea): a person field is read-only for them, so a
        record whose person is a resident stays editable although residents are never
        offered as a choice (``user_choices``)."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or request.user.is_superuser:
            return fields
        excluded = set(self.exclude or ())
        return fields + [
            field.name
            for field in self.model._meta.get_fields()
            if getattr(field, "many_to_one", False)
            and field.related_model is User
            and field.editable
            and field.name not in fields
            and field.name not in excluded
        ]

    # --- demo-only fields ----------------------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if settings.ADMIN_DEMO_FIELDS:
            return fieldsets
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f not in DEMO_FIELDS]})
            for title, options in fieldsets
        ]

    def get_list_display(self, request: HttpRequest):
        shown = super().get_list_display(request)
        return shown if settings.ADMIN_DEMO_FIELDS else [f for f in shown if f not in DEMO_FIELDS]

    def get_list_filter(self, request: HttpRequest):
        shown = super().get_list_filter(request)
        return shown if settings.ADMIN_DEMO_FIELDS else [f for f in shown if f not in DEMO_FIELDS]

    # --- choices -------------------------------------------------------------------------------

    def user_choices(self, request: HttpRequest, db_field) -> models.QuerySet:
        """The accounts offered in the person field ``db_field`` (also in its
        autocomplete): staff of the municipalities in scope. Admins override this where
        another set of people fits."""
        return staff_users_in(self._ids(request, write=True))

    def _limit_choices(self, request: HttpRequest, db_field, kwargs: dict) -> None:
        related = db_field.related_model
        if related is User:
            kwargs["queryset"] = self.user_choices(request, db_field)
            return
        if getattr(related, "municipality_path", None) is None:
            return
        queryset = kwargs.get("queryset") or related._default_manager.all()
        kwargs["queryset"] = scope_queryset(queryset, self._ids(request, write=True))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit_choices(request, db_field, kwargs)
        return _safe_autocomplete(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit_choices(request, db_field, kwargs)
        return _safe_autocomplete(super().formfield_for_manytomany(db_field, request, **kwargs))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        ids = self._ids(request, write=True)
        if ids is None:
            return form

        class ScopedForm(form):
            def clean(self):
                cleaned = super().clean()
                municipality_id = object_municipality_id(self.instance) if self.instance else None
                if municipality_id is not None and municipality_id not in ids:
                    raise ValidationError(
                        _("Sie dürfen nur Einträge Ihrer eigenen Kommune bearbeiten.")
                    )
                return cleaned

        ScopedForm.__name__ = form.__name__
        return ScopedForm


class ScopedInline(admin.TabularInline):
    """Inline whose foreign-key choices follow the same municipality scope."""

    staff_roles: frozenset[str] = ALL_STAFF_ROLES
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        ids = scoped_municipality_ids(request, self.staff_roles)
        if related is User:
            kwargs["queryset"] = staff_users_in(ids)
        elif getattr(related, "municipality_path", None) is not None:
            queryset = kwargs.get("queryset") or related._default_manager.all()
            kwargs["queryset"] = scope_queryset(queryset, ids)
        return _safe_autocomplete(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_staff


# --- the core models ---------------------------------------------------------------------------


# The portal's rights are its roles (StaffMembership); Django's groups are not used.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "display_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profil"), {"fields": ["full_name", "display_name"]}),
        (_("Rechte"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Daten"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "display_name", "password1", "password2"],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    # Accounts are managed by superusers only. City staff reach this admin for one thing:
    # the autocomplete of a person field in another admin, limited to the people that
    # admin offers (``ScopedAdmin.user_choices``: their municipalities' staff).

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if request.user.is_active and request.user.is_superuser:
            return True
        return obj is None and request.user.is_staff and _is_autocomplete(request)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if not _is_autocomplete(request):
            return queryset.none()
        return queryset & self._autocomplete_choices(request)

    def _autocomplete_choices(self, request: HttpRequest) -> models.QuerySet:
        """The people the admin (or inline) of the requested person field offers."""
        try:
            model = django_apps.get_model(request.GET["app_label"], request.GET["model_name"])
            field = model._meta.get_field(request.GET["field_name"])
        except (KeyError, LookupError, ValueError, FieldDoesNotExist):
            return User.objects.none()
        model_admin = self.admin_site._registry.get(model)
        if isinstance(model_admin, ScopedAdmin):
            return model_admin.user_choices(request, field)
        for parent in self.admin_site._registry.values():
            for inline in parent.inlines:
                if inline.model is model and issubclass(inline, ScopedInline):
                    return staff_users_in(scoped_municipality_ids(request, inline.staff_roles))
        return User.objects.none()


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ["name", "state", "recognition_hours_threshold"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_add_permission(self, request, *args) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ["name", "municipality", "kind", "parent"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(ContentAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser or request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(SDG)
class SDGAdmin(ContentAdmin):
    list_display = ["number", "title_de", "title_en"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OrganisationMembershipInline(ScopedInline):
    """Members join through the organisation's invitations; city staff see who is a
    member and may change roles, superusers may also add an account here."""

    model = OrganisationMembership
    autocomplete_fields = ["user"]
    staff_roles = frozenset({StaffMembership.Role.VOLUNTEER_COORDINATOR})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "user"]

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    staff_roles = frozenset(
        {StaffMembership.Role.VOLUNTEER_COORDINATOR, StaffMembership.Role.FUNDING_OFFICER}
    )
    list_display = ["name", "municipality", "legal_form", "verified_at", "is_example"]
    list_filter = ["municipality", "legal_form", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["verified_at", "verified_by", "created_at"]
    inlines = [OrganisationMembershipInline]
    actions = ["verify"]

    @admin.action(description=_("Ausgewählte Organisationen verifizieren"))
    def verify(self, request, queryset):
        pending = list(queryset.filter(verified_at__isnull=True))
        for organisation in pending:
            verify_organisation(organisation=organisation, by=request.user)
        count = len(pending)
        self.message_user(request, _("%(count)d Organisation(en) verifiziert.") % {"count": count})


ACCESS_ADMINS = frozenset({StaffMembership.Role.ADMINISTRATOR})


@admin.register(StaffMembership)
class StaffMembershipAdmin(ScopedAdmin):
    """Who has which role where. Roles are granted by invitation (or, for an existing
    account, by a superuser here) and revoked by deleting the row: both through
    ``civicportal.core.services`` (staff flag, audit). A lost authenticator is reset with
    the action below."""

    staff_roles = ACCESS_ADMINS
    list_display = ["user", "municipality", "role", "has_authenticator"]
    list_filter = ["municipality", "role"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "municipality"]
    actions = ["reset_authenticator", "revoke"]

    @admin.display(description=_("Authenticator eingerichtet"), boolean=True)
    def has_authenticator(self, obj) -> bool:
        return Authenticator.objects.filter(user_id=obj.user_id).exists()

    def user_choices(self, request: HttpRequest, db_field) -> models.QuerySet:
        # Superusers give an existing account a role; everybody else invites by e-mail.
        return User.objects.filter(is_active=True)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A role is granted or revoked, never edited in place (the list's actions and
        # "delete" are the changes); the add form needs this for superusers.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # revoke goes through the service
        return actions

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = services.grant_staff_role(
            user=obj.user, municipality=obj.municipality, role=obj.role, by=request.user
        ).pk

    def delete_model(self, request, obj) -> None:
        services.revoke_staff_role(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset.select_related("user"):
            services.revoke_staff_role(membership=membership, by=request.user)

    @admin.action(description=_("Ausgewählte Rollen entziehen"))
    def revoke(self, request, queryset):
        count = 0
        for membership in queryset.select_related("user"):
            services.revoke_staff_role(membership=membership, by=request.user)
            count += 1
        self.message_user(request, _("%(count)d Rolle(n) entzogen.") % {"count": count})

    @admin.action(description=_("Authenticator zurücksetzen (Handy verloren)"))
    def reset_authenticator(self, request, queryset):
        users = {membership.user for membership in queryset.select_related("user")}
        for user in users:
            services.reset_authenticators(user=user, by=request.user)
        self.message_user(
            request,
            _(
                "Authenticator von %(count)d Person(en) zurückgesetzt: Bei der nächsten "
                "Anmeldung richten sie einen neuen ein."
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


@admin.register(StaffInvitation)
class StaffInvitationAdmin(ScopedAdmin):
    """Invite a colleague by e-mail with municipality and role
    (``services.invite_staff``); the link leads through password and TOTP into the admin."""

    staff_roles = ACCESS_ADMINS
    list_display = ["email", "municipality", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["municipality", "role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    fields = [
        "email",
        "municipality",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    readonly_fields = ["invited_by", "created_at", "expires_at", "accepted_at"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is not None:  # sent invitations are not edited: invite anew instead
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        invitation = services.invite_staff(
            by=request.user, email=obj.email, municipality=obj.municipality, role=obj.role
        )
        obj.pk = invitation.pk
        obj.token = invitation.token


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: superusers read it; nobody adds, changes or deletes entries."""

    list_display = ["created_at", "actor_label", "action", "target_label", "municipality"]
    list_filter = ["action", "municipality", "target_type"]
    search_fields = ["actor_label", "action", "target_label", "note"]
    date_hierarchy = "created_at"
    list_select_related = ["municipality"]
    readonly_fields = [
        "created_at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "municipality",
        "note",
    ]

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
