"""Public pages, the applicant side, attachments, letters and reviews."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from funding import services
from funding.models import (
    Application,
    Attachment,
    BudgetItem,
    ProofOfUse,
    Review,
    ReviewAssignment,
    Status,
)
from tests.documents.pdfcheck import findings, read
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.funding.factories import ApplicationFactory, CallFactory, CriterionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def _approved(call, organisation, amount="2000", consent=True, **kwargs) -> Application:
    application = ApplicationFactory(
        call=call, organisation=organisation, publication_consent=consent, **kwargs
    )
    Application.objects.filter(pk=application.pk).update(
        status=Status.APPROVED, approved_amount=Decimal(amount)
    )
    return application


# --- public pages ----------------------------------------------------------------------------


def test_programme_list_shows_open_calls_first_with_remaining_budget(
    client, programme, organisation
):
    closed = CallFactory(
        programme=programme,
        title="Aufruf 2022",
        year=2022,
        opens_at=timezone.now() - datetime.timedelta(days=900),
        closes_at=timezone.now() - datetime.timedelta(days=800),
        funding_start=datetime.date(2022, 1, 1),
        funding_end=datetime.date(2022, 12, 31),
    )
    open_call = CallFactory(programme=programme, title="Aufruf offen", total_budget=Decimal("8000"))
    _approved(open_call, organisation, amount="2500")
    del closed

    response = client.get("/foerderung/")

    html = response.content.decode()
    assert html.index("Aufruf offen") < html.index("Aufruf 2022")
    assert "5.500,00 €" in html


@pytest.mark.parametrize("count", [1, 8])
def test_programme_list_query_count_is_constant(
    client, chemnitz, django_assert_max_num_queries, count
):
    for _ in range(count):
        CallFactory(programme__municipality=chemnitz)

    with django_assert_max_num_queries(4):
        response = client.get("/foerderung/")

    assert response.content.decode().count("funding-call") == count


def test_call_page_shows_rules_and_budget(client, call):
    response = client.get(call.get_absolute_url())

    html = response.content.decode()
    assert "10.000,00 €" in html
    assert "5.000,00 €" in html
    assert "Melde dich an" in html


def test_funded_list_shows_consenting_projects_and_totals_per_year(client, call, organisation):
    _approved(call, organisation, amount="2000", title="Sichtbar A")
    _approved(call, organisation, amount="1500.50", title="Sichtbar B")
    _approved(call, organisation, amount="999", consent=False, title="Geheim")
    ApplicationFactory(call=call, organisation=organisation, title="Nur Entwurf")

    response = client.get("/foerderung/gefoerderte-projekte/")

    html = response.content.decode()
    assert "Sichtbar A" in html
    assert "Sichtbar B" in html
    assert "Geheim" not in html
    assert "Nur Entwurf" not in html
    assert f"{call.year}: 3.500,50 € für 2 Projekte" in html


def test_funded_list_filters_by_year_and_links_initiatives(
    client, programme, organisation, chemnitz
):
    from tests.factories import InitiativeFactory

    initiative = InitiativeFactory(municipality=chemnitz, title="Allianz für Demokratie")
    old = CallFactory(
        programme=programme,
        year=2022,
        opens_at=timezone.now() - datetime.timedelta(days=900),
        closes_at=timezone.now() - datetime.timedelta(days=800),
    )
    new = CallFactory(programme=programme, year=2026)
    _approved(old, organisation, title="Projekt 2022", initiative=initiative)
    _approved(new, organisation, title="Projekt 2026")

    response = client.get("/foerderung/gefoerderte-projekte/", {"jahr": "2022"})

    html = response.content.decode()
    assert "Projekt 2022" in html
    assert "Projekt 2026" not in html
    assert initiative.get_absolute_url() in html


@pytest.mark.parametrize("count", [2, 30])
def test_funded_list_query_count_is_constant(
    client, call, organisation, django_assert_max_num_queries, count
):
    call.total_budget = Decimal("1000000")
    call.save()
    for _ in range(count):
        _approved(call, organisation)

    with django_assert_max_num_queries(5):
        response = client.get("/foerderung/gefoerderte-projekte/")

    assert response.content.decode().count('<th scope="row"') == count


def test_funded_csv_lists_amounts(client, call, organisation):
    _approved(call, organisation, amount="1234.5", title="CSV-Projekt")

    response = client.get("/foerderung/gefoerderte-projekte.csv")

    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"{call.year};{call.programme.title};Chemnitz;;CSV-Projekt;" in body
    assert "1234,50" in body


# --- applicant side ------------------------------------------------------------------------------


def _form_data(**overrides) -> dict:
    data = {
        "title": "Demokratiewerkstatt",
        "summary": "Jugendliche diskutieren.",
        "description": "Sechs Workshops.",
        "goals": "Mitreden lernen.",
        "target_groups": "Jugendliche",
        "start_date": "",
        "end_date": "",
        "publication_consent": "on",
        "income-TOTAL_FORMS": "3",
        "income-INITIAL_FORMS": "0",
        "income-0-kind": "own_funds",
        "income-0-amount": "500",
        "plan-TOTAL_FORMS": "3",
        "plan-INITIAL_FORMS": "0",
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "40",
        "plan-0-category": "fees",
        "plan-0-description": "Honorare Workshopleitung",
        "plan-0-amount": "3000",
        "action": "save",
    }
    data.update(overrides)
    return data


def test_member_saves_a_draft_with_only_a_title(client, call, organisation, org_member):
    client.force_login(org_member)

    response = client.post(
        reverse("funding:apply", args=[call.pk]),
        {
            "organisation": organisation.pk,
            "title": "Nur ein Titel",
            "plan-TOTAL_FORMS": "0",
            "plan-INITIAL_FORMS": "0",
            "income-TOTAL_FORMS": "0",
            "income-INITIAL_FORMS": "0",
            "action": "save",
        },
    )

    application = Application.objects.get()
    assert response.url == reverse("funding:application_edit", args=[application.pk])
    assert (application.title, application.status, application.author) == (
        "Nur ein Titel",
        Status.DRAFT,
        org_member,
    )


def test_submit_explains_problems_in_words(client, call, organisation, org_member):
    client.force_login(org_member)
    data = _form_data(
        organisation=organisation.pk,
        start_date=str(call.funding_start - datetime.timedelta(days=10)),
        end_date=str(call.funding_end),
        **{"plan-0-amount": "9000", "income-0-amount": "100"},
        action="submit",
    )

    response = client.post(reverse("funding:apply", args=[call.pk]), data)

    html = response.content.decode()
    assert "Du beantragst 8.900,00 €, höchstens 5.000,00 € sind je Antrag möglich." in html
    assert "Der Eigenanteil (Eigenmittel und Eigenleistungen) ist zu niedrig: 1 % statt" in html
    assert "Das Projekt muss im Förderzeitraum" in html
    assert Application.objects.get().status == Status.DRAFT


def test_refused_submission_of_an_unverified_organisation_says_who_verifies_and_what_is_missing(
    client, call, organisation, org_member
):
    organisation.verified_at = None
    organisation.email = "post@kassberg.example"
    organisation.save()
    client.force_login(org_member)
    data = _form_data(
        organisation=organisation.pk,
        start_date=str(call.funding_start),
        end_date=str(call.funding_end),
        action="submit",
    )

    response = client.post(reverse("funding:apply", args=[call.pk]), data)

    html = response.content.decode()
    assert "Dein Entwurf ist gespeichert, aber noch nicht eingereicht." in html
    assert "prüft die FreiwilligenAgentur Chemnitz sie" in html
    assert "die Satzung und den Auszug aus dem Vereinsregister" in html
    assert "fehlt noch: eine Beschreibung, was eure Organisation tut; eine Anschrift." in html
    assert "Demokratiewerkstatt" in html  # nothing typed is lost
    assert Application.objects.get().status == Status.DRAFT


def test_submit_gives_reference_and_confirmation_mail(
    client, call, organisation, org_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(org_member)
    data = _form_data(
        organisation=organisation.pk,
        start_date=str(call.funding_start),
        end_date=str(call.funding_end),
        action="submit",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:apply", args=[call.pk]), data)

    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert application.reference == f"DF-{call.year}-0001"
    assert application.requested_amount == Decimal("2500.00")
    assert response.url == application.get_absolute_url()
    assert len(mailoutbox) == 1
    assert f"Das Aktenzeichen lautet DF-{call.year}-0001" in mailoutbox[0].body


def test_submit_to_closed_call_is_refused(client, programme, organisation, org_member):
    call = CallFactory(
        programme=programme,
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    application = ApplicationFactory(call=call, organisation=organisation)
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    client.force_login(org_member)

    response = client.post(reverse("funding:application_action", args=[application.pk, "submit"]))

    application.refresh_from_db()
    assert application.status == Status.DRAFT
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Der Aufruf ist geschlossen" in m for m in messages)


def test_members_of_the_same_organisation_work_together(client, application, organisation):
    colleague = UserFactory(email="colleague@example.org")
    MembershipFactory(organisation=organisation, user=colleague)
    client.force_login(colleague)

    response = client.get(reverse("funding:application_edit", args=[application.pk]))

    assert response.status_code == 200
    assert application.title in response.content.decode()


def test_other_organisation_cannot_see_application(client, application, chemnitz):
    stranger = UserFactory()
    MembershipFactory(organisation=OrganisationFactory(municipality=chemnitz), user=stranger)
    client.force_login(stranger)

    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.get(reverse("funding:application_edit", args=[application.pk])).status_code == 404


# --- attachments ---------------------------------------------------------------------------------


def _upload(client, application, name, content):
    return client.post(
        reverse("funding:attachments", args=[application.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def test_pdf_upload_is_stored_privately_with_server_name(
    client, application, org_member, private_root
):
    client.force_login(org_member)

    _upload(client, application, "Kostenplan.pdf", PDF)

    attachment = Attachment.objects.get()
    assert attachment.original_name == "Kostenplan.pdf"
    assert attachment.content_type == "application/pdf"
    assert "Kostenplan" not in attachment.file.name
    assert (private_root / attachment.file.name).read_bytes() == PDF


def test_file_pretending_to_be_pdf_is_refused(client, application, org_member, private_root):
    client.force_login(org_member)

    response = _upload(client, application, "rechnung.pdf", b"#!/bin/sh\necho hallo\n")

    assert not Attachment.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Diese Datei ist weder ein PDF noch ein Bild (PNG, JPEG, WebP). Wir prüfen den "
        "Inhalt, nicht nur die Endung."
    ]


def test_attachment_download_allowed_for_members_and_officer(
    client, application, org_member, funding_officer, private_root
):
    client.force_login(org_member)
    _upload(client, application, "bild.png", PNG)
    url = Attachment.objects.get().get_absolute_url()

    member_response = client.get(url)
    client.force_login(funding_officer)
    officer_response = client.get(url)

    assert b"".join(member_response.streaming_content) == PNG
    assert b"".join(officer_response.streaming_content) == PNG
    assert member_response["Content-Type"] == "image/png"


def test_attachment_download_refused_for_others(
    client, application, org_member, chemnitz, editor_chemnitz, private_root
):
    client.force_login(org_member)
    _upload(client, application, "plan.pdf", PDF)
    url = Attachment.objects.get().get_absolute_url()
    client.logout()

    anonymous = client.get(url)
    stranger = UserFactory()
    MembershipFactory(organisation=OrganisationFactory(municipality=chemnitz), user=stranger)
    client.force_login(stranger)
    other_member = client.get(url)
    client.force_login(editor_chemnitz)
    editor = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))
    assert other_member.status_code == 404
    assert editor.status_code == 404


# --- letter, review, proof -------------------------------------------------------------------


def test_decision_letter_is_a_tagged_pdf_with_embedded_fonts(
    client, application, funding_officer, org_member
):
    Application.objects.filter(pk=application.pk).update(status=Status.RECOMMENDED)
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    services.send_agreement(application=application, by=funding_officer)
    client.force_login(org_member)

    response = client.get(reverse("funding:letter", args=[application.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert findings(response.content, language="de", names=[application.title]) == []
    assert "Zuwendungsbescheid" in read(response.content).text


def test_decision_letter_is_english_for_a_reader_of_the_english_portal(
    client, application, funding_officer, org_member
):
    Application.objects.filter(pk=application.pk).update(status=Status.RECOMMENDED)
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    services.send_agreement(application=application, by=funding_officer)
    client.force_login(org_member)
    client.cookies["django_language"] = "en"

    # The middleware activates English in this thread; override() restores it afterwards.
    with translation.override("de"):
        response = client.get(reverse("funding:letter", args=[application.pk]))

    facts = read(response.content)
    assert facts.language == "en"
    assert facts.title.startswith("Funding decision")
    assert "only the German decision is legally binding" in " ".join(facts.text.split())
    assert findings(response.content, language="en", names=[application.title]) == []


def test_weighted_score_ignores_conflicted_reviewer(application, programme, reviewer, chemnitz):
    from civicportal.core.models import StaffMembership
    from tests.factories import StaffMembershipFactory

    impact = CriterionFactory(programme=programme, weight=3)
    feasibility = CriterionFactory(programme=programme, weight=1)
    second = UserFactory(is_staff=True)
    StaffMembershipFactory(user=second, municipality=chemnitz, role=StaffMembership.Role.REVIEWER)
    Application.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)
    application.refresh_from_db()
    first = ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    other = ReviewAssignment.objects.create(application=application, reviewer=second)
    services.save_review(
        assignment=first, by=reviewer, scores={impact.pk: (4, "gut"), feasibility.pk: (0, "")}
    )
    services.save_review(
        assignment=other, by=second, scores={impact.pk: (0, ""), feasibility.pk: (0, "")}
    )

    services.declare_conflict(assignment=other, by=second, note="Vorstandsmitglied")

    scored = Application.objects.with_scores().get(pk=application.pk)
    assert scored.weighted_score == pytest.approx(3.0)
    assert not Review.objects.filter(assignment=other).exists()


def test_reviewer_page_saves_scores(client, application, programme, reviewer):
    criterion = CriterionFactory(programme=programme, weight=2)
    Application.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)
    assignment = ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    before = client.get(reverse("funding:review", args=[assignment.pk])).content.decode()
    client.post(reverse("funding:review_declare", args=[assignment.pk]))

    client.post(
        reverse("funding:review", args=[assignment.pk]),
        {f"score_{criterion.pk}": "5", f"comment_{criterion.pk}": "Überzeugend"},
    )

    assert Review.objects.get().score == 5
    # Before the declaration the page shows no part of the application beyond its title.
    assert application.description not in before
    assert "Ich bin nicht befangen" in before


def test_proof_lines_deviating_more_than_20_percent_are_flagged(
    client, application, org_member, funding_officer
):
    Application.objects.filter(pk=application.pk).update(
        status=Status.PROOF_DUE, approved_amount=Decimal("2500")
    )
    first, second = BudgetItem.objects.filter(application=application).order_by("pk")
    client.force_login(org_member)

    client.post(
        reverse("funding:proof", args=[application.pk]),
        {
            "narrative": "Alles lief gut.",
            "people_reached": "120",
            f"line_{first.pk}": "2300",  # +15 %
            f"line_{second.pk}": "500",  # -50 %
            f"income_{application.income_lines.get().pk}": "500",
            "declaration": "on",
            "action": "submit",
        },
    )

    application.refresh_from_db()
    proof = ProofOfUse.objects.get(application=application)
    assert application.status == Status.PROOF_SUBMITTED
    assert [line.is_flagged for line in proof.lines.order_by("budget_item_id")] == [False, True]
    assert proof.people_reached == 120


def test_underspending_leads_to_repayment(application, funding_officer):
    Application.objects.filter(pk=application.pk).update(
        status=Status.PROOF_SUBMITTED, approved_amount=Decimal("2500")
    )
    from funding.models import ActualCost, ActualIncome, Payment

    Payment.objects.create(application=application, number=1, amount=Decimal("2500"))
    # Shortfall financing: costs 1,500 € less own funds 500 € justify 1,000 €.
    proof = ProofOfUse.objects.create(application=application, narrative="Bericht")
    ActualIncome.objects.create(
        proof=proof, income_line=application.income_lines.get(), amount=Decimal("500")
    )
    for item in application.budget_items.all():
        ActualCost.objects.create(proof=proof, budget_item=item, amount=item.amount / 2)
    application.refresh_from_db()

    assert services.suggested_repayment(application) == Decimal("1500.00")
    services.request_repayment(application=application, by=funding_officer)

    proof.refresh_from_db()
    assert proof.repayment_amount == Decimal("1500.00")


@pytest.mark.parametrize("count", [1, 12])
def test_my_applications_query_count_is_constant(
    client, call, organisation, org_member, django_assert_max_num_queries, count
):
    for _ in range(count):
        ApplicationFactory(call=call, organisation=organisation)
    client.force_login(org_member)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("funding:my_applications"))

    assert response.content.decode().count('<th scope="row"') == count


def test_my_applications_shows_simple_status_names(client, application, org_member):
    Application.objects.filter(pk=application.pk).update(status=Status.NOT_RECOMMENDED)
    client.force_login(org_member)

    html = client.get(reverse("funding:my_applications")).content.decode()

    assert "Wird geprüft" in html
    assert "nicht empfohlen" not in html


def test_call_admits_only_eligible_applicant_types(call, organisation):
    call.eligible_applicant_types = ["ggmbh"]
    call.save()
    application = ApplicationFactory(call=call, organisation=organisation)

    problems = services.submission_problems(application)

    assert ("organisation", "Dieser Aufruf fördert nur: gemeinnützige GmbH / UG.") in problems


def test_oversized_attachment_is_refused(client, application, org_member, private_root):
    client.force_login(org_member)

    response = _upload(client, application, "gross.pdf", PDF + b"0" * (10 * 1024 * 1024))

    assert not Attachment.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Die Datei ist größer als 10 MB."]


def test_reviewer_list_shows_only_own_assignments(
    client, application, reviewer, call, organisation
):
    other = ApplicationFactory(call=call, organisation=organisation, title="Nicht meins")
    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    ReviewAssignment.objects.create(application=other, reviewer=UserFactory(is_staff=True))
    client.force_login(reviewer)

    html = client.get(reverse("funding:reviews")).content.decode()

    assert application.title in html
    assert "Nicht meins" not in html


def test_decision_letter_renders_umlauts_and_euro_sign(application, funding_officer):
    from funding.letters import decision_pdf

    Application.objects.filter(pk=application.pk).update(
        status=Status.RECOMMENDED, title="Bürgerdialog Kaßberg"
    )
    application.refresh_from_db()
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    application.refresh_from_db()

    text = " ".join(read(decision_pdf(application, language="de")).text.split())

    assert "auf Ihren Antrag „Bürgerdialog Kaßberg“ bewilligen wir" in text
    assert "2.000,00 €" in text


def test_officer_sees_full_status_and_weighted_score(
    client, application, programme, reviewer, funding_officer
):
    criterion = CriterionFactory(programme=programme, weight=2)
    Application.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)
    assignment = ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    services.save_review(assignment=assignment, by=reviewer, scores={criterion.pk: (4, "")})
    client.force_login(funding_officer)

    html = client.get(application.get_absolute_url()).content.decode()

    assert "in Prüfung" in html
    assert "4,00 von 5" in html


def test_funded_list_search_uses_german_stemming(client, call, organisation):
    _approved(call, organisation, title="Theaterprojekt für Jugendliche")
    _approved(call, organisation, title="Fußballturnier")

    html = client.get(
        "/foerderung/gefoerderte-projekte/", {"q": "Theaterprojekte"}
    ).content.decode()

    assert "Theaterprojekt für Jugendliche" in html
    assert "Fußballturnier" not in html


def test_funded_list_search_ranks_like_the_portal_search_and_suggests(client, call, organisation):
    """With words, the funded projects come as /suche/ ranks them (the word in the title
    above the word in the summary, whatever the title order) and a typo gets its
    correction („Meintest du …?“)."""
    _approved(call, organisation, title="Aktion Stadtgrün", summary="Ein Beitrag zum Klimaschutz")
    _approved(call, organisation, title="Klimaschutz im Verein")
    url = reverse("funding:funded")

    def titles(response) -> list[str]:
        return [project.title for project in response.context["page_obj"].object_list]

    assert titles(client.get(url, {"q": "Klimaschutz"})) == [
        "Klimaschutz im Verein",
        "Aktion Stadtgrün",
    ]
    assert titles(client.get(url)) == ["Aktion Stadtgrün", "Klimaschutz im Verein"]
    response = client.get(url, {"q": "Klimschutz"})
    assert titles(response) == []
    assert response.context["suggestion"] == "Klimaschutz"
    html = response.content.decode()
    assert "Meintest du:" in html
    assert "?q=Klimaschutz" in html
    assert client.get(url, {"q": "Klimaschutz"}).context["suggestion"] == ""


def test_saved_proof_shows_deviating_lines_to_the_applicant(client, application, org_member):
    Application.objects.filter(pk=application.pk).update(status=Status.PROOF_DUE)
    first, second = BudgetItem.objects.filter(application=application).order_by("pk")
    client.force_login(org_member)
    url = reverse("funding:proof", args=[application.pk])

    client.post(
        url,
        {
            "narrative": "Bericht",
            f"line_{first.pk}": "2000",
            f"line_{second.pk}": "1300",
            f"income_{application.income_lines.get().pk}": "500",
            "action": "save",
        },
    )
    html = client.get(url).content.decode()

    assert "Honorare: geplant 1.000,00 €, tatsächlich 1.300,00 €" in html
    assert "tatsächlich 2.000,00 €" not in html  # the unchanged line is not listed


def test_funded_csv_neutralises_formulas(client, call, organisation):
    _approved(call, organisation, title="=1+2")

    body = client.get("/foerderung/gefoerderte-projekte.csv").content.decode("utf-8-sig")

    assert ";'=1+2;" in body


def test_funded_list_keeps_order_year_then_title_across_pages(client, call, organisation):
    call.total_budget = Decimal("1000000")
    call.save()
    for title in ["Zirkus", "Atelier", "Musik"]:
        _approved(call, organisation, title=title, amount="10")

    html = client.get("/foerderung/gefoerderte-projekte/").content.decode()

    positions = [html.index(f">{title}") for title in ["Atelier", "Musik", "Zirkus"]]
    assert positions == sorted(positions)


def test_funded_list_second_page_shows_the_rest(client, call, organisation, monkeypatch):
    from funding import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    call.total_budget = Decimal("1000000")
    call.save()
    for title in ["Atelier", "Musik", "Zirkus"]:
        _approved(call, organisation, title=title, amount="10")

    html = client.get("/foerderung/gefoerderte-projekte/?seite=2").content.decode()

    assert ">Zirkus" in html
    assert ">Atelier" not in html
