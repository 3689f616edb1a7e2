"""Background tasks of the initiatives part (django-tasks)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from initiatives.emails import update_notification
from initiatives.models import Follow, Update


@task()
def notify_followers(update_id: int) -> int:
    """E-mail one message per active follower with a verified address about a published
    update; runs once per update."""
    with transaction.atomic():
        claimed = Update.objects.filter(
            pk=update_id, is_published=True, notified_at__isnull=True
        ).update(notified_at=timezone.now())
    if not claimed:
        return 0
    update = Update.objects.select_related("initiative").get(pk=update_id)
    sent = 0
    verified = EmailAddress.objects.filter(
        user=OuterRef("user"), email__iexact=OuterRef("user__email"), verified=True
    )
    follows = (
        Follow.objects.filter(initiative_id=update.initiative_id, user__is_active=True)
        .filter(Exists(verified))
        .select_related("user")
        .order_by("pk")
    )
    for follow in follows.iterator(chunk_size=500):
        update_notification(update=update, follow=follow).send()
        sent += 1
    return sent
