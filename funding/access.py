"""Get funding objects for a user: 404 for anything they may not see."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from civicportal.core.models import StaffMembership
from funding.models import Application, ReviewAssignment


def _applications():
    return Application.objects.select_related(
        "call__programme__municipality", "organisation", "author", "district", "initiative"
    )


def get_application_for_member(user, pk: int) -> Application:
    """An application of one of the user's organisations."""
    if not user.is_authenticated:
        raise Http404
    application = _applications().filter(pk=pk, organisation__memberships__user=user).first()
    if application is None:
        raise Http404
    return application


def viewable_applications(user):
    """Applications the user may read: their organisations', as funding officer of the
    municipality, or as an assigned reviewer without a conflict of interest."""
    if not user.is_authenticated:
        return Application.objects.none()
    if user.is_superuser:
        return Application.objects.all()
    officer_of = StaffMembership.objects.filter(
        user=user, role=StaffMembership.Role.FUNDING_OFFICER
    ).values("municipality_id")
    condition = Q(organisation__memberships__user=user) | Q(
        review_assignments__reviewer=user, review_assignments__conflict_of_interest=False
    )
    if user.is_staff:
        condition |= Q(call__programme__municipality_id__in=officer_of)
    return Application.objects.filter(condition)


def get_application_for_viewer(user, pk: int) -> Application:
    if not viewable_applications(user).filter(pk=pk).exists():
        raise Http404
    return _applications().get(pk=pk)


def get_assignment_for_reviewer(user, pk: int) -> ReviewAssignment:
    if not user.is_authenticated:
        raise Http404
    assignment = (
        ReviewAssignment.objects.select_related(
            "application__call__programme", "application__organisation"
        )
        .filter(pk=pk, reviewer=user)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment
