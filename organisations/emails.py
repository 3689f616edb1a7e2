"""E-mails of the organisation pages: German, plain text, absolute links."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from civicportal.core.models import OrganisationMembership
from organisations.models import OrganisationInvitation


def send_invitation(invitation_id: int) -> None:
    invitation = (
        OrganisationInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    url = settings.SITE_URL + reverse(
        "organisations:accept_invitation", kwargs={"token": invitation.token}
    )
    inviter = invitation.invited_by
    inviter_name = (inviter.document_name or inviter.email) if inviter else ""
    role = OrganisationMembership.Role(invitation.role).label
    invited = (
        _(
            "%(inviter)s hat dich eingeladen, bei „%(organisation)s“ auf %(site)s "
            "mitzuarbeiten, mit der Rolle „%(role)s“."
        )
        if inviter_name
        else _(
            "du wurdest eingeladen, bei „%(organisation)s“ auf %(site)s mitzuarbeiten, "
            "mit der Rolle „%(role)s“."
        )
    )
    body = "\n\n".join(
        [
            _("Hallo,"),
            invited
            % {
                "inviter": inviter_name,
                "organisation": invitation.organisation.name,
                "site": settings.SITE_NAME,
                "role": role,
            },
            _(
                "Öffne die Einladung hier: %(url)s – hast du noch kein Konto, registrierst du "
                "dich dort mit dieser E-Mail-Adresse und kommst danach zur Einladung zurück."
            )
            % {"url": url},
        ]
    )
    subject = _("Einladung: %(organisation)s") % {"organisation": invitation.organisation.name}
    EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    ).send()
