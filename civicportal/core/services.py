"""State changes of the site-wide models: one keyword-only function each."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from civicportal.core import audit, content, kinds
from civicportal.core.models import Municipality, Organisation, StaffMembership, User
from civicportal.core.tasks import notify


@transaction.atomic
def grant_staff_role(*, user: User, municipality: Municipality, role: str) -> StaffMembership:
    """Give ``user`` a staff ``role`` in ``municipality`` (idempotent); makes them staff."""
    membership, created = StaffMembership.objects.get_or_create(
        user=user, municipality=municipality, role=role
    )
    if created:
        audit.record(action=audit.STAFF_ROLE_GRANTED, target=membership)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


@transaction.atomic
def verify_organisation(*, organisation: Organisation, by: User) -> Organisation:
    """Mark ``organisation`` as verified by staff member ``by`` (idempotent)."""
    if organisation.verified_at is None:
        organisation.verified_at = timezone.now()
        organisation.verified_by = by
        organisation.save(update_fields=["verified_at", "verified_by"])
        audit.record(actor=by, action=audit.ORGANISATION_VERIFIED, target=organisation)
        content.changed()  # the organisation's public page
        notify(kinds.ORGANISATION_VERIFIED, organisation_id=organisation.pk)
    return organisation
