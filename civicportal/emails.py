"""E-mails of the portal's top (German, plain text, absolute links)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from civicportal.models import BarrierReport


def barrier_report_email(report: BarrierReport) -> EmailMultiAlternatives:
    """The barrier report for the responsible office; replies go to the reporter."""
    admin_url = settings.SITE_URL + reverse(
        "admin:civicportal_barrierreport_change", args=[report.pk]
    )
    body = render_to_string(
        "civicportal/emails/barrier_report.txt", {"report": report, "admin_url": admin_url}
    )
    municipality = report.municipality.name if report.municipality else "Portal"
    return EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] Barriere gemeldet ({municipality})",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[report.recipient()],
        reply_to=[report.email] if report.email else None,
    )
