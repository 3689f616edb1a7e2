"""State changes of the organisation pages: one keyword-only function each, atomic."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicportal.core import content
from civicportal.core.models import Organisation, OrganisationMembership, User
from civicportal.core.tasks import enqueue_with_transaction, notify
from civicportal.core.text import german_slugify
from organisations import notifications as kinds
from organisations import tasks
from organisations.models import OrganisationInvitation


class OrganisationError(Exception):
    """A rule of the organisation pages was broken; the message is for the user."""


@transaction.atomic
def register_organisation(*, user: User, organisation: Organisation) -> Organisation:
    """Save a new (unverified) ``organisation`` with ``user`` as its administrator."""
    base = german_slugify(organisation.name)[:70] or "organisation"
    slug = base
    suffix = 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    organisation.slug = slug
    organisation.verified_at = None
    organisation.verified_by = None
    organisation.is_example = False
    organisation.save()
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN
    )
    notify(kinds.REGISTERED, organisation_id=organisation.pk)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: User) -> Organisation:
    """Save the details an administrator (``by``) changed (validated by the form)."""
    organisation.save()
    content.changed()  # the organisation's public page
    return organisation


@transaction.atomic
def invite_member(
    *, organisation: Organisation, email: str, role: str, by: User
) -> OrganisationInvitation:
    if role not in (OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.COORDINATOR):
        raise OrganisationError(_("Diese Rolle gibt es nicht."))
    email = email.strip().lower()
    if OrganisationMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise OrganisationError(_("Diese Person ist schon Mitglied."))
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=by
    )
    enqueue_with_transaction(tasks.send_invitation, invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: OrganisationInvitation, user: User) -> OrganisationMembership:
    invitation = OrganisationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise OrganisationError(_("Diese Einladung wurde schon angenommen."))
    if invitation.email.lower() != user.email.lower():
        raise OrganisationError(
            _("Diese Einladung gilt für eine andere E-Mail-Adresse als die deines Kontos.")
        )
    membership, _created = OrganisationMembership.objects.get_or_create(
        organisation_id=invitation.organisation_id,
        user=user,
        defaults={"role": invitation.role},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership
