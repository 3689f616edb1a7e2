"""Test helpers for the staff MFA gate (civicportal.security.StaffSessionMiddleware).

allauth records each authentication step of a session in ``request.session`` under
``account_authentication_methods`` (a list of ``{"method": …, "at": …}``) together with
the user id under ``account_authentication_methods_user``
(``allauth/account/internal/flows/login.py``: ``record_authentication``). A passed TOTP
check adds ``{"method": "mfa", "type": "totp", "id": <authenticator id>}``
(``allauth/mfa/base/internal/flows.py``: ``post_authentication``).

``mark_mfa_authenticated`` writes exactly that, after giving the user a TOTP
authenticator, so a ``force_login`` session of a staff user passes the gate the way a
real login with a code does.
"""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value

AUTH_RECORDS_KEY = "account_authentication_methods"
AUTH_RECORDS_USER_KEY = "account_authentication_methods_user"


def give_totp(user) -> tuple[Authenticator, str]:
    """An activated TOTP authenticator for ``user`` (reused if present) and its secret."""
    from allauth.mfa.utils import decrypt

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing, decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    return TOTP.activate(user, secret).instance, secret


def current_code(secret: str) -> str:
    from allauth.mfa import app_settings

    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return f"{hotp_value(secret, counter):0{app_settings.TOTP_DIGITS}}"


def mfa_session_records(user, authenticator: Authenticator) -> dict:
    """The session entries allauth writes after a password login plus a TOTP check."""
    now = time.time()
    return {
        AUTH_RECORDS_KEY: [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
        ],
        AUTH_RECORDS_USER_KEY: str(user.pk),
    }


def mark_mfa_authenticated(client, user) -> None:
    """Make ``client``'s (already logged-in) session count as TOTP-authenticated."""
    authenticator, _secret = give_totp(user)
    session = client.session
    session.update(mfa_session_records(user, authenticator))
    session.save()
