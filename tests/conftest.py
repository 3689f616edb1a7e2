"""Shared fixtures: the municipalities and the named test users of every role.

Named users (DESIGN.md §8): a resident, a volunteer, an organisation member, an editor of
Chemnitz, an editor of Dortmund, a funding officer and a reviewer (both in Chemnitz).
App-specific fixtures live in ``tests/<app>/conftest.py``.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from civicportal.core.models import StaffMembership
from civicportal.core.reference import ensure_reference_data
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    UserFactory,
)


def pytest_configure(config) -> None:
    # Speed knob only: hashing with MD5 in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The anonymous page cache has its own tests (tests/bench/test_page_cache.py).
    settings.PAGE_CACHE_SECONDS = 0


# The slow tiers, left out by `make test-fast` (the inner loop); `make test` and CI run all.
SLOW_TIERS = {
    "bench": lambda path, source: "/tests/bench/" in path,
    "role_matrix": lambda path, source: path.endswith("/tests/security/test_role_matrix.py"),
    "demo": lambda path, source: "load_demo" in source,
}


def pytest_collection_modifyitems(config, items) -> None:
    sources: dict[str, str] = {}
    for item in items:
        path = str(item.path)
        if path not in sources:
            sources[path] = item.path.read_text(encoding="utf-8")
        for marker, belongs in SLOW_TIERS.items():
            if belongs(path, sources[path]):
                item.add_marker(marker)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reused test database may have been flushed by a transactional test of an
    earlier run: put the migration's reference data back."""
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _german_first():
    """Every test starts in German. A request with the English language cookie activates
    English for the thread (``PortalLocaleMiddleware``, like Django's), which otherwise
    carried over into whichever test the same worker ran next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _restore_reference_data(request, django_db_blocker):
    """Transactional tests flush every table, migration data included: restore it after."""
    yield
    if "transactional_db" in request.fixturenames:
        with django_db_blocker.unblock():
            ensure_reference_data()


@pytest.fixture(autouse=True)
def _german_after_each_test():
    """Every test starts in German: a test that activates English (a request with an
    English session, a mail rendered in the recipient's language) must not change the
    language the next test of the same worker sees."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _staff_sessions_pass_mfa(request, monkeypatch):
    """The admin requires TOTP in the session (civicportal.security.StaffSessionMiddleware).
    Staff users logged in with ``client.force_login`` count as TOTP-authenticated, the way
    allauth records it (tests/security/mfa.py). Request the ``real_mfa`` fixture to test
    the gate itself."""
    if "real_mfa" in request.fixturenames:
        return
    from django.test import Client

    from tests.security.mfa import mark_mfa_authenticated

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            mark_mfa_authenticated(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def chemnitz(db):
    return MunicipalityFactory(slug="chemnitz", name="Chemnitz", state="Sachsen")


@pytest.fixture
def dortmund(db):
    return MunicipalityFactory(slug="dortmund", name="Dortmund", state="Nordrhein-Westfalen")


@pytest.fixture
def resident(db):
    return UserFactory(email="resident@example.org", display_name="Rita Resident")


@pytest.fixture
def volunteer(db):
    return UserFactory(email="volunteer@example.org", display_name="Vera Volunteer")


@pytest.fixture
def organisation(chemnitz):
    return OrganisationFactory(
        name="Stadtteilverein Kaßberg e. V.", slug="kassberg", municipality=chemnitz
    )


@pytest.fixture
def org_member(organisation):
    user = UserFactory(email="member@example.org", display_name="Mia Member")
    MembershipFactory(organisation=organisation, user=user)
    return user


def _staff(email: str, municipality, role: str):
    user = UserFactory(email=email, is_staff=True)
    StaffMembershipFactory(user=user, municipality=municipality, role=role)
    return user


@pytest.fixture
def editor_chemnitz(chemnitz):
    return _staff("editor.chemnitz@example.org", chemnitz, StaffMembership.Role.EDITOR)


@pytest.fixture
def editor_dortmund(dortmund):
    return _staff("editor.dortmund@example.org", dortmund, StaffMembership.Role.EDITOR)


@pytest.fixture
def funding_officer(chemnitz):
    return _staff("officer@example.org", chemnitz, StaffMembership.Role.FUNDING_OFFICER)


@pytest.fixture
def reviewer(chemnitz):
    return _staff("reviewer@example.org", chemnitz, StaffMembership.Role.REVIEWER)


@pytest.fixture
def agency_staff(dortmund):
    return _staff("agency@example.org", dortmund, StaffMembership.Role.VOLUNTEER_COORDINATOR)


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the summaries the accessibility gate and the HTML check record (as the user
    property ``portal_report``, which also travels back from pytest-xdist workers)."""
    lines = sorted(
        value
        for report in terminalreporter.stats.get("passed", [])
        for key, value in getattr(report, "user_properties", [])
        if key == "portal_report"
    )
    if lines:
        terminalreporter.section("accessibility and HTML checks")
        for line in lines:
            terminalreporter.write_line(line)
