from decimal import Decimal

import pytest
from django.core.management import call_command

from initiatives.models import CouncilDecision, Event, Idea, Initiative, Office, Update
from initiatives.rules import participation_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_demo_has_every_seed_initiative(demo):
    slugs = set(Initiative.objects.values_list("slug", flat=True))

    assert {
        "numic",
        "fairtrade-town-chemnitz",
        "green-city",
        "klimaschutz-chemnitz",
        "charta-der-vielfalt-chemnitz",
        "kulturhauptstadt-2025",
        "allianz-smart-city-dortmund",
        "nordwaerts",
        "ombudsstelle-dortmund",
        "vielfalt-toleranz-demokratie-dortmund",
        "kinder-und-jugendbeauftragte-chemnitz",
        "engagierte-stadt",
    } <= slugs
    assert Office.objects.filter(name="Ombudsstelle").exists()


def test_demo_keeps_seed_facts(demo):
    allianz = Initiative.objects.get(slug="allianz-smart-city-dortmund")
    figures = {f.label: f.value for f in allianz.key_figures.all()}

    assert figures["Allianzpartner"] == "170+"
    assert figures["Projekte in Pilotphase oder Umsetzung"] == "24"
    assert Initiative.objects.get(slug="fairtrade-town-chemnitz").start_date.year == 2020


def test_demo_press_release_and_budget_lines(demo):
    decision = CouncilDecision.objects.get(decided_on="2017-01-25")
    lines = [(b.amount, b.year, b.year_to, b.is_annual) for b in decision.budget_lines.all()]

    assert lines == [
        (Decimal("50000.00"), 2017, 2018, False),
        (Decimal("7500.00"), 2017, None, False),
        (Decimal("7500.00"), 2018, None, False),
        (Decimal("10000.00"), None, None, True),
    ]
    assert Update.objects.get(number="36").kind == Update.Kind.PRESS_RELEASE


def test_demo_training_with_three_speakers(demo):
    event = Event.objects.get(title__startswith="Macht Stadt gemeinsam!")

    assert event.is_training
    assert [s.name for s in event.speakers.all()] == [
        "Susann Seifert",
        "Christine Büring",
        "Livia Maria Andreas",
    ]


def test_demo_numic_has_open_example_participation(demo):
    numic = Initiative.objects.get(slug="numic")
    participation = participation_for(numic)

    assert participation.is_open
    assert participation.phase.is_example
    assert Idea.objects.filter(initiative=numic, is_example=True).count() == 3


def test_demo_is_idempotent(demo):
    counts = [Initiative.objects.count(), Idea.objects.count(), Event.objects.count()]

    call_command("load_demo", verbosity=0)

    assert [Initiative.objects.count(), Idea.objects.count(), Event.objects.count()] == counts
