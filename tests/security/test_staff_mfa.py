"""Staff accounts: TOTP (allauth MFA) before the admin opens; shorter staff sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.security.mfa import current_code, give_totp, mark_mfa_authenticated

pytestmark = pytest.mark.django_db


def test_staff_without_totp_is_sent_to_set_it_up(real_mfa, client, editor_chemnitz):
    client.force_login(editor_chemnitz)

    response = client.get("/admin/initiatives/initiative/")

    assert response.status_code == 302
    assert response.url == (
        reverse("mfa_activate_totp") + "?next=%2Fadmin%2Finitiatives%2Finitiative%2F"
    )


def test_staff_with_totp_not_used_in_session_must_confirm_a_code(real_mfa, client, editor_chemnitz):
    give_totp(editor_chemnitz)
    client.force_login(editor_chemnitz)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2F"


def test_staff_with_mfa_in_session_opens_the_admin(real_mfa, client, editor_chemnitz):
    client.force_login(editor_chemnitz)
    mark_mfa_authenticated(client, editor_chemnitz)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Übersicht" in response.content.decode()


def test_mfa_record_without_authenticator_is_not_enough(real_mfa, client, editor_chemnitz):
    client.force_login(editor_chemnitz)
    mark_mfa_authenticated(client, editor_chemnitz)
    Authenticator.objects.filter(user=editor_chemnitz).delete()

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_mfa_record_of_another_user_does_not_count(real_mfa, client, editor_chemnitz, superuser):
    client.force_login(superuser)
    mark_mfa_authenticated(client, superuser)
    give_totp(editor_chemnitz)
    client.force_login(editor_chemnitz)  # same client, new login: records belong to superuser

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))


def test_real_login_with_password_and_totp_code_opens_the_admin(real_mfa, editor_chemnitz):
    _authenticator, secret = give_totp(editor_chemnitz)
    browser = Client()

    step1 = browser.post(
        "/konto/login/", {"login": editor_chemnitz.email, "password": TEST_PASSWORD}
    )
    assert step1.status_code == 302
    assert step1.url == reverse("mfa_authenticate")
    assert browser.get("/admin/").status_code == 302  # not signed in yet

    step2 = browser.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert step2.status_code == 302

    response = browser.get("/admin/")
    assert response.status_code == 200
    assert "Übersicht" in response.content.decode()


def test_reauthentication_with_code_opens_the_admin(real_mfa, client, editor_chemnitz):
    _authenticator, secret = give_totp(editor_chemnitz)
    client.force_login(editor_chemnitz)

    response = client.post(
        reverse("mfa_reauthenticate") + "?next=/admin/", {"code": current_code(secret)}
    )

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_resident_gets_the_admin_login_not_the_mfa_setup(real_mfa, client, resident):
    client.force_login(resident)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_staff_session_expires_after_thirty_idle_minutes(client, editor_chemnitz, settings):
    client.force_login(editor_chemnitz)

    client.get("/")

    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS == 1800


def test_resident_session_lasts_fourteen_days(client, resident):
    client.force_login(resident)

    client.get("/")

    assert client.session.get_expiry_age() == 14 * 24 * 3600


def test_autouse_helper_lets_existing_admin_tests_pass(client, editor_dortmund):
    client.force_login(editor_dortmund)

    assert client.get("/admin/").status_code == 200


def test_totp_secret_is_encrypted_at_rest(editor_chemnitz):
    authenticator, secret = give_totp(editor_chemnitz)

    stored = Authenticator.objects.get(pk=authenticator.pk).data["secret"]

    assert stored.startswith("fernet:")
    assert secret not in stored


def test_secret_stays_readable_after_key_rotation(editor_chemnitz, settings):
    from allauth.mfa.utils import decrypt

    authenticator, secret = give_totp(editor_chemnitz)
    stored = Authenticator.objects.get(pk=authenticator.pk).data["secret"]
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789"

    assert decrypt(stored) == secret


def test_admin_login_form_is_replaced_by_the_portal_login(real_mfa, client):
    response = client.get("/admin/login/?next=/admin/initiatives/")

    assert response.status_code == 302
    assert response.url == "/konto/login/?next=%2Fadmin%2Finitiatives%2F"


def test_admin_login_cannot_be_used_to_post_a_password(real_mfa, client, editor_chemnitz):
    response = client.post(
        "/admin/login/", {"username": editor_chemnitz.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")
    assert "_auth_user_id" not in client.session


def test_admin_login_refuses_signed_in_residents_without_a_loop(real_mfa, client, resident):
    client.force_login(resident)

    first = client.get("/admin/")
    second = client.get(first.url)

    assert first.url.startswith("/admin/login/")
    assert second.status_code == 403
    assert "Du hast keinen Zugriff auf diese Seite" in second.content.decode()


def test_admin_login_next_must_stay_on_the_site(real_mfa, client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert response.url == "/konto/login/?next=%2Fadmin%2F"


def test_staff_session_is_written_at_most_once_a_minute(client, editor_chemnitz, time_machine):
    from django.contrib.sessions.models import Session

    def stored_expiry():
        return Session.objects.get(pk=client.session.session_key).expire_date

    time_machine.move_to("2026-11-21 10:00:00+00:00", tick=False)
    client.force_login(editor_chemnitz)
    client.get("/")
    first = stored_expiry()

    time_machine.move_to("2026-11-21 10:00:30+00:00", tick=False)
    with CaptureQueriesContext(connection) as quiet:
        client.get("/")
    unchanged = stored_expiry()
    time_machine.move_to("2026-11-21 10:01:05+00:00", tick=False)
    client.get("/")

    assert first.isoformat() == "2026-11-21T10:30:00+00:00"
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in quiet)
    assert unchanged == first
    assert stored_expiry() - first == timedelta(seconds=65)
