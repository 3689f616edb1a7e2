"""Remind applicant organisations of the proof-of-use deadline (default 14 and 3 days
before it, Europe/Berlin dates).

Run daily by cron (or the task worker). Idempotent: each reminder is recorded
(``ProofReminder``, unique per application, threshold and deadline) before it is sent,
so a second run on the same day sends nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from funding.services import PROOF_REMINDER_DAYS, claim_proof_reminders
from funding.tasks import send_proof_reminder


class Command(BaseCommand):
    help = "Send proof-of-use deadline reminders (idempotent; run daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            default=",".join(str(n) for n in PROOF_REMINDER_DAYS),
            help="Days before the deadline, comma-separated (default: %(default)s).",
        )

    def handle(self, *args, **options) -> None:
        try:
            days = tuple(int(part) for part in options["days"].split(",") if part.strip())
        except ValueError as error:
            raise CommandError("--days takes whole numbers such as 14,3") from error
        if any(n < 0 for n in days):
            raise CommandError("--days must not be negative")
        ids = claim_proof_reminders(today=timezone.localdate(), days=days)
        for reminder_id in ids:
            send_proof_reminder.enqueue(reminder_id=reminder_id)
        self.stdout.write(f"{len(ids)} proof-of-use reminder(s) sent.")
