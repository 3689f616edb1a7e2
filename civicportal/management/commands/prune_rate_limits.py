"""Delete rate-limit counters whose window has ended (they hold user ids and IP addresses).

Run it hourly; a counter lives at most one window (an hour for most limits) beyond that.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from civicportal.models import RateLimitCounter


class Command(BaseCommand):
    help = "Delete rate-limit counters whose window has ended."

    def handle(self, *args, **options) -> None:
        expired = RateLimitCounter.objects.filter(expires_at__lt=timezone.now())
        deleted = expired._raw_delete(expired.db)  # one DELETE, no per-row signals
        self.stdout.write(f"Deleted {deleted} expired rate-limit counters.")
