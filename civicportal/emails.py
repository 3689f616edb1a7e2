"""E-mails of the portal's top: built from templates, in the portal's language.

The barrier report goes to an office's address (not to a person with an account), so it is
not a notification kind (civicportal/core/notifications.py): it is rendered in the portal's
default language whatever the reporter's page language was, with dates in that language's
format and local time.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from civicportal.models import BarrierReport


def barrier_report_email(report: BarrierReport) -> EmailMultiAlternatives:
    """The barrier report for the responsible office; replies go to the reporter."""
    admin_url = settings.SITE_URL + reverse(
        "admin:civicportal_barrierreport_change", args=[report.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "civicportal/emails/barrier_report.txt", {"report": report, "admin_url": admin_url}
        )
        municipality = report.municipality.name if report.municipality else gettext("Portal")
        subject = gettext("[%(site)s] Barriere gemeldet (%(municipality)s)") % {
            "site": settings.SITE_NAME,
            "municipality": municipality,
        }
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[report.recipient()],
        reply_to=[report.email] if report.email else None,
    )
