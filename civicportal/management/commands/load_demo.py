"""Load the demo content derived from the seed documents (idempotent).

Each part of the portal contributes its own ``demo`` module with a ``load()`` function;
they run in dependency order, core first.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.core.management.base import BaseCommand
from django.db import transaction

from civicportal.core import content

DEMO_MODULES = [
    "civicportal.core.demo",
    "initiatives.demo",
    "volunteering.demo",
    "funding.demo",
    "civicportal.demo",
]


class Command(BaseCommand):
    help = "Load (or refresh) the demo content: municipalities, initiatives, opportunities, calls."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for name in DEMO_MODULES:
                if importlib.util.find_spec(name) is None:
                    continue
                importlib.import_module(name).load()
                self.stdout.write(f"  {name}: ok")
        content.publish_new_version()  # cached pages show the demo content at once
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
