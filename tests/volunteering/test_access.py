"""Who may do what on an organisation's volunteering data: every role × action."""

from __future__ import annotations

import pytest

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.volunteering.factories import OpportunityFactory, ShiftFactory
from volunteering import services
from volunteering.models import Signup

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "member", "other_org_admin", "volunteer", "anonymous"]


@pytest.fixture
def setup(organisation):
    opportunity = OpportunityFactory(organisation=organisation, signup_mode="application")
    shift = ShiftFactory(opportunity=opportunity)
    volunteer = UserFactory(email="applicant@example.org")
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    users = {"volunteer": volunteer, "anonymous": None}
    for role in ("admin", "coordinator", "member"):
        users[role] = UserFactory()
        MembershipFactory(organisation=organisation, user=users[role], role=role)
    users["other_org_admin"] = UserFactory()
    MembershipFactory(organisation=OrganisationFactory(), user=users["other_org_admin"])
    return {"organisation": organisation, "signup": signup, "users": users}


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_contacts_visible_only_to_members(client, setup, role):
    response = _client(client, setup["users"][role]).get(
        f"/organisationen/{setup['organisation'].slug}/"
    )

    shows_contact = "applicant@example.org" in response.content.decode()
    assert shows_contact == (role in {"admin", "coordinator", "member"})


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_and_coordinators_decide(client, setup, role):
    signup = setup["signup"]

    response = _client(client, setup["users"][role]).post(
        f"/engagement/anmeldungen/{signup.pk}/annehmen/"
    )

    signup.refresh_from_db()
    allowed = role in {"admin", "coordinator"}
    assert (signup.status == Signup.Status.CONFIRMED) == allowed
    if not allowed:
        assert response.status_code in {302, 404}
        if role != "anonymous":
            assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_and_coordinators_export(client, setup, role):
    response = _client(client, setup["users"][role]).get(
        f"/organisationen/{setup['organisation'].slug}/teilnehmende.csv"
    )

    allowed = role in {"admin", "coordinator"}
    assert ("applicant@example.org" in response.content.decode("utf-8-sig")) == allowed


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_invite(client, setup, role):
    _client(client, setup["users"][role]).post(
        f"/organisationen/{setup['organisation'].slug}/einladen/",
        {"email": "neu@example.org", "role": "coordinator"},
    )

    invited = setup["organisation"].invitations.filter(email="neu@example.org").exists()
    assert invited == (role == "admin")
