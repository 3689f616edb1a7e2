"""Fixtures of the security tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def real_mfa():
    """Requesting this fixture switches off the automatic MFA marking of staff
    ``force_login`` sessions (see ``tests/conftest.py``): the test sees the real gate."""
    return True
