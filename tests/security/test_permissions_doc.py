from pathlib import Path

from django.conf import settings

from tests.security.permissions_doc import render


def test_permissions_doc_matches_the_role_matrix():
    document = (Path(settings.BASE_DIR) / "docs" / "permissions.md").read_text()

    assert document == render(), (
        "docs/permissions.md is out of date; regenerate it (tests/security/permissions_doc.py)"
    )
