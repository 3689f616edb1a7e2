"""Sign-up with mandatory e-mail verification, end to end through allauth."""

import re

import pytest
from django.core import mail

from civicportal.core.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Ein-sicheres-Passwort-2026"


def _confirmation_link(message) -> str:
    match = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s/]+/", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[-1]


def test_signup_requires_email_verification_before_login(client):
    response = client.post(
        "/konto/signup/",
        {
            "full_name": "Nina Neu",
            "email": "neu@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == "/konto/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    # Not signed in yet: the account page is still closed.
    assert "_auth_user_id" not in client.session

    link = _confirmation_link(mail.outbox[0])
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    response = client.post(link)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="neu@example.org").pk)


def test_login_with_unverified_email_sends_new_verification(client):
    client.post(
        "/konto/signup/",
        {
            "full_name": "Sven Spät",
            "email": "spaet@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    client.logout()
    mail.outbox.clear()

    response = client.post("/konto/login/", {"login": "spaet@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_signup_form_errors_are_german_and_keep_input(client):
    response = client.post(
        "/konto/signup/",
        {"email": "kaputt@example.org", "password1": "kurz", "password2": "anders"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="kaputt@example.org"' in html
    assert "kern-error" in html
    assert "Passwort" in html


def test_email_login_is_case_insensitive(client, resident):
    response = client.post("/konto/login/", {"login": "RESIDENT@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_password_reset_sends_mail(client, resident):
    response = client.post("/konto/password/reset/", {"email": resident.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/password/reset/key/" in mail.outbox[0].body
