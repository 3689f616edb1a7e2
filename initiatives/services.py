"""State changes of the initiatives part: one keyword-only function each, atomic, never
given ``request``. Permission rules (``initiatives.rules``) are checked here, too, so no
caller can skip them."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from civicportal.core import audit, content
from civicportal.core.models import StaffMembership
from civicportal.core.scoping import object_municipality_id
from civicportal.core.tasks import notify
from initiatives import notifications as kinds
from initiatives.models import (
    Comment,
    CouncilDecision,
    Event,
    Follow,
    Idea,
    IdeaRevision,
    Initiative,
    Moderation,
    Partner,
    Phase,
    Report,
    SlugRedirect,
    Support,
    Update,
)
from initiatives.rules import (
    Participation,
    can_contribute,
    can_edit_comment,
    can_edit_idea,
    can_moderate,
    can_report_item,
    can_support,
    participation_for,
)
from initiatives.tokens import follow_for_token, idea_for_token

#: contributions one person may post per hour (a brake on spam and floods)
HOURLY_LIMITS = {"ideas": 10, "comments": 30, "reports": 20}


class TooManyContributions(PermissionDenied):
    """The hourly limit for this kind of contribution is reached."""


def _check_rate(kind: str, queryset) -> None:
    since = timezone.now() - datetime.timedelta(hours=1)
    if (
        queryset.filter(created_at__gte=since)[: HOURLY_LIMITS[kind]].count()
        >= (HOURLY_LIMITS[kind])
    ):
        raise TooManyContributions(kind)


# --- following -----------------------------------------------------------------------------------


@transaction.atomic
def follow(*, user, initiative: Initiative) -> Follow:
    if not user.is_authenticated:
        raise PermissionDenied
    follow, _created = Follow.objects.get_or_create(user=user, initiative=initiative)
    return follow


@transaction.atomic
def unfollow(*, user, initiative: Initiative) -> None:
    Follow.objects.filter(user=user, initiative=initiative).delete()


@transaction.atomic
def unsubscribe(*, token: str) -> Initiative | None:
    """End the subscription a token names; ``None`` for a forged token."""
    ids = follow_for_token(token)
    if ids is None:
        return None
    user_id, initiative_id = ids
    Follow.objects.filter(user_id=user_id, initiative_id=initiative_id).delete()
    return Initiative.objects.filter(pk=initiative_id).first()


# --- updates -------------------------------------------------------------------------------------


@transaction.atomic
def publish_update(*, update: Update) -> Update:
    """Publish an update and (once) e-mail the initiative's followers in the background."""
    update = Update.objects.select_for_update().get(pk=update.pk)
    if not update.is_published:
        update.is_published = True
        if update.published_at is None or update.published_at > timezone.now():
            update.published_at = timezone.now()
        update.save(update_fields=["is_published", "published_at"])
    if update.notified_at is None:
        notify(kinds.UPDATE, update_id=update.pk)
    content.changed()  # public content: new page cache version on commit
    return update


#: phases that opened or closed longer ago than this are not announced any more (a missed
#: run, the first run after deployment)
ANNOUNCE_WINDOW_DAYS = 3


def announce_phases(*, today: datetime.date | None = None) -> int:
    """Tell the followers that a participation phase opened (it began and still runs) or
    closed (it ended before ``today``); each phase once. Runs daily
    (``manage.py send_daily_notifications``); returns the number of events queued."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=ANNOUNCE_WINDOW_DAYS)
    phases = Phase.objects.participation().filter(initiative__is_published=True)
    opened = phases.filter(
        start_date__range=(since, today), end_date__gte=today, opened_notified_at__isnull=True
    ).values_list("pk", flat=True)
    closed = phases.filter(
        end_date__range=(since, today - datetime.timedelta(days=1)),
        closed_notified_at__isnull=True,
    ).values_list("pk", flat=True)
    count = 0
    with transaction.atomic():
        for phase_id in opened:
            notify(kinds.PHASE_OPENED, phase_id=phase_id)
            count += 1
        for phase_id in closed:
            notify(kinds.PHASE_CLOSED, phase_id=phase_id)
            count += 1
    return count


# --- participation -------------------------------------------------------------------------------


def _initial_moderation(initiative: Initiative) -> str:
    return Moderation.PENDING if initiative.requires_premoderation else Moderation.PUBLISHED


@transaction.atomic
def post_idea(
    *,
    author,
    initiative: Initiative,
    title: str,
    body: str,
    district=None,
    participation: Participation | None = None,
) -> Idea:
    participation = participation or participation_for(initiative)
    if not can_contribute(author, participation):
        raise PermissionDenied
    _check_rate("ideas", Idea.objects.filter(author=author))
    content.changed()  # public content: new page cache version on commit
    idea = Idea.objects.create(
        initiative=initiative,
        phase=participation.phase,
        author=author,
        title=title,
        body=body,
        district=district,
        moderation=_initial_moderation(initiative),
    )
    if idea.moderation == Moderation.PENDING:
        notify(kinds.PENDING, model="idea", pk=idea.pk)
    return idea


@transaction.atomic
def edit_idea(
    *,
    author,
    idea: Idea,
    title: str,
    body: str,
    district=None,
    participation: Participation | None = None,
) -> Idea:
    """The author changes their idea: the previous version is kept for the editors, the
    idea is marked „bearbeitet“; under pre-moderation it waits for approval again."""
    participation = participation or participation_for(idea.initiative)
    idea = Idea.objects.select_for_update().select_related("initiative").get(pk=idea.pk)
    if not can_edit_idea(author, idea, participation):
        raise PermissionDenied
    if (idea.title, idea.body, idea.district_id) == (
        title,
        body,
        district.pk if district else None,
    ):
        return idea
    IdeaRevision.objects.create(
        idea=idea,
        title=idea.title,
        body=idea.body,
        district_id=idea.district_id,
        written_at=idea.edited_at or idea.created_at,
    )
    idea.title, idea.body, idea.district = title, body, district
    idea.edited_at = timezone.now()
    fields = ["title", "body", "district", "edited_at"]
    if idea.initiative.requires_premoderation and idea.moderation == Moderation.PUBLISHED:
        idea.moderation = Moderation.PENDING
        fields.append("moderation")
    idea.save(update_fields=fields)
    if idea.moderation == Moderation.PENDING:
        notify(kinds.PENDING, model="idea", pk=idea.pk)
    content.changed()  # public content: new page cache version on commit
    return idea


@transaction.atomic
def withdraw_idea(*, author, idea: Idea, participation: Participation | None = None) -> Idea:
    """The author withdraws their idea while the phase runs: it stays readable, marked
    „zurückgezogen“, and takes no more support or comments."""
    participation = participation or participation_for(idea.initiative)
    idea = Idea.objects.select_for_update().select_related("initiative").get(pk=idea.pk)
    if not can_edit_idea(author, idea, participation):
        raise PermissionDenied
    idea.withdrawn_at = timezone.now()
    idea.save(update_fields=["withdrawn_at"])
    content.changed()  # public content: new page cache version on commit
    return idea


@transaction.atomic
def post_comment(
    *,
    author,
    idea: Idea,
    body: str,
    parent: Comment | None = None,
    participation: Participation | None = None,
) -> Comment:
    """A comment on an idea, or a reply to a comment (one level: a reply to a reply
    answers the comment it belongs to); the person answered hears of it."""
    participation = participation or participation_for(idea.initiative)
    if (
        not can_contribute(author, participation)
        or idea.moderation != Moderation.PUBLISHED
        or idea.is_withdrawn
    ):
        raise PermissionDenied
    if parent is not None:
        if parent.idea_id != idea.pk or parent.moderation != Moderation.PUBLISHED:
            raise PermissionDenied
        if parent.is_deleted:
            raise PermissionDenied
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
    _check_rate("comments", Comment.objects.filter(author=author))
    content.changed()  # public content: new page cache version on commit
    comment = Comment.objects.create(
        idea=idea,
        parent=parent,
        author=author,
        body=body,
        moderation=_initial_moderation(idea.initiative),
    )
    if comment.moderation == Moderation.PENDING:
        notify(kinds.PENDING, model="comment", pk=comment.pk)
    else:
        _notify_comment(comment)
    return comment


def _notify_comment(comment: Comment) -> None:
    """A published comment: to the idea's author; a reply also to the person answered."""
    notify(kinds.COMMENT, comment_id=comment.pk)
    if comment.parent_id is not None:
        notify(kinds.REPLY, comment_id=comment.pk)


@transaction.atomic
def edit_comment(
    *, author, comment: Comment, body: str, participation: Participation | None = None
) -> Comment:
    participation = participation or participation_for(comment.idea.initiative)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not can_edit_comment(author, comment, participation):
        raise PermissionDenied
    if comment.body != body:
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        content.changed()  # public content: new page cache version on commit
    return comment


@transaction.atomic
def delete_comment(
    *, author, comment: Comment, participation: Participation | None = None
) -> Comment:
    """The author deletes their comment: its text is gone; the place stays (with its
    replies), saying that the author deleted it."""
    participation = participation or participation_for(comment.idea.initiative)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not can_edit_comment(author, comment, participation):
        raise PermissionDenied
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "deleted_at"])
    comment.reports.open().update(resolved_at=comment.deleted_at)
    content.changed()  # public content: new page cache version on commit
    return comment


def support_idea(*, user, idea: Idea, participation: Participation | None = None) -> bool:
    """Support an idea once; ``False`` if the user already supports it."""
    participation = participation or participation_for(idea.initiative)
    if not can_support(user, idea, participation) or idea.moderation != Moderation.PUBLISHED:
        raise PermissionDenied
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
    except IntegrityError:
        return False
    content.changed()  # the idea's support count
    return True


@transaction.atomic
def withdraw_support(*, user, idea: Idea, participation: Participation | None = None) -> bool:
    participation = participation or participation_for(idea.initiative)
    if not can_contribute(user, participation):
        raise PermissionDenied
    deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
    content.changed()  # the idea's support count
    return deleted > 0


class AlreadyReported(Exception):
    """This person has reported this item before (one report per person and item)."""


def has_reported(reporter, target: Idea | Comment) -> bool:
    if not reporter.is_authenticated:
        return False
    field = "idea" if isinstance(target, Idea) else "comment"
    return Report.objects.filter(reporter=reporter, **{field: target}).exists()


def report_content(*, reporter, target: Idea | Comment, reason: str) -> Report:
    """One report per person and item, never on one's own contribution; the editors hear
    of it through the notifications (kind ``initiatives.report``)."""
    if not can_report_item(reporter, target):
        raise PermissionDenied
    try:
        with transaction.atomic():
            _check_rate("reports", Report.objects.filter(reporter=reporter))
            if isinstance(target, Idea):
                report = Report.objects.create(
                    idea=target,
                    initiative_id=target.initiative_id,
                    reporter=reporter,
                    reason=reason,
                )
            else:
                report = Report.objects.create(
                    comment=target,
                    initiative_id=target.idea.initiative_id,
                    reporter=reporter,
                    reason=reason,
                )
            notify(kinds.REPORT, report_id=report.pk)
    except IntegrityError as error:
        raise AlreadyReported from error
    return report


def _initiative_of(target: Idea | Comment) -> Initiative:
    return target.initiative if isinstance(target, Idea) else target.idea.initiative


@transaction.atomic
def moderate(*, moderator, target: Idea | Comment, action: str, reason: str = "") -> None:
    """``hide`` (reason required, shown publicly), ``restore`` or ``approve``; resolves the
    open reports on the target."""
    initiative = _initiative_of(target)
    if not can_moderate(moderator, initiative):
        raise PermissionDenied
    now = timezone.now()
    was_pending = target.moderation == Moderation.PENDING
    if action == "hide":
        if not reason.strip():
            raise ValueError("A reason is required to hide content.")
        target.moderation = Moderation.HIDDEN
        target.moderation_reason = reason.strip()
    elif action in {"restore", "approve"}:
        target.moderation = Moderation.PUBLISHED
        target.moderation_reason = reason.strip()
    else:
        raise ValueError(f"Unknown moderation action {action!r}.")
    target.moderated_at = now
    target.moderated_by = moderator
    target.save(update_fields=["moderation", "moderation_reason", "moderated_at", "moderated_by"])
    target.reports.open().update(resolved_at=now, resolved_by=moderator)
    content.changed()  # public content: new page cache version on commit
    model = "idea" if isinstance(target, Idea) else "comment"
    audit.record(actor=moderator, action=f"{model}.{target.moderation}", target=target, note=reason)
    if action == "hide":
        notify(kinds.HIDDEN, model=model, pk=target.pk)
    elif was_pending:
        notify(kinds.APPROVED, model=model, pk=target.pk)
        if model == "comment":
            _notify_comment(target)


@transaction.atomic
def answer_idea(*, moderator, idea: Idea, status: str, reason: str) -> Idea:
    """The official answer: under review, adopted or not adopted, with a reason."""
    if not can_moderate(moderator, idea.initiative):
        raise PermissionDenied
    if status not in {choice for choice in Idea.Answer.values if choice}:
        raise ValueError(f"Unknown answer status {status!r}.")
    if status == Idea.Answer.NOT_ADOPTED and not reason.strip():
        raise ValueError("A reason is required when an idea is not adopted.")
    changed = (idea.answer_status, idea.answer) != (status, reason.strip())
    idea.answer_status = status
    idea.answer = reason.strip()
    idea.answered_at = timezone.now()
    idea.answered_by = moderator
    idea.save(update_fields=["answer_status", "answer", "answered_at", "answered_by"])
    audit.record(actor=moderator, action="idea.answered", target=idea, note=status)
    if changed:
        notify(kinds.IDEA_ANSWER, idea_id=idea.pk)
    content.changed()  # public content: new page cache version on commit
    return idea


@transaction.atomic
def unsubscribe_idea(*, token: str) -> Idea | None:
    """Stop e-mails about an idea's answers; ``None`` for a forged or stale token."""
    idea = idea_for_token(token)
    if idea is None:
        return None
    Idea.objects.filter(pk=idea.pk).update(notify_author=False)
    idea.notify_author = False
    return idea


@transaction.atomic
def resolve_report(*, moderator, report: Report) -> None:
    if not can_moderate(moderator, report.initiative):
        raise PermissionDenied
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.save(update_fields=["resolved_at", "resolved_by"])
    audit.record(actor=moderator, action="report.resolved", target=report, note=report.reason)


@transaction.atomic
def dismiss_reports(*, moderator, target: Idea | Comment) -> int:
    """The reports on ``target`` are unfounded: close them all, leave the content as it
    is; returns how many were open."""
    if not can_moderate(moderator, _initiative_of(target)):
        raise PermissionDenied
    count = target.reports.open().update(resolved_at=timezone.now(), resolved_by=moderator)
    if count:
        audit.record(actor=moderator, action="reports.dismissed", target=target, note=str(count))
    return count


# --- editorial workflow (initiatives, news, events, council decisions) -----------------------

#: the kinds of editorial content, each with ``is_published`` and ``publish_at``
EDITORIAL_MODELS = (Initiative, Update, Event, CouncilDecision)


def can_edit(user, item) -> bool:
    """Editors of the item's municipality (and superusers)."""
    if not (user is not None and user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    ids = StaffMembership.objects.municipality_ids(user, {StaffMembership.Role.EDITOR})
    return object_municipality_id(item) in ids


def _editorial(item, editor) -> None:
    if not isinstance(item, EDITORIAL_MODELS):
        raise TypeError(f"{type(item).__name__} has no editorial workflow.")
    if editor is not None and not can_edit(editor, item):
        raise PermissionDenied


def _label(item) -> str:
    return item._meta.model_name


@transaction.atomic
def publish(*, editor, item):
    """Make ``item`` public now (a planned date is dropped); news also e-mail the
    initiative's followers once (``publish_update``). ``editor=None``: the scheduler."""
    _editorial(item, editor)
    item = type(item).objects.select_for_update().get(pk=item.pk)
    was_published = item.is_published
    item.is_published = True
    item.publish_at = None
    item.save(update_fields=["is_published", "publish_at"])
    if isinstance(item, Update):
        item = publish_update(update=item)
    content.changed()  # public content: new page cache version on commit
    if not was_published:
        audit.record(actor=editor, action=f"{_label(item)}.published", target=item)
    return item


@transaction.atomic
def unpublish(*, editor, item):
    """Take ``item`` off the public pages (it stays a draft; nothing is deleted)."""
    _editorial(item, editor)
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if item.is_published or item.publish_at is not None:
        item.is_published = False
        item.publish_at = None
        item.save(update_fields=["is_published", "publish_at"])
        content.changed()
        audit.record(actor=editor, action=f"{_label(item)}.unpublished", target=item)
    return item


@transaction.atomic
def schedule(*, editor, item, at: datetime.datetime):
    """Publish ``item`` at ``at`` (in the future): it is a draft until then, and
    ``publish_due`` (``manage.py publish_scheduled``, every minute) publishes it."""
    _editorial(item, editor)
    if at <= timezone.now():
        raise ValueError("A scheduled publication lies in the future.")
    item = type(item).objects.select_for_update().get(pk=item.pk)
    item.is_published = False
    item.publish_at = at
    item.save(update_fields=["is_published", "publish_at"])
    content.changed()  # a published item taken back into planning leaves the pages
    audit.record(
        actor=editor,
        action=f"{_label(item)}.scheduled",
        target=item,
        note=timezone.localtime(at).isoformat(timespec="minutes"),
    )
    return item


def publish_due(*, now: datetime.datetime | None = None) -> int:
    """Publish every item whose planned time has come; returns how many."""
    now = now or timezone.now()
    count = 0
    for model in EDITORIAL_MODELS:
        for pk in model.objects.filter(publish_at__lte=now, is_published=False).values_list(
            "pk", flat=True
        ):
            publish(editor=None, item=model(pk=pk))
            count += 1
    return count


@transaction.atomic
def record_slug_change(*, initiative: Initiative, old_slug: str) -> None:
    """After a slug change: the old address redirects to the initiative (and a slug taken
    back is no redirect any more)."""
    SlugRedirect.objects.filter(old_slug=initiative.slug).delete()
    if old_slug and old_slug != initiative.slug:
        SlugRedirect.objects.update_or_create(
            old_slug=old_slug, defaults={"initiative": initiative}
        )
        content.changed()


@transaction.atomic
def save_partner(*, editor, partner: Partner, changed: list[str]) -> Partner:
    """Partners are shared by every municipality: the owner city's editors (or
    superusers) change them, and each change is in the audit trail."""
    creating = partner.pk is None
    if not editor.is_superuser:
        ids = StaffMembership.objects.municipality_ids(editor, {StaffMembership.Role.EDITOR})
        if creating and partner.municipality_id is None and len(ids) == 1:
            partner.municipality_id = next(iter(ids))
        if partner.municipality_id not in ids:
            raise PermissionDenied
        if not creating:
            stored = Partner.objects.only("municipality_id").get(pk=partner.pk)
            if stored.municipality_id not in ids:
                raise PermissionDenied
    partner.save()
    content.changed()
    audit.record(
        actor=editor,
        action="partner.added" if creating else "partner.changed",
        target=partner,
        note=", ".join(changed),
    )
    return partner
