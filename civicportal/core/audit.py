"""The audit trail: one call per staff action that matters.

    from civicportal.core.audit import record
    record(actor=request_user, action="idea.hidden", target=idea, note="Beleidigung")

Call it inside the service's ``transaction.atomic`` so the entry and the change commit
together. ``action`` is a short dotted name (``<object>.<verb>``); ``target`` any model
instance (its type, id, text and — when it declares ``municipality_path`` — its
municipality are stored). The entry keeps the actor's e-mail address at the time, so it
stays readable when the account is deleted later. Superusers read it in the admin
(``Protokoll (Audit)``); nobody can change or delete entries there.
"""

from __future__ import annotations

from django.db import models

from civicportal.core.models import AuditEntry
from civicportal.core.scoping import object_municipality_id

#: Action names used so far (free text is allowed; keep to ``<object>.<verb>``).
ORGANISATION_VERIFIED = "organisation.verified"
STAFF_ROLE_GRANTED = "staff_role.granted"
STAFF_ROLE_REVOKED = "staff_role.revoked"
STAFF_INVITED = "staff.invited"
STAFF_INVITATION_ACCEPTED = "staff.invitation_accepted"
MFA_RESET = "mfa.reset"
ACCOUNT_ERASED = "account.erased"
ACCOUNTS_PURGED = "accounts.purged_unverified"


def _municipality_id(target: models.Model | None) -> int | None:
    if target is None:
        return None
    try:
        return object_municipality_id(target)
    except Exception:  # a half-built object must never stop the audit
        return None


def record(
    *,
    actor=None,
    action: str,
    target: models.Model | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one audit entry (who, what, which record, when)."""
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_label=(actor_obj.email if actor_obj is not None else "System")[:254],
        action=action[:80],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        municipality_id=_municipality_id(target),
        note=note,
    )


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    """The audit entries about one record, newest first."""
    return AuditEntry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
