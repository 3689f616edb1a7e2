"""GDPR hook of the site-wide models: the account itself, e-mail addresses, memberships,
second factors. ``erase_user_data`` runs last (after every app's), see
``civicportal.account_data``."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from civicportal.core import content
from civicportal.core.models import (
    Notification,
    NotificationSettings,
    OrganisationMembership,
    StaffMembership,
    User,
)


def export_user_data(user: User) -> dict:
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "display_name": user.display_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "organisation_memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "since": m.created_at,
            }
            for m in OrganisationMembership.objects.filter(user=user).select_related("organisation")
        ],
        "staff_roles": [
            {"municipality": m.municipality.name, "role": m.role}
            for m in StaffMembership.objects.filter(user=user).select_related("municipality")
        ],
        "second_factors": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user)
        ],
        "notification_settings": [
            {"language": s.language, "choices": s.choices}
            for s in NotificationSettings.objects.filter(user=user)
        ],
        "notifications": [
            {
                "kind": n.kind,
                "subject": n.subject,
                "link": n.path,
                "created_at": n.created_at,
                "emailed_at": n.emailed_at,
            }
            for n in Notification.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }


def erase_user_data(user: User) -> None:
    """Delete the account. If a record that must be kept still points to it (a
    ``PROTECT`` foreign key), keep an empty, inactive shell without personal data.
    Either way the password hash changes, so every open session of the account ends."""
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).delete()
        content.changed()  # their public contributions are gone
        return
    except (ProtectedError, RestrictedError, IntegrityError):
        pass
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    OrganisationMembership.objects.filter(user=user).delete()
    StaffMembership.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    user.email = f"geloescht-{user.pk}@konto.invalid"
    user.full_name = ""
    user.display_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    content.changed()  # their public contributions no longer show their name
