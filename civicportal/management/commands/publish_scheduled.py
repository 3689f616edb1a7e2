"""Publish the editorial content whose planned time has come (initiatives, news, events,
council decisions; ``initiatives.services.publish_due``). Run it every minute; running
it twice publishes nothing twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from initiatives import services


class Command(BaseCommand):
    help = "Publish planned initiatives, news, events and council decisions that are due."

    def handle(self, *args, **options) -> None:
        count = services.publish_due()
        self.stdout.write(f"Published {count} planned item(s).")
