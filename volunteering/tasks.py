"""Background tasks of the volunteering part: e-mails (arguments are ids)."""

from __future__ import annotations

from django_tasks import task

from volunteering import emails


@task()
def notify_organisation_of_application(signup_id: int) -> None:
    emails.send_application_notice(signup_id)


@task()
def notify_organisation_of_cancellation(signup_id: int) -> None:
    emails.send_cancellation_notice(signup_id)
