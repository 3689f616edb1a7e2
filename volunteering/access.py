"""Access helpers: one per object type; ``Http404`` for anything the user may not see."""

from __future__ import annotations

from django.http import Http404

from civicportal.core.models import OrganisationMembership
from organisations.access import MANAGER_ROLES
from volunteering.models import Booking, HoursEntry, Opportunity, Shift, Signup


def _managed(user):
    return OrganisationMembership.objects.filter(user=user, role__in=MANAGER_ROLES).values(
        "organisation_id"
    )


def get_opportunity_for_manager(user, slug: str) -> Opportunity:
    if not user.is_authenticated:
        raise Http404
    opportunity = (
        Opportunity.objects.filter(slug=slug, organisation_id__in=_managed(user))
        .select_related("organisation")
        .first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def get_shift_for_manager(user, pk: int) -> Shift:
    if not user.is_authenticated:
        raise Http404
    shift = (
        Shift.objects.filter(pk=pk, opportunity__organisation_id__in=_managed(user))
        .select_related("opportunity__organisation")
        .first()
    )
    if shift is None:
        raise Http404
    return shift


def get_signup_for_volunteer(user, pk: int) -> Signup:
    if not user.is_authenticated:
        raise Http404
    signup = (
        Signup.objects.filter(pk=pk, volunteer=user)
        .select_related("shift__opportunity__organisation")
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def get_signup_for_manager(user, pk: int) -> Signup:
    if not user.is_authenticated:
        raise Http404
    signup = (
        Signup.objects.filter(pk=pk, shift__opportunity__organisation_id__in=_managed(user))
        .select_related("shift__opportunity__organisation", "volunteer")
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def get_hours_entry_for_manager(user, pk: int) -> HoursEntry:
    if not user.is_authenticated:
        raise Http404
    entry = (
        HoursEntry.objects.filter(pk=pk, opportunity__organisation_id__in=_managed(user))
        .select_related("opportunity__organisation")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def get_booking_for_resident(user, pk: int) -> Booking:
    if not user.is_authenticated:
        raise Http404
    booking = (
        Booking.objects.filter(pk=pk, resident=user, slot__isnull=False)
        .select_related("slot")
        .first()
    )
    if booking is None:
        raise Http404
    return booking
