"""The Ehrenamtsnachweis as PDF, from ``templates/documents/certificate.html``.

Rendered by the portal's document base (:mod:`civicportal.core.documents`): A4, embedded
Unicode fonts (every name prints as written, „Ayşe Yılmaz“ included), tagged PDF/UA-1,
German, or English for a reader of the English portal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from civicportal.core.documents import Document, person_language
from volunteering.models import Certificate

CERTIFICATE = Document(
    key="volunteering.certificate",
    template="documents/certificate.html",
    description="Ehrenamtsnachweis with confirmed hours (/engagement/meine/nachweis/<code>.pdf)",
    url_name="volunteering:certificate_pdf",
)


def _hours(value) -> str:
    """3.50 → "3,5", 12 → "12", 1234.25 → "1.234,25" (in the active language's format)."""
    number = Decimal(value).quantize(Decimal("0.01"))
    places = next(p for p in (0, 1, 2) if number == number.quantize(Decimal(1).scaleb(-p)))
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def certificate_pdf(
    certificate: Certificate, *, threshold: int | None = None, language: str | None = None
) -> bytes:
    """The certificate ``certificate`` as issued (its name and hours are frozen in it)."""
    language = language or person_language()
    with translation.override(language):
        context = {
            "certificate": certificate,
            "holder_name": certificate.holder_name,
            "activities": [
                {
                    "title": activity["title"],
                    "organisation": activity["organisation"],
                    "first": date.fromisoformat(activity["from"]),
                    "last": date.fromisoformat(activity["to"]),
                    "hours": _hours(activity["hours"]),
                }
                for activity in certificate.activities
            ],
            "total_hours": _hours(certificate.total_hours),
            "threshold": threshold,
            "site_name": settings.SITE_NAME,
            "verify_url": settings.SITE_URL + certificate.get_verify_url(),
        }
        title = f"{gettext('Ehrenamtsnachweis')} {certificate.year}"
    return CERTIFICATE.render(context, title=title, language=language)
