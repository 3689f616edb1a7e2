"""The role matrix over the whole URL map: every URL, every role.

Each URL of ``django.urls.get_resolver()`` must have rows in
``tests/security/role_table.py`` (the admin's model pages: a rule per registered
model); each row is requested as every role and must give the expected outcome
(``tests/security/matrix.py``); rows may also name text that must not appear for some
roles (another person's or organisation's data). ``MATRIX_DISCOVER=1`` prints what every
role gets.
"""

from __future__ import annotations

import copy
import os
import re

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse

from tests.security.matrix import (
    ADMIN,
    DENY,
    GONE,
    LOGIN,
    NOPE,
    OK,
    admin_expect,
    matches,
    municipality_of,
    outcome,
    walk,
)
from tests.security.role_table import ADMIN_MODELS, ADMIN_PAGES, PAGES
from tests.security.world import ROLES

DISCOVER = os.environ.get("MATRIX_DISCOVER") == "1"
MODEL_PAGES = ("changelist", "add", "change", "delete", "history")


def _admin_model_urls() -> set[str]:
    """URL names (and unnamed routes) of the admin's pages for registered models."""
    covered = set()
    for model in admin.site._registry:
        app_label, model_name = model._meta.app_label, model._meta.model_name
        for page in MODEL_PAGES:
            covered.add(f"admin:{app_label}_{model_name}_{page}")
        covered.add(f"<unnamed admin/{app_label}/{model_name}/<path:object_id>/>")
    covered.add("<unnamed admin/(?P<url>.*)$>")  # the admin's catch-all: see test below
    return covered


ALL_URLS = sorted({name for name, _route in walk()})


# Tables a refused request may still write: the session, the rate-limit counters, the
# audit of refusals, the cache table, the task queue.
BOOKKEEPING = re.compile(
    r"^(django_session|civicportal_ratelimitcounter|core_auditentry|"
    r"civicportal_cache.*|django_tasks_database_.*)$"
)
REFUSED = {LOGIN, ADMIN, DENY, GONE, NOPE}


def _written_tables() -> dict[str, int]:
    """Rows inserted, updated or deleted per table in the current transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return dict(cursor.fetchall())


def _run(label, method, path, expect, clients, *, private=(), private_for=()) -> list[str]:
    problems = []
    observed = {}
    for role in ROLES:
        client = clients[role]
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():  # actions are undone: every role meets the same world
            before = _written_tables()
            response = client.post(path, {}) if method == "POST" else client.get(path)
            after = _written_tables()
            transaction.set_rollback(True)
        client.cookies = cookies  # … and a logout or login does not stick either
        observed[role] = outcome(response)
        if method == "POST" and observed[role] in REFUSED:
            # A refused action changes nothing: no row of the portal's data is written.
            changed = sorted(
                table
                for table, writes in after.items()
                if writes != before.get(table, 0) and not BOOKKEEPING.match(table)
            )
            if changed:
                problems.append(f"{label} POST {path} as {role}: refused but wrote {changed}")
        if response.status_code >= 500:
            problems.append(f"{label} {method} {path} as {role}: HTTP {response.status_code}")
        if role in private_for and response.status_code == 200:
            content = b"".join(response) if response.streaming else response.content
            text = content.decode(errors="replace")
            problems += [
                f"{label} {path} as {role}: shows {secret!r}"
                for secret in private
                if secret in text
            ]
    if DISCOVER or expect is None:
        print(f"\n{label} {method} {path}\n    " + " ".join(f"{r}={observed[r]}" for r in ROLES))
        if expect is None:
            problems.append(f"{label}: no expectation decided")
        return problems
    for role in ROLES:
        if not matches(expect[role], observed[role]):
            problems.append(
                f"{label} {method} {path} as {role}: expected {expect[role]}, got {observed[role]}"
            )
    return problems


def _rows(table, name, world):
    for number, row in enumerate(table[name]):
        try:
            path = reverse(name, kwargs=row.kwargs(world))
        except NoReverseMatch:
            pytest.fail(f"{name}: not in the URL map any more (remove its rows)")
        label = f"{name}[{number}{' ' + row.note if row.note else ''}]"
        yield label, row, path


# --- coverage ------------------------------------------------------------------------------


def test_every_url_of_the_url_map_has_matrix_rows():
    covered = set(PAGES) | set(ADMIN_PAGES) | _admin_model_urls()

    assert [name for name in ALL_URLS if name not in covered] == []


def test_every_registered_admin_model_has_a_rule():
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert sorted(registered - set(ADMIN_MODELS)) == []
    assert sorted(set(ADMIN_MODELS) - registered) == []


def test_matrix_rows_name_every_role():
    incomplete = [
        name
        for table in (PAGES, ADMIN_PAGES)
        for name, rows in table.items()
        for row in rows
        if row.expect is not None and set(row.expect) != set(ROLES)
    ]

    assert incomplete == []


# --- the portal's pages --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matrix(name, world, clients):
    problems = []
    for label, row, path in _rows(PAGES, name, world):
        problems += _run(
            label,
            row.method,
            path,
            row.expect,
            clients,
            private=row.private,
            private_for=row.private_for,
        )

    assert not problems, "\n" + "\n".join(problems)


# --- the admin -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ADMIN_PAGES))
def test_admin_page_matrix(name, world, clients):
    problems = []
    for label, row, path in _rows(ADMIN_PAGES, name, world):
        problems += _run(label, row.method, path, row.expect, clients)

    assert not problems, "\n" + "\n".join(problems)


@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_admin_model_matrix(label, world, clients):
    rule = ADMIN_MODELS[label]
    app_label, model_name = label.split(".")
    base = f"admin:{app_label}_{model_name}"
    problems = []
    for page in ("changelist", "add"):
        problems += _run(
            f"{label} {page}", "GET", reverse(f"{base}_{page}"), admin_expect(rule, page), clients
        )
    targets = [(n, getattr(world.o, n).pk, municipality_of(world, n)) for n in rule.objects]
    for name, pk, municipality in targets or [("guessed id", 999999, None)]:
        for page in ("change", "delete", "history"):
            expect = admin_expect(rule, page, municipality)
            if name == "guessed id":  # nothing to find: nobody learns anything
                expect = {role: DENY if value == OK else value for role, value in expect.items()}
            problems += _run(
                f"{label} {page} {name}",
                "GET",
                reverse(f"{base}_{page}", args=[pk]),
                expect,
                clients,
            )
    if rule.objects and rule.scoped:
        # Cross-tenant list check: a staff member's list never names the other city's record.
        for name, _pk, municipality in targets:
            text = str(getattr(world.o, name))[:40]
            for role in ("editor_chemnitz", "editor_dortmund", "agency_staff", "funding_officer"):
                from tests.security.world import ROLE_MUNICIPALITY

                if ROLE_MUNICIPALITY[role] == municipality:
                    continue
                response = clients[role].get(reverse(f"{base}_changelist"))
                if response.status_code == 200 and text in response.content.decode():
                    problems.append(f"{label} list as {role} shows {text!r} ({municipality})")

    assert not problems, "\n" + "\n".join(problems)


def test_admin_catch_all_sends_strangers_to_login(clients):
    assert clients["anonymous"].get("/admin/gibt-es-nicht/").status_code == 302
    assert clients["resident"].get("/admin/gibt-es-nicht/")["Location"].startswith("/admin/login/")
    assert clients["editor_chemnitz"].get("/admin/gibt-es-nicht/").status_code == 404


def test_the_write_detector_sees_a_write_in_the_transaction(db):
    from tests.factories import ThemeFactory

    with transaction.atomic():
        before = _written_tables()
        ThemeFactory()
        after = _written_tables()
        transaction.set_rollback(True)

    assert after["core_theme"] == before.get("core_theme", 0) + 1
    assert not BOOKKEEPING.match("core_theme")
