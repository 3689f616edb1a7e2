"""Every funding page: at most 8 SQL queries, and the same number with few and many rows
(issue 8). Each page is measured with ``FEW`` and ``MANY`` rows of what it lists."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding.models import (
    ActualCost,
    ActualIncome,
    Application,
    Attachment,
    BudgetItem,
    Decision,
    IncomeLine,
    Payment,
    ProofOfUse,
    ReviewAssignment,
    Status,
    StatusChange,
)
from tests.funding.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
FEW, MANY = 1, 12


def _count(client, url: str) -> int:
    client.get(url)  # warm up: session refresh after login, per-process caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _rich_application(call, organisation, author, rows: int) -> Application:
    """A closed project with ``rows`` plan lines, attachments, payments, status changes
    and proof lines (each deviating, so every line shows its check)."""
    application = ApplicationFactory(
        call=call,
        organisation=organisation,
        author=author,
        plan=[Decimal("100.00")] * rows,
        income=[(IncomeLine.Kind.OWN_FUNDS, Decimal("10.00"))] * rows,
    )
    Application.objects.filter(pk=application.pk).update(
        status=Status.PROOF_SUBMITTED,
        approved_amount=Decimal("50.00"),
        reference=f"DF-2026-{application.pk:04d}",
    )
    Decision.objects.create(application=application, amount=50, purpose="Z", proof_due="2027-01-31")
    proof = ProofOfUse.objects.create(
        application=application, narrative="Bericht", submitted_at=timezone.now()
    )
    for line in IncomeLine.objects.filter(application=application):
        ActualIncome.objects.create(proof=proof, income_line=line, amount=Decimal("5.00"))
    for number, item in enumerate(BudgetItem.objects.filter(application=application), start=1):
        ActualCost.objects.create(proof=proof, budget_item=item, amount=Decimal("150.00"))
        Payment.objects.create(application=application, number=number, amount=Decimal("1.00"))
        Attachment.objects.create(
            application=application,
            file=f"funding/{application.pk}/{number}.pdf",
            original_name=f"Beleg {number}.pdf",
            content_type="application/pdf",
            size=100,
        )
        StatusChange.objects.create(
            application=application, from_status="draft", to_status="submitted", by=author
        )
    application.refresh_from_db()
    return application


def _world(rows: int, *, chemnitz, organisation, org_member, reviewer) -> dict:
    programme = ProgrammeFactory(municipality=chemnitz)
    call = CallFactory(programme=programme, total_budget=Decimal("1000000"))
    for _ in range(rows):
        CallFactory(programme=programme)
        CriterionFactory(programme=programme)
        funded = ApplicationFactory(call=call, organisation=organisation, author=org_member)
        Application.objects.filter(pk=funded.pk).update(
            status=Status.APPROVED, approved_amount=Decimal("10.00")
        )
        ReviewAssignment.objects.create(application=funded, reviewer=reviewer)
    rich = _rich_application(call, organisation, org_member, rows)
    assignment = ReviewAssignment.objects.create(application=rich, reviewer=reviewer)
    draft = ApplicationFactory(
        call=call, organisation=organisation, author=org_member, plan=[Decimal("5.00")] * rows
    )
    proof_due = ApplicationFactory(
        call=call, organisation=organisation, author=org_member, plan=[Decimal("5.00")] * rows
    )
    Application.objects.filter(pk=proof_due.pk).update(
        status=Status.PROOF_DUE, approved_amount=Decimal("5.00")
    )
    ProofOfUse.objects.create(application=proof_due, narrative="Entwurf")
    return {
        "call": call,
        "rich": rich,
        "draft": draft,
        "proof_due": proof_due,
        "assignment": assignment,
    }


PAGES = [
    # (name, who, url builder)
    ("programmes", None, lambda w: reverse("funding:programmes")),
    ("programme", None, lambda w: w["call"].programme.get_absolute_url()),
    ("call", None, lambda w: w["call"].get_absolute_url()),
    ("funded", None, lambda w: reverse("funding:funded")),
    ("funded_filtered", None, lambda w: reverse("funding:funded") + "?q=Projekt&jahr=2026"),
    ("funded_csv", None, lambda w: reverse("funding:funded_csv")),
    ("my_applications", "org_member", lambda w: reverse("funding:my_applications")),
    ("apply", "org_member", lambda w: reverse("funding:apply", args=[w["call"].pk])),
    ("edit", "org_member", lambda w: reverse("funding:application_edit", args=[w["draft"].pk])),
    ("detail_member", "org_member", lambda w: w["rich"].get_absolute_url()),
    ("detail_officer", "funding_officer", lambda w: w["rich"].get_absolute_url()),
    ("detail_reviewer", "reviewer", lambda w: w["rich"].get_absolute_url()),
    ("proof", "org_member", lambda w: reverse("funding:proof", args=[w["proof_due"].pk])),
    ("reviews", "reviewer", lambda w: reverse("funding:reviews")),
    ("review", "reviewer", lambda w: reverse("funding:review", args=[w["assignment"].pk])),
]

# The back office: constant in the rows too, but above 8 — the admin itself (session, MFA
# gate, staff scope, permissions, the changelist's two counts) and, on the change page,
# one query per inline (plan, attachments, reviews, payments, proof, history).
ADMIN_MAX_QUERIES = 32
ADMIN_PAGES = [
    ("admin_applications", "funding_officer", lambda w: "/admin/funding/application/"),
    (
        "admin_application",
        "funding_officer",
        lambda w: f"/admin/funding/application/{w['rich'].pk}/change/",
    ),
    ("admin_calls", "funding_officer", lambda w: "/admin/funding/call/"),
    ("admin_programmes", "funding_officer", lambda w: "/admin/funding/programme/"),
]


@pytest.mark.parametrize(
    ("name", "who", "build"), PAGES + ADMIN_PAGES, ids=[page[0] for page in PAGES + ADMIN_PAGES]
)
def test_page_query_count_is_small_and_constant(
    request, client, name, who, build, chemnitz, organisation, org_member, reviewer
):
    people = {
        "chemnitz": chemnitz,
        "organisation": organisation,
        "org_member": org_member,
        "reviewer": reviewer,
    }
    if who:
        client.force_login(request.getfixturevalue(who))
    few = _count(client, build(_world(FEW, **people)))

    many = _count(client, build(_world(MANY, **people)))

    assert (few, many) == (few, few), f"{name}: {few} queries with few rows, {many} with many"
    assert few <= (ADMIN_MAX_QUERIES if name.startswith("admin") else MAX_QUERIES), (
        f"{name}: {few} queries"
    )
