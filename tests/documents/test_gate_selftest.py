"""The document gate can fail: each defect planted into a real document is found.

The defect is planted into the HTML on its way to the layout (the portal's own
``html_to_pdf`` is wrapped), so the document, its data and the checks are the real ones.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject

from civicportal.core import documents
from tests.documents.pdfcheck import findings
from tests.documents.samples import NAMES, certificate

pytestmark = pytest.mark.django_db


def _render(monkeypatch, plant: Callable[[str], str] = lambda html: html, **options) -> bytes:
    real = documents.html_to_pdf

    def planted(html: str, **kwargs) -> bytes:
        return real(plant(html), **{**kwargs, **options})

    monkeypatch.setattr(documents, "html_to_pdf", planted)
    return certificate("de").pdf


def _style(css: str) -> Callable[[str], str]:
    return lambda html: html.replace("</style>", f"{css}\n</style>", 1)


def _body(markup: str) -> Callable[[str], str]:
    return lambda html: html.replace("</h1>", f"</h1>{markup}", 1)


def _findings(pdf: bytes) -> list[str]:
    return findings(pdf, language="de", names=[NAMES[0]])


def test_the_unplanted_document_passes(monkeypatch):
    assert _findings(_render(monkeypatch)) == []


def test_text_running_off_the_page_fails(monkeypatch):
    # The old decision letter's defect: body lines starting near the right edge.
    pdf = _render(
        monkeypatch, _body('<p style="margin-left: 160mm; white-space: nowrap">Zweck</p>')
    )
    assert any("outside the page margins" in finding for finding in _findings(pdf))


def test_text_in_the_left_margin_fails(monkeypatch):
    pdf = _render(monkeypatch, _body('<p style="margin-left: -15mm">Zuwendungszweck</p>'))
    assert any("outside the page margins" in finding for finding in _findings(pdf))


def test_a_character_no_font_has_fails(monkeypatch):
    # U+0378 is unassigned: no font has it, the layout draws the missing-glyph box.
    pdf = _render(monkeypatch, _body("<p>Name: Ay\u0378e</p>"))
    assert any("missing-glyph" in finding for finding in _findings(pdf))


def test_a_character_from_a_system_font_fails(monkeypatch):
    # Noto Sans has no snowman; the layout falls back to a font of this machine.
    pdf = _render(monkeypatch, _body("<p>Winterfest \u2603</p>"))
    assert any("not one of the shipped fonts" in finding for finding in _findings(pdf))


def test_a_name_printed_with_question_marks_fails(monkeypatch):
    # The old certificate's defect: Latin-1 with "replace" printed „Ay?e Y?lmaz“.
    pdf = _render(monkeypatch, lambda html: html.replace(NAMES[0], "Ay?e Y?lmaz"))
    assert f"the text layer does not contain {NAMES[0]!r}" in _findings(pdf)


def test_a_missing_title_fails(monkeypatch):
    pdf = _render(monkeypatch, lambda html: re.sub(r"<title>.*?</title>", "", html, flags=re.S))
    assert "the metadata has no title" in _findings(pdf)


def test_a_missing_language_fails(monkeypatch):
    pdf = _render(monkeypatch, lambda html: html.replace('<html lang="de">', "<html>", 1))
    assert any("(/Lang)" in finding for finding in _findings(pdf))


def test_a_wrong_page_size_fails(monkeypatch):
    pdf = _render(monkeypatch, _style("@page { size: letter; }"))
    assert any("not A4" in finding for finding in _findings(pdf))


def test_landscape_fails(monkeypatch):
    pdf = _render(monkeypatch, _style("@page { size: A4 landscape; }"))
    assert any("not A4" in finding for finding in _findings(pdf))


def test_two_main_headings_fail(monkeypatch):
    pdf = _render(monkeypatch, _body("<h1>Noch ein Titel</h1>"))
    assert "the structure tree has 2 H1 headings, not one" in _findings(pdf)


def test_a_table_without_header_cells_fails(monkeypatch):
    pdf = _render(monkeypatch, lambda html: html.replace("<th ", "<td ").replace("</th>", "</td>"))
    assert any("tables without header cells (TH)" in finding for finding in _findings(pdf))


def test_text_out_of_reading_order_fails(monkeypatch):
    # The page drawn bottom-up: the total stands above the table it sums.
    pdf = _render(monkeypatch, _style("body { display: flex; flex-direction: column-reverse; }"))
    found = findings(pdf, language="de", order=["Ehrenamtsnachweis", "Stunden insgesamt"])
    assert "the text layer does not read 'Stunden insgesamt' after what comes before it" in found


def test_an_untagged_pdf_fails(monkeypatch):
    pdf = _render(monkeypatch, variant=None)
    found = _findings(pdf)
    assert "the PDF is not tagged (no /StructTreeRoot)" in found
    assert "the PDF is not marked as tagged (/MarkInfo /Marked)" in found


def _rewrite(pdf: bytes, change: Callable) -> bytes:
    """The PDF after ``change(writer)`` (pypdf), as a broken tool would have written it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_title_the_viewer_does_not_show_fails(monkeypatch):
    def hide_title(writer) -> None:
        writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(False)}
        )

    pdf = _rewrite(_render(monkeypatch), hide_title)
    assert "the viewer does not show the title (/DisplayDocTitle)" in _findings(pdf)


def test_a_font_that_is_not_embedded_fails(monkeypatch):
    def drop_programs(writer) -> None:
        for page in writer.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                holder = font
                if font.get("/Subtype") == "/Type0":
                    holder = font["/DescendantFonts"][0].get_object()
                descriptor = holder["/FontDescriptor"].get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    descriptor.pop(NameObject(key), None)

    pdf = _rewrite(_render(monkeypatch), drop_programs)
    assert any(finding.endswith("is not embedded") for finding in _findings(pdf))


def test_marked_false_fails(monkeypatch):
    def unmark(writer) -> None:
        writer._root_object[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(False)}
        )

    pdf = _rewrite(_render(monkeypatch), unmark)
    assert "the PDF is not marked as tagged (/MarkInfo /Marked)" in _findings(pdf)
