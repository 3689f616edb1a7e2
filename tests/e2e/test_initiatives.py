"""Initiatives in a real browser: a resident searches, filters, opens NUMIC, signs in,
posts an idea and supports another one; axe checks list, detail, ideas and events."""

import re

import pytest

from civicportal.core.models import SDG
from tests.e2e.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, MunicipalityFactory, ThemeFactory, UserFactory
from tests.initiatives.factories import (
    EventFactory,
    IdeaFactory,
    InitiativeFactory,
    PhaseFactory,
    UpdateFactory,
)


@pytest.fixture
def world(transactional_db):
    chemnitz = MunicipalityFactory(slug="chemnitz", name="Chemnitz")
    dortmund = MunicipalityFactory(slug="dortmund", name="Dortmund")
    mobility = ThemeFactory(slug="mobilitaet", name="Mobilität")
    numic = InitiativeFactory(
        municipality=chemnitz,
        slug="numic",
        title="NUMIC – Neues urbanes Mobilitätsbewusstsein in Chemnitz",
        summary="Gemeinsam mit den Einwohner:innen entstand die Modellroute für den Radverkehr.",
        body="Die Modellroute ist ein **Radweg** für den Rad- und Fußverkehr.",
    )
    numic.themes.add(mobility)
    numic.sdgs.set(SDG.objects.filter(number__in=[11, 13]))
    other_city = InitiativeFactory(
        municipality=dortmund, title="Radwege im Dortmunder Norden", summary="Radverkehr."
    )
    other_city.sdgs.set(SDG.objects.filter(number=11))
    PhaseFactory(initiative=numic, title="Ideen für Rad- und Fußwege")
    IdeaFactory(initiative=numic, title="Mehr Fahrradbügel am Hauptbahnhof")
    UpdateFactory(initiative=numic, title="Modellroute eröffnet")
    EventFactory(municipality=chemnitz, initiative=numic, title="Werkstatt Modellroute")
    return numic


def test_resident_finds_numic_posts_and_supports_ideas(page, axe, live_url, world):
    resident = UserFactory(email="rita@example.org", display_name="Rita")

    page.goto("/initiativen/")
    assert_accessible(page, axe)
    page.get_by_label("Suchbegriff").fill("Radwegen")
    page.get_by_role("button", name="Anwenden").click()
    assert page.get_by_role("heading", name="2 Treffer").is_visible()

    page.get_by_label("Kommune").select_option("chemnitz")
    page.get_by_role("button", name="Anwenden").click()
    assert re.search(r"q=Radwegen.*kommune=chemnitz", page.url)
    assert page.get_by_role("heading", name="1 Treffer").is_visible()

    page.get_by_role("link", name=world.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == world.title
    assert page.get_by_text("aktuelle Phase").is_visible()
    assert_accessible(page, axe)

    page.get_by_role("link", name="Anmelden, um dieser Initiative zu folgen").click()
    page.get_by_label("E-Mail").fill(resident.email)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmeldung").click()
    assert page.get_by_role("heading", level=1).inner_text() == world.title
    page.get_by_role("button", name="Folgen").click()
    assert page.get_by_role("button", name="Nicht mehr folgen").is_visible()
    page.get_by_role("link", name="Ideen einbringen").click()
    assert_accessible(page, axe)

    page.get_by_label("Titel deiner Idee").fill("Schattige Bänke entlang der Route")
    page.get_by_label("Beschreibe deine Idee").fill("Alle paar hundert Meter eine Bank.")
    page.get_by_role("region", name="Neue Idee einreichen").get_by_label("Stadtteil").select_option(
        label="kein bestimmter Stadtteil"
    )
    page.get_by_role("button", name="Idee einreichen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Schattige Bänke entlang der Route"
    assert page.get_by_text("Deine Idee ist veröffentlicht").is_visible()
    assert_accessible(page, axe)

    page.get_by_role("link", name="Ideen", exact=True).click()
    page.get_by_role("button", name="„Mehr Fahrradbügel am Hauptbahnhof“ unterstützen").click()
    assert page.get_by_text("1 Unterstützung", exact=False).first.is_visible()
    assert page.get_by_role(
        "button", name="Unterstützung für „Mehr Fahrradbügel am Hauptbahnhof“ zurücknehmen"
    ).is_visible()
    assert_accessible(page, axe)


def test_events_page_is_accessible(page, axe, world):
    page.goto("/termine/")

    assert page.get_by_role("link", name="Werkstatt Modellroute").is_visible()
    assert_accessible(page, axe)
    page.get_by_role("link", name="Werkstatt Modellroute").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Werkstatt Modellroute"
    assert_accessible(page, axe)


def test_editor_moderation_forms_are_accessible(page, axe, live_url, world):
    from civicportal.core.models import StaffMembership
    from tests.factories import StaffMembershipFactory

    editor = UserFactory(email="redaktion@example.org", is_staff=True)
    StaffMembershipFactory(
        user=editor, municipality=world.municipality, role=StaffMembership.Role.EDITOR
    )
    login(page, editor, live_url)

    page.goto(f"/initiativen/{world.slug}/ideen/")
    page.get_by_role("link", name="Mehr Fahrradbügel am Hauptbahnhof").click()
    page.get_by_label("Antwort", exact=True).select_option("adopted")
    page.get_by_role("button", name="Antwort veröffentlichen").click()

    assert page.get_by_text("Die Antwort ist veröffentlicht.").is_visible()
    assert page.get_by_role("heading", name="Antwort der Verwaltung: angenommen").is_visible()
    assert_accessible(page, axe)


def test_my_follows_page_is_accessible_and_unfollows(page, axe, live_url, world):
    resident = UserFactory(email="folgt@example.org")
    login(page, resident, live_url)

    page.goto(f"/initiativen/{world.slug}/")
    page.get_by_role("button", name="Folgen").click()
    page.get_by_role("link", name="Alle Initiativen, denen du folgst").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Initiativen, denen du folgst"
    assert page.get_by_role("link", name="Modellroute eröffnet").is_visible()
    assert_accessible(page, axe)
    # the visible label plus the initiative's title (for screen readers) names the button
    page.get_by_role(
        "button", name=re.compile(rf"^Nicht mehr folgen\W+{re.escape(world.title)}$")
    ).click()
    assert page.get_by_text("Du folgst noch keiner Initiative.").is_visible()
    assert_accessible(page, axe)
