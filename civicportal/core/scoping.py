"""Municipality scoping: which rows a staff member may see and change.

Models that belong to one municipality declare ``municipality_path``, the ORM path from
the model to its municipality (``"pk"`` on :class:`~civicportal.core.models.Municipality`
itself). The back office (``civicportal.core.admin``), the audit trail and the tests use
these helpers; they import neither the admin nor any app.
"""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest

from civicportal.core.models import StaffMembership


def scoped_municipality_ids(request: HttpRequest, roles: frozenset[str]) -> set[int] | None:
    """Municipality ids the request's user may manage with ``roles``; ``None`` means all."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cache = request.__dict__.setdefault("_scoped_municipality_ids", {})
    if roles not in cache:
        cache[roles] = StaffMembership.objects.municipality_ids(user, roles)
    return cache[roles]


def scope_queryset(queryset: models.QuerySet, ids: set[int] | None) -> models.QuerySet:
    """Limit ``queryset`` to rows in the municipalities ``ids`` (``None`` = no limit)."""
    if ids is None:
        return queryset
    path = getattr(queryset.model, "municipality_path", None)
    if path is None:
        return queryset
    return queryset.filter(**{f"{path}__in": ids})


def object_municipality_id(obj: models.Model) -> int | None:
    """Follow ``municipality_path`` on one object; ``None`` if the chain is not set yet."""
    path = getattr(obj, "municipality_path", None)
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    current = obj
    parts = path.split("__")
    for part in parts[:-1]:
        current = getattr(current, part, None)
        if current is None:
            return None
    return getattr(current, f"{parts[-1]}_id", None)
