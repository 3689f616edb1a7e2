"""The migration that limits events to 31 days names the events that break the rule."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection

from tests.initiatives.factories import EventFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("initiatives.migrations.0005_event_at_most_31_days")


def test_migration_names_events_longer_than_31_days(chemnitz):
    with connection.cursor() as cursor:  # data from before the rule (rolled back after)
        cursor.execute("ALTER TABLE initiatives_event DROP CONSTRAINT event_at_most_31_days")
    start = datetime.datetime(2031, 6, 1, 10, tzinfo=datetime.UTC)
    event = EventFactory(
        municipality=chemnitz,
        title="Sommerausstellung",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=40),
    )
    EventFactory(municipality=chemnitz, title="Werkstatt")  # two hours: fine

    with pytest.raises(RuntimeError, match=f"#{event.pk} Sommerausstellung$"):
        migration.refuse_longer_events(apps, None)


def test_migration_passes_when_every_event_fits(chemnitz):
    start = datetime.datetime(2031, 1, 1, 10, tzinfo=datetime.UTC)
    longest = EventFactory(
        municipality=chemnitz, starts_at=start, ends_at=start + datetime.timedelta(days=31)
    )

    assert migration.refuse_longer_events(apps, None) is None
    longest.refresh_from_db()
    assert longest.ends_at - longest.starts_at == datetime.timedelta(days=31)


def test_migration_refuses_one_minute_more_than_31_days(chemnitz):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE initiatives_event DROP CONSTRAINT event_at_most_31_days")
    start = datetime.datetime(2031, 1, 1, 10, tzinfo=datetime.UTC)
    event = EventFactory(
        municipality=chemnitz,
        title="Knapp zu lang",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=31, minutes=1),
    )

    with pytest.raises(RuntimeError, match=f"#{event.pk} Knapp zu lang$"):
        migration.refuse_longer_events(apps, None)
