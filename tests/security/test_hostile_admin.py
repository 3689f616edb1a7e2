"""Hostile input in the back office: every admin list's search and every add form.

As the superuser (who sees every model): each changelist is searched with hostile
values, and each add form is submitted with markup in all its text fields; a record
that gets saved is then shown in its list, which must show the markup as text.
"""

from __future__ import annotations

import copy

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from tests.security.hostile import FORBIDDEN_IN_HTML, MARK, find_forms

SEARCHES = [
    f"<script>alert('{MARK}')</script>",
    f'"><img src=x onerror=alert("{MARK}")>',
    "' OR '1'='1' --",
    "%_%",
    "A" * 5_000,
    "🙂" * 50,
    "99999999999999999999",
]
MARKUP = f"<script>alert('{MARK}')</script>"
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
#: add forms that accept markup as plain text and save it: the stored case is checked
#: on their list pages (the others refuse the values or need more than one form)
STORES_MARKUP = {
    "auth.group",
    "civicportal.accessibilitycontact",
    "civicportal.signlanguagevideo",
    "core.district",
    "core.municipality",
    "core.organisation",
    "core.theme",
    "funding.programme",
    "initiatives.office",
    "initiatives.partner",
    "volunteering.skill",
}
MODELS = sorted(model._meta.label_lower for model in admin.site._registry)


def _fill(name: str, kind: str, current: str, number: int) -> str:
    """Markup into free text; valid values elsewhere, so that records get saved."""
    if current or name == "csrfmiddlewaretoken" or name.endswith(MANAGEMENT):
        return current
    if kind in ("text", "textarea", "search"):
        if "slug" in name or name.endswith(("code", "token", "prefix")):
            return f"hx{number}q"
        if name.endswith(("_0",)):  # split date of a datetime
            return "2026-05-01"
        if name.endswith(("_1",)):  # split time of a datetime
            return "10:00"
        if "date" in name:
            return "2026-05-01"
        return MARKUP
    return {
        "email": f"{MARK}@example.org",
        "url": "https://example.org/",
        "number": "1",
        "date": "2026-05-01",
        "time": "10:00",
        "datetime-local": "2026-05-01T10:00",
        "tel": "0371 123456",
    }.get(kind, current)


def _unescaped(html: str) -> list[str]:
    return [bad for bad in FORBIDDEN_IN_HTML if bad in html]


@pytest.mark.parametrize("label", MODELS)
def test_admin_search_and_add_form_survive_hostile_input(label, clients):
    app_label, model_name = label.split(".")
    client = clients["superuser"]
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    problems = []
    for value in SEARCHES:
        response = client.get(changelist, {"q": value})
        if response.status_code >= 500:
            problems.append(f"{changelist}?q=…: HTTP {response.status_code}")
        problems += [f"{changelist}?q=…: {bad}" for bad in _unescaped(response.content.decode())]

    add = reverse(f"admin:{app_label}_{model_name}_add")
    page = client.get(add)
    if page.status_code == 200:
        forms = [f for f in find_forms(page.content.decode(), add) if f.method == "POST"]
        form = max(forms, key=lambda f: len(f.fields))
        data = {
            name: _fill(name, form.types.get(name, "select"), current, number)
            for number, (name, current) in enumerate(form.fields.items())
        }
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            response = client.post(add, data)
            if response.status_code >= 500:
                problems.append(f"{add}: HTTP {response.status_code}")
            problems += [f"{add}: {bad}" for bad in _unescaped(response.content.decode())]
            if label in STORES_MARKUP and response.status_code != 302:
                problems.append(f"{add}: expected the record to be saved")
            if response.status_code == 302:  # saved: the list must show it as text
                listing = client.get(changelist).content.decode()
                problems += [f"{changelist} after add: {bad}" for bad in _unescaped(listing)]
            transaction.set_rollback(True)
        client.cookies = cookies

    assert not problems, "\n" + "\n".join(problems)
