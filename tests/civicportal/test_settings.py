import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from civicportal import settings as portal_settings

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_rejects_unreadable_value(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "vielleicht")

    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        portal_settings.env_bool("SOME_FLAG", False)


def test_env_int_rejects_non_number(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "zehn")

    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        portal_settings.env_int("SOME_NUMBER", 1)


def test_database_url_is_translated_for_django():
    database = portal_settings.database_from_url("postgres://app:s%40cret@db.internal:5433/civic")

    assert database["NAME"] == "civic"
    assert database["USER"] == "app"
    assert database["PASSWORD"] == "s@cret"
    assert database["HOST"] == "db.internal"
    assert database["PORT"] == "5433"
    assert "pool" in database["OPTIONS"]


def test_database_url_other_than_postgres_is_refused():
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL only"):
        portal_settings.database_from_url("sqlite:///db.sqlite3")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_missing_secret_key_with_debug_off_fails_loudly():
    result = _manage("check", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_deploy_check_is_clean_with_production_variables():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 30 + "-production-like-key-with-enough-entropy-1234567890",
        SITE_URL="https://beteiligung.example.org",
        ALLOWED_HOSTS="beteiligung.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
