from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.initiatives.factories import InitiativeFactory, PhaseFactory


@pytest.fixture
def initiative(chemnitz):
    return InitiativeFactory(
        municipality=chemnitz,
        slug="numic",
        title="NUMIC – Neues urbanes Mobilitätsbewusstsein in Chemnitz",
        summary="Mobilität gemeinsam gestalten.",
    )


@pytest.fixture
def dortmund_initiative(dortmund):
    return InitiativeFactory(municipality=dortmund, slug="nordwaerts", title="nordwärts")


def _phase(initiative, state: str):
    today = timezone.localdate()
    days = datetime.timedelta
    if state == "open":
        return PhaseFactory(initiative=initiative, start_date=today - days(3), end_date=today)
    if state == "upcoming":
        return PhaseFactory(
            initiative=initiative, start_date=today + days(1), end_date=today + days(9)
        )
    if state == "closed":
        return PhaseFactory(
            initiative=initiative, start_date=today - days(20), end_date=today - days(1)
        )
    return None


@pytest.fixture
def make_phase():
    return _phase


@pytest.fixture
def open_phase(initiative):
    return _phase(initiative, "open")
