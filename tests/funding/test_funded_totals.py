"""What the public list of funded projects and the budget figures count (issue 8: the
queries behind them were rewritten for indexes; the figures must stay the same).

Counted: committed statuses (approved up to paid out, closed or repayment requested);
on the public list only with publication consent, in published calls of published
programmes. Not counted: rejected, not recommended, submitted or draft applications."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from funding.models import Application, Call, Status
from tests.funding.factories import ApplicationFactory, CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

URL = "/foerderung/gefoerderte-projekte/"


def _with_status(call, organisation, status, amount="1000", consent=True, **kwargs):
    application = ApplicationFactory(
        call=call, organisation=organisation, publication_consent=consent, **kwargs
    )
    Application.objects.filter(pk=application.pk).update(
        status=status, approved_amount=Decimal(amount)
    )
    return application


def _past_call(programme, year: int, **kwargs):
    return CallFactory(
        programme=programme,
        year=year,
        opens_at=timezone.now() - datetime.timedelta(days=900),
        closes_at=timezone.now() - datetime.timedelta(days=800),
        **kwargs,
    )


def _row_titles(html: str) -> list[str]:
    cells = re.findall(r'<th scope="row" class="kern-table__cell">([^<]+)', html)
    return [cell.strip() for cell in cells]


def test_totals_and_rows_count_committed_consenting_projects_of_published_calls(
    client, call, organisation, programme
):
    call.total_budget = Decimal("100000")
    call.save()
    _with_status(call, organisation, Status.APPROVED, "2000", title="Bewilligt")
    _with_status(call, organisation, Status.PAYING, "1000", title="In Auszahlung")
    _with_status(call, organisation, Status.CLOSED, "500.25", title="Abgeschlossen")
    _with_status(call, organisation, Status.REJECTED, "700", title="Abgelehnt")
    _with_status(call, organisation, Status.NOT_RECOMMENDED, "800", title="Nicht empfohlen")
    _with_status(call, organisation, Status.SUBMITTED, "900", title="Eingereicht")
    _with_status(call, organisation, Status.APPROVED, "999", consent=False, title="Ohne Zustimmung")
    hidden_call = CallFactory(programme=programme, is_published=False)
    _with_status(hidden_call, organisation, Status.APPROVED, "333", title="Aufruf verborgen")
    hidden_programme = ProgrammeFactory(municipality=programme.municipality, is_published=False)
    _with_status(
        CallFactory(programme=hidden_programme),
        organisation,
        Status.APPROVED,
        "444",
        title="Programm verborgen",
    )

    html = client.get(URL).content.decode()

    assert sorted(_row_titles(html)) == ["Abgeschlossen", "Bewilligt", "In Auszahlung"]
    assert f"{call.year}: 3.500,25 € für 3 Projekte" in html
    assert Application.objects.funded_public().totals_by_year() == [
        {"call__year": call.year, "total": Decimal("3500.25"), "count": 3}
    ]


def test_year_choices_list_only_years_with_public_funded_projects(client, programme, organisation):
    _with_status(_past_call(programme, 2022), organisation, Status.PROOF_DUE, title="P 2022")
    _with_status(_past_call(programme, 2023), organisation, Status.REJECTED, title="P 2023")
    _with_status(
        _past_call(programme, 2021), organisation, Status.APPROVED, consent=False, title="P 2021"
    )
    _with_status(
        _past_call(programme, 2020, is_published=False),
        organisation,
        Status.APPROVED,
        title="P 2020",
    )

    html = client.get(URL).content.decode()

    years = re.findall(r'<option value="(\d{4})"', html)
    assert years == ["2022"]
    assert Call.objects.funded_years() == [2022]


def test_pages_run_through_the_years_latest_first_then_by_title(
    client, programme, organisation, monkeypatch
):
    from funding import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    new, old = _past_call(programme, 2025), _past_call(programme, 2024)
    for title in ["Orgel", "Mosaik", "Nähen"]:
        _with_status(new, organisation, Status.APPROVED, title=title)
    for title in ["Bühne", "Atelier"]:
        _with_status(old, organisation, Status.CLOSED, title=title)

    pages = [_row_titles(client.get(URL, {"seite": n}).content.decode()) for n in (1, 2, 3)]

    # page 2 ends 2025 and starts 2024 (two slices of one query)
    assert pages == [["Mosaik", "Nähen"], ["Orgel", "Atelier"], ["Bühne"]]


def test_filtered_pages_and_totals_follow_the_filter(client, programme, organisation, chemnitz):
    other = ProgrammeFactory(municipality=chemnitz, slug="kultur", title="Kultur")
    _with_status(_past_call(programme, 2025), organisation, Status.APPROVED, "100", title="Demo")
    _with_status(_past_call(other, 2025), organisation, Status.APPROVED, "200", title="Kunst A")
    _with_status(_past_call(other, 2024), organisation, Status.PAYING, "300", title="Kunst B")

    html = client.get(URL, {"programm": "kultur"}).content.decode()

    assert _row_titles(html) == ["Kunst A", "Kunst B"]
    assert "2025: 200,00 € für 1 Projekt" in html
    assert "2024: 300,00 € für 1 Projekt" in html
    assert "100,00 €" not in html


def test_ids_in_list_order_cover_the_requested_window(call, organisation):
    call.total_budget = Decimal("100000")
    call.save()
    projects = {
        title: _with_status(call, organisation, Status.APPROVED, title=title).pk
        for title in ["B", "A", "C"]
    }
    public = Application.objects.funded_public()
    year_counts = [(call.year, 3)]

    assert public.ids_by_year_and_title(year_counts, offset=1, limit=5) == [
        projects["B"],
        projects["C"],
    ]
    assert public.ids_by_year_and_title(year_counts, offset=3, limit=5) == []


def test_call_totals_count_committed_approvals_with_or_without_consent(call, organisation):
    _with_status(call, organisation, Status.APPROVED, "2000", consent=False)
    _with_status(call, organisation, Status.REPAYMENT_REQUESTED, "1000")
    _with_status(call, organisation, Status.REJECTED, "3000")
    _with_status(call, organisation, Status.RECOMMENDED, "400")
    empty = CallFactory(programme=call.programme)

    totals = {c.pk: c for c in Call.objects.with_totals().filter(pk__in=[call.pk, empty.pk])}

    assert totals[call.pk].approved_sum == Decimal("3000.00") == call.approved_total()
    assert totals[call.pk].remaining == Decimal("7000.00")
    assert totals[empty.pk].approved_sum == Decimal("0.00")
    assert totals[empty.pk].remaining == empty.total_budget


def test_home_shows_remaining_budget_of_open_calls(client, call, organisation):
    _with_status(call, organisation, Status.APPROVED, "2000", consent=False)
    _with_status(call, organisation, Status.PAYING, "1000")
    _with_status(call, organisation, Status.REJECTED, "3000")

    html = client.get("/").content.decode()

    assert call.title in html
    assert "noch 7.000 € verfügbar" in html
