"""Access helpers: one function per object type that a view may ask for.

Each helper returns the object or raises ``Http404`` — never ``PermissionDenied`` for an
object the user must not know exists, so guessed IDs reveal nothing.
"""

from __future__ import annotations

from django.http import Http404

from civicportal.core.models import Organisation, OrganisationMembership, StaffMembership


def get_organisation_for_member(
    user, slug: str, *, roles: set[str] | frozenset[str] | None = None
) -> Organisation:
    """The organisation ``slug`` if ``user`` is a member (with one of ``roles``, if given)."""
    if not user.is_authenticated:
        raise Http404
    memberships = OrganisationMembership.objects.filter(user=user, organisation__slug=slug)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    membership = memberships.select_related("organisation").first()
    if membership is None:
        raise Http404
    return membership.organisation


def staff_municipality_ids(user, roles: set[str] | frozenset[str]) -> set[int] | None:
    """Municipalities where ``user`` holds one of ``roles``; ``None`` for superusers (all)."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    return StaffMembership.objects.municipality_ids(user, roles)
