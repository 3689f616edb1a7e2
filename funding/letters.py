"""The decision letter (Zuwendungsbescheid) as PDF: ``templates/documents/decision_letter.html``.

Rendered by the portal's document base (:mod:`civicportal.core.documents`): A4, embedded
Unicode fonts, tagged PDF/UA-1, German, or English for a reader of the English portal.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from civicportal.core.documents import Document, person_language
from funding.formatting import euro
from funding.models import Application

DECISION_LETTER = Document(
    key="funding.decision_letter",
    template="documents/decision_letter.html",
    description="Zuwendungsbescheid of an approved application (…/antraege/<id>/bescheid.pdf)",
    url_name="funding:letter",
)


def decision_pdf(application: Application, *, language: str | None = None) -> bytes:
    """The Zuwendungsbescheid of ``application`` (which must have a decision)."""
    language = language or person_language()
    decision = application.decision
    call = application.call
    programme = call.programme
    # Amounts are formatted in the document's language (dates by the template's filters).
    with translation.override(language):
        context = {
            "application": application,
            "decision": decision,
            "call": call,
            "programme": programme,
            "municipality": programme.municipality,
            "office": programme.office.name if programme.office else "",
            "organisation": application.organisation,
            "period_start": application.start_date or call.funding_start,
            "period_end": application.end_date or call.funding_end,
            "amount": euro(decision.amount),
            "total_costs": euro(application.total_costs),
            "own_contribution": euro(application.own_contribution),
            "other_funding": euro(application.other_funding),
            "translated": language != "de",
        }
        title = f"{gettext('Zuwendungsbescheid')} {application.reference or ''}".strip()
    return DECISION_LETTER.render(context, title=title, language=language)
