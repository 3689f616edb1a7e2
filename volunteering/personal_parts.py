"""The person's own parts of volunteering's shared pages (``civicportal.core.personal``):
on an opportunity page, each shift's sign-up cell („du bist angemeldet“ or the sign-up
form, asking for the age band where the opportunity has a minimum age and the profile
lacks it)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest

from civicportal.core import personal
from volunteering.models import AgeBand, Opportunity, Shift, Signup, VolunteerProfile

#: the age bands the sign-up form offers (first: none chosen)
AGE_CHOICES = [("", "–"), *AgeBand.choices]


def asks_age(user, opportunity: Opportunity) -> bool:
    """Whether the sign-up asks for the age band (a minimum age, none in the profile)."""
    if not opportunity.minimum_age or not user.is_authenticated:
        return False
    return not VolunteerProfile.objects.filter(user=user).exclude(age_band="").exists()


def shift_cells(request: HttpRequest, keys: list[str]) -> dict[str, dict]:
    """One query: the shifts with their opportunity and the person's sign-up status."""
    mine = Signup.objects.filter(shift=OuterRef("pk"), volunteer=request.user.pk)
    shifts = (
        Shift.objects.filter(pk__in=[int(key) for key in keys if key.isdigit()])
        .select_related("opportunity")
        .only(
            "pk",
            "starts_at",
            "capacity",
            "taken",
            "opportunity__signup_mode",
            "opportunity__minimum_age",
        )
        .annotate(my_status=Subquery(mine.values("status")[:1]))
    )
    found = {}
    profile_lacks_age = None
    for shift in shifts:
        shift.my_signup = Signup(status=shift.my_status) if shift.my_status else None
        asks = False
        if shift.opportunity.minimum_age:
            if profile_lacks_age is None:  # one query, only where an age is needed
                profile_lacks_age = asks_age(request.user, shift.opportunity)
            asks = profile_lacks_age
        found[str(shift.pk)] = {
            "shift": shift,
            "opportunity": shift.opportunity,
            "asks_age": asks,
            "age_choices": AGE_CHOICES,
        }
    return found


def register() -> None:
    personal.register("shift", shift_cells)
