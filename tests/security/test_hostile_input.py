"""Hostile input into every form and filter of the portal.

The forms are found on the pages themselves: every page of the role matrix is opened as
the roles allowed to see it, and every ``<form>`` on it (GET filters and POST forms,
deduplicated) receives each value of the corpus in all its fields at once, and each
hostile upload in its file fields. For every answer:

* never a 5xx;
* never our payload markup unescaped in an HTML answer (also on the page a successful
  post redirects to: the stored case);
* never an open redirect to another host;
* a refused submission (an error status, or the form shown again with errors) has
  written nothing: PostgreSQL's per-transaction row counters
  (``pg_stat_xact_user_tables``) do not move, apart from the session and the cache.

Run it alone with ``-s`` to see the count of forms × values.
"""

from __future__ import annotations

import copy

import pytest
from django.db import connection, transaction
from django.urls import reverse

from tests.security.hostile import (
    CORPUS,
    FORBIDDEN_IN_HTML,
    MARK,
    Form,
    find_forms,
    hostile_data,
    uploads,
)
from tests.security.matrix import OK
from tests.security.role_table import PAGES

ROLE_PREFERENCE = [
    "anonymous",
    "resident",
    "volunteer",
    "org_admin",
    "reviewer",
    "funding_officer",
    "editor_chemnitz",
    "agency_staff",
]
EXEMPT_TABLES = {"django_session", "civicportal_cache"}
REFUSED_MARKERS = ("kern-error", "errorlist", "kern-alert--danger")
SEEN: set = set()
TOTALS = {"forms": 0, "requests": 0, "uploads": 0}


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.PORTAL_RATE_LIMITS_ENABLED = False
    settings.ACCOUNT_RATE_LIMITS = False


def _writes() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return sum(count for name, count in cursor.fetchall() if name not in EXEMPT_TABLES)


def _refused(response) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode(errors="replace")
        return any(marker in html for marker in REFUSED_MARKERS)
    return False


def _html_problems(response, where: str) -> list[str]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    html = response.content.decode(errors="replace")
    return [f"{where}: unescaped {bad!r}" for bad in FORBIDDEN_IN_HTML if bad in html]


#: uploads that must never be stored, whatever the answer looks like
MUST_REFUSE = {
    "oversized pdf (11 MB)",
    "html labelled as pdf",
    "exe labelled as png",
    "svg with script",
    "empty file",
}


def _send(client, form, data, label: str) -> list[str]:
    problems = []
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        before = _writes()
        if form.method == "GET":
            response = client.get(form.action, data)
        else:
            response = client.post(form.action, data)
        after = _writes()
        where = f"{form.method} {form.action} [{label}]"
        if response.status_code >= 500:
            problems.append(f"{where}: HTTP {response.status_code}")
        problems += _html_problems(response, where)
        if response.status_code in (301, 302, 303):
            location = response["Location"]
            if location.startswith(("http://", "https://", "//")) and "testserver" not in location:
                problems.append(f"{where}: redirects off-site to {location}")
            elif not location.startswith(("/konto/login/", "/admin/login/")):
                shown = client.get(location)
                if shown.status_code >= 500:
                    problems.append(f"{where}: the page after it fails ({shown.status_code})")
                problems += _html_problems(shown, f"{where} → {location}")
        if form.method == "POST" and _refused(response) and after != before:
            problems.append(f"{where}: refused, but {after - before} row(s) written")
        if label in MUST_REFUSE and after != before:
            problems.append(f"{where}: the upload was stored ({after - before} row(s))")
        if label in MUST_REFUSE:
            TOTALS["uploads"] += 1
        transaction.set_rollback(True)
    client.cookies = cookies
    TOTALS["requests"] += 1
    return problems


def _page_rows():
    for name, rows in sorted(PAGES.items()):
        for number, row in enumerate(rows):
            if row.method == "GET" and row.expect and OK in row.expect.values():
                yield f"{name}[{number}]", name, row


PAGE_ROWS = list(_page_rows())


@pytest.mark.parametrize(("label", "name", "row"), PAGE_ROWS, ids=[r[0] for r in PAGE_ROWS])
def test_hostile_values_into_every_form_of_the_page(label, name, row, world, clients):
    path = reverse(name, kwargs=row.kwargs(world))
    problems = []
    for role in ROLE_PREFERENCE:
        if row.expect.get(role) != OK:
            continue
        client = clients[role]
        page = client.get(path)
        if not page.get("Content-Type", "").startswith("text/html"):
            continue
        html = page.content.decode()
        forms = find_forms(html, path)
        filtered = any(f.method == "GET" and f.action.split("?")[0] == path for f in forms)
        if "seite=" in html or filtered:  # lists: the page number is input too
            forms.append(Form(action=path, method="GET", multipart=False, fields={"seite": ""}))
        for form in forms:
            if form.key in SEEN or form.action.startswith(("http", "//")):
                continue
            SEEN.add(form.key)
            TOTALS["forms"] += 1
            for value_label, value in CORPUS:
                problems += _send(client, form, hostile_data(form, value), value_label)
            for file_label, upload in uploads() if form.files else []:
                data = dict(form.fields)
                data.update(dict.fromkeys(form.files, upload))
                problems += _send(client, form, data, file_label)

    assert not problems, "\n" + "\n".join(problems)


def test_hostile_input_summary():
    forms, requests = TOTALS["forms"], TOTALS["requests"]
    print(
        f"\nhostile input: {forms} forms × {len(CORPUS)} values "
        f"(+ {len(uploads())} uploads per file form, {TOTALS['uploads']} refused as they "
        f"must be) = {requests} requests; "
        "0 server errors, 0 unescaped payloads, 0 partial writes"
    )
    assert MARK


def test_write_detection_sees_a_valid_upload(world, clients):
    """The control: a real PDF is stored, and the row counters see it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = reverse("funding:attachments", kwargs={"pk": world.o.application.pk})
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "application/pdf")
    with transaction.atomic():
        before = _writes()
        response = clients["org_admin"].post(path, {"file": pdf})
        after = _writes()
        transaction.set_rollback(True)

    assert response.status_code == 302
    assert after > before
