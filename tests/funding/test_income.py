"""Itemised income of the financing plan and of the proof of use (issue 16, item 6): the
request is the shortfall, income is never negative, and the repayment follows the actual
income and costs by financing type."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from civicportal.core.inputs import constraint_error
from funding import services
from funding.models import (
    Application,
    Decision,
    FinancingType,
    IncomeLine,
    Payment,
    ProofOfUse,
    Status,
)
from tests.funding.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

OWN, WORK, DONATIONS, FEES, FUNDER = (
    IncomeLine.Kind.OWN_FUNDS,
    IncomeLine.Kind.OWN_WORK,
    IncomeLine.Kind.DONATIONS,
    IncomeLine.Kind.FEES,
    IncomeLine.Kind.FUNDER,
)
NO_NEGATIVE_INCOME = (
    "Eine Einnahme braucht einen Betrag über 0 €: Einnahmen verringern den beantragten "
    "Betrag, nie erhöhen sie ihn."
)


def _plan(**overrides) -> dict:
    data = {
        "title": "Erzählcafé Kaßberg",
        "plan-TOTAL_FORMS": "2",
        "plan-INITIAL_FORMS": "0",
        "plan-0-category": "fees",
        "plan-0-description": "Honorare",
        "plan-0-amount": "2.000,00",
        "plan-1-category": "rent",
        "plan-1-description": "Saalmiete",
        "plan-1-amount": "1.000,00",
        "income-TOTAL_FORMS": "4",
        "income-INITIAL_FORMS": "0",
        "income-0-kind": "own_funds",
        "income-0-description": "Vereinskasse",
        "income-0-amount": "300,00",
        "income-1-kind": "donations",
        "income-1-description": "Spenden der Nachbarschaft",
        "income-1-amount": "200",
        "income-2-kind": "fees",
        "income-2-description": "3 € je Nachmittag",
        "income-2-amount": "100",
        "income-3-kind": "funder",
        "income-3-description": "Honorare der Erzählpat:innen",
        "income-3-funder": "Stiftung Bürgersinn",
        "income-3-funder_status": "applied",
        "income-3-amount": "1.234,56",
        "action": "save",
    }
    data.update(overrides)
    return data


def test_request_is_the_shortfall_of_several_income_lines(client, call, organisation, org_member):
    client.force_login(org_member)

    response = client.post(
        reverse("funding:apply", args=[call.pk]), _plan(organisation=organisation.pk)
    )

    application = Application.objects.get()
    assert response.status_code == 302
    # 3,000.00 costs − (300 + 200 + 100 + 1,234.56) income = 1,165.44 requested.
    assert (application.total_costs, application.total_income) == (
        Decimal("3000.00"),
        Decimal("1834.56"),
    )
    assert application.own_contribution == Decimal("300.00")
    assert application.requested_amount == Decimal("1165.44")
    assert list(
        application.income_lines.values_list("kind", "funder", "funder_status", "amount")
    ) == [
        (OWN, "", "", Decimal("300.00")),
        (DONATIONS, "", "", Decimal("200.00")),
        (FEES, "", "", Decimal("100.00")),
        (FUNDER, "Stiftung Bürgersinn", "applied", Decimal("1234.56")),
    ]


def test_income_above_the_costs_leaves_no_request_and_says_so(application, org_member):
    line = application.income_lines.get()
    IncomeLine.objects.create(application=application, kind=DONATIONS, amount=Decimal("4000"))
    application.recalculate()
    application.save()

    assert (application.total_income, application.requested_amount) == (
        Decimal("4500.00"),
        Decimal("0.00"),
    )
    assert line.amount == Decimal("500.00")
    with pytest.raises(services.FundingError, match="decken bereits alle Kosten"):
        services.submit(application=application, by=org_member)


@pytest.mark.parametrize("amount", ["-500", "0", "0,00"])
def test_negative_or_zero_income_is_refused_with_a_sentence(
    client, call, organisation, org_member, amount
):
    client.force_login(org_member)

    response = client.post(
        reverse("funding:apply", args=[call.pk]),
        _plan(organisation=organisation.pk, **{"income-1-amount": amount}),
    )

    assert response.status_code == 422
    assert NO_NEGATIVE_INCOME in response.content.decode()
    assert not Application.objects.exists()


def test_negative_or_zero_income_is_refused_by_the_service_and_the_database(
    application, org_member
):
    line = {"id": None, "kind": DONATIONS, "amount": Decimal("-1"), "DELETE": False}
    with pytest.raises(services.FundingError, match="über 0 €"):
        services.save_draft(by=org_member, application=application, data={}, plan=[], income=[line])

    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        IncomeLine.objects.create(application=application, kind=DONATIONS, amount=Decimal("0"))
    assert constraint_error(caught.value).message_dict["amount"] == [NO_NEGATIVE_INCOME]
    application.refresh_from_db()
    assert application.requested_amount == Decimal("2500.00")


def test_other_funder_needs_its_name_and_status(
    client, call, organisation, org_member, application
):
    client.force_login(org_member)

    response = client.post(
        reverse("funding:apply", args=[call.pk]),
        _plan(
            organisation=organisation.pk,
            **{"income-3-funder": "", "income-3-funder_status": ""},
        ),
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Bitte nenne den anderen Förderer." in html
    assert "Ist die andere Förderung beantragt oder bewilligt?" in html
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        IncomeLine.objects.create(application=application, kind=FUNDER, amount=Decimal("10"))
    assert "Förderer und den Stand" in constraint_error(caught.value).message_dict["funder"][0]


def test_form_keeps_everything_typed_on_an_error(client, call, organisation, org_member):
    client.force_login(org_member)
    data = _plan(
        organisation=organisation.pk,
        summary="Erzählen verbindet.",
        **{"income-1-amount": "-200", "income-3-funder": ""},
    )

    response = client.post(reverse("funding:apply", args=[call.pk]), data)

    html = response.content.decode()
    assert response.status_code == 422
    for typed in [
        'value="Erzählcafé Kaßberg"',
        "Erzählen verbindet.",
        'value="Saalmiete"',
        'value="2.000,00"',
        'value="Vereinskasse"',
        'value="300,00"',
        'value="Spenden der Nachbarschaft"',
        'value="-200"',
        'value="3 € je Nachmittag"',
        'value="Honorare der Erzählpat:innen"',
        'value="1.234,56"',
        '<option value="applied" selected>',
    ]:
        assert typed in html, typed
    # Each error at its line.
    assert NO_NEGATIVE_INCOME in html
    assert "Bitte nenne den anderen Förderer." in html
    assert not Application.objects.exists()


def test_edit_page_shows_the_stored_income_lines_and_removes_one(client, application, org_member):
    client.force_login(org_member)
    url = reverse("funding:application_edit", args=[application.pk])
    line = application.income_lines.get()

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": application.title,
            "plan-TOTAL_FORMS": "0",
            "plan-INITIAL_FORMS": "0",
            "income-TOTAL_FORMS": "1",
            "income-INITIAL_FORMS": "1",
            "income-0-id": line.pk,
            "income-0-application": application.pk,
            "income-0-kind": "own_funds",
            "income-0-amount": "500,00",
            "income-0-DELETE": "on",
            "action": "save",
        },
    )

    assert 'value="500,00"' in page
    assert response.status_code == 302
    application.refresh_from_db()
    assert not application.income_lines.exists()
    assert (application.own_contribution, application.requested_amount) == (
        Decimal("0.00"),
        Decimal("3000.00"),
    )


# --- proof of use: actual income per planned line, repayment by financing type -------------------


def _funded(call, organisation, org_member, financing_type, share=None) -> Application:
    """3,000 € costs, 1,000 € planned income (300 own, 200 donations, 100 fees, 400 from a
    foundation): 2,000 € requested, approved and paid; the proof is due."""
    application = ApplicationFactory(
        call=call,
        organisation=organisation,
        author=org_member,
        income=[
            {"kind": OWN, "amount": "300"},
            {"kind": DONATIONS, "amount": "200"},
            {"kind": FEES, "amount": "100"},
            {"kind": FUNDER, "amount": "400", "funder": "Stiftung", "funder_status": "applied"},
        ],
    )
    assert application.requested_amount == Decimal("2000.00")
    Application.objects.filter(pk=application.pk).update(
        status=Status.PROOF_DUE, approved_amount=Decimal("2000.00")
    )
    Decision.objects.create(
        application=application,
        amount=Decimal("2000.00"),
        purpose="Erzählcafé",
        proof_due="2027-03-31",
        financing_type=financing_type,
        share_percent=share,
    )
    Payment.objects.create(application=application, number=1, amount=Decimal("2000.00"))
    return application


def _submit_proof(client, application, org_member):
    """Actual costs 2,000 + 600 = 2,600 €; actual income: own 300, donations 350, fees 50,
    the foundation 0 (refused), plus 100 € unplanned = 800 €."""
    client.force_login(org_member)
    fees_item, rent_item = application.budget_items.order_by("pk")
    own, donations, fees, funder = application.income_lines.order_by("pk")
    response = client.post(
        reverse("funding:proof", args=[application.pk]),
        {
            "narrative": "Zwölf Nachmittage mit 180 Gästen.",
            "people_reached": "180",
            f"line_{fees_item.pk}": "2.000,00",
            f"line_{rent_item.pk}": "600",
            f"income_{own.pk}": "300",
            f"income_{donations.pk}": "350,00",
            f"income_{fees.pk}": "50",
            f"income_{funder.pk}": "0",
            "unplanned_income": "100",
            "declaration": "on",
            "action": "submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    application.refresh_from_db()
    assert application.status == Status.PROOF_SUBMITTED
    proof = ProofOfUse.objects.get(application=application)
    assert (proof.actual_total(), proof.actual_income) == (Decimal("2600.00"), Decimal("800.00"))
    assert list(proof.income_actuals.order_by("income_line").values_list("amount", flat=True)) == [
        Decimal("300.00"),
        Decimal("350.00"),
        Decimal("50.00"),
        Decimal("0.00"),
    ]
    return application


def test_repayment_for_fixed_amount_financing(client, call, organisation, org_member):
    application = _funded(call, organisation, org_member, FinancingType.FIXED)

    _submit_proof(client, application, org_member)

    # Festbetrag: the actual costs (2,600 €) stay above the fixed 2,000 €; income does not
    # reduce a fixed amount: nothing is paid back.
    assert services.suggested_repayment(application) == Decimal("0.00")


def test_repayment_for_share_financing(client, call, organisation, org_member):
    application = _funded(call, organisation, org_member, FinancingType.SHARE, Decimal("60"))

    _submit_proof(client, application, org_member)

    # Anteil 60 %: 60 % of 2,600 € = 1,560 € justified; 2,000 € paid, 440 € back.
    assert services.suggested_repayment(application) == Decimal("440.00")


def test_repayment_for_shortfall_financing(client, call, organisation, org_member, funding_officer):
    application = _funded(call, organisation, org_member, FinancingType.SHORTFALL)

    _submit_proof(client, application, org_member)

    # Fehlbedarf: 2,600 € costs − 800 € actual income = 1,800 € justified; 200 € back.
    assert services.suggested_repayment(application) == Decimal("200.00")
    client.force_login(funding_officer)
    case = client.get(application.get_case_url()).content.decode()
    assert "Berechnete Rückforderung" in case
    assert "200,00 €" in case
    assert "Mittel anderer Förderer: Stiftung (beantragt)" in case
    assert "geplant 200,00 €, tatsächlich 350,00 €" in case
    assert "Weitere, im Plan nicht genannte Einnahmen: 100,00 €" in case


def test_case_page_and_applicant_page_list_the_income_lines(
    client, call, organisation, org_member, funding_officer
):
    application = _funded(call, organisation, org_member, FinancingType.SHORTFALL)

    client.force_login(funding_officer)
    case = client.get(application.get_case_url()).content.decode()
    client.force_login(org_member)
    detail = client.get(application.get_absolute_url()).content.decode()

    for page in (case, detail):
        assert "Teilnahmebeiträge" in page
        assert "Mittel anderer Förderer: Stiftung (beantragt)" in page
    assert "Einnahmen gesamt (davon Eigenanteil 300,00 €)" in case
    assert "1.000,00 € (davon Eigenanteil 300,00 €)" in detail
