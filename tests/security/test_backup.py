"""Backup and restore: a pg_dump of the test database restores into a scratch database
with the same rows."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from civicportal import backup
from civicportal.core.models import AuditEntry, Organisation, User
from tests.factories import OrganisationFactory, UserFactory

TABLES = [
    User._meta.db_table,
    Organisation._meta.db_table,
    AuditEntry._meta.db_table,
    "core_sdg",
    "django_migrations",
]


def _counts(cursor) -> dict[str, int]:
    counts = {}
    for table in TABLES:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 – fixed names
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def scratch_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_scratch_database_with_same_row_counts(
    scratch_database, tmp_path, chemnitz
):
    import psycopg

    UserFactory.create_batch(3)
    OrganisationFactory.create_batch(2, municipality=chemnitz)
    AuditEntry.objects.create(action="backup.test", note="Zeile für den Vergleich")
    with connection.cursor() as cursor:
        expected = _counts(cursor)

    path = backup.backup(directory=tmp_path)
    backup.restore(path, dbname=scratch_database)

    params = connection.get_connection_params()
    params["dbname"] = scratch_database
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as restored, restored.cursor() as cursor:
        actual = _counts(cursor)
        cursor.execute("SELECT note FROM core_auditentry WHERE action = 'backup.test'")
        note = cursor.fetchone()[0]
    assert path.suffix == ".dump"
    assert path.stat().st_mode & 0o777 == 0o600
    assert expected[User._meta.db_table] >= 3
    assert actual == expected
    assert note == "Zeile für den Vergleich"


def test_client_matches_the_server_version(db):
    major = backup.server_major()

    binary = backup.client("pg_dump", major)

    assert backup._major(binary) == major


def test_restore_of_missing_file_fails_clearly(db, tmp_path):
    with pytest.raises(backup.BackupError, match="does not exist"):
        backup.restore(tmp_path / "fehlt.dump")


def test_restore_command_without_confirmation_changes_nothing(db, tmp_path, monkeypatch):
    from django.core.management.base import CommandError

    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP")  # a file that exists: only the answer stops the restore
    restored = []
    monkeypatch.setattr("civicportal.management.commands.restore_database.restore", restored.append)
    keeper = UserFactory(email="bleibt@example.org")
    monkeypatch.setattr("builtins.input", lambda prompt: "n")

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore_database", str(dump))

    assert restored == []
    assert User.objects.filter(pk=keeper.pk, email="bleibt@example.org").exists()


def test_restore_command_restores_after_a_yes(db, tmp_path, monkeypatch):
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP")
    restored = []
    monkeypatch.setattr("civicportal.management.commands.restore_database.restore", restored.append)
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")

    call_command("restore_database", str(dump))

    assert restored == [str(dump)]
