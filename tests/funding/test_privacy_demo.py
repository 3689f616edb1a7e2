from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from funding import privacy, services
from funding.models import Application, Call, Programme, Status, StatusChange

pytestmark = pytest.mark.django_db


def test_export_lists_the_authors_applications(application, org_member):
    data = privacy.export_user_data(org_member)

    assert [a["title"] for a in data["applications"]] == [application.title]
    assert data["applications"][0]["status"] == "Entwurf"


def test_erase_keeps_the_record_without_the_author(application, org_member):
    Application.objects.filter(pk=application.pk).update(status=Status.DRAFT)
    services.submit(application=application, by=org_member)

    privacy.erase_user_data(org_member)

    application.refresh_from_db()
    assert application.author is None
    assert application.status == Status.SUBMITTED
    assert StatusChange.objects.get(application=application).by is None


def test_demo_matches_the_seed_and_is_idempotent():
    call_command("load_demo", verbosity=0)
    first = (Application.objects.count(), Call.objects.count(), Programme.objects.count())

    call_command("load_demo", verbosity=0)

    assert (Application.objects.count(), Call.objects.count(), Programme.objects.count()) == first
    totals = (
        Application.objects.funded_public()
        .filter(call__programme__slug="demokratiefoerderung", call__year=2022)
        .aggregate(total=Sum("approved_amount"), count=Count("pk"))
    )
    assert totals == {"total": Decimal("301450.00"), "count": 31}
    assert not Application.objects.filter(is_example=False).exists()
    creative = Programme.objects.get(slug="kultur-und-kreativwirtschaft")
    assert creative.kind == Programme.Kind.PRIZE
    assert "mietfreie Räumlichkeiten" in creative.awards
    assert "Expertennetzwerk" in creative.awards
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.REJECTED} <= statuses
    assert Call.objects.open_at().filter(programme__slug="demokratiefoerderung").exists()
