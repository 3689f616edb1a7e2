"""Fixtures of the input-contract tests: the app fixtures they borrow."""

from tests.funding.conftest import application, call, programme  # noqa: F401 – shared fixtures
from tests.initiatives.conftest import initiative, make_phase, open_phase  # noqa: F401 – shared
from tests.volunteering.conftest import (  # noqa: F401 – shared fixtures
    application_opportunity,
    opportunity,
    shift,
)
