"""The Ehrenamtsnachweis as PDF (fpdf2).

The PDF uses the PDF core font Helvetica: it needs no font file, and its WinAnsi
encoding covers German (ä, ö, ü, ß, €, typographic dashes and quotes). Characters outside
that set are replaced, so a name in another script never breaks the download.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

from volunteering.models import Certificate

_REPLACEMENTS = {"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-"}


def _latin(text: str) -> str:
    for source, target in _REPLACEMENTS.items():
        text = text.replace(source, target)
    return text.encode("latin-1", "replace").decode("latin-1")


def _hours(value) -> str:
    number = Decimal(value).quantize(Decimal("0.01"))
    text = f"{number:.2f}".replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def _date(value: str) -> str:
    return date.fromisoformat(value).strftime("%d.%m.%Y")


def certificate_pdf(
    certificate: Certificate, *, threshold: int | None = None, compress: bool = True
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_latin(f"Ehrenamtsnachweis {certificate.year}"))
    pdf.set_author(_latin(settings.SITE_NAME))
    pdf.set_creator("civicportal")
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 12, _latin("Ehrenamtsnachweis"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(
        0,
        7,
        _latin(
            f"Hiermit wird bestätigt, dass {certificate.holder_name} sich im Jahr "
            f"{certificate.year} ehrenamtlich engagiert hat. Die folgenden Tätigkeiten "
            "und Stunden wurden von den Organisationen bestätigt."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10)
    with pdf.table(
        col_widths=(60, 50, 40, 20), text_align=("LEFT", "LEFT", "LEFT", "RIGHT")
    ) as table:
        header = table.row()
        for title in ("Tätigkeit", "Organisation", "Zeitraum", "Stunden"):
            header.cell(_latin(title))
        for activity in certificate.activities:
            row = table.row()
            row.cell(_latin(activity["title"]))
            row.cell(_latin(activity["organisation"]))
            period = _date(activity["from"])
            if activity["to"] != activity["from"]:
                period = f"{period} - {_date(activity['to'])}"
            row.cell(period)
            row.cell(_hours(activity["hours"]))
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(
        0,
        8,
        _latin(f"Stunden insgesamt: {_hours(certificate.total_hours)}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if threshold:
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(
            0,
            6,
            _latin(
                "Schwelle für die Anerkennung (Ehrenamtskarte) in der Kommune: "
                f"{threshold} Stunden im Jahr."
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 10)
    issued = timezone.localtime(certificate.issued_at)
    verify_url = settings.SITE_URL + certificate.get_verify_url()
    pdf.multi_cell(
        0,
        6,
        _latin(
            f"Ausgestellt am {issued:%d.%m.%Y} über {settings.SITE_NAME}.\n"
            f"Prüfcode: {certificate.code}\n"
            f"Echtheit prüfen: {verify_url}"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
