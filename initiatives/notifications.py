"""The notification kinds of the initiatives part (registered in ``InitiativesConfig.ready``).

See ``civicportal.core.notifications`` for the mechanism and docs/notifications.md for
the matrix. Payloads carry ids only; each resolver loads what it needs and decides who
hears of the event.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import StaffMembership
from civicportal.core.notifications import Delivery, Kind, register, staff_of
from initiatives.models import Comment, Follow, Idea, Moderation, Phase, Report, Update
from initiatives.tokens import idea_unsubscribe_token, unsubscribe_token

PARTICIPATION = _("Beteiligung")
FOLLOWING = _("Initiativen, denen du folgst")
EDITORS = _("Redaktion")


def _follow_unsubscribe(initiative_id: int):
    def path(user) -> str:
        token = unsubscribe_token(Follow(user_id=user.pk, initiative_id=initiative_id))
        return reverse("initiatives:unsubscribe", kwargs={"token": token})

    return path


def _followers(initiative_id: int) -> list:
    return [
        follow.user
        for follow in Follow.objects.filter(initiative_id=initiative_id)
        .select_related("user")
        .order_by("pk")
    ]


def _content(model: str, pk: int) -> Idea | Comment | None:
    if model == "idea":
        return Idea.objects.select_related("initiative", "author").filter(pk=pk).first()
    return (
        Comment.objects.select_related("idea__initiative", "author", "idea").filter(pk=pk).first()
    )


def _content_context(content: Idea | Comment) -> dict:
    idea = content if isinstance(content, Idea) else content.idea
    return {
        "content": content,
        "is_idea": isinstance(content, Idea),
        "idea": idea,
        "initiative": idea.initiative,
    }


# --- resolvers --------------------------------------------------------------------------------


def resolve_update(*, update_id: int) -> Delivery | None:
    """A published update, to the initiative's followers; claimed once per update."""
    with transaction.atomic():
        claimed = Update.objects.filter(
            pk=update_id, is_published=True, notified_at__isnull=True
        ).update(notified_at=timezone.now())
    if not claimed:
        return None
    update = Update.objects.select_related("initiative").get(pk=update_id)
    return Delivery(
        recipients=_followers(update.initiative_id),
        context={"update": update, "initiative": update.initiative},
        subject_args={"initiative": update.initiative.title, "title": update.title},
        path=update.get_absolute_url(),
        unsubscribe_path=_follow_unsubscribe(update.initiative_id),
    )


def resolve_idea_answer(*, idea_id: int) -> Delivery | None:
    """The editors' official answer, to the idea's author; claimed once per answer (a new
    answer or reason is a new claim), never after the author unsubscribed the idea."""
    with transaction.atomic():
        claimed = (
            Idea.objects.filter(
                pk=idea_id, notify_author=True, author__isnull=False, answered_at__isnull=False
            )
            .exclude(answer_status="")
            .filter(Q(answer_notified_at__isnull=True) | Q(answer_notified_at__lt=F("answered_at")))
            .update(answer_notified_at=timezone.now())
        )
    if not claimed:
        return None
    idea = Idea.objects.select_related("author", "initiative").get(pk=idea_id)

    def unsubscribe(_user) -> str:
        return reverse(
            "initiatives:idea_unsubscribe", kwargs={"token": idea_unsubscribe_token(idea)}
        )

    return Delivery(
        recipients=[idea.author],
        context={
            "idea": idea,
            "initiative": idea.initiative,
            "status": idea.get_answer_status_display(),
        },
        subject_args={"title": idea.title},
        path=idea.get_absolute_url(),
        unsubscribe_path=unsubscribe,
    )


def resolve_comment(*, comment_id: int) -> Delivery | None:
    """A published comment, to the idea's author (not when they comment themselves)."""
    comment = (
        Comment.objects.select_related("idea__initiative", "idea__author", "author", "parent")
        .filter(pk=comment_id, moderation=Moderation.PUBLISHED)
        .first()
    )
    if comment is None or comment.idea.author is None:
        return None
    if comment.author_id == comment.idea.author_id:
        return None
    if comment.parent_id is not None and comment.parent.author_id == comment.idea.author_id:
        return None  # they hear of it as the person answered (``resolve_reply``)
    return Delivery(
        recipients=[comment.idea.author],
        context={"comment": comment, "idea": comment.idea, "initiative": comment.idea.initiative},
        subject_args={"title": comment.idea.title},
        path=comment.idea.get_absolute_url(),
    )


def resolve_reply(*, comment_id: int) -> Delivery | None:
    """A published reply to my comment: to the comment's author (not when they answer
    themselves, not for a deleted comment)."""
    reply = (
        Comment.objects.select_related("idea__initiative", "parent__author", "author")
        .filter(pk=comment_id, moderation=Moderation.PUBLISHED, parent__isnull=False)
        .first()
    )
    if reply is None or reply.parent.author is None or reply.parent.is_deleted:
        return None
    if reply.author_id == reply.parent.author_id:
        return None
    return Delivery(
        recipients=[reply.parent.author],
        context={"comment": reply, "parent": reply.parent, "idea": reply.idea},
        subject_args={"title": reply.idea.title},
        path=f"{reply.idea.get_absolute_url()}#kommentar-{reply.pk}",
    )


def resolve_hidden(*, model: str, pk: int) -> Delivery | None:
    """My idea or comment was hidden: to its author, with the editors' reason."""
    content = _content(model, pk)
    if content is None or content.author is None or content.moderation != Moderation.HIDDEN:
        return None
    context = _content_context(content)
    return Delivery(
        recipients=[content.author],
        context=context,
        subject_args={"title": context["idea"].title},
        path=context["idea"].get_absolute_url(),
    )


def resolve_approved(*, model: str, pk: int) -> Delivery | None:
    """My idea or comment, held for approval, is now public: to its author."""
    content = _content(model, pk)
    if content is None or content.author is None or content.moderation != Moderation.PUBLISHED:
        return None
    context = _content_context(content)
    return Delivery(
        recipients=[content.author],
        context=context,
        subject_args={"title": context["idea"].title},
        path=context["idea"].get_absolute_url(),
    )


def resolve_pending(*, model: str, pk: int) -> Delivery | None:
    """A new idea or comment waits for approval: to the editors of the municipality."""
    content = _content(model, pk)
    if content is None or content.moderation != Moderation.PENDING:
        return None
    context = _content_context(content)
    initiative = context["initiative"]
    return Delivery(
        recipients=staff_of(initiative.municipality_id, StaffMembership.Role.EDITOR),
        context=context,
        subject_args={"initiative": initiative.title},
        path=context["idea"].get_absolute_url(),
    )


def resolve_report(*, report_id: int) -> Delivery | None:
    """Someone reported an idea or a comment: to the editors of the municipality."""
    report = (
        Report.objects.select_related("initiative", "idea", "comment__idea")
        .filter(pk=report_id, resolved_at__isnull=True)
        .first()
    )
    if report is None:
        return None
    idea = report.idea or report.comment.idea
    return Delivery(
        recipients=staff_of(report.initiative.municipality_id, StaffMembership.Role.EDITOR),
        context={"report": report, "idea": idea, "initiative": report.initiative},
        subject_args={"initiative": report.initiative.title},
        path=idea.get_absolute_url(),
    )


def _resolve_phase(phase_id: int, field: str) -> Delivery | None:
    with transaction.atomic():
        claimed = Phase.objects.filter(pk=phase_id, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
    if not claimed:
        return None
    phase = Phase.objects.select_related("initiative").get(pk=phase_id)
    return Delivery(
        recipients=_followers(phase.initiative_id),
        context={"phase": phase, "initiative": phase.initiative},
        subject_args={"initiative": phase.initiative.title},
        path=phase.initiative.get_absolute_url(),
        unsubscribe_path=_follow_unsubscribe(phase.initiative_id),
    )


def resolve_phase_opened(*, phase_id: int) -> Delivery | None:
    """A participation phase opened: to the initiative's followers (once per phase)."""
    return _resolve_phase(phase_id, "opened_notified_at")


def resolve_phase_closed(*, phase_id: int) -> Delivery | None:
    """A participation phase closed: to the initiative's followers (once per phase)."""
    return _resolve_phase(phase_id, "closed_notified_at")


# --- the kinds --------------------------------------------------------------------------------

UPDATE = "initiatives.update"
IDEA_ANSWER = "initiatives.idea_answer"
COMMENT = "initiatives.comment"
REPLY = "initiatives.reply"
HIDDEN = "initiatives.hidden"
APPROVED = "initiatives.approved"
PENDING = "initiatives.pending"
REPORT = "initiatives.report"
PHASE_OPENED = "initiatives.phase_opened"
PHASE_CLOSED = "initiatives.phase_closed"

KINDS = [
    Kind(
        key=IDEA_ANSWER,
        label=_("Antwort der Verwaltung auf deine Idee"),
        subject=_("Antwort auf deine Idee „%(title)s“"),
        text_template="initiatives/notifications/idea_answer.txt",
        resolve=resolve_idea_answer,
        group=PARTICIPATION,
    ),
    Kind(
        key=COMMENT,
        label=_("Kommentare zu deinen Ideen"),
        subject=_("Neuer Kommentar zu deiner Idee „%(title)s“"),
        text_template="initiatives/notifications/comment.txt",
        resolve=resolve_comment,
        group=PARTICIPATION,
        digest=True,
    ),
    Kind(
        key=REPLY,
        label=_("Antworten auf deine Kommentare"),
        subject=_("Neue Antwort auf deinen Kommentar zu „%(title)s“"),
        text_template="initiatives/notifications/reply.txt",
        resolve=resolve_reply,
        group=PARTICIPATION,
        digest=True,
    ),
    Kind(
        key=APPROVED,
        label=_("Dein Beitrag wurde freigegeben"),
        subject=_("Dein Beitrag zu „%(title)s“ ist jetzt sichtbar"),
        text_template="initiatives/notifications/approved.txt",
        resolve=resolve_approved,
        group=PARTICIPATION,
    ),
    Kind(
        key=HIDDEN,
        label=_("Dein Beitrag wurde ausgeblendet (mit Begründung)"),
        subject=_("Dein Beitrag zu „%(title)s“ wurde ausgeblendet"),
        text_template="initiatives/notifications/hidden.txt",
        resolve=resolve_hidden,
        group=PARTICIPATION,
        switchable=False,  # a statement of reasons for a moderation decision (DSA Art. 17)
    ),
    Kind(
        key=UPDATE,
        label=_("Neuigkeiten von Initiativen, denen du folgst"),
        subject=_("%(initiative)s: %(title)s"),
        text_template="initiatives/notifications/update.txt",
        resolve=resolve_update,
        group=FOLLOWING,
        digest=True,
    ),
    Kind(
        key=PHASE_OPENED,
        label=_("Beteiligung beginnt bei Initiativen, denen du folgst"),
        subject=_("Jetzt mitmachen: %(initiative)s"),
        text_template="initiatives/notifications/phase_opened.txt",
        resolve=resolve_phase_opened,
        group=FOLLOWING,
        digest=True,
    ),
    Kind(
        key=PHASE_CLOSED,
        label=_("Beteiligung endet bei Initiativen, denen du folgst"),
        subject=_("Beteiligung beendet: %(initiative)s"),
        text_template="initiatives/notifications/phase_closed.txt",
        resolve=resolve_phase_closed,
        group=FOLLOWING,
        digest=True,
    ),
    Kind(
        key=PENDING,
        label=_("Beiträge warten auf Freigabe"),
        subject=_("Neuer Beitrag wartet auf Freigabe: %(initiative)s"),
        text_template="initiatives/notifications/pending.txt",
        resolve=resolve_pending,
        group=EDITORS,
        digest=True,
        staff=True,
    ),
    Kind(
        key=REPORT,
        label=_("Gemeldete Beiträge"),
        subject=_("Beitrag gemeldet: %(initiative)s"),
        text_template="initiatives/notifications/report.txt",
        resolve=resolve_report,
        group=EDITORS,
        digest=True,
        staff=True,
    ),
]


def register_kinds() -> None:
    register(*KINDS)
