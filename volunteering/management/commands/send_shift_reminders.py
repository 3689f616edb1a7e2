"""Send the reminder e-mail for every confirmed sign-up whose shift starts tomorrow.

Run daily by cron (or the task worker). Idempotent: each sign-up is claimed once
(``reminder_sent_at``), so a second run — even a concurrent one — sends nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from civicportal.core.tasks import notify
from volunteering import notifications as kinds
from volunteering.services import claim_due_reminders, refresh_stale_opportunities


class Command(BaseCommand):
    help = "Send reminders for shifts that start tomorrow (idempotent)."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        total = 0
        while True:
            ids = claim_due_reminders(today=today)
            if not ids:
                break
            for signup_id in ids:
                notify(kinds.REMINDER, signup_id=signup_id)
            total += len(ids)
        self.stdout.write(f"{total} reminder(s) sent.")
        refreshed = refresh_stale_opportunities()
        self.stdout.write(f"{refreshed} opportunity ordering hint(s) refreshed.")
