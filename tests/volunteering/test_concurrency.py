"""Capacity under concurrency: real database connections, one per thread."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tests.factories import OrganisationFactory, UserFactory
from tests.volunteering.factories import ConsultationSlotFactory, OpportunityFactory, ShiftFactory
from volunteering import services
from volunteering.models import Booking, ConsultationSlot, Shift, Signup

pytestmark = pytest.mark.django_db(transaction=True)

POOL_SIZE = 12


@pytest.fixture
def wide_pool():
    """Give this test a pool of ``POOL_SIZE`` connections (the test settings allow 4)."""
    options = connection.settings_dict["OPTIONS"]
    original = options.get("pool")
    connection.close()
    connection.close_pool()
    options["pool"] = {"min_size": 1, "max_size": POOL_SIZE, "timeout": 60}
    yield
    connections.close_all()
    connection.close_pool()
    options["pool"] = original


def run_at_once(count: int, action) -> tuple[list, list[Exception]]:
    """Run ``action(i)`` in ``count`` threads released together by a barrier."""
    barrier = threading.Barrier(count)
    results, errors = [], []
    lock = threading.Lock()

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            result = action(index)
            with lock:
                results.append(result)
        except Exception as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_fifty_simultaneous_signups_for_ten_places(wide_pool):
    shift = ShiftFactory(
        opportunity=OpportunityFactory(organisation=OrganisationFactory()), capacity=10
    )
    volunteers = [UserFactory() for _ in range(50)]

    results, errors = run_at_once(
        50, lambda i: services.sign_up(volunteer=volunteers[i], shift=shift).status
    )

    shift.refresh_from_db()
    assert errors == []
    assert sorted(results).count(Signup.Status.CONFIRMED) == 10
    assert sorted(results).count(Signup.Status.WAITLISTED) == 40
    assert shift.taken == 10
    assert Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count() == 10
    assert Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED).count() == 40


def test_one_cancellation_promotes_exactly_one(wide_pool):
    shift = ShiftFactory(
        opportunity=OpportunityFactory(organisation=OrganisationFactory()), capacity=10
    )
    volunteers = [UserFactory() for _ in range(50)]
    run_at_once(50, lambda i: services.sign_up(volunteer=volunteers[i], shift=shift))
    confirmed = Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).first()
    first_waiting = (
        Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )

    # The same cancellation, submitted twice at once (double click), promotes one person.
    results, errors = run_at_once(2, lambda i: services.cancel_signup(signup=confirmed))

    shift.refresh_from_db()
    assert [r.pk for r in results] == [first_waiting.pk]
    assert len(errors) == 1
    assert shift.taken == 10
    assert Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count() == 10
    assert Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED).count() == 39


def test_same_person_signing_up_twice_at_once_gets_one_place(wide_pool):
    shift = ShiftFactory(
        opportunity=OpportunityFactory(organisation=OrganisationFactory()), capacity=10
    )
    volunteer = UserFactory()

    results, errors = run_at_once(8, lambda i: services.sign_up(volunteer=volunteer, shift=shift))

    shift.refresh_from_db()
    assert len(results) == 1
    assert all(isinstance(e, services.VolunteeringError) for e in errors)
    assert shift.taken == 1


def test_consultation_slot_is_booked_once(wide_pool):
    slot = ConsultationSlotFactory()
    residents = [UserFactory() for _ in range(20)]

    results, errors = run_at_once(
        20, lambda i: services.book_consultation(resident=residents[i], slot=slot)
    )

    slot.refresh_from_db()
    assert len(results) == 1
    assert len(errors) == 19
    assert all("vergeben" in str(e) for e in errors)
    assert Booking.objects.filter(slot=slot, status=Booking.Status.BOOKED).count() == 1
    assert ConsultationSlot.objects.get(pk=slot.pk).is_booked is True


def test_overbooking_is_impossible_even_bypassing_the_service(db):
    shift = ShiftFactory(
        opportunity=OpportunityFactory(organisation=OrganisationFactory()), capacity=1
    )
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Shift.objects.filter(pk=shift.pk).update(taken=2)


def test_capacity_changes_racing_sign_ups_keep_taken_equal_to_holding_rows(wide_pool):
    shift = ShiftFactory(
        opportunity=OpportunityFactory(organisation=OrganisationFactory()), capacity=4
    )
    volunteers = [UserFactory() for _ in range(16)]
    capacities = {16: 8, 17: 2, 18: 6, 19: 3}  # raises and cuts among the sign-ups

    def action(index: int):
        if index in capacities:
            try:
                services.edit_shift(
                    shift=shift,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                    capacity=capacities[index],
                )
            except services.VolunteeringError:
                return "refused"  # a cut below the places already held
            return "changed"
        return services.sign_up(volunteer=volunteers[index], shift=shift).status

    _results, errors = run_at_once(20, action)

    shift.refresh_from_db()
    holding = Signup.objects.filter(shift=shift, status__in=Signup.HOLDING_STATUSES).count()
    waiting = Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED).count()
    assert errors == []
    assert shift.taken == holding <= shift.capacity
    assert holding + waiting == 16
    # nobody waits while a place is free
    assert waiting == 0 or holding == shift.capacity
