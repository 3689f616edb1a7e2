"""Backup and restore of the configured PostgreSQL database with pg_dump / pg_restore.

The client must match the server: pg_dump refuses a newer server, and a dump made by a
newer pg_dump may not restore into an older server. The embedded server (``pgserver``
wheel) is PostgreSQL 18 and ships its clients in ``pgserver/pginstall/bin``; a system
server (CI: PostgreSQL 15) has them on PATH or in ``/usr/lib/postgresql/<major>/bin``.
:func:`client` picks the one whose major version equals the server's (or, failing that,
the oldest newer one).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

BACKUP_DIR = Path(settings.BASE_DIR) / "var" / "backups"


class BackupError(RuntimeError):
    pass


def server_major(alias: str = "default") -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _candidates(name: str) -> list[Path]:
    found: list[Path] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR
            import pgserver  # noqa: PLC0415 – inside catch_warnings: it warns on import

        found.append(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:  # pragma: no cover – the wheel is a dependency
        pass
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    found.extend(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}")))
    return [path for path in found if path.is_file() and os.access(path, os.X_OK)]


def _major(binary: Path) -> int:
    output = subprocess.run(  # noqa: S603 – a fixed binary with a fixed argument
        [str(binary), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"PostgreSQL\)\s+(\d+)", output)
    if match is None:
        raise BackupError(f"Cannot read the version of {binary}: {output!r}")
    return int(match.group(1))


def client(name: str, major: int) -> Path:
    """The ``pg_dump``/``pg_restore`` binary for a server of version ``major``."""
    versions = [(path, _major(path)) for path in _candidates(name)]
    exact = [path for path, version in versions if version == major]
    if exact:
        return exact[0]
    newer = sorted((version, str(path)) for path, version in versions if version > major)
    if newer:
        return Path(newer[0][1])
    raise BackupError(
        f"No {name} for PostgreSQL {major} found (looked at: "
        f"{', '.join(f'{p} ({v})' for p, v in versions) or 'nothing'})."
    )


def connection_args(alias: str = "default", *, dbname: str | None = None) -> tuple[list, dict]:
    """Command-line arguments and environment for the database ``alias``."""
    params = connections[alias].get_connection_params()
    args = []
    if params.get("host"):
        args += ["--host", str(params["host"])]
    if params.get("port"):
        args += ["--port", str(params["port"])]
    if params.get("user"):
        args += ["--username", str(params["user"])]
    args += [
        "--dbname",
        dbname or str(params.get("dbname") or connections[alias].settings_dict["NAME"]),
    ]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return args, env


def backup(*, alias: str = "default", directory: Path | None = None) -> Path:
    """Dump the database into ``directory`` (custom format); returns the file."""
    directory = Path(directory or BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    name = connections[alias].settings_dict["NAME"]
    target = directory / f"{name}-{timezone.now():%Y%m%d-%H%M%S}.dump"
    args, env = connection_args(alias)
    binary = client("pg_dump", server_major(alias))
    result = subprocess.run(  # noqa: S603 – arguments are a list, no shell
        [str(binary), "--format=custom", "--no-owner", "--file", str(target), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    os.chmod(target, 0o600)  # a dump holds personal data
    return target


def restore(path: Path, *, alias: str = "default", dbname: str | None = None) -> None:
    """Restore ``path`` into the database (replacing its objects) or into ``dbname``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    args, env = connection_args(alias, dbname=dbname)
    binary = client("pg_restore", server_major(alias))
    result = subprocess.run(  # noqa: S603 – arguments are a list, no shell
        [
            str(binary),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(path),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
