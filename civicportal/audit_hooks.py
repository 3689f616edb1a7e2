"""Mirror the apps' own staff-action records into the audit trail.

Funding transitions are recorded as ``funding.StatusChange``; this receiver copies each
into :class:`civicportal.core.models.AuditEntry`, so superusers read one trail.
Moderation, answers, roles and verification write their audit entries inside their
services (``initiatives.services``, ``civicportal.core.services``). Only records, no
decisions: nothing here changes what the services do. Connected in
``CivicportalConfig.ready()``.
"""

from __future__ import annotations

from django.db.models.signals import post_save

from civicportal.core import audit


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
    post_save.connect(
        _status_changed, sender="funding.StatusChange", dispatch_uid="audit-funding-status"
    )
