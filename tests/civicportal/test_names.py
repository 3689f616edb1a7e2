"""Names (issue 12, item 1): a full name (private) and a public name; every place uses
the right one and none shows an e-mail address where a name belongs."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from civicportal.account_data import export_user_data
from civicportal.core.models import StaffMembership, User, default_public_name
from civicportal.core.notifications import deliver
from funding import services as funding_services
from funding.letters import decision_pdf
from funding.models import Application, Status
from initiatives import notifications
from initiatives.models import Comment
from tests.documents.pdfcheck import read
from tests.factories import InitiativeFactory, StaffMembershipFactory, UserFactory
from tests.funding.factories import ApplicationFactory
from tests.initiatives.factories import FollowFactory, IdeaFactory, UpdateFactory
from tests.volunteering.factories import (
    ConsultationSlotFactory,
    OpportunityFactory,
    ShiftFactory,
)
from volunteering import services
from volunteering.models import Certificate

pytestmark = pytest.mark.django_db

PASSWORD = "Ein-sicheres-Passwort-2026"


@pytest.fixture
def shift(organisation):
    return ShiftFactory(opportunity=OpportunityFactory(organisation=organisation), capacity=2)


@pytest.fixture
def initiative(chemnitz):
    return InitiativeFactory(municipality=chemnitz)


def _signup(client, **names):
    return client.post(
        "/konto/signup/",
        {"email": "anna@example.org", "password1": PASSWORD, "password2": PASSWORD, **names},
    )


# --- sign-up and the profile ---------------------------------------------------------------


def test_default_public_name_is_first_name_and_initial():
    assert default_public_name("Anna Keller") == "Anna K."
    assert default_public_name("  Anna  Maria   von Keller ") == "Anna K."
    assert default_public_name("Cher") == "Cher"
    assert default_public_name("") == ""


def test_signup_asks_for_both_names_and_saves_them(client):
    page = client.get("/konto/signup/").content.decode()
    assert 'name="full_name"' in page
    assert 'name="display_name"' in page

    response = _signup(client, full_name="Anna Keller", display_name="Radlerin Anna")

    assert response.status_code == 302
    user = User.objects.get(email="anna@example.org")
    assert (user.full_name, user.display_name) == ("Anna Keller", "Radlerin Anna")


def test_signup_public_name_defaults_from_full_name(client):
    _signup(client, full_name="Anna  Keller", display_name="")

    user = User.objects.get(email="anna@example.org")
    assert (user.full_name, user.display_name) == ("Anna Keller", "Anna K.")


def test_signup_without_full_name_errs_at_the_field_and_keeps_input(client):
    response = _signup(client, full_name="  ", display_name="Anna K.")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte gib deinen vollständigen Namen an." in page
    assert 'value="Anna K."' in page
    assert 'value="anna@example.org"' in page
    assert not User.objects.filter(email="anna@example.org").exists()


def test_public_name_must_not_be_an_email_address(client, resident):
    client.force_login(resident)
    response = client.post(
        "/konto/profil/", {"full_name": "Rita Resident", "display_name": "rita@example.org"}
    )

    assert response.status_code == 200
    assert "darf keine E-Mail-Adresse sein" in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"


def test_account_without_names_is_asked_once_and_returns_to_its_page(client):
    old = UserFactory(email="alt@example.org", full_name="", display_name="")
    client.force_login(old)

    response = client.get("/initiativen/?seite=2")
    assert response.status_code == 302
    assert response.url == "/konto/profil/?next=%2Finitiativen%2F%3Fseite%3D2"
    form = client.get(response.url).content.decode()
    assert "Bitte ergänze deinen Namen" in form
    assert 'name="next" value="/initiativen/?seite=2"' in form

    saved = client.post(
        "/konto/profil/",
        {"full_name": "Otto Alt", "display_name": "", "next": "/initiativen/?seite=2"},
    )
    assert saved.status_code == 302
    assert saved.url == "/initiativen/?seite=2"
    old.refresh_from_db()
    assert (old.full_name, old.display_name) == ("Otto Alt", "Otto A.")
    # Asked once: from now on every page opens directly.
    assert client.get("/initiativen/").status_code == 200


def test_names_gate_lets_account_pages_posts_and_feeds_pass(client):
    old = UserFactory(email="alt@example.org", full_name="", display_name="")
    client.force_login(old)

    assert client.get("/konto/email/").status_code == 200
    assert client.get("/konto/daten/").status_code == 200
    assert client.get("/termine.ics").status_code == 200
    assert client.post("/konto/logout/").status_code == 302


def test_profile_next_must_stay_on_the_site(client, resident):
    client.force_login(resident)
    response = client.post(
        "/konto/profil/",
        {"full_name": "Rita Resident", "display_name": "Rita", "next": "https://evil.example/"},
    )
    assert response.url == "/konto/profil/"


# --- where the names appear ----------------------------------------------------------------


def test_idea_and_comments_are_signed_with_public_names(client, resident):
    author = UserFactory(email="anna@example.org", full_name="Anna Keller", display_name="Anna K.")
    idea = IdeaFactory(author=author, title="Mehr Bänke")
    Comment.objects.create(idea=idea, author=resident, body="Gute Idee!")

    page = client.get(idea.get_absolute_url()).content.decode()

    assert "Anna K." in page
    assert "Rita Resident" in page
    assert "Anna Keller" not in page
    assert "anna@example.org" not in page
    assert "Teilnehmende Person" not in page


def test_organisation_sees_full_names_in_dashboard_and_csv(client, org_member, shift):
    volunteer = UserFactory(
        email="vera@example.org", full_name="Vera Vogelsang", display_name="Vera V."
    )
    services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(org_member)
    slug = shift.opportunity.organisation.slug

    dashboard = client.get(f"/organisationen/{slug}/").content.decode()
    csv = client.get(f"/organisationen/{slug}/teilnehmende.csv").content.decode("utf-8-sig")

    assert "Vera Vogelsang" in dashboard
    assert "Teilnehmende Person" not in dashboard
    assert ";Vera Vogelsang;vera@example.org;" in csv


def _confirmed_hours(volunteer, org_member, shift):
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    with time_machine.travel(shift.ends_at):
        services.mark_attendance(signup=signup, attended=True, by=org_member)


def test_certificate_and_public_check_show_full_name_never_email(client, org_member, shift):
    volunteer = UserFactory(
        email="vera@example.org", full_name="Vera Vogelsang", display_name="Vera V."
    )
    _confirmed_hours(volunteer, org_member, shift)

    certificate = services.issue_certificate(volunteer=volunteer, year=shift.starts_at.year)
    page = client.get(f"/engagement/nachweis/{certificate.code}/").content.decode()

    assert certificate.holder_name == "Vera Vogelsang"
    assert "Vera Vogelsang" in page
    assert str(shift.starts_at.year) in page
    assert "vera@example.org" not in page


def test_certificate_needs_a_name(org_member, shift):
    volunteer = UserFactory(email="vera@example.org", full_name="", display_name="")
    _confirmed_hours(volunteer, org_member, shift)

    with pytest.raises(services.VolunteeringError, match="vollständigen Namen"):
        services.issue_certificate(volunteer=volunteer, year=shift.starts_at.year)


def test_old_certificate_with_email_gets_the_name_once_given(client, org_member, shift):
    volunteer = UserFactory(email="vera@example.org", full_name="", display_name="")
    _confirmed_hours(volunteer, org_member, shift)
    certificate = Certificate.objects.create(
        volunteer=volunteer, year=2025, code="ABCD-EFGH-JKLM", holder_name="", total_hours=3
    )
    before = client.get(f"/engagement/nachweis/{certificate.code}/").content.decode()
    assert "3 bestätigte Stunden im Jahr 2025" in before

    client.force_login(volunteer)
    client.post("/konto/profil/", {"full_name": "Vera Vogelsang", "display_name": ""})
    client.logout()

    after = client.get(f"/engagement/nachweis/{certificate.code}/").content.decode()
    assert "für Vera Vogelsang: 3 bestätigte Stunden im Jahr 2025" in after


def test_mails_greet_by_name(volunteer, shift, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(volunteer=volunteer, shift=shift)

    assert mail.outbox[-1].body.startswith("Hallo Vera Volunteer,")
    assert "volunteer@example.org" not in mail.outbox[-1].body


def _update_mail(initiative, follower):
    """The mail a follower gets about a published update (civicportal.core.notifications)."""
    FollowFactory(initiative=initiative, user=follower)
    update = UpdateFactory(initiative=initiative)
    deliver(notifications.UPDATE, {"update_id": update.pk})
    (message,) = mail.outbox
    return message


def test_update_mail_greets_follower_by_name(initiative):
    message = _update_mail(initiative, UserFactory(email="f@example.org", full_name="Fritz Folger"))

    assert message.body.startswith("Hallo Fritz Folger,")


def test_mail_without_name_greets_plainly(initiative):
    message = _update_mail(
        initiative, UserFactory(email="f@example.org", full_name="", display_name="")
    )

    assert message.body.startswith("Hallo,\n")
    assert not re.search(r"Hallo f@", message.body)


def test_admin_welcomes_staff_by_name(client, superuser):
    superuser.full_name = "Erika Dortmund"
    superuser.save()
    client.force_login(superuser)

    page = client.get("/admin/").content.decode()

    assert "Erika Dortmund" in page


def test_export_has_both_names(resident):
    resident.full_name = "Rita Rot"
    resident.save()

    account = export_user_data(resident)["parts"]["core"]["account"]
    assert (account["full_name"], account["display_name"]) == ("Rita Rot", "Rita Resident")


def test_decision_letter_names_the_applicant_by_full_name(chemnitz, funding_officer):
    author = UserFactory(email="antje@example.org", full_name="Antje Antrag", display_name="A.")
    application = ApplicationFactory(author=author, call__programme__municipality=chemnitz)
    Application.objects.filter(pk=application.pk).update(status=Status.RECOMMENDED)
    application.refresh_from_db()
    funding_services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    application.refresh_from_db()

    text = " ".join(read(decision_pdf(application, language="de")).text.split())

    assert "z. Hd. Antje Antrag" in text
    assert "antje@example.org" not in text


def test_agency_mail_about_a_booking_names_the_resident(
    chemnitz, agency_staff, django_capture_on_commit_callbacks
):
    StaffMembershipFactory(
        user=agency_staff, municipality=chemnitz, role=StaffMembership.Role.VOLUNTEER_COORDINATOR
    )
    resident = UserFactory(email="rolf@example.org", full_name="Rolf Rat", display_name="R.")
    slot = ConsultationSlotFactory(municipality=chemnitz, counsellor=UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        services.book_consultation(resident=resident, slot=slot, topic="Ehrenamt")

    (to_agency,) = [m for m in mail.outbox if m.to == [agency_staff.email]]
    assert "Rolf Rat hat die Engagement-Beratung" in to_agency.body
    assert "rolf@example.org" in to_agency.body
