"""Tasks queued by a change commit or roll back with it (database task backend)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tests.factories import OrganisationFactory, UserFactory
from tests.volunteering.factories import OpportunityFactory, ShiftFactory
from volunteering import services

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class _Undo(Exception):
    pass


@pytest.fixture
def shift():
    return ShiftFactory(opportunity=OpportunityFactory(organisation=OrganisationFactory()))


def test_the_confirmation_is_queued_in_the_sign_ups_transaction(settings, shift):
    settings.TASKS = DATABASE_BACKEND
    volunteer = UserFactory()

    with transaction.atomic():
        signup = services.sign_up(volunteer=volunteer, shift=shift)
        queued = list(DBTaskResult.objects.values_list("task_path", "args_kwargs"))

    assert queued == [
        (
            "civicportal.core.tasks.deliver_notification",
            {
                "args": [],
                "kwargs": {"kind": "volunteering.signup", "payload": {"signup_id": signup.pk}},
            },
        )
    ]


def test_a_rolled_back_sign_up_leaves_no_task(settings, shift):
    settings.TASKS = DATABASE_BACKEND

    def sign_up_and_undo():
        with transaction.atomic():
            services.sign_up(volunteer=UserFactory(), shift=shift)
            raise _Undo

    with pytest.raises(_Undo):
        sign_up_and_undo()

    assert not DBTaskResult.objects.exists()


def test_other_backends_queue_after_the_commit(
    shift, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.sign_up(volunteer=UserFactory(), shift=shift)

    assert mailoutbox == []  # the immediate backend has not run yet
    assert len(callbacks) == 1
