"""Mirror the apps' own staff-action records into the audit trail.

The apps record their staff actions where they belong (moderation on the idea or
comment: ``moderated_by``/``moderated_at``; funding transitions as
``funding.StatusChange``). These receivers copy each such action into
:class:`civicportal.core.models.AuditEntry`, so superusers read one trail for
verification, moderation and funding. Only records, no decisions: nothing here changes
what the services do. Connected in ``CivicportalConfig.ready()``.
"""

from __future__ import annotations

from django.db.models.signals import post_save

from civicportal.core import audit


def _moderated(sender, instance, created, update_fields=None, **kwargs) -> None:
    fields = set(update_fields or ())
    name = sender._meta.model_name
    if "moderated_by" in fields and instance.moderated_by_id:
        audit.record(
            actor=instance.moderated_by,
            action=f"{name}.{instance.moderation}",
            target=instance,
            note=instance.moderation_reason or "",
        )
    if "answered_by" in fields and getattr(instance, "answered_by_id", None):
        audit.record(
            actor=instance.answered_by,
            action=f"{name}.answered",
            target=instance,
            note=str(getattr(instance, "answer_status", "")),
        )


def _status_changed(sender, instance, created, **kwargs) -> None:
    if not created:
        return
    note = f"{instance.from_status} → {instance.to_status}"
    if instance.note:
        note = f"{note}: {instance.note}"
    audit.record(
        actor=instance.by,
        action=f"application.{instance.to_status}",
        target=instance.application,
        note=note,
    )


def connect_signals() -> None:
    for model in ("initiatives.Idea", "initiatives.Comment"):
        post_save.connect(_moderated, sender=model, dispatch_uid=f"audit-moderation-{model}")
    post_save.connect(
        _status_changed, sender="funding.StatusChange", dispatch_uid="audit-funding-status"
    )
