"""Form errors are announced, not only shown (WCAG 3.3.1, 4.1.3): a form sent empty comes
back with an error summary at the top of the form that links to each field, the focus on
that summary and the page title starting with „Fehler:“. And in forced colours (Windows
high contrast) a checked radio button looks different from an unchecked one (1.4.11)."""

from __future__ import annotations

from tests.e2e.conftest import login
from tests.factories import MunicipalityFactory, UserFactory
from tests.volunteering.factories import ConsultationSlotFactory


def test_an_empty_form_announces_its_errors(page, live_url):
    page.goto("/barrierefreiheit/")
    title_before = page.title()

    page.get_by_role("button", name="Meldung senden").click()
    page.wait_for_load_state()

    summary = page.locator(".portal-error-summary")
    assert summary.count() == 1
    assert page.title() == f"Fehler: {title_before}"
    # the focus lands on the summary (after the browser's own scroll to #barriere-melden)
    page.wait_for_function(
        "document.activeElement.classList.contains('portal-error-summary')", timeout=5_000
    )
    assert summary.get_attribute("role") == "alert"
    # the summary comes before the form's first field and links to the field in error
    assert page.evaluate(
        """() => {
          const summary = document.querySelector('.portal-error-summary');
          const field = summary.closest('form').querySelector(
                'input:not([type=hidden]), select, textarea');
          return Boolean(summary.compareDocumentPosition(field)
                         & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    link = summary.get_by_role(
        "link", name="Was funktioniert nicht? – Dieses Feld ist zwingend erforderlich."
    )
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_description"


def test_a_checked_radio_differs_from_an_unchecked_one_in_forced_colours(
    page, live_url, transactional_db
):
    municipality = MunicipalityFactory()
    ConsultationSlotFactory(municipality=municipality)
    ConsultationSlotFactory(municipality=municipality)
    login(page, UserFactory(), live_url)
    page.emulate_media(forced_colors="active")
    page.goto("/engagement/beratung/")

    radios = page.locator("input[name=slot]")
    assert radios.count() == 2
    radios.nth(0).check()
    page.mouse.click(0, 0)  # no focus ring on either
    checked = radios.nth(0).screenshot()
    unchecked = radios.nth(1).screenshot()

    assert checked != unchecked
    colours = page.evaluate(
        """() => [...document.querySelectorAll('input[name=slot]')].map(
             (el) => getComputedStyle(el).backgroundColor)"""
    )
    assert colours[0] != colours[1]
