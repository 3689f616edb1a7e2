"""Fixtures of the volunteering tests."""

from __future__ import annotations

import pytest

from tests.volunteering.factories import OpportunityFactory, ShiftFactory


@pytest.fixture
def opportunity(organisation):
    return OpportunityFactory(organisation=organisation, title="Frühstück für alle")


@pytest.fixture
def shift(opportunity):
    return ShiftFactory(opportunity=opportunity, capacity=2)


@pytest.fixture
def application_opportunity(organisation):
    return OpportunityFactory(
        organisation=organisation, title="Lesepatenschaft", signup_mode="application"
    )
