"""Every transition: allowed for the right role in each source state, refused for every
other role and in every other state."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicportal.core.models import StaffMembership
from funding import services
from funding.models import (
    ActualCost,
    ActualIncome,
    Application,
    Decision,
    Payment,
    ProofOfUse,
    ReviewAssignment,
    Status,
    StatusChange,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = {
    services.APPLICANT: "org_member",
    services.OFFICER: "funding_officer",
}
OTHER_ROLES = [
    "org_member",
    "funding_officer",
    "assigned_reviewer",
    "resident",
    "other_org_member",
    "editor_chemnitz",
    "officer_dortmund",
]
KWARGS = {
    "approve": {"amount": Decimal("2000.00")},
    "record_payment": {"amount": Decimal("500.00")},
    "request_repayment": {"amount": Decimal("100.00")},
    "request_changes": {"note": "Bitte den Zeitplan ergänzen."},
    "request_proof_correction": {"note": "Beleg 3 fehlt."},
}


@pytest.fixture
def assigned_reviewer(application, reviewer):
    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    return reviewer


@pytest.fixture
def other_org_member(chemnitz):
    user = UserFactory(email="other@example.org")
    MembershipFactory(organisation=OrganisationFactory(municipality=chemnitz), user=user)
    return user


@pytest.fixture
def officer_dortmund(dortmund):
    user = UserFactory(email="officer.dortmund@example.org", is_staff=True)
    StaffMembershipFactory(
        user=user, municipality=dortmund, role=StaffMembership.Role.FUNDING_OFFICER
    )
    return user


def _prepare(application: Application, status: str) -> Application:
    """Put the application in ``status`` with everything later steps need."""
    Application.objects.filter(pk=application.pk).update(
        status=status, approved_amount=Decimal("2000.00"), reference="DF-2026-9999"
    )
    Decision.objects.get_or_create(
        application=application,
        defaults={
            "amount": Decimal("2000.00"),
            "purpose": "Zweck",
            "proof_due": "2027-03-31",
            "legal_basis": "§ 44 SäHO",
            "signer_name": "Petra Lange",
            "signer_role": "Amtsleiterin",
        },
    )
    Payment.objects.get_or_create(application=application, number=1, amount=Decimal("1000.00"))
    proof, _ = ProofOfUse.objects.get_or_create(
        application=application, narrative="Bericht", declaration=True
    )
    for item in application.budget_items.all():
        ActualCost.objects.get_or_create(proof=proof, budget_item=item, amount=item.amount)
    for line in application.income_lines.all():
        ActualIncome.objects.get_or_create(proof=proof, income_line=line, amount=line.amount)
    application.refresh_from_db()
    return application


def _run(action: str, application: Application, user):
    return services.ACTIONS[action](application=application, by=user, **KWARGS.get(action, {}))


ALLOWED = [
    (action, source)
    for action, transition in services.TRANSITIONS.items()
    for source in transition.sources
]


@pytest.mark.parametrize(("action", "source"), ALLOWED)
def test_transition_allowed_for_right_role(
    request, action, source, application, mailoutbox, django_capture_on_commit_callbacks
):
    transition = services.TRANSITIONS[action]
    user = request.getfixturevalue(ROLE_FIXTURES[transition.role])
    _prepare(application, source)
    if action == "record_payment":
        Payment.objects.filter(application=application).delete()

    with django_capture_on_commit_callbacks(execute=True):
        _run(action, application, user)

    application.refresh_from_db()
    assert application.status == transition.target
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.by) == (source, transition.target, user)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["member@example.org"]
    assert application.applicant_status in mailoutbox[0].body


REFUSED_ROLES = [
    (action, role)
    for action, transition in services.TRANSITIONS.items()
    for role in OTHER_ROLES
    if role != ROLE_FIXTURES[transition.role]
]


@pytest.mark.parametrize(("action", "role"), REFUSED_ROLES)
def test_transition_refused_for_other_roles(request, action, role, application):
    user = request.getfixturevalue(role)
    source = services.TRANSITIONS[action].sources[0]
    _prepare(application, source)

    with pytest.raises(services.FundingError, match="nicht berechtigt"):
        _run(action, application, user)

    application.refresh_from_db()
    assert application.status == source
    assert not StatusChange.objects.filter(application=application).exists()


def test_transition_refused_for_anonymous(application):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(services.FundingError, match="nicht berechtigt"):
        services.submit(application=application, by=AnonymousUser())


REFUSED_STATES = [
    (action, state)
    for action, transition in services.TRANSITIONS.items()
    for state in Status.values
    if state not in transition.sources
]


@pytest.mark.parametrize(("action", "state"), REFUSED_STATES)
def test_transition_refused_in_other_states(request, action, state, application):
    user = request.getfixturevalue(ROLE_FIXTURES[services.TRANSITIONS[action].role])
    _prepare(application, state)

    with pytest.raises(services.FundingError, match="nicht möglich"):
        _run(action, application, user)

    application.refresh_from_db()
    assert application.status == state


def test_applicant_sees_simple_status_and_staff_the_full_one(application):
    _prepare(application, Status.NOT_RECOMMENDED)

    assert application.applicant_status == "Wird geprüft"
    assert application.get_status_display() == "nicht empfohlen"


def test_available_actions_follow_role_and_state(application, org_member, funding_officer):
    _prepare(application, Status.IN_REVIEW)

    assert services.available_actions(org_member, application) == []
    assert services.available_actions(funding_officer, application) == [
        "request_changes",
        "recommend",
        "not_recommend",
    ]
