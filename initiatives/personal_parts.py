"""The person's own parts of the initiatives' shared pages (``civicportal.core.personal``):
the follow button on an initiative page."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from civicportal.core import personal
from initiatives.models import Follow, Initiative


def follow_buttons(request: HttpRequest, keys: list[str]) -> dict[str, dict]:
    """One query: the initiatives' slugs and whether the person follows them."""
    following = Follow.objects.filter(initiative=OuterRef("pk"), user=request.user.pk)
    initiatives = (
        Initiative.objects.filter(pk__in=[int(key) for key in keys if key.isdigit()])
        .only("pk", "slug")
        .annotate(following=Exists(following))
    )
    return {
        str(initiative.pk): {"initiative": initiative, "is_following": initiative.following}
        for initiative in initiatives
    }


def register() -> None:
    personal.register("follow", follow_buttons)
