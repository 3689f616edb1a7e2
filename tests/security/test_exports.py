"""Exports: spreadsheet formulas in user text never reach a CSV cell as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from civicportal.core.models import User

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("https://evil.example","klick")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_participants_export_neutralises_formulas(formula, world, clients):
    User.objects.filter(pk=world.users["volunteer"].pk).update(full_name=formula)
    path = reverse("organisations:export", kwargs={"slug": "kassberg"})

    response = clients["org_admin"].get(path)

    text = b"".join(response).decode() if response.streaming else response.content.decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=";")) or [[]]
    if len(rows) == 1:  # a comma-separated export
        rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert f"'{formula}" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@") and cell != "'"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_funding_csv_cells_are_safe(formula):
    from civicportal.core.text import csv_safe

    assert csv_safe(formula) == f"'{formula}"
    assert csv_safe("Stadtteilfest") == "Stadtteilfest"
