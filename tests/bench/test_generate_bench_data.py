"""The benchmark data generator at a tiny scale."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q

from bench.management.commands import generate_bench_data
from bench.management.commands.generate_bench_data import BIG_INITIATIVE_SLUG
from civicportal.core.models import User
from funding.models import Application
from initiatives.models import Initiative
from tests.bench.conftest import with_generated_data
from tests.factories import UserFactory
from volunteering.models import Opportunity, Shift, Signup, VolunteerProfile


def _generate(scale: float = 0.001, seed: int = 3) -> None:
    call_command(
        generate_bench_data.Command(), scale=scale, seed=seed, no_vacuum=True, stdout=io.StringIO()
    )


@pytest.mark.django_db
def test_generate_bench_data_fills_every_part_at_a_tiny_scale():
    _generate(scale=0.001)

    assert Opportunity.objects.count() == 100
    assert Shift.objects.count() == 300
    assert Signup.objects.count() == 1000
    assert VolunteerProfile.objects.count() == 200
    assert Application.objects.count() == 40
    big = Initiative.objects.get(slug=BIG_INITIATIVE_SLUG)
    assert big.subprojects.count() == 5


@pytest.mark.django_db
def test_generate_bench_data_never_overbooks_and_keeps_counters_right():
    _generate(scale=0.002)

    shifts = Shift.objects.annotate(
        holding=Count("signups", filter=Q(signups__status__in=["pending", "confirmed"]))
    )
    assert shifts.filter(holding__gt=F("capacity")).count() == 0
    assert [s.pk for s in shifts if s.holding != s.taken] == []
    assert (
        Signup.objects.values("shift", "volunteer").annotate(n=Count("id")).filter(n__gt=1).count()
        == 0
    )


@pytest.mark.django_db
def test_generate_bench_data_accounts_cannot_log_in():
    _generate()

    users = list(User.objects.all())
    assert len(users) == 204  # 4 organisation admins and 200 volunteers
    assert [u.email for u in users if u.has_usable_password()] == []


@pytest.mark.django_db
def test_generate_bench_data_fills_search_vectors_for_german_search():
    _generate()

    assert Opportunity.objects.filter(search_vector__isnull=True).count() == 0
    assert Application.objects.filter(search_vector__isnull=True).count() == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM volunteering_opportunity "
            "WHERE search_vector @@ websearch_to_tsquery('german', 'Nachbarschaft')"
        )
        hits = cursor.fetchone()[0]
    assert 0 < hits < Opportunity.objects.count()


@pytest.mark.django_db
def test_generate_bench_data_same_seed_gives_same_data():
    def snapshot():
        return (
            list(Opportunity.objects.order_by("slug").values_list("slug", "title", "summary")),
            list(
                Signup.objects.order_by("shift__opportunity__slug", "volunteer__email").values_list(
                    "shift__opportunity__slug", "volunteer__email", "status"
                )
            ),
        )

    first = with_generated_data(0.001, snapshot, seed=11)
    second = with_generated_data(0.001, snapshot, seed=11)
    other = with_generated_data(0.001, snapshot, seed=12)

    assert first == second
    assert first != other


@pytest.mark.django_db
def test_generate_bench_data_refuses_a_database_with_accounts():
    UserFactory()

    with pytest.raises(CommandError, match="already holds accounts"):
        _generate()
