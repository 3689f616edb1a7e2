"""Supporting an idea twice at the same moment from two connections counts once."""

import threading

import pytest
from django.db import connection

from initiatives import services
from initiatives.models import Support
from tests.initiatives.factories import IdeaFactory


@pytest.mark.django_db(transaction=True)
def test_parallel_supports_by_one_person_count_once(resident, initiative, open_phase):
    idea = IdeaFactory(initiative=initiative)
    barrier = threading.Barrier(4)
    results: list[bool] = []

    def support():
        try:
            barrier.wait()
            results.append(services.support_idea(user=resident, idea=idea))
        finally:
            connection.close()

    threads = [threading.Thread(target=support) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Support.objects.filter(idea=idea).count() == 1
    assert sorted(results) == [False, False, False, True]
