"""``manage.py restore_database FILE``: pg_restore a dump into the configured database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from civicportal.backup import BackupError, restore
from civicportal.core import content


class Command(BaseCommand):
    help = "Restore a pg_dump custom-format FILE into the configured database (replaces it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, file: str, interactive: bool, **options) -> None:
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"Replace the contents of database {name!r} with {file}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
                raise CommandError("Restore cancelled.")
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        content.publish_new_version()  # no page cached before the restore is served again
        self.stdout.write(f"Restored {file} into {name}.")
