"""E-mails of the organisation pages: German, plain text, absolute links."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

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
    body = "\n\n".join(
        [
            _("Hallo,"),
            _("du wurdest eingeladen, bei „%(organisation)s“ auf %(site)s mitzuarbeiten.")
            % {"organisation": invitation.organisation.name, "site": settings.SITE_NAME},
            _(
                "Melde dich mit dieser E-Mail-Adresse an (oder registriere dich) und nimm die "
                "Einladung hier an: %(url)s"
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
