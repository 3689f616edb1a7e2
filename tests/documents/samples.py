"""The document gate's registry: one sample per document the portal makes.

Every :class:`civicportal.core.documents.Document` needs an entry in ``SAMPLES`` (the gate
fails for a registered document without one). An entry is a function that builds real data
in the test database — with the names below and long texts — renders the document through
the same function the view uses, and returns the PDF with the names it must show.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from civicportal.core.models import Municipality, StaffMembership
from funding import services as funding_services
from funding.letters import confirmation_pdf, decision_pdf
from funding.models import Application, Status
from tests.factories import (
    OfficeFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    UserFactory,
)
from tests.funding.factories import ApplicationFactory, CallFactory, ProgrammeFactory
from tests.volunteering.factories import OpportunityFactory
from volunteering import services as volunteering_services
from volunteering.certificates import certificate_pdf
from volunteering.models import HoursEntry

# Names whose letters fall outside Latin-1 (ş ı Đ đ š ć ễ ị): each must print as written.
NAMES = ("Ayşe Yılmaz", "Đorđe Balašević", "Nguyễn Thị Minh Khai")
LANGUAGES = ("de", "en")

# A long paragraph: long words, numbers, quotes and a URL without spaces, enough to fill
# most of a page when repeated, so page breaks and line breaks are exercised.
LONG_TEXT = (
    "Das Projekt „Nachbarschaft verbindet“ bringt im Stadtteil Kaßberg Menschen aus "
    "zwölf Herkunftsländern zusammen: wöchentliche Sprachcafés, ein "
    "Nachbarschaftshilfekoordinationsteam, Hausaufgabenhilfe für 25 Kinder und ein Fest "
    "im Sommer. Die Ergebnisse werden unter "
    "https://www.example.org/projekte/nachbarschaft-verbindet/dokumentation-2026 "
    "veröffentlicht; Ansprechperson ist Ayşe Yılmaz (Telefon 0371 123456-78)."
)


@dataclass
class Sample:
    """A rendered document and what it must show."""

    pdf: bytes
    language: str
    names: tuple[str, ...]
    # what the text must read in this order (headings and key lines)
    order: tuple[str, ...] = ()


def _municipality() -> Municipality:
    municipality, _created = Municipality.objects.get_or_create(
        slug="chemnitz", defaults={"name": "Chemnitz", "state": "Sachsen"}
    )
    return municipality


def decision_letter(language: str) -> Sample:
    """A Bescheid to an association named after people, with long purpose and conditions."""
    municipality = _municipality()
    office = OfficeFactory(
        municipality=municipality,
        name="Geschäftsbereich Bildung, Kultur und Bürgerbeteiligung – Koordinierungsstelle "
        "Demokratieförderung und Integration",
    )
    programme = ProgrammeFactory(
        municipality=municipality,
        office=office,
        title="Förderprogramm Demokratie, Vielfalt und Nachbarschaftshilfe in den Stadtteilen",
        legal_basis="§§ 23, 44 SäHO in Verbindung mit der Förderrichtlinie Demokratie vom "
        "1. Januar 2026",
        signer_name=NAMES[1],
        signer_role="Leiterin der Koordinierungsstelle Demokratieförderung",
    )
    call = CallFactory(programme=programme, title="Aufruf 2026: Begegnung im Quartier")
    organisation = OrganisationFactory(
        municipality=municipality,
        name="Kulturverein Đorđe Balašević und Nguyễn Thị Minh Khai e. V.",
        address="c/o Ayşe Yılmaz, Straße der Nationen 12, 09111 Chemnitz",
    )
    officer = UserFactory(is_staff=True)
    StaffMembershipFactory(
        user=officer, municipality=municipality, role=StaffMembership.Role.FUNDING_OFFICER
    )
    application = ApplicationFactory(
        call=call,
        organisation=organisation,
        author=UserFactory(display_name=NAMES[0]),
        title="Nachbarschaft verbindet: Sprachcafés, Hausaufgabenhilfe und ein Sommerfest "
        "mit Ayşe Yılmaz",
    )
    Application.objects.filter(pk=application.pk).update(
        status=Status.RECOMMENDED, reference="DF-2026-0042"
    )
    application.refresh_from_db()
    funding_services.approve(
        application=application,
        by=officer,
        amount=Decimal("2345.67"),
        purpose=" ".join([LONG_TEXT] * 3),
        conditions="\n".join(
            [funding_services.DEFAULT_CONDITIONS, LONG_TEXT, funding_services.DEFAULT_CONDITIONS]
        ),
        proof_due=timezone.localdate() + datetime.timedelta(days=400),
    )
    application.refresh_from_db()
    order = {
        "de": (
            "Zuwendungsbescheid",
            "Sehr geehrte Damen und Herren,",
            "2.345,67 €",
            "Zuwendungszweck",
            "Bewilligungszeitraum",
            "Finanzierung",
            "Nebenbestimmungen",
            "Verwendungsnachweis",
            "Rechtsbehelfsbelehrung",
            "Mit freundlichen Grüßen",
        ),
        "en": (
            "Funding decision",
            "Dear Sir or Madam,",
            "2,345.67 €",
            "Purpose of the grant",
            "Funding period",
            "Financing",
            "Ancillary provisions",
            "Proof of use",
            "Information on legal remedies",
            "Yours faithfully",
        ),
    }[language]
    return Sample(decision_pdf(application, language=language), language, NAMES, order)


def confirmation(language: str) -> Sample:
    """The Eingangsbestätigung of a submitted application with many plan lines."""
    municipality = _municipality()
    programme = ProgrammeFactory(municipality=municipality, title="Demokratie vor Ort")
    call = CallFactory(programme=programme, title="Aufruf 2026: Begegnung im Quartier")
    organisation = OrganisationFactory(
        municipality=municipality, name="Kulturverein Đorđe Balašević e. V."
    )
    application = ApplicationFactory(
        call=call,
        organisation=organisation,
        title=f"Sprachcafé mit {NAMES[0]}",
        plan=[Decimal("123.45")] * 30,
    )
    Application.objects.filter(pk=application.pk).update(
        status=Status.SUBMITTED, reference="DF-2026-0043", submitted_at=timezone.now()
    )
    application.refresh_from_db()
    order = {
        "de": ("Eingangsbestätigung", "Aktenzeichen", "Eingegangen am", "Finanzierungsplan"),
        "en": ("Acknowledgement of receipt", "Reference", "Received on", "Financing plan"),
    }[language]
    return Sample(
        confirmation_pdf(application, language=language),
        language,
        (NAMES[0], organisation.name),
        order,
    )


def certificate(language: str) -> Sample:
    """A certificate for Ayşe Yılmaz with many, long activities (several pages).

    Her public name is „Ayşe Y.“: the certificate must carry the full name."""
    municipality = _municipality()
    volunteer = UserFactory(full_name=NAMES[0], display_name="Ayşe Y.")
    year = timezone.localdate().year - 1
    organisations = [
        OrganisationFactory(municipality=municipality, name=f"Nachbarschaftshilfe {name} e. V.")
        for name in NAMES[1:]
    ]
    for number in range(24):
        opportunity = OpportunityFactory(
            organisation=organisations[number % 2],
            title=(
                f"Hausaufgabenhilfe und Sprachcafé im Stadtteiltreff, Gruppe {number + 1}"
                if number % 3
                else "Begleitung von Seniorinnen und Senioren zu Arztterminen und Behördengängen"
            ),
        )
        HoursEntry.objects.create(
            volunteer=volunteer,
            opportunity=opportunity,
            date=datetime.date(year, 1 + number % 12, 1 + number),
            hours=Decimal("12.75") if number % 2 else Decimal("3"),
            status=HoursEntry.Status.CONFIRMED,
        )
    issued = volunteering_services.issue_certificate(volunteer=volunteer, year=year)
    order = {
        "de": ("Ehrenamtsnachweis", NAMES[0], "Tätigkeit", "Stunden insgesamt: 189", "Prüfcode"),
        "en": ("Volunteering certificate", NAMES[0], "Activity", "Total hours: 189", "code"),
    }[language]
    return Sample(
        certificate_pdf(issued, threshold=250, language=language),
        language,
        (NAMES[0], *(f"Nachbarschaftshilfe {name} e. V." for name in NAMES[1:])),
        order,
    )


# key of the Document → its sample
SAMPLES: dict[str, Callable[[str], Sample]] = {
    "funding.decision_letter": decision_letter,
    "funding.confirmation": confirmation,
    "volunteering.certificate": certificate,
}
