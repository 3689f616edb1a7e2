"""State changes of the site-wide models: one keyword-only function each."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from civicportal.core import audit, content, kinds, tasks
from civicportal.core.models import (
    Municipality,
    Organisation,
    StaffInvitation,
    StaffMembership,
    User,
)
from civicportal.core.tasks import enqueue_with_transaction, notify


def may_manage_access(user: User, municipality_id: int | None) -> bool:
    """Superusers, and holders of the access-administration role in that municipality."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return municipality_id in StaffMembership.objects.municipality_ids(
        user, {StaffMembership.Role.ADMINISTRATOR}
    )


def _check_manager(by: User | None, municipality_id: int) -> None:
    if by is not None and not may_manage_access(by, municipality_id):
        raise PermissionDenied


@transaction.atomic
def grant_staff_role(
    *, user: User, municipality: Municipality, role: str, by: User | None = None
) -> StaffMembership:
    """Give ``user`` a staff ``role`` in ``municipality`` (idempotent); makes them staff.
    ``by``: the superuser or access administrator granting it (``None``: the system)."""
    _check_manager(by, municipality.pk)
    if role not in StaffMembership.Role.values:
        raise ValueError(f"Unknown staff role {role!r}.")
    membership, created = StaffMembership.objects.get_or_create(
        user=user, municipality=municipality, role=role
    )
    if created:
        audit.record(actor=by, action=audit.STAFF_ROLE_GRANTED, target=membership)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


@transaction.atomic
def revoke_staff_role(*, membership: StaffMembership, by: User | None = None) -> None:
    """Take a staff role away; without any role left (and not a superuser) the account
    is no staff account any more."""
    _check_manager(by, membership.municipality_id)
    user = membership.user
    audit.record(actor=by, action=audit.STAFF_ROLE_REVOKED, target=membership)
    membership.delete()
    if not user.is_superuser and not StaffMembership.objects.filter(user=user).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])


@transaction.atomic
def invite_staff(*, by: User, email: str, municipality: Municipality, role: str) -> StaffInvitation:
    """Invite a colleague by e-mail; the mail goes out when the transaction commits."""
    _check_manager(by, municipality.pk)
    if role not in StaffMembership.Role.values:
        raise ValueError(f"Unknown staff role {role!r}.")
    invitation = StaffInvitation.objects.create(
        email=email.strip().lower(), municipality=municipality, role=role, invited_by=by
    )
    audit.record(actor=by, action=audit.STAFF_INVITED, target=invitation, note=email)
    enqueue_with_transaction(tasks.send_staff_invitation, invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def accept_staff_invitation(*, invitation: StaffInvitation, user: User) -> StaffMembership:
    """The invited person (signed in with the invited address) takes the role."""
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise PermissionDenied("The invitation was used or has expired.")
    if invitation.email.lower() != user.email.lower():
        raise PermissionDenied("The invitation is for another address.")
    membership = grant_staff_role(
        user=user, municipality=invitation.municipality, role=invitation.role, by=None
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(actor=user, action=audit.STAFF_INVITATION_ACCEPTED, target=invitation)
    return membership


@transaction.atomic
def reset_authenticators(*, user: User, by: User) -> int:
    """A lost phone: remove the person's TOTP authenticator and recovery codes; at the
    next sign-in they set up a new one. Only for staff of the manager's municipalities."""
    municipalities = set(
        StaffMembership.objects.filter(user=user).values_list("municipality_id", flat=True)
    )
    if not by.is_superuser and not any(may_manage_access(by, m) for m in municipalities):
        raise PermissionDenied
    if user.is_superuser and not by.is_superuser:
        raise PermissionDenied
    deleted, _rows = Authenticator.objects.filter(user=user).delete()
    audit.record(actor=by, action=audit.MFA_RESET, target=user, note=str(deleted))
    return deleted


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
