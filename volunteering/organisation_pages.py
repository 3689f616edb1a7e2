"""Volunteering's blocks on the organisation pages (registered in ``VolunteeringConfig
.ready()`` through ``organisations.registry``): the published offers on the public page,
offers, shifts, applications and hours in the members' area, and the sign-ups in the
participants' export."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone

from civicportal.core.models import Organisation, OrganisationMembership
from organisations.access import MANAGER_ROLES
from organisations.registry import (
    Participant,
    Section,
    register_member_section,
    register_participants,
    register_public_section,
)
from volunteering.forms import DecisionForm
from volunteering.models import HoursEntry, Opportunity, Shift, Signup


def public_context(request: HttpRequest, organisation: Organisation, membership) -> dict:
    opportunities = list(
        Opportunity.objects.published()
        .filter(organisation=organisation)
        .for_listing()
        .order_by("-created_at")[:50]
    )
    return {"organisation": organisation, "opportunities": opportunities}


def member_context(
    request: HttpRequest, organisation: Organisation, membership: OrganisationMembership
) -> dict:
    now = timezone.now()
    since = now - timezone.timedelta(days=30)
    visible = ~Q(status=Signup.Status.CANCELLED)
    # Recent and future shifts, and every older one whose attendance is still open (so a
    # shift of six weeks ago can be recorded); cancelled ones only while recent.
    attendance_open = Exists(
        Signup.objects.filter(shift=OuterRef("pk"), status=Signup.Status.CONFIRMED)
    )
    shown = (Q(ends_at__gte=since) | Q(attendance_open)) & (
        Q(cancelled_at__isnull=True) | Q(ends_at__gte=since)
    )
    opportunities = list(
        Opportunity.objects.filter(organisation=organisation)
        .order_by("-created_at")
        .prefetch_related(
            Prefetch(
                "shifts",
                queryset=Shift.objects.filter(shown)
                .order_by("starts_at")
                .prefetch_related(
                    Prefetch(
                        "signups",
                        queryset=Signup.objects.filter(visible)
                        .select_related("volunteer")
                        .order_by("created_at", "id"),
                    )
                ),
            )
        )[:50]
    )
    pending_hours = list(
        HoursEntry.objects.filter(
            opportunity__organisation=organisation, status=HoursEntry.Status.PENDING
        ).select_related("volunteer", "opportunity")[:100]
    )
    return {
        "organisation": organisation,
        "can_manage": membership.role in MANAGER_ROLES,
        "opportunities": opportunities,
        "pending_hours": pending_hours,
        "decision_form": DecisionForm(),
        "now": now,
        # The new-shift form that is open: after creating an opportunity (?termin=<pk>)
        # or after a rejected shift (its bound form comes back in it).
        "open_shift_form": getattr(request, "dashboard_failed", {}).get("failed_opportunity")
        or (int(request.GET["termin"]) if request.GET.get("termin", "").isdigit() else None),
        # A rejected shift or decision: its bound form, shown in its row (organisations.views).
        **getattr(request, "dashboard_failed", {}),
    }


def participants(organisation: Organisation) -> Iterator[Participant]:
    signups = (
        Signup.objects.filter(shift__opportunity__organisation=organisation)
        .exclude(status=Signup.Status.CANCELLED)
        # A contact list: rows of erased accounts (volunteer NULL) have no contact to give.
        .filter(volunteer__isnull=False)
        .select_related("shift__opportunity", "volunteer")
        .order_by("shift__starts_at", "created_at")
    )
    for signup in signups.iterator(chunk_size=1000):
        yield Participant(
            activity=signup.shift.opportunity.title,
            starts_at=signup.shift.starts_at,
            ends_at=signup.shift.ends_at,
            name=signup.volunteer.document_name,
            email=signup.volunteer.email,
            status=str(signup.get_status_display()),
        )


def register() -> None:
    register_public_section(
        Section(
            key="volunteering",
            template="volunteering/includes/organisation_opportunities.html",
            context=public_context,
            order=10,
        )
    )
    register_member_section(
        Section(
            key="volunteering",
            template="volunteering/includes/organisation_dashboard.html",
            context=member_context,
            order=10,
        )
    )
    register_participants("volunteering", participants)
