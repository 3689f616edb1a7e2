"""Proof of use line by line: the officer accepts or queries each deviating line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding import services
from funding.models import ActualCost, Application, Decision, Payment, ProofOfUse, Status

pytestmark = pytest.mark.django_db

LineStatus = ActualCost.LineStatus


@pytest.fixture
def submitted(application):
    """A submitted proof: "Honorare" 2,000 → 2,600 € (+30 %, flagged), 1,000 → 1,050 €."""
    Application.objects.filter(pk=application.pk).update(
        status=Status.PROOF_SUBMITTED, approved_amount=Decimal("2500"), reference="DF-2026-0042"
    )
    Decision.objects.create(
        application=application, amount=Decimal("2500"), purpose="Fest", proof_due="2027-03-31"
    )
    Payment.objects.create(application=application, number=1, amount=Decimal("2500"))
    proof = ProofOfUse.objects.create(
        application=application, narrative="Es kamen mehr Leute.", submitted_at=timezone.now()
    )
    first, second = application.budget_items.order_by("pk")
    ActualCost.objects.create(proof=proof, budget_item=first, amount=Decimal("2600"))
    ActualCost.objects.create(proof=proof, budget_item=second, amount=Decimal("1050"))
    application.refresh_from_db()
    return application


def _lines(application):
    return list(ActualCost.objects.filter(proof__application=application).order_by("pk"))


def test_officer_accepts_deviating_line_then_the_proof(submitted, funding_officer):
    flagged, _within = _lines(submitted)

    services.review_proof_line(line=flagged, by=funding_officer, accept=True)
    services.accept_proof(application=submitted, by=funding_officer)

    flagged.refresh_from_db()
    submitted.refresh_from_db()
    assert (flagged.line_status, submitted.status) == (LineStatus.ACCEPTED, Status.CLOSED)


def test_proof_cannot_be_accepted_while_a_deviating_line_is_open(submitted, funding_officer):
    with pytest.raises(services.FundingError, match="noch nicht anerkannt: Honorare"):
        services.accept_proof(application=submitted, by=funding_officer)

    submitted.refresh_from_db()
    assert submitted.status == Status.PROOF_SUBMITTED


def test_query_needs_a_note(submitted, funding_officer):
    flagged, _within = _lines(submitted)

    with pytest.raises(services.FundingError, match="Rückfrage"):
        services.review_proof_line(line=flagged, by=funding_officer, accept=False, note="  ")

    flagged.refresh_from_db()
    assert flagged.line_status == LineStatus.PENDING


def test_line_within_20_percent_is_not_reviewed_singly(submitted, funding_officer):
    _flagged, within = _lines(submitted)

    with pytest.raises(services.FundingError, match="mehr als 20 %"):
        services.review_proof_line(line=within, by=funding_officer, accept=True)


@pytest.mark.parametrize("who", ["org_member", "reviewer", "editor_chemnitz", "resident"])
def test_only_the_officer_reviews_lines(submitted, who, request):
    flagged, _within = _lines(submitted)

    with pytest.raises(services.FundingError, match="Nur das Förderreferat"):
        services.review_proof_line(line=flagged, by=request.getfixturevalue(who), accept=True)


def test_lines_are_reviewed_only_while_the_proof_is_submitted(submitted, funding_officer):
    Application.objects.filter(pk=submitted.pk).update(status=Status.PROOF_DUE)
    flagged, _within = _lines(submitted)

    with pytest.raises(services.FundingError, match="nicht zur Prüfung eingereicht"):
        services.review_proof_line(line=flagged, by=funding_officer, accept=True)


def test_queried_lines_make_the_correction_note_and_applicant_sees_it(
    submitted, funding_officer, org_member, client
):
    flagged, _within = _lines(submitted)
    services.review_proof_line(
        line=flagged, by=funding_officer, accept=False, note="Bitte Honorarverträge beilegen."
    )

    services.request_proof_correction(application=submitted, by=funding_officer)

    submitted.refresh_from_db()
    assert submitted.status == Status.PROOF_DUE
    assert submitted.status_changes.last().note == "Honorare: Bitte Honorarverträge beilegen."
    client.force_login(org_member)
    html = client.get(reverse("funding:proof", args=[submitted.pk])).content.decode()
    assert "Rückfrage des Förderreferats: Bitte Honorarverträge beilegen." in html


def test_changed_amount_reopens_a_queried_line(submitted, funding_officer, org_member):
    flagged, within = _lines(submitted)
    services.review_proof_line(line=flagged, by=funding_officer, accept=False, note="Beleg?")
    services.request_proof_correction(application=submitted, by=funding_officer)

    services.save_proof(
        application=submitted,
        by=org_member,
        narrative="Korrigiert",
        people_reached=40,
        actual={flagged.budget_item_id: Decimal("2550"), within.budget_item_id: within.amount},
    )

    flagged.refresh_from_db()
    assert (flagged.amount, flagged.line_status, flagged.officer_note) == (
        Decimal("2550.00"),
        LineStatus.PENDING,
        "",
    )


def test_officer_reviews_lines_on_the_detail_page(submitted, funding_officer, org_member, client):
    flagged, _within = _lines(submitted)
    client.force_login(funding_officer)
    url = reverse("funding:proof_line", args=[submitted.pk, flagged.pk])

    client.post(url, {"decision": "query", "note": "Warum 600 € mehr?"})

    flagged.refresh_from_db()
    assert (flagged.line_status, flagged.officer_note) == (LineStatus.QUERIED, "Warum 600 € mehr?")
    client.force_login(org_member)
    html = client.get(reverse("funding:application", args=[submitted.pk])).content.decode()
    assert "Anmerkung des Förderreferats: Warum 600 € mehr?" in html
    assert "Abweichung 30 %" in html
    assert "Position anerkennen" not in html


def test_applicant_cannot_accept_a_line_through_the_view(submitted, org_member, client):
    flagged, _within = _lines(submitted)
    client.force_login(org_member)

    client.post(
        reverse("funding:proof_line", args=[submitted.pk, flagged.pk]), {"decision": "accept"}
    )

    flagged.refresh_from_db()
    assert flagged.line_status == LineStatus.PENDING


def test_line_of_another_application_is_404(submitted, funding_officer, client, call):
    from tests.funding.factories import ApplicationFactory

    other = ApplicationFactory(call=call)
    flagged, _within = _lines(submitted)
    client.force_login(funding_officer)

    response = client.post(
        reverse("funding:proof_line", args=[other.pk, flagged.pk]), {"decision": "accept"}
    )

    assert response.status_code == 404
    flagged.refresh_from_db()
    assert flagged.line_status == LineStatus.PENDING
