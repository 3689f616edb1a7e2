"""Models of the organisations app.

``Organisation`` and ``OrganisationMembership`` stay in ``civicportal.core``: the core's
access helpers, municipality scoping, audit and privacy read them, and the core is the
bottom layer that imports no app (docs/decisions.md). What only the organisation pages
use lives here.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import Organisation


def _token() -> str:
    return secrets.token_urlsafe(24)


class OrganisationInvitation(models.Model):
    """An e-mail invitation to join an organisation with a role."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("Organisation"),
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=12)
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    created_at = models.DateTimeField(_("eingeladen am"), default=timezone.now)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)

    municipality_path = "organisation__municipality"

    class Meta:
        # Moved from volunteering without touching the data: the table keeps its name.
        db_table = "volunteering_organisationinvitation"
        ordering = ["-created_at"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
