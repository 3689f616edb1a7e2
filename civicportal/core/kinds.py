"""The notification kinds of the site-wide models (registered in ``CoreConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from civicportal.core.models import Organisation, OrganisationMembership, User
from civicportal.core.notifications import Delivery, Kind, register

ORGANISATION_VERIFIED = "core.organisation_verified"


def resolve_organisation_verified(*, organisation_id: int) -> Delivery | None:
    """Staff verified an organisation: to its administrators."""
    organisation = Organisation.objects.filter(
        pk=organisation_id, verified_at__isnull=False
    ).first()
    if organisation is None:
        return None
    admins = User.objects.filter(
        organisation_memberships__organisation=organisation,
        organisation_memberships__role=OrganisationMembership.Role.ADMIN,
    ).order_by("pk")
    return Delivery(
        recipients=list(admins),
        context={"organisation": organisation},
        subject_args={"organisation": organisation.name},
        path=organisation.get_absolute_url(),
    )


KINDS = [
    Kind(
        key=ORGANISATION_VERIFIED,
        label=_("Deine Organisation wurde verifiziert"),
        subject=_("%(organisation)s ist jetzt verifiziert"),
        text_template="notifications/organisation_verified.txt",
        resolve=resolve_organisation_verified,
        group=_("Organisationen"),
        switchable=False,  # the answer to the organisation's own registration
    ),
]


def register_kinds() -> None:
    register(*KINDS)
