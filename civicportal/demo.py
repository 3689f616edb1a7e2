"""Demo content of the portal's top: one accessibility contact per municipality.

The seed documents name no accessibility offices, so these contacts are examples with
addresses under ``.invalid`` (they can never receive mail). Idempotent.
"""

from __future__ import annotations

from civicportal.core.models import Municipality
from civicportal.models import AccessibilityContact

CONTACTS = {
    "chemnitz": "barrierefreiheit@chemnitz.example.invalid",
    "dortmund": "barrierefreiheit@dortmund.example.invalid",
}


def load() -> None:
    for municipality in Municipality.objects.filter(slug__in=CONTACTS):
        AccessibilityContact.objects.update_or_create(
            municipality=municipality,
            defaults={
                "office_name": "Beauftragte für Menschen mit Behinderungen (Beispiel)",
                "email": CONTACTS[municipality.slug],
            },
        )
