from __future__ import annotations

import pytest
from django.core.management import call_command

from civicportal.core.models import Organisation
from volunteering.models import ConsultationSlot, Opportunity, Shift, Skill

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in [Organisation, Opportunity, Shift, Skill, ConsultationSlot]
    }


def test_demo_is_idempotent():
    call_command("load_demo", verbosity=0)
    first = _counts()

    call_command("load_demo", verbosity=0)

    assert _counts() == first
    assert first["Opportunity"] >= 6


def test_demo_has_the_agency_storefront_and_example_opportunities():
    call_command("load_demo", verbosity=0)

    agency = Organisation.objects.get(slug="freiwilligenagentur-dortmund")
    initiatives = set(
        Opportunity.objects.filter(initiative__isnull=False).values_list(
            "initiative__slug", flat=True
        )
    )
    assert agency.name == "FreiwilligenAgentur Dortmund"
    assert "Berswordt-Halle" in agency.address
    assert agency.is_verified
    assert {"fairtrade-town-chemnitz", "kulturhauptstadt-2025", "nordwaerts"} <= initiatives
    assert Opportunity.objects.filter(title__contains="Mobilitätstag").exists()
    assert not Opportunity.objects.filter(is_example=False).exists()
    assert Opportunity.objects.open().count() >= 5
    assert ConsultationSlot.objects.filter(location__contains="Berswordt-Halle").exists()
