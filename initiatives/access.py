"""Get object for user" helpers: 404 for anything the user may not see."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from initiatives.models import Comment, Idea, Initiative, Moderation
from initiatives.rules import can_moderate


def get_initiative_for_user(user, slug: str, queryset=None) -> Initiative:
    """Published initiatives for everyone; unpublished ones only for their editors."""
    queryset = queryset if queryset is not None else Initiative.objects.for_listing()
    initiative = get_object_or_404(queryset, slug=slug)
    if not initiative.is_published and not can_moderate(user, initiative):
        raise Http404
    return initiative


def get_idea_for_user(user, initiative: Initiative, pk: int, *, with_comments=False) -> Idea:
    moderator = can_moderate(user, initiative)
    queryset = (
        Idea.objects.filter(initiative=initiative)
        .visible_to(user, moderator=moderator)
        .select_related("author", "district", "phase")
    )
    if with_comments:
        comments = Comment.objects.select_related("author").order_by("created_at", "pk")
        if not moderator:
            visible = ~Q(moderation=Moderation.PENDING)
            if user.is_authenticated:
                visible |= Q(author=user)
            comments = comments.filter(visible)
        queryset = queryset.with_counts().prefetch_related(Prefetch("comments", queryset=comments))
    idea = get_object_or_404(queryset, pk=pk)
    idea.initiative = initiative
    return idea


def get_comment_for_user(user, initiative: Initiative, pk: int) -> Comment:
    moderator = can_moderate(user, initiative)
    comment = get_object_or_404(
        Comment.objects.select_related("idea", "author"), pk=pk, idea__initiative=initiative
    )
    if comment.is_pending and not moderator and comment.author_id != user.pk:
        raise Http404
    return comment
