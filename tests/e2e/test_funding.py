"""Funding in a real browser: an association drafts, saves, returns and submits; the
officer approves; the project appears on the public list. axe checks every page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from funding import services
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
    assert page.get_by_role("heading", name="Demokratieförderung").is_visible()
    assert_accessible(page, axe)
    page.get_by_role("link", name="Demokratieförderung").click()
    assert_accessible(page, axe)
    page.get_by_role("link", name="Förderaufruf 2026").first.click()
    assert page.get_by_text("10.000,00 €").first.is_visible()
    assert_accessible(page, axe)

    # Draft: only a title, saved.
    page.get_by_role("link", name="Antrag stellen").click()
    assert_accessible(page, axe)
    page.get_by_label("Projekttitel").fill("Demokratiewerkstatt Kaßberg")
    page.get_by_role("button", name="Entwurf speichern").click()
    assert page.get_by_text("Dein Entwurf ist gespeichert.").is_visible()

    # Submitting the incomplete draft explains what is missing, in words.
    page.get_by_role("button", name="Antrag einreichen").click()
    assert page.get_by_text("Bitte gib eine Kurzbeschreibung an.").first.is_visible()
    assert page.get_by_text("mindestens eine Kostenposition").first.is_visible()
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
    page.get_by_label("Eigenanteil (€)").fill("400")
    page.locator("#id_plan-0-category").select_option("fees")
    page.locator("#id_plan-0-description").fill("Honorare Workshopleitung")
    page.locator("#id_plan-0-amount").fill("2400")
    page.get_by_label("Veröffentlichung erlaubt").check()
    page.get_by_role("button", name="Antrag einreichen").click()
    reference = f"DF-{open_call.year}-0001"
    assert page.get_by_text(f"Aktenzeichen: {reference}").first.is_visible()
    assert_accessible(page, axe)

    # The officer decides (service calls stand in for the back office here).
    application = Application.objects.get(reference=reference)
    services.start_review(application=application, by=funding_officer)
    services.recommend(application=application, by=funding_officer)
    services.approve(application=application, by=funding_officer, amount=Decimal("1800"))

    page.goto("/foerderung/gefoerderte-projekte/")
    row = page.get_by_role("row", name="Demokratiewerkstatt Kaßberg")
    assert "1.800,00 €" in row.inner_text()
    assert page.get_by_text(f"{open_call.year}: 1.800,00 € für 1 Projekt").is_visible()
    assert_accessible(page, axe)
