"""``services.save_draft``: create and update a draft with its financing plan."""

from __future__ import annotations

from decimal import Decimal

import pytest

from funding import services
from funding.models import Application, BudgetItem, Status
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.funding.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

FEES = BudgetItem.Category.FEES
RENT = BudgetItem.Category.RENT


def _line(amount, *, item=None, category=FEES, description="Honorare", delete=False) -> dict:
    return {
        "id": item,
        "category": category,
        "description": description,
        "amount": Decimal(amount),
        "DELETE": delete,
    }


def _income(amount, *, item=None, kind="own_funds", delete=False) -> dict:
    return {
        "id": item,
        "kind": kind,
        "description": "",
        "amount": Decimal(amount),
        "funder": "",
        "funder_status": "",
        "DELETE": delete,
    }


def test_save_draft_creates_application_with_plan_and_totals(call, organisation, org_member):
    application = services.save_draft(
        by=org_member,
        call=call,
        data={"organisation": organisation, "title": "Stadtteilfest"},
        plan=[_line("1200"), _line("800", category=RENT, description="Saalmiete")],
        income=[_income("300")],
    )

    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.author, stored.organisation) == (
        Status.DRAFT,
        org_member,
        organisation,
    )
    assert (stored.total_costs, stored.requested_amount) == (Decimal("2000.00"), Decimal("1700.00"))
    assert list(stored.budget_items.values_list("description", "amount")) == [
        ("Honorare", Decimal("1200.00")),
        ("Saalmiete", Decimal("800.00")),
    ]


def test_save_draft_updates_edits_deletes_and_adds_lines(application, org_member):
    first, second = application.budget_items.all()

    services.save_draft(
        by=org_member,
        application=application,
        data={"title": "Neuer Titel"},
        income=[_income("500", item=application.income_lines.get(), delete=True)],
        plan=[
            _line("2500", item=first),
            _line("1000", item=second, delete=True),
            _line("400", category=RENT, description="Raum"),
        ],
    )

    application.refresh_from_db()
    assert application.title == "Neuer Titel"
    assert list(application.budget_items.values_list("description", "amount")) == [
        ("Honorare", Decimal("2500.00")),
        ("Raum", Decimal("400.00")),
    ]
    assert (application.total_costs, application.requested_amount) == (
        Decimal("2900.00"),
        Decimal("2900.00"),
    )


def test_save_draft_refuses_organisation_of_which_user_is_no_member(call, chemnitz):
    outsider = UserFactory()
    other = OrganisationFactory(municipality=chemnitz)

    with pytest.raises(services.FundingError, match="in der du Mitglied bist"):
        services.save_draft(
            by=outsider, call=call, data={"organisation": other, "title": "X"}, plan=[]
        )

    assert not Application.objects.filter(title="X").exists()


def test_save_draft_refuses_submitted_application(application, org_member):
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)

    with pytest.raises(services.FundingError, match="nicht mehr bearbeitet"):
        services.save_draft(by=org_member, application=application, data={"title": "X"}, plan=[])

    application.refresh_from_db()
    assert application.title != "X"


def test_save_draft_refuses_member_of_another_organisation(application, chemnitz):
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=OrganisationFactory(municipality=chemnitz))

    with pytest.raises(services.FundingError):
        services.save_draft(by=stranger, application=application, data={"title": "X"}, plan=[])


def test_save_draft_refuses_line_of_another_application(application, org_member, call):
    foreign_item = ApplicationFactory(call=call).budget_items.first()

    with pytest.raises(services.FundingError, match="anderen Antrag"):
        services.save_draft(
            by=org_member,
            application=application,
            data={},
            plan=[_line("1", item=foreign_item)],
        )

    foreign_item.refresh_from_db()
    assert foreign_item.amount == Decimal("2000.00")
