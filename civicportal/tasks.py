"""Background tasks of the portal's top."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from civicportal.emails import barrier_report_email
from civicportal.models import BarrierReport


@task()
def send_barrier_report(report_id: int) -> None:
    """Forward barrier report ``report_id`` to its office (once)."""
    report = BarrierReport.objects.select_related("municipality").filter(pk=report_id).first()
    if report is None or report.sent_at is not None:
        return
    message = barrier_report_email(report)
    message.send()
    BarrierReport.objects.filter(pk=report.pk).update(sent_to=message.to[0], sent_at=timezone.now())
