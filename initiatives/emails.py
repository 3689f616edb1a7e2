"""E-mails of the initiatives part: plain text, German, absolute links, one-click
unsubscribe (RFC 8058) in every message."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from initiatives.models import Follow, Idea, Update
from initiatives.tokens import idea_unsubscribe_token, unsubscribe_token


def unsubscribe_url(follow: Follow) -> str:
    path = reverse("initiatives:unsubscribe", kwargs={"token": unsubscribe_token(follow)})
    return f"{settings.SITE_URL}{path}"


def update_notification(*, update: Update, follow: Follow) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_url(follow)
    context = {
        "update": update,
        "follow": follow,
        "initiative": update.initiative,
        "update_url": f"{settings.SITE_URL}{update.get_absolute_url()}",
        "unsubscribe_url": unsubscribe,
        "site_name": settings.SITE_NAME,
    }
    subject = f"[{settings.SITE_NAME}] {update.initiative.title}: {update.title}"
    body = render_to_string("initiatives/emails/update_notification.txt", context)
    return _with_one_click_unsubscribe(subject, body, follow.user.email, unsubscribe)


def idea_unsubscribe_url(idea: Idea) -> str:
    path = reverse("initiatives:idea_unsubscribe", kwargs={"token": idea_unsubscribe_token(idea)})
    return f"{settings.SITE_URL}{path}"


def idea_answer_notification(*, idea: Idea) -> EmailMultiAlternatives:
    """To the author: the official answer to their idea, with a one-click opt-out."""
    unsubscribe = idea_unsubscribe_url(idea)
    context = {
        "idea": idea,
        "initiative": idea.initiative,
        "status": idea.get_answer_status_display(),
        "idea_url": f"{settings.SITE_URL}{idea.get_absolute_url()}",
        "unsubscribe_url": unsubscribe,
        "site_name": settings.SITE_NAME,
    }
    subject = f"[{settings.SITE_NAME}] Antwort auf deine Idee „{idea.title}“"
    body = render_to_string("initiatives/emails/idea_answer.txt", context)
    return _with_one_click_unsubscribe(subject, body, idea.author.email, unsubscribe)


def _with_one_click_unsubscribe(
    subject: str, body: str, to: str, unsubscribe: str
) -> EmailMultiAlternatives:
    """A message with the RFC 8058 one-click unsubscribe headers."""
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
