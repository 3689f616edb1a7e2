"""Funding in a real browser: an association drafts, saves, returns and submits; the
officer approves; the project appears on the public list. axe checks every page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funding.models import Application
from tests.e2e.conftest import assert_accessible, login
from tests.funding.factories import CallFactory, ProgrammeFactory


@pytest.fixture
def open_call(chemnitz):
    programme = ProgrammeFactory(
        municipality=chemnitz, slug="demokratiefoerderung", title="Demokratieförderung"
    )
    return CallFactory(programme=programme, title="Förderaufruf 2026")


def test_association_applies_and_funded_project_is_published(
    page, axe, live_url, open_call, organisation, org_member, funding_officer
):
    login(page, org_member, live_url)

    page.goto("/foerderung/")
    expect(page.get_by_role("heading", name="Demokratieförderung")).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_role("link", name="Demokratieförderung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demokratieförderung")
    assert_accessible(page, axe)
    page.get_by_role("link", name="Förderaufruf 2026").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förderaufruf 2026")
    expect(page.get_by_text("10.000,00 €").first).to_be_visible()
    assert_accessible(page, axe)

    # Draft: only a title, saved.
    page.get_by_role("link", name="Antrag stellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuer Antrag")
    assert_accessible(page, axe)
    page.get_by_label("Projekttitel").fill("Demokratiewerkstatt Kaßberg")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("Dein Entwurf ist gespeichert.")).to_be_visible()

    # Submitting the incomplete draft explains what is missing, in words.
    page.get_by_role("button", name="Antrag einreichen").click()
    expect(page.get_by_text("Bitte gib eine Kurzbeschreibung an.").first).to_be_visible()
    expect(page.get_by_text("mindestens eine Kostenposition").first).to_be_visible()
    assert_accessible(page, axe)

    # Come back later through "Meine Anträge" and complete the application.
    page.goto("/foerderung/antraege/")
    page.get_by_role("link", name="Demokratiewerkstatt Kaßberg").click()
    page.get_by_role("link", name="Antrag bearbeiten").click()
    page.get_by_label("Kurzbeschreibung").fill("Jugendliche diskutieren über ihre Stadt.")
    page.get_by_label("Projektbeschreibung").fill("Sechs Workshops im Stadtteiltreff.")
    page.get_by_label("Ziele").fill("Mitreden lernen.")
    page.get_by_label("Zielgruppen").fill("Jugendliche von 14 bis 18 Jahren")
    page.get_by_label("Projektbeginn").fill(open_call.funding_start.isoformat())
    page.get_by_label("Projektende").fill(open_call.funding_end.isoformat())
    page.locator("#id_plan-0-category").select_option("fees")
    page.locator("#id_plan-0-description").fill("Honorare Workshopleitung")
    page.locator("#id_plan-0-amount").fill("2400")
    page.locator("#id_income-0-kind").select_option("own_funds")
    page.locator("#id_income-0-description").fill("Vereinskasse")
    page.locator("#id_income-0-amount").fill("300")
    page.locator("#id_income-1-kind").select_option("donations")
    page.locator("#id_income-1-amount").fill("100")
    page.get_by_label("Veröffentlichung erlaubt").check()
    page.get_by_role("button", name="Antrag einreichen").click()
    reference = f"DF-{open_call.year}-0001"
    expect(page.get_by_text(f"Aktenzeichen: {reference}").first).to_be_visible()
    assert_accessible(page, axe)

    # The officer works the case in the browser: queue, case page, steps with confirmation,
    # the Bescheid composed from the programme's template and issued.
    page.context.clear_cookies()
    login(page, funding_officer, live_url)
    page.goto("/foerderung/sachbearbeitung/")
    expect(page.get_by_role("heading", name="Neu eingegangen (1)")).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_role("link", name="Demokratiewerkstatt Kaßberg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demokratiewerkstatt Kaßberg")
    expect(page.get_by_role("link", name="Bewilligen")).to_have_count(0)
    assert_accessible(page, axe)
    for step in ("Prüfung beginnen", "Zur Förderung empfehlen"):
        page.get_by_role("link", name=step).click()
        assert_accessible(page, axe)
        page.get_by_role("button", name=f"Bestätigen: {step}").click()
        expect(page.get_by_text(f"Erledigt: {step}.")).to_be_visible()
    page.get_by_role("link", name="Bewilligen").click()
    expect(page.get_by_text("10.000,00 € frei von 10.000,00 €")).to_be_visible()
    page.get_by_label("Betrag (€)").fill("1800")
    page.get_by_role("button", name="Bestätigen: Bewilligen").click()
    page.get_by_role("link", name="Bescheid verfassen und erlassen").click()
    expect(page.get_by_label("Rechtsgrundlage")).not_to_be_empty()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Erlassen und versenden").click()
    expect(page.get_by_text("Der Zuwendungsbescheid ist erlassen und versandt.")).to_be_visible()
    expect(page.get_by_role("link", name="Zuwendungsbescheid 1")).to_be_visible()
    assert_accessible(page, axe)

    page.goto("/foerderung/gefoerderte-projekte/")
    row = page.get_by_role("row", name="Demokratiewerkstatt Kaßberg")
    assert "1.800,00 €" in row.inner_text()
    expect(page.get_by_text(f"{open_call.year}: 1.800,00 € für 1 Projekt")).to_be_visible()
    assert_accessible(page, axe)


def test_reviewer_and_proof_pages_are_accessible(
    page, axe, live_url, open_call, organisation, org_member, reviewer
):
    from funding.models import ReviewAssignment, Status
    from tests.funding.factories import ApplicationFactory, CriterionFactory

    CriterionFactory(programme=open_call.programme, name="Beitrag zur Demokratie", weight=3)
    in_review = ApplicationFactory(call=open_call, organisation=organisation, title="In Prüfung")
    Application.objects.filter(pk=in_review.pk).update(status=Status.IN_REVIEW, reference="DF-1")
    assignment = ReviewAssignment.objects.create(application=in_review, reviewer=reviewer)
    proof_due = ApplicationFactory(call=open_call, organisation=organisation, title="Nachweis")
    Application.objects.filter(pk=proof_due.pk).update(status=Status.PROOF_DUE)

    login(page, reviewer, live_url)
    page.goto(f"/foerderung/gutachten/{assignment.pk}/")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Ich bin nicht befangen").click()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.").first).to_be_visible()
    assert_accessible(page, axe)

    page.context.clear_cookies()
    login(page, org_member, live_url)
    page.goto("/foerderung/antraege/")
    assert_accessible(page, axe)
    page.goto(f"/foerderung/antraege/{proof_due.pk}/verwendungsnachweis/")
    page.get_by_role("button", name="Nachweis einreichen").click()
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.").first).to_be_visible()
    assert_accessible(page, axe)


def test_officer_queries_a_proof_line_and_applicant_sees_the_note(
    page, axe, live_url, open_call, organisation, org_member, funding_officer
):
    from django.utils import timezone

    from funding.models import ActualCost, Decision, ProofOfUse, Status
    from tests.funding.factories import ApplicationFactory

    project = ApplicationFactory(call=open_call, organisation=organisation, title="Stadtteilfest")
    Application.objects.filter(pk=project.pk).update(
        status=Status.PROOF_SUBMITTED, approved_amount=Decimal("2500"), reference="DF-2026-0077"
    )
    Decision.objects.create(
        application=project, amount=Decimal("2500"), purpose="Fest", proof_due="2027-03-31"
    )
    proof = ProofOfUse.objects.create(
        application=project, narrative="Es kamen mehr Leute.", submitted_at=timezone.now()
    )
    first, second = project.budget_items.order_by("pk")
    ActualCost.objects.create(proof=proof, budget_item=first, amount=Decimal("2600"))
    ActualCost.objects.create(proof=proof, budget_item=second, amount=Decimal("1000"))

    login(page, funding_officer, live_url)
    page.goto(f"/foerderung/antraege/{project.pk}/")
    expect(page.get_by_text("Abweichung 30 %")).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_label("Anmerkung zu „Honorare“").first.fill("Bitte Honorarverträge beilegen.")
    page.get_by_role("button", name="Rückfrage stellen").click()
    expect(page.get_by_text("Die Prüfung der Position ist gespeichert.")).to_be_visible()

    page.context.clear_cookies()
    login(page, org_member, live_url)
    page.goto(f"/foerderung/antraege/{project.pk}/")
    expect(
        page.get_by_text("Anmerkung des Förderreferats: Bitte Honorarverträge beilegen.")
    ).to_be_visible()
    assert_accessible(page, axe)
