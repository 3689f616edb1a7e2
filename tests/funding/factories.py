"""Factories of the funding part."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from funding.models import (
    Application,
    BudgetItem,
    Call,
    Criterion,
    IncomeLine,
    Programme,
)
from tests.factories import MunicipalityFactory, OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Förderprogramm {n}")
    slug = factory.Sequence(lambda n: f"programm-{n}")
    reference_prefix = "DF"
    summary = "Wir fördern Projekte für Demokratie und Toleranz."
    guidelines = "Gefördert werden Projekte gemeinnütziger Träger."
    legal_basis = "§§ 23, 44 SäHO in Verbindung mit der Förderrichtlinie Demokratie"
    letter_conditions = "Die ANBest-P sind Bestandteil dieses Bescheids."
    signer_name = "Petra Lange"
    signer_role = "Leiterin des Amtes für Bürgerbeteiligung"


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Aufruf {n}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    funding_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    funding_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))
    total_budget = Decimal("10000.00")
    cap_per_application = Decimal("5000.00")
    min_own_share = Decimal("10.00")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft: 3,000 € costs, 500 € Eigenmittel (an income line), so 2,500 €
    requested."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..call.programme.municipality")
    )
    title = factory.Sequence(lambda n: f"Projekt {n}")
    summary = "Ein Projekt für ein weltoffenes Chemnitz."
    description = "Workshops und ein Fest im Stadtteil."
    goals = "Begegnung ermöglichen."
    target_groups = "Jugendliche und Nachbarschaft."
    start_date = factory.LazyAttribute(lambda o: o.call.funding_start)
    end_date = factory.LazyAttribute(lambda o: o.call.funding_end)
    publication_consent = True

    @factory.post_generation
    def income(obj, create, extracted, **kwargs):
        """Income lines: a list of ``(kind, amount)`` or ``IncomeLine`` field dicts;
        default 500 € Eigenmittel (the plan below derives the totals)."""
        if not create:
            return
        lines = extracted if extracted is not None else [(IncomeLine.Kind.OWN_FUNDS, "500.00")]
        for line in lines:
            fields = line if isinstance(line, dict) else {"kind": line[0], "amount": line[1]}
            IncomeLine.objects.create(application=obj, **{"description": "", **fields})

    @factory.post_generation
    def plan(obj, create, extracted, **kwargs):
        if not create:
            return
        amounts = extracted if extracted is not None else [Decimal("2000.00"), Decimal("1000.00")]
        for amount in amounts:
            BudgetItem.objects.create(
                application=obj,
                category=BudgetItem.Category.FEES,
                description="Honorare",
                amount=amount,
            )
        obj.recalculate()
        obj.save()


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Kriterium {n}")
    weight = 1
