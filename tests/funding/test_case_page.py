"""The funding officer's case page: one application from submission to the closed proof
of use without an admin list action, and the rules that hold on the way."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from civicportal.core.models import StaffMembership
from funding import services
from funding.models import (
    Application,
    Criterion,
    FinancingType,
    InternalNote,
    IssuedLetter,
    PaymentRequest,
    Status,
)
from tests.factories import StaffMembershipFactory, UserFactory
from tests.funding.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _reviewer(chemnitz, name: str, email: str):
    user = UserFactory(email=email, full_name=name, display_name=name, is_staff=True)
    StaffMembershipFactory(user=user, municipality=chemnitz, role=StaffMembership.Role.REVIEWER)
    return user


def _step(client, application, action: str, **data):
    return client.post(reverse("funding:case_step", args=[application.pk, action]), data)


@pytest.fixture
def programme_template(programme):
    programme.legal_basis = "§§ 23, 44 SäHO i. V. m. der Richtlinie Demokratie"
    programme.letter_conditions = "Die ANBest-P sind Bestandteil dieses Bescheids."
    programme.signer_name = "Dr. Petra Lange"
    programme.signer_role = "Leiterin des Amtes für Bürgerbeteiligung"
    programme.financing_type = FinancingType.SHORTFALL
    programme.save()
    Criterion.objects.create(programme=programme, name="Wirkung im Stadtteil", weight=2)
    Criterion.objects.create(programme=programme, name="Finanzierung solide", weight=1)
    return programme


def test_officer_handles_an_application_from_submission_to_closed_proof(
    client,
    chemnitz,
    programme_template,
    application,
    org_member,
    funding_officer,
    django_capture_on_commit_callbacks,
):
    services.submit(application=application, by=org_member)
    rita = _reviewer(chemnitz, "Rita Roth", "rita@example.org")
    otto = _reviewer(chemnitz, "Otto Ost", "otto@example.org")
    client.force_login(funding_officer)

    # The queue is the start page: the new application is listed there.
    queue = client.get(reverse("funding:cases")).content.decode()
    assert "Neu eingegangen (1)" in queue
    assert application.get_case_url() in queue

    # Only the valid next step is offered; an invalid one is refused with a sentence.
    case = client.get(application.get_case_url()).content.decode()
    assert "Prüfung beginnen" in case
    assert "Bewilligen" not in case
    refused = _step(client, application, "approve")
    assert refused.status_code == 422
    assert "ist im Status „eingereicht“ nicht möglich" in refused.content.decode()
    assert _step(client, application, "start_review", note="").status_code == 302

    # Two reviewers assigned by name; each is told by e-mail.
    found = client.get(application.get_case_url(), {"gutachter": "rita"}).content.decode()
    assert "Rita Roth (rita@example.org)" in found
    assert "Otto Ost" not in found
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for reviewer in (rita, otto):
            client.post(
                reverse("funding:case_assign", args=[application.pk]), {"reviewer": reviewer.pk}
            )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "otto@example.org",
        "rita@example.org",
    ]
    criteria = list(programme_template.criteria.all())
    for reviewer, scores in ((rita, (5, 4)), (otto, (3, 2))):
        assignment = application.review_assignments.get(reviewer=reviewer)
        services.save_review(
            assignment=assignment,
            by=reviewer,
            scores={
                criterion.pk: (score, f"{reviewer.full_name}: Begründung {criterion.name}")
                for criterion, score in zip(criteria, scores, strict=True)
            },
        )

    # The officer reads scores and comments per criterion; the applicant never does.
    case = client.get(application.get_case_url()).content.decode()
    assert "Rita Roth: Begründung Wirkung im Stadtteil" in case
    assert "Otto Ost: Begründung Finanzierung solide" in case
    assert "3,67 von 5" in case  # (5·2 + 4 + 3·2 + 2) / 6

    # An internal note stays internal; a message reaches the applicant.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("funding:case_note", args=[application.pk]),
            {"text": "Begleitausschuss 28.01.: einstimmig empfohlen"},
        )
        client.post(
            reverse("funding:case_message", args=[application.pk]),
            {"text": "Bitte reicht noch die Satzung nach."},
        )
    assert InternalNote.objects.filter(application=application).count() == 1
    assert [message.to for message in mail.outbox] == [["member@example.org"]]
    assert "Satzung" in mail.outbox[0].body
    assert "Begleitausschuss" not in mail.outbox[0].body

    assert _step(client, application, "recommend", note="").status_code == 302
    assert _step(client, application, "approve", note="", amount="").status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.approved_amount == Decimal("2500.00")

    # The Bescheid is composed from the programme's template, previewed, then issued.
    compose = client.get(reverse("funding:case_decision", args=[application.pk])).content.decode()
    assert "Dr. Petra Lange" in compose
    assert "ANBest-P" in compose
    preview = client.get(reverse("funding:case_decision_preview", args=[application.pk]))
    assert preview["Content-Type"] == "application/pdf"
    assert not IssuedLetter.objects.exists()
    decision = application.decision
    issued = client.post(
        reverse("funding:case_decision", args=[application.pk]),
        {
            "purpose": "Sprachcafés und Sommerfest im Stadtteil",
            "financing_type": FinancingType.SHORTFALL,
            "share_percent": "",
            "period_start": decision.period_start.isoformat(),
            "period_end": decision.period_end.isoformat(),
            "conditions": decision.conditions,
            "proof_due": decision.proof_due.isoformat(),
            "legal_basis": decision.legal_basis,
            "signer_name": decision.signer_name,
            "signer_role": decision.signer_role,
            "action": "issue",
        },
    )
    assert issued.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.AGREEMENT_SENT
    letter = IssuedLetter.objects.get(application=application)
    assert letter.sha256 == hashlib.sha256(bytes(letter.pdf)).hexdigest()

    # The stored PDF stays byte-identical after later edits.
    client.force_login(org_member)
    first = client.get(reverse("funding:letter", args=[application.pk])).content
    Application.objects.filter(pk=application.pk).update(title="Nachträglich geändert")
    decision.refresh_from_db()
    decision.purpose = "Etwas ganz anderes"
    decision.save()
    assert client.get(reverse("funding:letter", args=[application.pk])).content == first
    assert hashlib.sha256(first).hexdigest() == letter.sha256

    # The applicant asks for the money (Mittelabruf); the officer pays it from the case page.
    client.post(
        reverse("funding:payment_request", args=[application.pk]),
        {"amount": "2.500,00", "note": "Honorare Sprachcafé"},
    )
    payment_request = PaymentRequest.objects.get(application=application)
    client.force_login(funding_officer)
    assert "Mittelabruf über 2.500,00 €" in client.get(application.get_case_url()).content.decode()
    client.post(reverse("funding:case_pay_request", args=[application.pk, payment_request.pk]))
    payment_request.refresh_from_db()
    assert payment_request.payment.amount == Decimal("2500.00")

    assert _step(client, application, "request_proof", note="").status_code == 302
    items = list(application.budget_items.order_by("pk"))
    services.save_proof(
        application=application,
        by=org_member,
        narrative="Zwölf Sprachcafés, ein Sommerfest.",
        people_reached=180,
        actual={items[0].pk: Decimal("2000.00"), items[1].pk: Decimal("800.00")},
        actual_income={application.income_lines.get().pk: Decimal("500.00")},
        unplanned_income=Decimal("200.00"),
        declaration=True,
    )
    services.submit_proof(application=application, by=org_member)

    # Shortfall financing: 2,800 € costs − 700 € income = 2,100 € justified; 400 € back.
    case = client.get(application.get_case_url()).content.decode()
    assert "Berechnete Rückforderung" in case
    assert "400,00 €" in case
    assert _step(client, application, "request_repayment", note="", amount="").status_code == 302
    application.refresh_from_db()
    assert application.proof.repayment_amount == Decimal("400.00")
    assert _step(client, application, "confirm_repayment", note="").status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CLOSED


def test_applicant_never_sees_internal_notes_or_reviews(
    client, programme_template, application, org_member, funding_officer
):
    services.submit(application=application, by=org_member)
    services.add_internal_note(
        application=application, by=funding_officer, text="Vorstand wirkt unzuverlässig"
    )
    client.force_login(org_member)

    page = client.get(application.get_absolute_url()).content.decode()

    assert "Vorstand wirkt unzuverlässig" not in page
    assert client.get(application.get_case_url()).status_code == 404


def test_reviewer_search_is_scoped_to_the_municipality(
    client, chemnitz, dortmund, application, org_member, funding_officer
):
    services.submit(application=application, by=org_member)
    _reviewer(dortmund, "Rita Dortmund", "rita.do@example.org")
    stranger = UserFactory(email="rita.x@example.org", full_name="Rita Extern")
    client.force_login(funding_officer)

    page = client.get(application.get_case_url(), {"gutachter": "rita"}).content.decode()
    refused = client.post(
        reverse("funding:case_assign", args=[application.pk]),
        {"reviewer": stranger.pk},
        follow=True,
    )

    assert "Keine Gutachter:in dieser Kommune passt zur Suche." in page
    assert "Diese Person ist keine Gutachter:in dieser Kommune." in refused.content.decode()
    assert not application.review_assignments.exists()


def test_bescheid_is_not_served_before_it_is_issued(
    client, programme_template, application, org_member, funding_officer
):
    Application.objects.filter(pk=application.pk).update(status=Status.RECOMMENDED)
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    client.force_login(org_member)

    assert client.get(reverse("funding:letter", args=[application.pk])).status_code == 404


def test_amendment_is_a_new_letter_and_the_first_stays(
    client, programme_template, application, org_member, funding_officer
):
    Application.objects.filter(pk=application.pk).update(status=Status.RECOMMENDED)
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    services.send_agreement(application=application, by=funding_officer)
    first = IssuedLetter.objects.get(application=application)

    services.issue_amendment(
        application=application, by=funding_officer, data={}, amount=Decimal("2400")
    )

    letters = list(IssuedLetter.objects.filter(application=application).order_by("number"))
    assert [letter.kind for letter in letters] == ["decision", "amendment"]
    assert bytes(letters[0].pdf) == bytes(first.pdf)
    application.refresh_from_db()
    assert application.approved_amount == Decimal("2400.00")
    with pytest.raises(services.FundingError, match=r"höchstens die beantragten 2\.500,00 €"):
        services.issue_amendment(
            application=application, by=funding_officer, data={}, amount=Decimal("4000")
        )


def test_bescheid_without_signer_is_not_issued(application, programme, funding_officer):
    programme.signer_name = programme.signer_role = programme.legal_basis = ""
    programme.save()
    Application.objects.filter(pk=application.pk).update(status=Status.RECOMMENDED)
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))

    with pytest.raises(services.FundingError, match="den Namen der unterzeichnenden Person"):
        services.send_agreement(application=application, by=funding_officer)


@pytest.mark.parametrize(
    ("financing_type", "share", "justified"),
    [
        (FinancingType.FIXED, None, Decimal("2500.00")),  # costs 2,800 ≥ the fixed amount
        (FinancingType.SHARE, Decimal("80"), Decimal("2240.00")),  # 80 % of 2,800
        (FinancingType.SHORTFALL, None, Decimal("2100.00")),  # 2,800 − 700 income
    ],
)
def test_justified_amount_follows_the_financing_type(financing_type, share, justified):
    assert (
        services.justified_amount(
            financing_type=financing_type,
            approved=Decimal("2500.00"),
            actual_costs=Decimal("2800.00"),
            actual_income=Decimal("700.00"),
            share_percent=share,
        )
        == justified
    )


def test_unverified_organisation_cannot_submit(call, organisation, org_member):
    organisation.verified_at = None
    organisation.save()
    application = ApplicationFactory(call=call, organisation=organisation, author=org_member)

    with pytest.raises(services.FundingError, match="ist noch nicht verifiziert"):
        services.submit(application=application, by=org_member)


def test_negative_income_is_refused_with_a_sentence(client, call, organisation, org_member):
    client.force_login(org_member)

    response = client.post(
        reverse("funding:apply", args=[call.pk]),
        {
            "organisation": organisation.pk,
            "title": "Sommerfest",
            "plan-TOTAL_FORMS": "1",
            "plan-INITIAL_FORMS": "0",
            "plan-0-category": "fees",
            "plan-0-description": "Honorare",
            "plan-0-amount": "1000",
            "income-TOTAL_FORMS": "1",
            "income-INITIAL_FORMS": "0",
            "income-0-kind": "donations",
            "income-0-amount": "-500",
        },
    )

    assert response.status_code == 422
    assert (
        "Eine Einnahme braucht einen Betrag über 0 €: Einnahmen verringern den beantragten "
        "Betrag, nie erhöhen sie ihn." in response.content.decode()
    )
    assert not Application.objects.filter(title="Sommerfest").exists()


def test_applicant_gets_the_eingangsbestaetigung_as_pdf(client, application, org_member):
    services.submit(application=application, by=org_member)
    client.force_login(org_member)

    response = client.get(reverse("funding:confirmation", args=[application.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_payment_request_above_the_open_amount_is_refused(
    client, programme_template, application, org_member, funding_officer
):
    Application.objects.filter(pk=application.pk).update(status=Status.RECOMMENDED)
    services.approve(application=application, by=funding_officer, amount=Decimal("2000"))
    services.send_agreement(application=application, by=funding_officer)
    client.force_login(org_member)

    response = client.post(
        reverse("funding:payment_request", args=[application.pk]), {"amount": "2.000,01"}
    )

    assert response.status_code == 422
    assert "Du kannst zwischen 0,01 € und 2.000,00 € abrufen" in response.content.decode()


def test_officer_amendment_is_audited_and_told_to_the_applicant(
    client, application, org_member, funding_officer
):
    services.submit(application=application, by=org_member)
    client.force_login(funding_officer)
    data = {
        "title": "Erzählcafé Kaßberg",
        "summary": application.summary,
        "description": application.description,
        "goals": application.goals,
        "target_groups": application.target_groups,
        "start_date": application.start_date.isoformat(),
        "end_date": application.end_date.isoformat(),
    }

    refused = client.post(reverse("funding:case_amend", args=[application.pk]), data)
    client.post(
        reverse("funding:case_amend", args=[application.pk]),
        {**data, "reason": "Tippfehler im Titel"},
    )

    assert refused.status_code == 422
    application.refresh_from_db()
    assert application.title == "Erzählcafé Kaßberg"
    change = application.status_changes.last()
    assert "Tippfehler im Titel" in change.note
    assert "→ „Erzählcafé Kaßberg“" in change.note
    assert application.messages.get().text == change.note
    assert application.requested_amount == Decimal("2500.00")


def test_the_plan_sums_and_the_request_is_the_shortfall(client, call, organisation, org_member):
    client.force_login(org_member)

    client.post(
        reverse("funding:apply", args=[call.pk]),
        {
            "organisation": organisation.pk,
            "title": "Sommerfest",
            "plan-TOTAL_FORMS": "2",
            "plan-INITIAL_FORMS": "0",
            "plan-0-category": "fees",
            "plan-0-description": "Honorare",
            "plan-0-amount": "1000",
            "plan-1-category": "fees",
            "plan-1-description": "Technik",
            "plan-1-amount": "250",
            "income-TOTAL_FORMS": "2",
            "income-INITIAL_FORMS": "0",
            "income-0-kind": "own_funds",
            "income-0-amount": "200",
            "income-1-kind": "donations",
            "income-1-amount": "300",
        },
    )

    application = Application.objects.get(title="Sommerfest")
    assert application.total_costs == Decimal("1250.00")
    assert application.requested_amount == Decimal("750.00")
