"""GDPR hooks of the organisation pages (registered in ``OrganisationsConfig.ready()``).

Memberships are the core's (civicportal.core.privacy); here: the invitations sent to the
person's address."""

from __future__ import annotations

from organisations.models import OrganisationInvitation


def _invitations(user):
    return OrganisationInvitation.objects.filter(email__iexact=user.email)


def export_user_data(user) -> dict:
    return {
        "invitations": [
            {
                "organisation": invitation.organisation.name,
                "role": invitation.role,
                "invited_at": invitation.created_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in _invitations(user).select_related("organisation")
        ]
    }


def erase_user_data(user) -> None:
    """Invitations to the person's address are deleted."""
    _invitations(user).delete()
