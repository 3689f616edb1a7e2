"""State changes of the portal's top: one keyword-only function each."""

from __future__ import annotations

from django.db import transaction

from civicportal.core.models import Municipality
from civicportal.core.tasks import enqueue_with_transaction
from civicportal.models import BarrierReport
from civicportal.tasks import send_barrier_report


@transaction.atomic
def report_barrier(
    *,
    description: str,
    municipality: Municipality | None = None,
    page_url: str = "",
    name: str = "",
    email: str = "",
    user=None,
) -> BarrierReport:
    """Store a barrier report and forward it to the responsible office by e-mail."""
    report = BarrierReport.objects.create(
        description=description,
        municipality=municipality,
        page_url=page_url,
        name=name,
        email=email,
        user=user if user is not None and user.is_authenticated else None,
    )
    enqueue_with_transaction(send_barrier_report, report_id=report.pk)
    return report
