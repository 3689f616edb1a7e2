"""No staff action works without TOTP: every staff URL of the role matrix, on the portal
and in the admin, sends a staff member who has not confirmed a code in this session to
the second factor first, with ``next`` kept (civicportal.security.staff_acts)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import reverse

from civicportal.security import STAFF_MFA_EXEMPT_PREFIXES, STAFF_PAGES
from tests.security.role_table import PAGES

STAFF_ROLES = [
    "agency_staff",
    "editor_chemnitz",
    "editor_dortmund",
    "funding_officer",
    "reviewer",
    "superuser",
]


def _staff_rows(world) -> list[tuple[str, str, str]]:
    """(label, method, path) of every matrix row where staff act: every form sent on the
    portal and the staff pages."""
    rows = []
    for name, table_rows in sorted(PAGES.items()):
        for number, row in enumerate(table_rows):
            if row.method != "POST" and name not in STAFF_PAGES:
                continue
            path = reverse(name, kwargs=row.kwargs(world))
            rows.append((f"{name}[{number}]", row.method, path))
    return rows


def _admin_paths() -> list[str]:
    paths = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return paths


def _without_mfa(world, role) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])  # real_mfa: no TOTP step recorded
    return client


def _sent_to_mfa(response, path: str) -> bool:
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    return location.path in {
        reverse("mfa_activate_totp"),
        reverse("mfa_reauthenticate"),
    } and parse_qs(location.query).get("next") == [path]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_no_staff_action_on_the_portal_works_without_totp(real_mfa, world, role):
    client = _without_mfa(world, role)
    problems, exempt = [], []
    for label, method, path in _staff_rows(world):
        if path.startswith(STAFF_MFA_EXEMPT_PREFIXES):
            exempt.append(label)
            continue
        with transaction.atomic():
            response = client.post(path, {}) if method == "POST" else client.get(path)
            transaction.set_rollback(True)
        if not _sent_to_mfa(response, path):
            problems.append(f"{label} {method} {path}: HTTP {response.status_code}")

    assert problems == []
    # only the account's own pages (sign-in, second factor, own data) and the language switch
    account_pages = (
        "account_",
        "accounts:",
        "mfa_",
        "notifications:",
        "switch_language",
        "resume_discard",
    )
    assert [label for label in exempt if not label.startswith(account_pages)] == []


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_no_admin_page_opens_without_totp(real_mfa, world, role):
    client = _without_mfa(world, role)
    problems = [path for path in _admin_paths() if not _sent_to_mfa(client.get(path), path)]

    assert problems == []


def test_moderation_on_the_idea_page_waits_for_totp_and_keeps_next(real_mfa, world):
    """The case of the report: an editor without TOTP moderates on the public idea page."""
    client = _without_mfa(world, "editor_chemnitz")
    path = reverse(
        "initiatives:moderate",
        kwargs={"slug": world.o.initiative.slug, "kind": "idee", "pk": world.o.idea.pk},
    )

    with transaction.atomic():
        response = client.post(path, {"action": "hide", "reason": "Test"})
        world.o.idea.refresh_from_db()
        transaction.set_rollback(True)

    assert _sent_to_mfa(response, path)
    assert world.o.idea.moderation != "hidden"


def test_residents_are_not_asked_for_totp(real_mfa, world):
    client = _without_mfa(world, "resident")
    path = reverse("initiatives:follow", kwargs={"slug": world.o.initiative.slug})
    with transaction.atomic():
        response = client.post(path)
        transaction.set_rollback(True)

    assert response.status_code == 302
    assert not _sent_to_mfa(response, path)
