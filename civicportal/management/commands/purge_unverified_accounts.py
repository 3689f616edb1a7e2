"""Delete accounts whose e-mail address was never verified, 30 days after sign-up.

Run it daily (cron or a systemd timer): ``manage.py purge_unverified_accounts``.
Staff and superusers are never purged. Each account goes through the same erasure as a
self-service deletion (``civicportal.account_data.erase_user_data``).
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from django.utils import timezone

from civicportal.account_data import erase_user_data
from civicportal.core import audit
from civicportal.core.models import User

DEFAULT_DAYS = 30


def unverified_accounts(days: int = DEFAULT_DAYS):
    cutoff = timezone.now() - timedelta(days=days)
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return (
        User.objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False)
        .exclude(Exists(verified))
        .order_by("pk")
    )


class Command(BaseCommand):
    help = "Delete accounts whose e-mail address was never verified after 30 days."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
        parser.add_argument("--dry-run", action="store_true", help="only count")

    def handle(self, *args, days: int, dry_run: bool, **options) -> None:
        if days < 1:
            self.stderr.write("--days must be at least 1")
            return
        accounts = list(unverified_accounts(days))
        if dry_run:
            self.stdout.write(f"{len(accounts)} unverified account(s) older than {days} days.")
            return
        for user in accounts:
            erase_user_data(user=user)
        if accounts:
            audit.record(
                action=audit.ACCOUNTS_PURGED,
                note=f"{len(accounts)} Konto/Konten ohne bestätigte E-Mail-Adresse gelöscht",
            )
        self.stdout.write(f"Deleted {len(accounts)} unverified account(s).")
