"""Background tasks of the funding part (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from civicportal.core import notifications
from funding import notifications as kinds


@task()
def send_proof_reminder(reminder_id: int) -> int:
    """Remind the organisation's members of the proof-of-use deadline."""
    return notifications.deliver(kinds.PROOF_REMINDER, {"reminder_id": reminder_id})
