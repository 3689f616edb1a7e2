"""Volunteering in a real browser: a volunteer fills the profile, sees matches with their
reasons, signs up and sees the confirmation and the place count drop. axe checks the list,
detail, matches, my-engagement and consultation pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.e2e.conftest import assert_accessible, login
from tests.factories import DistrictFactory, OrganisationFactory, ThemeFactory
from tests.volunteering.factories import ConsultationSlotFactory, OpportunityFactory, ShiftFactory


def _next_tuesday_evening() -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=7)
    day += datetime.timedelta(days=(1 - day.weekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))


@pytest.fixture
def klimacafe(dortmund):
    hoerde = DistrictFactory(municipality=dortmund, name="Hörde", slug="hoerde")
    klima = ThemeFactory(name="Klimaschutz", slug="klimaschutz")
    organisation = OrganisationFactory(municipality=dortmund, name="Klimatreff Hörde e. V.")
    opportunity = OpportunityFactory(
        organisation=organisation,
        title="Klimacafé in Hörde",
        summary="Schenke Kaffee aus und sprich mit Nachbarn über Klimaschutz.",
        district=hoerde,
        themes=[klima],
    )
    start = _next_tuesday_evening()
    ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=3,
    )
    ConsultationSlotFactory(municipality=dortmund)
    return opportunity


def test_volunteer_finds_a_match_and_signs_up(page, axe, live_url, volunteer, klimacafe):
    login(page, volunteer, live_url)

    page.goto("/engagement/")
    assert page.get_by_text("3 Plätze frei").is_visible()
    assert_accessible(page, axe)

    # The profile: municipality, district, interest, free time, age.
    page.goto("/engagement/profil/")
    page.get_by_label("Wo möchtest du dich engagieren?").select_option(label="Dortmund")
    page.get_by_label("In welchem Stadtbezirk wohnst du?").select_option(label="Hörde (Dortmund)")
    page.get_by_label("Klimaschutz", exact=True).check()
    page.get_by_label("Dienstag abends", exact=True).check()
    page.get_by_label("Wie alt bist du?").select_option(label="30 bis 64 Jahre")
    page.get_by_role("button", name="Profil speichern und Vorschläge ansehen").click()

    # Matches with reasons in words.
    page.wait_for_url("**/engagement/fuer-mich/")
    assert page.get_by_text("Dein Profil ist gespeichert.").is_visible()
    assert page.get_by_text("passt zu deinem Interesse Klimaschutz").is_visible()
    assert page.get_by_text("in deinem Stadtbezirk").is_visible()
    assert page.get_by_text("dienstags abends — da hast du Zeit").is_visible()
    assert_accessible(page, axe)

    # Detail and sign-up: the confirmation and one place fewer.
    page.get_by_role("link", name="Klimacafé in Hörde").click()
    assert page.locator("#places-left").inner_text() == "Noch 3 Plätze frei"
    assert_accessible(page, axe)
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_text("Du bist angemeldet.").is_visible()
    assert page.locator("#places-left").inner_text() == "Noch 2 Plätze frei"
    assert page.get_by_text("bestätigt").first.is_visible()

    # My engagement lists the shift; the consultation page offers the slot.
    page.goto("/engagement/meine/")
    assert page.get_by_role("link", name="Klimacafé in Hörde", exact=True).is_visible()
    assert_accessible(page, axe)
    page.goto("/engagement/beratung/")
    assert page.get_by_role("button", name="Termin buchen").is_visible()
    assert_accessible(page, axe)


def test_organisation_approves_an_application(
    page, axe, live_url, org_member, volunteer, organisation
):
    from volunteering import services

    opportunity = OpportunityFactory(
        organisation=organisation, title="Lesepatenschaft", signup_mode="application"
    )
    shift = ShiftFactory(opportunity=opportunity, capacity=2)
    services.sign_up(volunteer=volunteer, shift=shift, message="Ich lese gern vor.")
    login(page, org_member, live_url)

    page.goto(f"/organisationen/{organisation.slug}/")
    assert page.get_by_text("volunteer@example.org").is_visible()
    assert page.get_by_text("Ich lese gern vor.").is_visible()
    assert_accessible(page, axe)
    page.get_by_label("Nachricht an Vera Volunteer (optional)").fill("Willkommen im Team!")
    page.get_by_role("button", name="Annehmen – Vera Volunteer").click()
    assert page.get_by_text("Die Bewerbung ist angenommen.").is_visible()
    assert page.get_by_role("cell", name="bestätigt").is_visible()
    signup = volunteer.signups.get()
    assert (signup.status, signup.response) == ("confirmed", "Willkommen im Team!")

    page.goto("/engagement/profil/")
    assert_accessible(page, axe)
    page.goto("/organisationen/neu/")
    assert_accessible(page, axe)
    page.goto("/engagement/nachweis/?code=ABCD-EFGH-JKLM")
    assert page.get_by_text("Zu diesem Prüfcode gibt es keinen Nachweis.").is_visible()
    assert_accessible(page, axe)


def test_more_volunteering_page_states_are_accessible(
    page, axe, live_url, volunteer, org_member, organisation, chemnitz
):
    """States the flows above do not reach: hours and certificates, a booking, validation
    errors, a verified code, the qualification list, anonymous detail."""
    import time_machine

    from tests.initiatives.factories import EventFactory
    from tests.volunteering.factories import ProfileFactory
    from volunteering import services

    opportunity = OpportunityFactory(organisation=organisation, title="Stadtteilgarten")
    shift = ShiftFactory(opportunity=opportunity, capacity=1)
    later = ShiftFactory(
        opportunity=opportunity, starts_at=shift.starts_at + datetime.timedelta(days=7)
    )
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    services.sign_up(volunteer=volunteer, shift=later)
    with time_machine.travel(shift.ends_at):
        services.mark_attendance(signup=signup, attended=True, by=org_member)
    certificate = services.issue_certificate(volunteer=volunteer, year=shift.starts_at.year)
    ProfileFactory(user=volunteer, municipality=chemnitz)
    services.book_consultation(
        resident=volunteer, slot=ConsultationSlotFactory(municipality=chemnitz)
    )
    EventFactory(municipality=chemnitz, title="Schulung für Engagierte", is_training=True)

    page.goto(opportunity.get_absolute_url())
    assert page.get_by_role("link", name="Zum Anmelden einloggen").first.is_visible()
    assert_accessible(page, axe)
    page.goto(f"/engagement/nachweis/{certificate.code}/")
    assert page.get_by_text("Der Nachweis ist echt.").is_visible()
    assert_accessible(page, axe)
    page.goto("/engagement/qualifizierung/")
    assert page.get_by_role("link", name="Schulung für Engagierte").is_visible()
    assert_accessible(page, axe)

    login(page, volunteer, live_url)
    page.goto("/engagement/meine/")
    assert page.get_by_text(
        f"Nachweis {certificate.year} (Prüfcode {certificate.code})"
    ).is_visible()
    assert_accessible(page, axe)
    page.goto("/engagement/beratung/")
    assert page.get_by_role("heading", name="Meine Termine").is_visible()
    assert_accessible(page, axe)
    page.goto("/engagement/profil/")
    page.get_by_label("Wie alt bist du?").select_option(value="")
    page.get_by_role("button", name="Profil speichern und Vorschläge ansehen").click()
    assert page.locator(".kern-error, .kern-form-input--error").first.is_visible()
    assert_accessible(page, axe)

    login(page, org_member, live_url)
    page.goto(f"/organisationen/{organisation.slug}/neues-angebot/")
    page.get_by_role("button", name="Angebot anlegen").click()
    assert page.locator(".kern-form-input--error").first.is_visible()
    assert_accessible(page, axe)


def test_organisation_runs_its_shifts(page, axe, live_url, org_member, organisation, volunteer):
    """The organisation's day: a new offer lands on its shift form, is published with a
    date, the date moves and gets more places (the waiting person moves up), another date
    is cancelled with a message, and everyone signed up gets a note."""
    from tests.factories import UserFactory
    from volunteering import services
    from volunteering.models import Signup

    login(page, org_member, live_url)
    page.goto(f"/organisationen/{organisation.slug}/neues-angebot/")
    page.get_by_label("Titel").fill("Gartentag")
    page.get_by_label("Kurzbeschreibung").fill("Wir pflegen den Stadtteilgarten.")
    page.get_by_role("button", name="Angebot anlegen").click()

    # Lands on the dashboard with the new-shift form open; no "0 places" anywhere.
    assert page.get_by_text("Füge jetzt Termine hinzu").is_visible()
    shift_form = page.locator("details.volunteering-add-shift[open]")
    start = timezone.localtime() + datetime.timedelta(days=4)
    shift_form.get_by_label("Beginn").fill(start.strftime("%Y-%m-%dT10:00"))
    shift_form.get_by_label("Ende").fill(start.strftime("%Y-%m-%dT13:00"))
    shift_form.get_by_label("Plätze").fill("1")
    shift_form.get_by_role("button", name="Termin anlegen").click()
    assert page.get_by_text("Der Termin ist angelegt.").is_visible()
    page.get_by_role("button", name="Veröffentlichen – Gartentag").click()
    assert page.get_by_text("Das Angebot ist veröffentlicht.").is_visible()

    opportunity = organisation.opportunities.get()
    shift = opportunity.shifts.get()
    later = ShiftFactory(
        opportunity=opportunity, starts_at=shift.starts_at + datetime.timedelta(days=7)
    )
    services.sign_up(volunteer=volunteer, shift=shift)
    waiting = UserFactory(full_name="Willi Warteliste")
    services.sign_up(volunteer=waiting, shift=shift)
    services.sign_up(volunteer=UserFactory(), shift=later)

    # Move the first date by two hours and give it a second place.
    page.goto(f"/organisationen/{organisation.slug}/")
    page.locator("summary", has_text="Termin ändern").first.click()
    edit = page.locator("details.volunteering-manage[open]")
    edit.get_by_label("Beginn").fill(start.strftime("%Y-%m-%dT12:00"))
    edit.get_by_label("Ende").fill(start.strftime("%Y-%m-%dT15:00"))
    edit.get_by_label("Plätze").fill("2")
    edit.get_by_label("Ort").fill("Gemeinschaftsgarten")
    assert_accessible(page, axe)
    edit.get_by_role("button", name="Änderung speichern").click()
    assert page.get_by_text("1 Person ist von der Warteliste nachgerückt.").is_visible()
    assert Signup.objects.get(volunteer=waiting).status == Signup.Status.CONFIRMED

    # Write to everyone signed up.
    page.locator("summary", has_text="Nachricht an alle Angemeldeten").click()
    message = page.locator("details.volunteering-manage[open]")
    message.get_by_label("Betreff").fill("Handschuhe")
    message.get_by_label("Nachricht").fill("Bitte bringt Handschuhe mit.")
    message.get_by_role("button", name="Nachricht senden").click()
    assert page.get_by_text("Die Nachricht geht an 3 Personen.").is_visible()

    # Cancel the later date with a reason.
    page.locator("summary", has_text="Termin absagen").nth(1).click()
    cancel = page.locator("details.volunteering-manage[open]")
    cancel.get_by_label("Nachricht an die Angemeldeten").fill("Fällt wegen Regen aus.")
    cancel.get_by_role("button", name="Termin absagen").click()
    assert page.get_by_text("Der Termin ist abgesagt.").is_visible()
    assert_accessible(page, axe)
    later.refresh_from_db()
    assert later.cancelled_at is not None
