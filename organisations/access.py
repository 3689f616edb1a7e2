"""Access helpers of the organisation pages; ``Http404`` for anything the user may not see."""

from __future__ import annotations

from civicportal.core.access import get_organisation_for_member
from civicportal.core.models import Organisation, OrganisationMembership

# Members who run the organisation's activities (offers, applications, exports).
MANAGER_ROLES = frozenset(
    {OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.COORDINATOR}
)


def get_managed_organisation(user, slug: str) -> Organisation:
    """Organisation ``slug`` if ``user`` is one of its admins or coordinators."""
    return get_organisation_for_member(user, slug, roles=MANAGER_ROLES)


def get_organisation_for_admin(user, slug: str) -> Organisation:
    """Organisation ``slug`` if ``user`` is one of its administrators (invitations)."""
    return get_organisation_for_member(user, slug, roles={OrganisationMembership.Role.ADMIN})


def is_manager(user, organisation_id: int) -> bool:
    """Whether ``user`` is an admin or coordinator of the organisation."""
    return (
        user.is_authenticated
        and OrganisationMembership.objects.filter(
            organisation_id=organisation_id, user=user, role__in=MANAGER_ROLES
        ).exists()
    )
