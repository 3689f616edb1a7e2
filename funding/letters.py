"""The funding part's PDFs, on the portal's document base (:mod:`civicportal.core.documents`):
A4, embedded Unicode fonts, tagged PDF/UA-1, German, or English for a reader of the
English portal.

* the Zuwendungsbescheid / Änderungsbescheid (``templates/documents/decision_letter.html``),
  composed by the officer from the programme's template, made once when issued and stored
  (``IssuedLetter``); before that only as a preview marked „Entwurf“;
* the Eingangsbestätigung of a submitted application (``…/receipt_confirmation.html``),
  from the application as submitted (frozen from then on).
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext

from civicportal.core.documents import Document, person_language
from funding.formatting import euro
from funding.models import Application, Decision, FinancingType, IncomeLine, IssuedLetter

DECISION_LETTER = Document(
    key="funding.decision_letter",
    template="documents/decision_letter.html",
    description="Zuwendungsbescheid of an approved application (…/antraege/<id>/bescheid.pdf)",
    url_name="funding:letter",
)
CONFIRMATION = Document(
    key="funding.confirmation",
    template="documents/receipt_confirmation.html",
    description="Eingangsbestätigung of a submitted application (…/eingangsbestaetigung.pdf)",
    url_name="funding:confirmation",
)


def _income_rows(application: Application) -> list[tuple[str, str]]:
    """The income lines as (label, amount) in the document's language."""
    rows = []
    for line in application.income_lines.all():
        label = str(line.get_kind_display())
        if line.kind == IncomeLine.Kind.FUNDER:
            label = f"{label}: {line.funder} ({line.get_funder_status_display()})"
        if line.description:
            label = f"{label} – {line.description}"
        rows.append((label, euro(line.amount)))
    return rows


def decision_pdf(
    application: Application,
    *,
    decision: Decision | None = None,
    kind: str = IssuedLetter.Kind.DECISION,
    number: int = 1,
    draft: bool = False,
    language: str | None = None,
) -> bytes:
    """The Bescheid of ``application`` from ``decision`` (its current one by default)."""
    language = language or person_language()
    decision = decision or application.decision
    call = application.call
    programme = call.programme
    amendment = kind == IssuedLetter.Kind.AMENDMENT
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
            "period_start": decision.period_start or application.start_date or call.funding_start,
            "period_end": decision.period_end or application.end_date or call.funding_end,
            "amount": euro(decision.amount),
            "total_costs": euro(application.total_costs),
            "income_lines": _income_rows(application),
            "total_income": euro(application.total_income),
            "shortfall": euro(application.shortfall),
            "financing_label": decision.get_financing_type_display(),
            "is_share": decision.financing_type == FinancingType.SHARE,
            "is_fixed": decision.financing_type == FinancingType.FIXED,
            "amendment": amendment,
            "number": number,
            "draft": draft,
            "issued_on": timezone.localdate(),
            "translated": language != "de",
        }
        heading = gettext("Änderungsbescheid") if amendment else gettext("Zuwendungsbescheid")
        title = f"{heading} {application.reference or ''}".strip()
        if draft:
            title = f"{gettext('Entwurf')}: {title}"
    return DECISION_LETTER.render(context, title=title, language=language)


def confirmation_pdf(application: Application, *, language: str | None = None) -> bytes:
    """The Eingangsbestätigung of a submitted application: date, time and amount."""
    language = language or person_language()
    programme = application.call.programme
    with translation.override(language):
        context = {
            "application": application,
            "call": application.call,
            "programme": programme,
            "municipality": programme.municipality,
            "office": programme.office.name if programme.office else "",
            "organisation": application.organisation,
            "submitted": timezone.localtime(application.submitted_at),
            "items": list(application.budget_items.all()),
            "total_costs": euro(application.total_costs),
            "income_lines": _income_rows(application),
            "total_income": euro(application.total_income),
            "own_contribution": euro(application.own_contribution),
            "requested": euro(application.requested_amount),
        }
        title = f"{gettext('Eingangsbestätigung')} {application.reference or ''}".strip()
    return CONFIRMATION.render(context, title=title, language=language)
