"""Background tasks of the organisation pages: e-mails (arguments are ids)."""

from __future__ import annotations

from django_tasks import task

from organisations import emails


@task()
def send_invitation(invitation_id: int) -> None:
    emails.send_invitation(invitation_id)
