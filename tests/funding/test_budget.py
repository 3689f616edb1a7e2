"""Budget guard: approvals never take a call past its budget; payments never exceed the
approved amount. Proven with several real database connections."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from funding import services
from funding.models import Application, Status
from tests.funding.factories import ApplicationFactory


def _recommended(call, organisation, count: int) -> list[Application]:
    applications = [ApplicationFactory(call=call, organisation=organisation) for _ in range(count)]
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        status=Status.RECOMMENDED
    )
    return applications


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_budget(call, organisation, funding_officer):
    # Budget 10,000 €; six approvals of 2,500 € each would need 15,000 €.
    applications = _recommended(call, organisation, 6)
    barrier = threading.Barrier(len(applications))
    results: dict[int, str] = {}

    def approve(application: Application) -> None:
        try:
            barrier.wait()
            services.approve(application=application, by=funding_officer, amount=Decimal("2500.00"))
            results[application.pk] = "ok"
        except services.FundingError as error:
            results[application.pk] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    call.refresh_from_db()
    assert call.approved_total() == Decimal("10000.00")
    assert sorted(results.values()).count("ok") == 4
    refused = [message for message in results.values() if message != "ok"]
    assert len(refused) == 2
    assert all("Das Budget des Aufrufs reicht nicht" in message for message in refused)
    assert all("nur noch 0,00 € frei" in message for message in refused)
    assert Application.objects.filter(status=Status.APPROVED).count() == 4


@pytest.mark.django_db
def test_approval_over_remaining_budget_is_refused_with_reason(call, organisation, funding_officer):
    first, second = _recommended(call, organisation, 2)
    call.total_budget = Decimal("4000.00")
    call.save()
    services.approve(application=first, by=funding_officer, amount=Decimal("2500.00"))

    with pytest.raises(services.FundingError) as error:
        services.approve(application=second, by=funding_officer, amount=Decimal("2000.00"))

    assert "nur noch 1.500,00 € frei" in str(error.value)
    second.refresh_from_db()
    assert second.status == Status.RECOMMENDED


@pytest.mark.django_db
def test_approval_above_requested_amount_is_refused(call, organisation, funding_officer):
    (application,) = _recommended(call, organisation, 1)

    with pytest.raises(services.FundingError, match=r"höchstens die beantragten 2\.500,00 €"):
        services.approve(application=application, by=funding_officer, amount=Decimal("2600"))


@pytest.mark.django_db
def test_payments_never_exceed_approved_amount(call, organisation, funding_officer):
    (application,) = _recommended(call, organisation, 1)
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    services.send_agreement(application=application, by=funding_officer)
    services.record_payment(application=application, by=funding_officer, amount=Decimal("1200"))
    services.record_payment(application=application, by=funding_officer, amount=Decimal("800"))

    with pytest.raises(services.FundingError, match="noch offenen Betrag von 0,00 €"):
        services.record_payment(application=application, by=funding_officer, amount=Decimal("1"))

    assert application.paid_total() == Decimal("2000.00")
    assert list(application.payments.values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_never_exceed_approved_amount(call, organisation, funding_officer):
    (application,) = _recommended(call, organisation, 1)
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    services.send_agreement(application=application, by=funding_officer)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def pay() -> None:
        try:
            barrier.wait()
            services.record_payment(
                application=application, by=funding_officer, amount=Decimal("800")
            )
            outcomes.append("ok")
        except services.FundingError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "ok", "refused", "refused"]
    assert application.paid_total() == Decimal("1600.00")


@pytest.mark.django_db(transaction=True)
def test_reference_numbers_are_unique_under_concurrency(call, organisation, org_member):
    applications = [ApplicationFactory(call=call, organisation=organisation) for _ in range(5)]
    barrier = threading.Barrier(5)

    def submit(application: Application) -> None:
        try:
            barrier.wait()
            services.submit(application=application, by=org_member)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    references = sorted(Application.objects.values_list("reference", flat=True))
    year = call.year
    assert references == [f"DF-{year}-000{n}" for n in range(1, 6)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_lowering_the_budget_while_approving_never_overspends(
    call, organisation, funding_officer, round_
):
    # Budget 10,000 €; four approvals of 2,500 € race a cut of the budget to 8,000 €.
    applications = _recommended(call, organisation, 4)
    barrier = threading.Barrier(len(applications) + 1)
    outcomes: list[str] = []

    def approve(application: Application) -> None:
        try:
            barrier.wait()
            services.approve(application=application, by=funding_officer, amount=Decimal("2500.00"))
            outcomes.append("approved")
        except services.FundingError:
            outcomes.append("refused")
        finally:
            connection.close()

    def cut() -> None:
        try:
            barrier.wait()
            services.change_call_budget(
                call=call, by=funding_officer, total_budget=Decimal("8000.00")
            )
            outcomes.append("cut")
        except services.FundingError:
            outcomes.append("cut refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    threads.append(threading.Thread(target=cut))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    call.refresh_from_db()
    assert call.approved_total() <= call.total_budget
    assert len(outcomes) == 5
