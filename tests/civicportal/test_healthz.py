import pytest
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper

from civicportal import views

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


def test_healthz_returns_503_when_database_does_not_answer(client, monkeypatch):
    # A real connection to a port where no PostgreSQL listens.
    settings_dict = dict(connections["default"].settings_dict)
    settings_dict.update(HOST="127.0.0.1", PORT="1", OPTIONS={"connect_timeout": 2})
    unreachable = DatabaseWrapper(settings_dict, alias="unreachable")
    monkeypatch.setattr(views, "connection", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}
