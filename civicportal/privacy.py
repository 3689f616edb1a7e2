"""GDPR hook of the portal's top: barrier reports (wired into /konto/daten/).

A barrier report is a complaint the responsible office must answer and document, so
erasure keeps the report but removes who sent it (name, e-mail address, account).
"""

from __future__ import annotations

from django.db.models import Q

from civicportal.models import BarrierReport


def _reports(user):
    return BarrierReport.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export_user_data(user) -> dict:
    return {
        "barrier_reports": [
            {
                "created_at": report.created_at.isoformat(),
                "municipality": report.municipality.name if report.municipality else None,
                "page": report.page_url,
                "description": report.description,
                "name": report.name,
                "email": report.email,
                "status": report.get_status_display(),
            }
            for report in _reports(user).select_related("municipality").order_by("created_at")
        ]
    }


def erase_user_data(user) -> None:
    _reports(user).update(name="", email="", user=None)
