"""Get funding objects for a user: 404 for anything they may not see."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Value
from django.http import Http404

from civicportal.core.models import OrganisationMembership, StaffMembership, User
from funding import services
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


def get_application_with_roles(user, pk: int) -> tuple[Application, set[str]]:
    """The application with the user's roles on it (``services.APPLICANT``, ``OFFICER``,
    ``REVIEWER``) and, for officers, its ``weighted_score``: one query. 404 without a role.
    The roles are those of ``services.roles_for``."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    member = Exists(
        OrganisationMembership.objects.filter(organisation=OuterRef("organisation_id"), user=user)
    )
    if user.is_superuser:
        officer = Value(True)
    elif user.is_staff:
        officer = Exists(
            StaffMembership.objects.filter(
                user=user,
                role=StaffMembership.Role.FUNDING_OFFICER,
                municipality=OuterRef("call__programme__municipality_id"),
            )
        )
    else:
        officer = Value(False)
    reviewer = Exists(
        ReviewAssignment.objects.filter(
            application=OuterRef("pk"), reviewer=user, conflict_of_interest=False
        )
    )
    application = (
        _applications()
        .select_related("decision", "proof")
        .with_scores()
        .with_detail_rows()
        .annotate(role_member=member, role_officer=officer, role_reviewer=reviewer)
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    roles = {
        role
        for role, present in [
            (services.APPLICANT, application.role_member),
            (services.OFFICER, application.role_officer),
            (services.REVIEWER, application.role_reviewer),
        ]
        if present
    }
    if not roles:
        raise Http404
    return application, roles


def officer_municipality_ids(user) -> list[int] | None:
    """The municipalities where ``user`` is a funding officer; ``None`` for a superuser
    (all of them)."""
    if user.is_superuser:
        return None
    if not user.is_staff:
        return []
    return list(
        StaffMembership.objects.filter(
            user=user, role=StaffMembership.Role.FUNDING_OFFICER
        ).values_list("municipality_id", flat=True)
    )


def officer_cases(user):
    """The applications of the officer's municipalities, or ``None`` for a non-officer."""
    if not user.is_authenticated or not user.is_active:
        return None
    ids = officer_municipality_ids(user)
    if ids is None:
        return Application.objects.all()
    if not ids:
        return None
    return Application.objects.filter(call__programme__municipality_id__in=ids)


def get_case(user, pk: int) -> tuple[Application, set[str]]:
    """The application for its case page: only for a funding officer of its municipality."""
    application, roles = get_application_with_roles(user, pk)
    if services.OFFICER not in roles:
        raise Http404
    return application, roles


def reviewer_candidates(application: Application, query: str, limit: int = 10):
    """Reviewers of the application's municipality whose name or e-mail contains
    ``query`` (the officer's search when assigning)."""
    query = query.strip()
    reviewers = StaffMembership.objects.filter(
        municipality_id=application.call.programme.municipality_id,
        role=StaffMembership.Role.REVIEWER,
    ).values("user_id")
    return (
        User.objects.filter(pk__in=reviewers, is_active=True)
        .filter(
            Q(email__icontains=query)
            | Q(display_name__icontains=query)
            | Q(full_name__icontains=query)
        )
        .order_by("display_name", "email")[:limit]
    )
