"""Background tasks of the initiatives part (django-tasks)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from initiatives.emails import idea_answer_notification, update_notification
from initiatives.models import Follow, Idea, Update


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


@task()
def notify_idea_author(idea_id: int) -> bool:
    """E-mail the author of an idea about the editors' official answer (status and reason).

    Claims the current answer with a conditional ``UPDATE`` (not yet notified, or notified
    before the latest answer), so a task that runs twice sends one e-mail per answer. Only
    an active author with a verified address who has not unsubscribed gets mail."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("author"), email__iexact=OuterRef("author__email"), verified=True
    )
    with transaction.atomic():
        claimed = (
            Idea.objects.filter(
                pk=idea_id,
                notify_author=True,
                author__is_active=True,
                answered_at__isnull=False,
            )
            .exclude(answer_status="")
            .filter(Q(answer_notified_at__isnull=True) | Q(answer_notified_at__lt=F("answered_at")))
            .filter(Exists(verified))
            .update(answer_notified_at=timezone.now())
        )
    if not claimed:
        return False
    idea = Idea.objects.select_related("author", "initiative").get(pk=idea_id)
    idea_answer_notification(idea=idea).send()
    return True
