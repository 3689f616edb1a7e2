"""GDPR self-service at /konto/daten/: export, deletion, purge of unverified accounts."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from civicportal import account_data
from civicportal.core import privacy_registry
from civicportal.core.models import AuditEntry, OrganisationMembership, User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_overview_needs_login(client):
    response = client.get("/konto/daten/")

    assert response.status_code == 302
    assert response.url.startswith("/konto/login/?next=/konto/daten/")


def test_overview_offers_export_and_deletion(client, resident):
    client.force_login(resident)

    html = client.get("/konto/daten/").content.decode()

    assert "Meine Daten herunterladen (JSON)" in html
    assert "Konto endgültig löschen" in html
    assert 'name="password"' in html


def test_export_downloads_my_data_as_json(client, org_member, organisation):
    client.force_login(org_member)

    response = client.post("/konto/daten/export/")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="civicportal-meine-daten-'
    )
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    core = document["parts"]["core"]
    assert core["account"]["email"] == "member@example.org"
    assert core["account"]["display_name"] == "Mia Member"
    assert core["email_addresses"] == [
        {"email": "member@example.org", "verified": True, "primary": True}
    ]
    assert core["organisation_memberships"][0]["organisation"] == "Stadtteilverein Kaßberg e. V."


def test_export_contains_no_other_persons_data(client, resident, volunteer):
    client.force_login(resident)

    text = client.post("/konto/daten/export/").content.decode()

    assert "resident@example.org" in text
    assert "volunteer@example.org" not in text
    assert "Vera Volunteer" not in text


def test_export_by_get_is_not_allowed(client, resident):
    client.force_login(resident)

    assert client.get("/konto/daten/export/").status_code == 405


def test_every_installed_privacy_module_exports_json(resident):
    document = account_data.export_user_data(resident)

    assert json.loads(json.dumps(document)) == document
    assert "core" in document["parts"]


def test_delete_with_wrong_password_keeps_the_account(client, resident):
    client.force_login(resident)

    response = client.post("/konto/daten/loeschen/", {"password": "falsch-falsch", "confirm": "on"})

    assert response.status_code == 200
    assert "Das Passwort stimmt nicht." in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()


def test_delete_without_confirmation_keeps_the_account(client, resident):
    client.force_login(resident)

    client.post("/konto/daten/loeschen/", {"password": TEST_PASSWORD})

    assert User.objects.filter(pk=resident.pk).exists()


def test_delete_removes_account_and_signs_out(client, org_member):
    client.force_login(org_member)
    user_id = org_member.pk

    response = client.post(
        "/konto/daten/loeschen/", {"password": TEST_PASSWORD, "confirm": "on"}, follow=True
    )

    html = response.content.decode()
    assert "Dein Konto ist gelöscht." in html
    assert not User.objects.filter(pk=user_id).exists()
    assert not EmailAddress.objects.filter(email="member@example.org").exists()
    assert not OrganisationMembership.objects.filter(user_id=user_id).exists()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="account.erased")
    assert entry.note == f"Konto #{user_id} auf eigenen Wunsch gelöscht"
    assert "member@example.org" not in entry.note + entry.actor_label


def test_staff_cannot_delete_themselves(client, editor_chemnitz):
    client.force_login(editor_chemnitz)

    response = client.post(
        "/konto/daten/loeschen/", {"password": TEST_PASSWORD, "confirm": "on"}, follow=True
    )

    assert User.objects.filter(pk=editor_chemnitz.pk).exists()
    assert "löscht die Administration" in response.content.decode()


def test_erasure_keeps_an_empty_shell_when_a_record_must_be_kept(resident, monkeypatch):
    from django.db.models.deletion import ProtectedError
    from django.db.models.query import QuerySet

    from civicportal.core import privacy

    original_delete = QuerySet.delete

    def protected_delete(self):
        if self.model is User:  # e.g. a funding application points to the account
            raise ProtectedError("kept", set())
        return original_delete(self)

    monkeypatch.setattr(QuerySet, "delete", protected_delete)

    privacy.erase_user_data(resident)
    monkeypatch.undo()

    shell = User.objects.get(pk=resident.pk)
    assert shell.email == f"geloescht-{resident.pk}@konto.invalid"
    assert shell.display_name == ""
    assert shell.full_name == ""
    assert shell.is_active is False
    assert shell.has_usable_password() is False


def test_every_part_with_personal_data_is_registered_core_last():
    assert [part.name for part in privacy_registry.parts()] == [
        "civicportal",
        "funding",
        "volunteering",
        "organisations",
        "initiatives",
        "core",
    ]


def test_orchestration_runs_every_registered_part_apps_first_core_last(resident, monkeypatch):
    calls = []

    def app_part(name: str, order: int) -> privacy_registry.PrivacyPart:
        def erase(user):
            # The core has not deleted the account yet when an app erases.
            assert User.objects.filter(pk=user.pk).exists()
            calls.append(name)

        return privacy_registry.PrivacyPart(name, lambda user: {"von": name}, erase, order)

    core = next(part for part in privacy_registry.parts() if part.name == "core")

    def core_erase(user):
        calls.append("core")
        core.erase(user)

    monkeypatch.setattr(
        privacy_registry,
        "_parts",
        {
            "core": dataclasses.replace(core, erase=core_erase),
            "zweite": app_part("zweite", 20),
            "erste": app_part("erste", 10),
        },
    )

    document = account_data.export_user_data(resident)
    account_data.erase_user_data(user=resident)

    assert list(document["parts"]) == ["erste", "zweite", "core"]
    assert document["parts"]["erste"] == {"von": "erste"}
    assert document["parts"]["core"]["account"]["email"] == resident.email
    assert calls == ["erste", "zweite", "core"]
    assert not User.objects.filter(pk=resident.pk).exists()


def test_failing_app_erasure_leaves_everything_in_place(resident, monkeypatch):
    def broken(user):
        user.display_name = "halb"
        user.save()
        raise RuntimeError("kaputt")

    core = next(part for part in privacy_registry.parts() if part.name == "core")
    monkeypatch.setattr(
        privacy_registry,
        "_parts",
        {
            "volunteering": privacy_registry.PrivacyPart(
                "volunteering", lambda user: {}, broken, 30
            ),
            "core": core,
        },
    )

    with pytest.raises(RuntimeError):
        account_data.erase_user_data(user=resident)

    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"
    assert User.objects.filter(pk=resident.pk, is_active=True).exists()


def test_purge_deletes_only_old_unverified_accounts(db):
    old = timezone.now() - timedelta(days=31)
    stale = UserFactory(email="stale@example.org", verified=False, date_joined=old)
    fresh = UserFactory(email="fresh@example.org", verified=False)
    verified_old = UserFactory(email="verified@example.org", date_joined=old)
    staff_old = UserFactory(
        email="staff@example.org", verified=False, date_joined=old, is_staff=True
    )

    call_command("purge_unverified_accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115

    remaining = set(User.objects.values_list("email", flat=True))
    assert stale.email not in remaining
    assert {fresh.email, verified_old.email, staff_old.email} <= remaining
    assert AuditEntry.objects.filter(action="accounts.purged_unverified").count() == 1


def test_purge_dry_run_deletes_nothing(db, capsys):
    UserFactory(
        email="stale@example.org",
        verified=False,
        date_joined=timezone.now() - timedelta(days=40),
    )

    call_command("purge_unverified_accounts", "--dry-run")

    assert "1 unverified account(s)" in capsys.readouterr().out
    assert User.objects.filter(email="stale@example.org").exists()


def test_prune_audit_log_keeps_three_years(db):
    old = AuditEntry.objects.create(action="a.old")
    AuditEntry.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=3 * 365 + 1)
    )
    AuditEntry.objects.create(action="a.new")

    call_command("prune_audit_log", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["a.new"]


def test_privacy_page_lists_storage_periods(client):
    html = client.get("/datenschutz/").content.decode()

    assert "Welche Daten wir speichern und wie lange" in html
    assert "nach 30 Tagen" in html
    assert 'href="/konto/daten/"' in html
