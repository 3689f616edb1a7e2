"""The daily notifications: announce participation phases that opened or closed, then
send each person's digest (one mail a day with what waited for it); delete
notifications older than half a year from the in-portal lists.

Run once a day by cron (README: scheduled jobs). Idempotent: each phase is announced once
(``Phase.opened_notified_at``/``closed_notified_at``) and each notification is claimed
for one digest only (``Notification.emailed_at``).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from civicportal.core.notifications import KEEP_DAYS, prune, send_digests
from initiatives.services import announce_phases


class Command(BaseCommand):
    help = "Announce opened/closed participation phases and send the daily digests."

    def handle(self, *args, **options) -> None:
        announced = announce_phases()
        self.stdout.write(f"{announced} participation phase change(s) announced.")
        sent = send_digests()
        self.stdout.write(f"{sent} daily digest(s) sent.")
        pruned = prune()
        self.stdout.write(f"{pruned} notification(s) older than {KEEP_DAYS} days deleted.")
