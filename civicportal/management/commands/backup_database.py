"""``manage.py backup_database``: pg_dump -Fc of the configured database into var/backups/."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from civicportal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Dump the configured database (custom format) into var/backups/ or --output."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", help="directory for the dump (default var/backups)")

    def handle(self, *args, output: str | None, **options) -> None:
        try:
            path = backup(directory=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
