"""The notification kinds of the organisation pages (registered in
``OrganisationsConfig.ready``). The verification itself is the core's
(``core.organisation_verified``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import Organisation, StaffMembership
from civicportal.core.notifications import Delivery, Kind, register, staff_of

REGISTERED = "organisations.registered"


def resolve_registered(*, organisation_id: int) -> Delivery | None:
    """An organisation registered: to the agency of its municipality, which verifies it."""
    organisation = (
        Organisation.objects.select_related("municipality")
        .filter(pk=organisation_id, verified_at__isnull=True)
        .first()
    )
    if organisation is None:
        return None
    return Delivery(
        recipients=staff_of(
            organisation.municipality_id, StaffMembership.Role.VOLUNTEER_COORDINATOR
        ),
        context={"organisation": organisation},
        subject_args={"organisation": organisation.name},
        path=reverse("admin:core_organisation_change", args=[organisation.pk]),
    )


KINDS = [
    Kind(
        key=REGISTERED,
        label=_("Neue Organisationen, die auf ihre Prüfung warten"),
        subject=_("Neue Organisation: %(organisation)s"),
        text_template="organisations/notifications/registered.txt",
        resolve=resolve_registered,
        group=_("FreiwilligenAgentur"),
        staff=True,
    ),
]


def register_kinds() -> None:
    register(*KINDS)
