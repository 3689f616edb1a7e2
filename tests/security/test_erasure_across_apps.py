"""Export and erasure over every app's privacy module, on the full test world: after the
erasure no table holds the person's e-mail address or name any more, public
contributions stay (anonymous), and records of other people are untouched."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from civicportal import account_data
from civicportal.core.models import User
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

PERSONS = ["resident", "volunteer", "org_admin", "org_member"]


def _tables_mentioning(text: str) -> list[str]:
    """``table.column`` of every text column that still contains ``text``."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public'
              AND data_type IN ('text', 'character varying', 'jsonb')
              AND table_name NOT IN ('django_session', 'civicportal_cache', 'django_admin_log')
            """
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                [f"%{text}%"],
            )
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


@pytest.mark.parametrize("role", PERSONS)
def test_export_covers_every_app(role):
    world = build_world()

    document = account_data.export_user_data(world.users[role])

    assert set(document["parts"]) >= {"core", "initiatives", "volunteering", "funding"}
    assert json.loads(json.dumps(document)) == document


@pytest.mark.parametrize("role", PERSONS)
def test_erasure_leaves_no_email_or_name_anywhere(role):
    world = build_world()
    user = world.users[role]
    email, name = user.email, user.display_name
    assert _tables_mentioning(email)  # the check finds the data before …

    account_data.erase_user_data(user=user)

    assert _tables_mentioning(email) == []  # … and nothing after
    assert _tables_mentioning(name) == []
    assert not User.objects.filter(email=email).exists()


def test_erasure_keeps_the_idea_and_its_supports(db):
    from initiatives.models import Idea, Support
    from tests.initiatives.factories import SupportFactory

    world = build_world()
    SupportFactory(idea=world.o.idea, user=world.users["volunteer"])

    account_data.erase_user_data(user=world.users["resident"])
    account_data.erase_user_data(user=world.users["volunteer"])

    idea = Idea.objects.get(pk=world.o.idea.pk)
    assert idea.title == "Mehr Bänke am Kaßberg"
    assert idea.author_id is None
    assert Support.objects.filter(idea=idea).count() == 1
    assert idea.comments.count() == 1


def test_erasure_keeps_the_funding_application_of_the_organisation(db):
    from funding.models import Application

    world = build_world()

    account_data.erase_user_data(user=world.users["org_admin"])

    application = Application.objects.get(pk=world.o.application.pk)
    assert application.title == "Kaßberg-Fest"
    assert application.author_id is None
    assert application.attachments.count() == 1


def test_erasure_leaves_other_peoples_records_alone(db):
    from volunteering.models import Signup

    world = build_world()
    other_signups = Signup.objects.exclude(volunteer=world.users["volunteer"]).count()
    other_users = User.objects.exclude(pk=world.users["volunteer"].pk).count()

    account_data.erase_user_data(user=world.users["volunteer"])

    assert Signup.objects.count() == other_signups
    assert User.objects.count() == other_users


def test_erasure_keeps_hour_totals_of_the_organisation(db):
    from django.db.models import Sum

    from volunteering.models import HoursEntry

    world = build_world()
    before = HoursEntry.objects.filter(opportunity__organisation=world.o.organisation).aggregate(
        total=Sum("hours")
    )["total"]

    account_data.erase_user_data(user=world.users["volunteer"])

    after = HoursEntry.objects.filter(opportunity__organisation=world.o.organisation).aggregate(
        total=Sum("hours")
    )["total"]
    assert after == before
