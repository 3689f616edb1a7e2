"""The migration from the single income fields to income lines loses no amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from funding.models import Application, ProofOfUse
from tests.funding.factories import ApplicationFactory

BEFORE = [("funding", "0009_merge_parallel_work")]
AFTER = [("funding", "0010_itemised_income")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_single_income_fields_become_lines_and_actual_income(call, organisation, org_member):
    with_income = ApplicationFactory(call=call, organisation=organisation, author=org_member)
    without_income = ApplicationFactory(
        call=call, organisation=organisation, author=org_member, income=[]
    )
    ProofOfUse.objects.create(application=with_income, narrative="Bericht")
    ProofOfUse.objects.create(application=without_income, narrative="Bericht")

    old = _migrate(BEFORE)
    OldApplication = old.get_model("funding", "Application")
    OldProof = old.get_model("funding", "ProofOfUse")
    OldApplication.objects.filter(pk=with_income.pk).update(
        own_contribution=Decimal("300"), other_funding=Decimal("200")
    )
    OldProof.objects.filter(application_id=with_income.pk).update(
        actual_own_funds=Decimal("280"), actual_other_income=Decimal("250")
    )
    OldProof.objects.filter(application_id=without_income.pk).update(
        actual_other_income=Decimal("50")
    )
    _migrate(AFTER)

    migrated = Application.objects.get(pk=with_income.pk)
    assert list(migrated.income_lines.values_list("kind", "amount")) == [
        ("own_funds", Decimal("300.00")),
        ("other", Decimal("200.00")),
    ]
    assert (migrated.own_contribution, migrated.total_income) == (
        Decimal("300.00"),
        Decimal("500.00"),
    )
    proof = migrated.proof
    assert list(proof.income_actuals.order_by("income_line").values_list("amount", flat=True)) == [
        Decimal("280.00"),
        Decimal("250.00"),
    ]
    assert proof.actual_income == Decimal("530.00")
    assert ProofOfUse.objects.get(application=without_income).actual_income == Decimal("50.00")
