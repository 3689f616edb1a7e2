"""How the apps queue background tasks (e-mails, notices) for a change they make."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django_tasks_db import DatabaseBackend


def enqueue_with_transaction(task, **kwargs) -> None:
    """Queue ``task`` as part of the current transaction.

    With the database backend (production) a queued task is a row of the same database:
    written inside the transaction, it commits or rolls back with the change that caused
    it — no e-mail about a sign-up that was rolled back, none lost between the commit and
    the enqueue — and needs no commit of its own. Other backends (the immediate one in
    tests and development, a message broker) queue once the transaction has committed.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, **kwargs))
