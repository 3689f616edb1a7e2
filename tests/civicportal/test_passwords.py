"""The German common-password check (issue 12, item 8)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from civicportal.accounts.passwords import LIST_FILE, common_passwords
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_shipped_list_is_the_german_top_1000():
    lines = LIST_FILE.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1000
    assert lines[:3] == ["huhbbhzu78", "123456", "123456789"]
    assert {"passwort123", "hallo1234567", "schalke04"} <= common_passwords()


@pytest.mark.parametrize(
    "password",
    [
        "passwort123",
        "Passwort123",
        "Sommer2026!",
        "Chemnitz2026",
        "Dortmund1909",
        "2026Weihnachten",
        "!!Fussball2026!!",
        "München2026!",
        "Muenchen2026",
        "hallo1234567",
        "deutschland1",
    ],
)
def test_common_german_passwords_are_refused(chemnitz, dortmund, password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(
        e.code in {"password_too_common", "password_common_word"} for e in error.value.error_list
    )


@pytest.mark.parametrize(
    "password",
    ["Fahrrad-Wolke-Kaßberg-7", "korrekt Pferd Batterie Heftklammer", "xT9#qLm2-vRp4"],
)
def test_uncommon_passwords_pass(password):
    validate_password(password, user=UserFactory(email="anna@example.org"))


def test_signup_refuses_a_common_german_password_at_the_field(client, chemnitz):
    response = client.post(
        "/konto/signup/",
        {
            "full_name": "Anna Keller",
            "email": "anna@example.org",
            "password1": "Chemnitz2026",
            "password2": "Chemnitz2026",
        },
    )

    assert response.status_code == 200
    assert "leicht zu erraten" in response.content.decode()
    assert 'value="anna@example.org"' in response.content.decode()
