"""Who may do what in participation. Pure functions over a precomputed phase state, so a
page asks each question without further queries.

Participation state of an initiative on a day:

* ``open``: a participation phase runs (start ≤ today ≤ end, both inclusive)
* ``upcoming``: a participation phase starts later
* ``closed``: every participation phase has ended
* ``none``: the initiative has no participation phase
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.utils import timezone

from civicportal.core.models import StaffMembership
from initiatives.models import Initiative, Phase

OPEN = "open"
UPCOMING = "upcoming"
CLOSED = "closed"
NONE = "none"


@dataclass(frozen=True)
class Participation:
    state: str
    phase: Phase | None

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


def participation_for(initiative: Initiative, *, today=None, phases=None) -> Participation:
    """The participation state; ``phases`` may be a prefetched list of the phases."""
    today = today or timezone.localdate()
    if phases is None:
        phases = list(initiative.phases.participation())
    else:
        phases = [p for p in phases if p.is_participation]
    if not phases:
        return Participation(NONE, None)
    for phase in phases:
        if phase.start_date <= today <= phase.end_date:
            return Participation(OPEN, phase)
    upcoming = sorted((p for p in phases if p.start_date > today), key=lambda p: p.start_date)
    if upcoming:
        return Participation(UPCOMING, upcoming[0])
    latest = max(phases, key=lambda p: p.end_date)
    return Participation(CLOSED, latest)


def has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_initiatives_verified", {})
    if "v" not in cache:
        cache["v"] = EmailAddress.objects.filter(user=user, verified=True).exists()
    return cache["v"]


def can_contribute(user, participation: Participation) -> bool:
    """Post ideas, comment and support: signed in, verified e-mail, phase open."""
    return (
        user.is_authenticated
        and user.is_active
        and participation.is_open
        and has_verified_email(user)
    )


def can_support(user, idea, participation: Participation) -> bool:
    return can_contribute(user, participation) and idea.author_id != user.pk


def can_report(user) -> bool:
    """Anyone signed in may report content, in every phase state."""
    return user.is_authenticated and user.is_active


def can_report_item(user, item) -> bool:
    """Report this idea or comment: signed in, not one's own, not hidden or deleted."""
    return (
        can_report(user)
        and item.author_id != user.pk
        and not item.is_hidden
        and not getattr(item, "is_deleted", False)
    )


def can_edit_idea(user, idea, participation: Participation) -> bool:
    """Authors edit and withdraw their idea while the phase runs, before an official
    answer and unless the editors hid it."""
    return (
        can_contribute(user, participation)
        and idea.author_id == user.pk
        and not idea.is_hidden
        and not idea.is_withdrawn
        and not idea.answer_status
    )


def can_edit_comment(user, comment, participation: Participation) -> bool:
    """Authors edit and delete their comment while the phase runs (not a hidden one)."""
    return (
        can_contribute(user, participation)
        and comment.author_id == user.pk
        and not comment.is_hidden
        and not comment.is_deleted
    )


def can_moderate(user, initiative: Initiative) -> bool:
    """Editors of the initiative's municipality (and superusers), in every phase state."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    cache = user.__dict__.setdefault("_initiatives_editor_of", None)
    if cache is None:
        cache = StaffMembership.objects.municipality_ids(user, {StaffMembership.Role.EDITOR})
        user.__dict__["_initiatives_editor_of"] = cache
    return initiative.municipality_id in cache
