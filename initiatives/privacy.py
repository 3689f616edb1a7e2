"""GDPR hooks of the initiatives part (wired into /konto/daten/ by the portal's top).

Erasure keeps public contributions but anonymous, and keeps supports without the user so
that ideas' support counts stay correct; subscriptions (follows) are deleted.
"""

from __future__ import annotations

from django.db import transaction

from initiatives.models import Comment, Follow, Idea, Report, Support


def export_user_data(user) -> dict:
    return {
        "follows": [
            {"initiative": f.initiative.title, "since": f.created_at.isoformat()}
            for f in Follow.objects.filter(user=user).select_related("initiative")
        ],
        "ideas": [
            {
                "initiative": i.initiative.title,
                "title": i.title,
                "text": i.body,
                "created_at": i.created_at.isoformat(),
                "moderation": i.moderation,
            }
            for i in Idea.objects.filter(author=user).select_related("initiative")
        ],
        "comments": [
            {"idea": c.idea.title, "text": c.body, "created_at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).select_related("idea")
        ],
        "supports": [
            {"idea": s.idea.title, "created_at": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user).select_related("idea")
        ],
        "reports": [
            {"reason": r.reason, "created_at": r.created_at.isoformat()}
            for r in Report.objects.filter(reporter=user)
        ],
    }


@transaction.atomic
def erase_user_data(user) -> None:
    Follow.objects.filter(user=user).delete()
    Support.objects.filter(user=user).update(user=None)
    Idea.objects.filter(author=user).update(author=None)
    Comment.objects.filter(author=user).update(author=None)
    Report.objects.filter(reporter=user).update(reporter=None)
