import pytest

from tests.funding.factories import ApplicationFactory, CallFactory, ProgrammeFactory


@pytest.fixture
def programme(chemnitz):
    return ProgrammeFactory(
        municipality=chemnitz, slug="demokratiefoerderung", title="Demokratieförderung"
    )


@pytest.fixture
def call(programme):
    return CallFactory(programme=programme)


@pytest.fixture
def application(call, organisation, org_member):
    return ApplicationFactory(call=call, organisation=organisation, author=org_member)
