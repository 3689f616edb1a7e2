"""The person's own parts of volunteering's shared pages (``civicportal.core.personal``):
on an opportunity page, each shift's sign-up cell („du bist angemeldet“ or the sign-up
form)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest

from civicportal.core import personal
from volunteering.models import Shift, Signup


def shift_cells(request: HttpRequest, keys: list[str]) -> dict[str, dict]:
    """One query: the shifts with their opportunity and the person's sign-up status."""
    mine = Signup.objects.filter(shift=OuterRef("pk"), volunteer=request.user.pk)
    shifts = (
        Shift.objects.filter(pk__in=[int(key) for key in keys if key.isdigit()])
        .select_related("opportunity")
        .only("pk", "starts_at", "capacity", "taken", "opportunity__signup_mode")
        .annotate(my_status=Subquery(mine.values("status")[:1]))
    )
    found = {}
    for shift in shifts:
        shift.my_signup = Signup(status=shift.my_status) if shift.my_status else None
        found[str(shift.pk)] = {"shift": shift, "opportunity": shift.opportunity}
    return found


def register() -> None:
    personal.register("shift", shift_cells)
