import pytest
from django.core.management import call_command

from civicportal.core.models import SDG, District, Municipality, Theme
from initiatives.models import Initiative, Office

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in [Municipality, District, Theme, SDG, Office, Initiative]
    }


def test_load_demo_is_idempotent():
    call_command("load_demo", verbosity=0)
    first = _counts()

    call_command("load_demo", verbosity=0)

    assert _counts() == first


def test_load_demo_contains_the_seed_cities_and_offices():
    call_command("load_demo", verbosity=0)

    assert set(Municipality.objects.values_list("name", flat=True)) >= {"Chemnitz", "Dortmund"}
    assert Office.objects.filter(
        municipality__slug="dortmund", name="FreiwilligenAgentur Dortmund"
    ).exists()
    assert District.objects.filter(municipality__slug="dortmund").count() == 12


def test_sdgs_are_created_by_migration():
    assert SDG.objects.count() == 17
    assert SDG.objects.get(number=13).title_de == "Maßnahmen zum Klimaschutz"
