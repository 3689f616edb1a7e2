"""The foundation in a real browser: home, login and signup are accessible and styled."""

import pytest

from tests.e2e.conftest import assert_accessible, login
from tests.factories import InitiativeFactory, MunicipalityFactory, UserFactory


@pytest.fixture
def demo_initiative(transactional_db):
    chemnitz = MunicipalityFactory(slug="chemnitz", name="Chemnitz")
    return InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")


def test_home_page_is_accessible_and_styled(page, axe, demo_initiative):
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == "Mitmachen in deiner Stadt"
    assert page.get_by_role("link", name="Fairtrade-Town Chemnitz").is_visible()
    # The KERN stylesheet loaded from our own server (the font family comes from it).
    font = page.evaluate("getComputedStyle(document.querySelector('.kern-title')).fontFamily")
    assert "Fira Sans" in font
    assert_accessible(page, axe)


def test_first_tab_reaches_the_skip_link(page, demo_initiative):
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"


def test_login_page_is_accessible_also_with_errors(page, axe, transactional_db):
    page.goto("/konto/login/")
    assert_accessible(page, axe)

    page.get_by_label("E-Mail").fill("niemand@example.org")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmeldung").click()

    assert page.locator(".kern-alert--danger, .kern-error").first.is_visible()
    assert_accessible(page, axe)


def test_signup_page_is_accessible_also_with_errors(page, axe, transactional_db):
    page.goto("/konto/signup/")
    assert_accessible(page, axe)

    page.get_by_label("E-Mail").fill("neu@example.org")
    page.get_by_label("Vollständiger Name").fill("Nina Neu")
    page.get_by_label("Passwort", exact=True).fill("kurz")
    page.get_by_role("button", name="Registrieren").click()

    assert page.get_by_label("E-Mail").input_value() == "neu@example.org"
    assert_accessible(page, axe)


def test_signed_in_home_shows_account_state(page, axe, live_url, demo_initiative):
    user = UserFactory(email="rita@example.org", display_name="Rita")
    login(page, user, live_url)

    page.goto("/")
    page.locator(".portal-account-menu > summary").click()  # the account menu (<details>)

    assert page.get_by_text("Angemeldet als Rita").is_visible()
    assert_accessible(page, axe)
