"""How the apps queue background tasks (e-mails, notices) for a change they make."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task
from django_tasks_db import DatabaseBackend

from civicportal.core import notifications
from civicportal.core.models import StaffInvitation


def enqueue_with_transaction(task, **kwargs) -> None:
    """Queue ``task`` as part of the current transaction.

    With the database backend (production) a queued task is a row of the same database:
    written inside the transaction, it commits or rolls back with the change that caused
    it — no e-mail about a sign-up that was rolled back, none lost between the commit and
    the enqueue — and needs no commit of its own. Other backends (the immediate one in
    tests and development, a message broker) queue once the transaction has committed.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, **kwargs))


# --- notifications (civicportal.core.notifications) ----------------------------------------------


@task()
def deliver_notification(kind: str, payload: dict) -> int:
    """Notify the recipients of one event (e-mail now or later, in-portal list)."""
    return notifications.deliver(kind, payload)


@task()
def send_notification_digests() -> int:
    """The daily digest: one mail per person with what waited for it."""
    return notifications.send_digests()


def notify(kind: str, **payload) -> None:
    """Report an event of ``kind`` (payload: ids, JSON) as part of the current transaction."""
    notifications.get(kind)  # an unknown kind fails in the service, not later in the worker
    enqueue_with_transaction(deliver_notification, kind=kind, payload=payload)


@task()
def send_staff_invitation(invitation_id: int) -> None:
    """The invitation to the back office (``services.invite_staff``): to an address that
    may have no account yet, so not a :mod:`notifications` kind (those go to accounts)."""
    invitation = (
        StaffInvitation.objects.select_related("municipality", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    context = {
        "invitation": invitation,
        "url": settings.SITE_URL + reverse("staff_invitation", kwargs={"token": invitation.token}),
        "site_name": settings.SITE_NAME,
        "inviter": (
            invitation.invited_by.display_name or invitation.invited_by.email
            if invitation.invited_by
            else settings.SITE_NAME
        ),
    }
    with translation.override("de"):
        subject = gettext("Einladung in die Verwaltung von %(site)s") % {"site": settings.SITE_NAME}
        body = render_to_string("notifications/staff_invitation.txt", context)
    EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    ).send()
