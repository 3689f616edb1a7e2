"""Background tasks of the funding part (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from funding.emails import send_proof_reminder as send_proof_reminder_mail
from funding.emails import send_status_change
from funding.models import ProofReminder, StatusChange


@task()
def notify_status_change(status_change_id: int) -> None:
    """Tell the applicant about a status change, in plain German."""
    change = (
        StatusChange.objects.select_related(
            "application__organisation", "application__author", "application__call__programme"
        )
        .filter(pk=status_change_id)
        .first()
    )
    if change is not None:
        send_status_change(change)


@task()
def send_proof_reminder(reminder_id: int) -> None:
    """Remind the organisation's members of the proof-of-use deadline."""
    reminder = (
        ProofReminder.objects.select_related(
            "application__organisation", "application__call__programme"
        )
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is not None:
        send_proof_reminder_mail(reminder)
