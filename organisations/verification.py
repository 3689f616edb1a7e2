"""What the verification of an organisation needs, and who does it (one place for the
dashboard, the funding application and the agency).

The agency of the organisation's municipality (staff with the role FreiwilligenAgentur)
verifies new organisations in the back office (``civicportal.core.services.
verify_organisation``): it checks that the organisation exists and who may represent it,
and it needs a way to reach it. ``missing`` lists what the organisation's own details
still lack; the administrators fill it in on „Angaben bearbeiten“.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from civicportal.core.models import Organisation

Form = Organisation.LegalForm


def _documents(legal_form: str) -> str:
    return {
        Form.REGISTERED_ASSOCIATION: _("die Satzung und den Auszug aus dem Vereinsregister"),
        Form.NONPROFIT_COMPANY: _(
            "den Auszug aus dem Handelsregister und den Freistellungsbescheid des Finanzamts"
        ),
        Form.FOUNDATION: _("die Anerkennung als Stiftung (Stiftungsverzeichnis)"),
        Form.INFORMAL: _("wer für die Initiative verantwortlich ist (Name und Anschrift)"),
        Form.PUBLIC_BODY: _("wer die Einrichtung trägt"),
        Form.COMPANY: _("den Auszug aus dem Handelsregister"),
    }.get(legal_form, _("ein Dokument, das zeigt, wer die Organisation vertreten darf"))


@dataclass(frozen=True)
class VerificationNeeds:
    #: who verifies: „die FreiwilligenAgentur Chemnitz“
    verifier: str
    #: what the verifier looks at, for the organisation's legal form
    documents: str
    #: what the organisation's details still lack (empty: nothing)
    missing: list[str]


def verification_needs(organisation: Organisation) -> VerificationNeeds | None:
    """What ``organisation`` still needs for its verification; None once verified."""
    if organisation.is_verified:
        return None
    missing = []
    if not organisation.description.strip():
        missing.append(_("eine Beschreibung, was eure Organisation tut"))
    if not organisation.address.strip():
        missing.append(_("eine Anschrift"))
    if not (organisation.email or organisation.phone.strip()):
        missing.append(_("eine E-Mail-Adresse oder Telefonnummer der Organisation"))
    return VerificationNeeds(
        verifier=_("die FreiwilligenAgentur %(municipality)s")
        % {"municipality": organisation.municipality.name},
        documents=_documents(organisation.legal_form),
        missing=missing,
    )
