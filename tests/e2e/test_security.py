"""Security in a real browser: the GDPR self-service end to end, and stored markup that
must not run."""

from __future__ import annotations

import json

import pytest

from initiatives.models import Idea, Support
from tests.e2e.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from tests.initiatives.factories import (
    IdeaFactory,
    InitiativeFactory,
    PhaseFactory,
    SupportFactory,
    UpdateFactory,
)

PAYLOAD_TITLE = "<script>window.__pwned = 'title'</script>Bänke"
PAYLOAD_BODY = (
    "<img src=x onerror=\"window.__pwned = 'body'\">"
    "<svg onload=\"window.__pwned = 'svg'\"></svg> Mehr Grün!"
)
PAYLOAD_MARKDOWN = (
    "[Mehr erfahren](javascript:window.__pwned='link')\n\n"
    "<script>window.__pwned = 'update'</script>\n\n"
    '<a href="#" onclick="window.__pwned=\'click\'">Klick</a>'
)


@pytest.fixture
def numic(transactional_db):
    chemnitz = MunicipalityFactory(slug="chemnitz", name="Chemnitz", state="Sachsen")
    initiative = InitiativeFactory(municipality=chemnitz, slug="numic", title="NUMIC Chemnitz")
    PhaseFactory(initiative=initiative)
    return initiative


def test_export_then_delete_account_leaves_the_idea_anonymous(page, axe, live_url, numic):
    resident = UserFactory(email="rita@example.org", display_name="Rita Resident")
    idea = IdeaFactory(initiative=numic, author=resident, title="Mehr Bänke am Kaßberg")
    SupportFactory(idea=idea, user=UserFactory(display_name="Uwe Unterstützer"))
    login(page, resident, live_url)

    page.goto("/konto/daten/")
    assert_accessible(page, axe)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Meine Daten herunterladen (JSON)").click()
    download = download_info.value
    document = json.loads(open(download.path(), encoding="utf-8").read())  # noqa: SIM115

    assert download.suggested_filename.startswith("civicportal-meine-daten-")
    assert document["parts"]["core"]["account"]["email"] == "rita@example.org"
    assert [i["title"] for i in document["parts"]["initiatives"]["ideas"]] == [
        "Mehr Bänke am Kaßberg"
    ]

    page.get_by_label("Dein Passwort").fill(TEST_PASSWORD)
    page.get_by_label("Ja, ich möchte mein Konto endgültig löschen.").check()
    page.get_by_role("button", name="Konto endgültig löschen").click()

    page.get_by_text("Dein Konto ist gelöscht.").wait_for()
    assert page.get_by_role("link", name="Anmelden").is_visible()

    page.goto(f"/initiativen/numic/ideen/{idea.pk}/")
    main = page.locator("main").inner_text()
    assert "Mehr Bänke am Kaßberg" in main
    assert "anonym" in main
    assert "Rita" not in page.content()
    assert Idea.objects.get(pk=idea.pk).author_id is None
    assert Support.objects.filter(idea=idea).count() == 1  # statistics stay correct

    page.goto("/initiativen/numic/ideen/")
    assert "Mehr Bänke am Kaßberg" in page.locator("main").inner_text()
    assert "Rita" not in page.content()


def test_deleting_with_a_wrong_password_keeps_the_account(page, live_url, numic):
    resident = UserFactory(email="rita@example.org")
    login(page, resident, live_url)

    page.goto("/konto/daten/")
    page.get_by_label("Dein Passwort").fill("falsches-passwort")
    page.get_by_label("Ja, ich möchte mein Konto endgültig löschen.").check()
    page.get_by_role("button", name="Konto endgültig löschen").click()

    page.get_by_text("Das Passwort stimmt nicht.", exact=True).wait_for()
    assert type(resident).objects.filter(pk=resident.pk).exists()


def test_stored_markup_is_shown_as_text_and_never_runs(page, live_url, numic):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    author = UserFactory(display_name="<img src=x onerror=\"window.__pwned='name'\">")
    idea = IdeaFactory(initiative=numic, author=author, title=PAYLOAD_TITLE, body=PAYLOAD_BODY)
    update = UpdateFactory(initiative=numic, title="Neuigkeit", body=PAYLOAD_MARKDOWN)
    resident = UserFactory(email="rita@example.org")
    login(page, resident, live_url)

    # Also through the real form: the resident submits a payload as a new idea.
    page.goto("/initiativen/numic/ideen/")
    page.get_by_label("Titel deiner Idee").fill("<script>window.__pwned='form'</script>")
    page.get_by_label("Beschreibe deine Idee").fill(PAYLOAD_BODY)
    page.get_by_role("button", name="Idee einreichen").click()
    page.wait_for_load_state()

    for path in (
        "/initiativen/numic/ideen/",
        f"/initiativen/numic/ideen/{idea.pk}/",
        f"/initiativen/numic/neuigkeiten/{update.pk}/",
        "/initiativen/numic/",
    ):
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned === undefined"), path
        if "neuigkeiten" in path:  # an inline handler would run on click: there is none
            page.get_by_role("link", name="Klick").first.click()
            assert page.evaluate("window.__pwned === undefined"), path
    assert dialogs == []

    page.goto(f"/initiativen/numic/ideen/{idea.pk}/")
    assert PAYLOAD_TITLE in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("main img[src='x']").count() == 0
    page.goto(f"/initiativen/numic/neuigkeiten/{update.pk}/")
    assert page.locator("main a[href^='javascript']").count() == 0
    assert page.locator("main script").count() == 0


def test_error_and_rate_limit_pages_are_accessible(page, axe, live_url, numic, settings):
    from django.core.cache import cache

    from civicportal.security import reset_rate_limits

    page.goto("/gibt-es-nicht/")
    assert page.get_by_role("heading", level=1).inner_text() == "Diese Seite gibt es nicht"
    assert_accessible(page, axe)

    cache.clear()
    reset_rate_limits()
    settings.PORTAL_RATE_LIMITS = {"initiatives:idea_create": "1/h"}
    login(page, UserFactory(email="rita@example.org"), live_url)
    for title in ("Erste Idee", "Zweite Idee"):
        page.goto("/initiativen/numic/ideen/")
        page.get_by_label("Titel deiner Idee").fill(title)
        page.get_by_label("Beschreibe deine Idee").fill("Mehr Bänke am Kaßberg.")
        page.get_by_role("button", name="Idee einreichen").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Kurze Pause, bitte"
    assert page.get_by_role("link", name="Zurück zur vorigen Seite").get_attribute("href") == (
        f"{live_url}/initiativen/numic/ideen/"
    )
    assert_accessible(page, axe)
    assert list(numic.ideas.values_list("title", flat=True)) == ["Erste Idee"]
    cache.clear()
    reset_rate_limits()
