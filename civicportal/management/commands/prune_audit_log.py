"""Delete audit entries older than the retention period (default 3 years).

Run it daily with ``purge_unverified_accounts``; the privacy page states the period.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from civicportal.core.models import AuditEntry

DEFAULT_DAYS = 3 * 365


class Command(BaseCommand):
    help = "Delete audit entries older than --days (default: 3 years)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, days: int, **options) -> None:
        cutoff = timezone.now() - timedelta(days=max(days, 1))
        deleted, _ = AuditEntry.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} audit entries older than {days} days.")
