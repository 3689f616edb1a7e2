"""Property-based tests (hypothesis) on the services that guard data."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicportal import account_data, security
from civicportal.core import audit
from civicportal.core.models import AuditEntry, StaffMembership, User
from civicportal.core.services import grant_staff_role, verify_organisation
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

DB_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text PostgreSQL can store: every Unicode scalar but NUL and lone surrogates.
STORABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=400,
)


@given(rate=st.text(max_size=20))
def test_parse_rate_either_reads_or_refuses_cleanly(rate):
    try:
        count, seconds = security.parse_rate(rate)
    except ValueError:
        return
    assert count >= 1
    assert seconds >= 1


@DB_SETTINGS
@given(limit=st.integers(1, 8), attempts=st.integers(0, 20), start=st.floats(0, 1e9))
def test_rate_limit_never_allows_more_than_the_limit_in_one_window(limit, attempts, start):
    security.reset_rate_limits()
    window_start = (int(start) // 3600) * 3600.0
    allowed = [
        security.hit("prop", "u1", f"{limit}/h", now=window_start + i)[0] for i in range(attempts)
    ]

    assert sum(allowed) == min(limit, attempts)
    assert allowed == sorted(allowed, reverse=True)  # first the allowed ones, then none


@DB_SETTINGS
@given(action=STORABLE, note=STORABLE, name=STORABLE)
def test_audit_record_stores_any_text_truncated_to_the_columns(action, note, name):
    organisation = OrganisationFactory(name=name[:160] or "x", municipality=MunicipalityFactory())
    actor = UserFactory()

    entry = audit.record(actor=actor, action=action, target=organisation, note=note)

    entry.refresh_from_db()
    assert entry.action == action[:80]
    assert entry.note == note
    assert entry.target_label == str(organisation)[:300]
    assert entry.actor_label == actor.email


@DB_SETTINGS
@given(times=st.integers(1, 4))
def test_verify_organisation_is_idempotent_and_audited_once(times):
    organisation = OrganisationFactory(verified_at=None)
    staff = UserFactory(is_staff=True)

    for _ in range(times):
        verify_organisation(organisation=organisation, by=staff)

    organisation.refresh_from_db()
    assert organisation.verified_by == staff
    assert (
        AuditEntry.objects.filter(action="organisation.verified", target_id=organisation.pk).count()
        == 1
    )


@DB_SETTINGS
@given(role=st.sampled_from(StaffMembership.Role.values), times=st.integers(1, 3))
def test_grant_staff_role_is_idempotent(role, times):
    user = UserFactory()
    municipality = MunicipalityFactory()

    for _ in range(times):
        grant_staff_role(user=user, municipality=municipality, role=role)

    user.refresh_from_db()
    assert user.is_staff
    assert StaffMembership.objects.filter(user=user, municipality=municipality).count() == 1


@DB_SETTINGS
@given(display_name=STORABLE.map(lambda s: s[:80]))
def test_export_is_json_for_any_name_and_erasure_leaves_no_trace(display_name):
    user = UserFactory(display_name=display_name)
    user_id = user.pk

    document = account_data.export_user_data(user)
    account_data.erase_user_data(user=user)

    assert json.loads(json.dumps(document))["parts"]["core"]["account"]["display_name"] == (
        display_name
    )
    assert not User.objects.filter(pk=user_id).exists()


# --- app services ----------------------------------------------------------------------------

OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["sign_up", "cancel"]), st.integers(0, 5)), max_size=25
)


@DB_SETTINGS
@given(capacity=st.integers(1, 4), operations=OPERATIONS)
def test_sign_up_and_cancel_keep_the_seat_count_exact(capacity, operations):
    """Any sequence of sign-ups and cancellations: ``taken`` equals the places held,
    never exceeds the capacity, and nobody waits while a place is free."""
    from tests.volunteering.factories import OpportunityFactory, ShiftFactory
    from volunteering import services
    from volunteering.models import Shift, Signup

    shift = ShiftFactory(opportunity=OpportunityFactory(), capacity=capacity)
    people = UserFactory.create_batch(6)
    for operation, index in operations:
        person = people[index]
        try:
            if operation == "sign_up":
                services.sign_up(volunteer=person, shift=shift)
            else:
                signup = Signup.objects.filter(shift=shift, volunteer=person).first()
                if signup is not None:
                    services.cancel_signup(signup=signup)
        except services.VolunteeringError:
            pass  # refused with a message (already signed up, cancelled, …): fine

        shift = Shift.objects.get(pk=shift.pk)
        holding = Signup.objects.filter(shift=shift, status__in=Signup.HOLDING_STATUSES).count()
        waiting = Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED).count()
        assert shift.taken == holding
        assert shift.taken <= shift.capacity
        assert waiting == 0 or shift.taken == shift.capacity


@DB_SETTINGS
@given(operations=st.lists(st.tuples(st.booleans(), st.integers(0, 3)), max_size=20))
def test_support_and_withdraw_keep_one_support_per_person(operations):
    from initiatives import services
    from initiatives.models import Support
    from tests.initiatives.factories import IdeaFactory, InitiativeFactory, PhaseFactory

    initiative = InitiativeFactory()
    PhaseFactory(initiative=initiative)
    idea = IdeaFactory(initiative=initiative)
    people = UserFactory.create_batch(4)
    expected: set[int] = set()
    for support, index in operations:
        person = people[index]
        if support:
            services.support_idea(user=person, idea=idea)  # twice: False, no second row
            expected.add(person.pk)
        else:
            services.withdraw_support(user=person, idea=idea)
            expected.discard(person.pk)

    assert set(Support.objects.filter(idea=idea).values_list("user_id", flat=True)) == expected
