"""The decision letter (Zuwendungsbescheid) as PDF, built with fpdf2.

fpdf2 bundles no Unicode font, so DejaVu Sans (free licence, see ``fonts/LICENSE.txt``)
ships with this app: umlauts, ß, € and typographic quotes all render.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from fpdf import FPDF

from funding.formatting import euro
from funding.models import Application

FONTS = Path(__file__).resolve().parent / "fonts"


def _pdf(*, compress: bool = True) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title("Zuwendungsbescheid")
    pdf.set_lang("de")
    pdf.add_page()
    return pdf


def decision_pdf(application: Application, *, compress: bool = True) -> bytes:
    decision = application.decision
    programme = application.call.programme
    municipality = programme.municipality
    pdf = _pdf(compress=compress)
    width = pdf.epw

    pdf.set_font("DejaVu", "", 9)
    office = programme.office.name if programme.office else ""
    pdf.multi_cell(width, 5, f"Stadt {municipality.name}\n{office}".strip())
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 11)
    organisation = application.organisation
    pdf.multi_cell(width, 6, f"{organisation.name}\n{organisation.address}".strip())
    pdf.ln(6)
    pdf.cell(
        width,
        6,
        f"{municipality.name}, {date_format(timezone.localtime(decision.decided_at), 'j. F Y')}",
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 8, "Zuwendungsbescheid")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(
        width,
        6,
        f"{programme.title} – {application.call.title}\n"
        f"Aktenzeichen: {application.reference or '–'}",
    )
    pdf.ln(4)
    paragraphs = [
        "Sehr geehrte Damen und Herren,",
        f"auf Ihren Antrag „{application.title}“ bewilligen wir Ihnen eine Zuwendung in Höhe von",
    ]
    for text in paragraphs:
        pdf.multi_cell(width, 6, text)
        pdf.ln(2)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(width, 8, euro(decision.amount), align="C")
    pdf.set_font("DejaVu", "", 11)
    pdf.ln(2)
    sections = [
        ("Zuwendungszweck", decision.purpose),
        (
            "Bewilligungszeitraum",
            f"{date_format(application.start_date or application.call.funding_start, 'd.m.Y')}"
            f" bis {date_format(application.end_date or application.call.funding_end, 'd.m.Y')}",
        ),
        (
            "Finanzierung",
            f"Gesamtkosten {euro(application.total_costs)}, Eigenanteil "
            f"{euro(application.own_contribution)}, weitere Mittel "
            f"{euro(application.other_funding)}. Die Zuwendung wird als Festbetrag in Raten "
            "ausgezahlt.",
        ),
        ("Nebenbestimmungen", decision.conditions),
        (
            "Verwendungsnachweis",
            "Bitte legen Sie den Verwendungsnachweis (Sachbericht und zahlenmäßiger Nachweis "
            f"je Kostenposition) bis zum {date_format(decision.proof_due, 'j. F Y')} vor. "
            "Nicht verbrauchte Mittel sind zurückzuzahlen.",
        ),
        (
            "Rechtsbehelfsbelehrung",
            "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch "
            f"bei der Stadt {municipality.name} erhoben werden.",
        ),
    ]
    for heading, text in sections:
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(width, 6, heading)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(width, 6, text)
        pdf.ln(3)
    pdf.multi_cell(width, 6, "Mit freundlichen Grüßen\nIm Auftrag")
    return bytes(pdf.output())
