"""Signed tokens of the initiatives' one-click unsubscribe links (RFC 8058).

The e-mails put them into links (``initiatives.emails``), the services read them back
(``initiatives.services.unsubscribe``, ``unsubscribe_idea``); both import this module,
which imports neither.
"""

from __future__ import annotations

from django.core import signing

from initiatives.models import Follow, Idea

UNSUBSCRIBE_SALT = "initiatives.unsubscribe"
IDEA_UNSUBSCRIBE_SALT = "initiatives.idea-unsubscribe"


def unsubscribe_token(follow: Follow) -> str:
    """A signed token naming one subscription; valid until the subscription ends."""
    return signing.dumps({"u": follow.user_id, "i": follow.initiative_id}, salt=UNSUBSCRIBE_SALT)


def follow_for_token(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), int(data["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def idea_unsubscribe_token(idea: Idea) -> str:
    """A signed token for "no more e-mails about this idea" (names author and idea)."""
    return signing.dumps({"u": idea.author_id, "d": idea.pk}, salt=IDEA_UNSUBSCRIBE_SALT)


def idea_for_token(token: str) -> Idea | None:
    """The idea a token names, if its author is still the one the token names."""
    try:
        data = signing.loads(token, salt=IDEA_UNSUBSCRIBE_SALT)
        user_id, idea_id = int(data["u"]), int(data["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return Idea.objects.select_related("initiative").filter(pk=idea_id, author_id=user_id).first()
