"""Fixtures of the security tests."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.security.world import ROLES, build_world


@pytest.fixture
def real_mfa():
    """Requesting this fixture switches off the automatic MFA marking of staff
    ``force_login`` sessions (see ``tests/conftest.py``): the test sees the real gate."""
    return True


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The world and one signed-in client per role, built once per module (rolled back
    at the end); each test runs in its own savepoint on top."""
    from tests.security.mfa import mark_mfa_authenticated

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            clients = {}
            for role in ROLES:
                client = Client(raise_request_exception=False)
                user = world.users[role]
                if user is not None:
                    client.force_login(user)
                    if user.is_staff:
                        mark_mfa_authenticated(client, user)
                clients[role] = client
            yield world, clients
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(matrix, db):
    return matrix[0]


@pytest.fixture
def clients(matrix, db):
    return matrix[1]
