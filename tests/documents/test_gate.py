"""The document gate: every PDF the portal makes, rendered with hard sample data, must pass
every check of ``pdfcheck.findings`` (docs/documents.md).

Set ``DOCUMENTS_OUT=<folder>`` to keep the rendered PDFs for looking at them
(``pdftoppm -png -r 60``).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from django.urls import get_resolver

from civicportal.core.documents import REGISTRY
from tests.documents.pdfcheck import findings
from tests.documents.samples import LANGUAGES, SAMPLES
from tests.e2e.portal_pages import EXCLUDED, url_names

ROOT = Path(__file__).resolve().parents[2]
PORTAL_PACKAGES = ("civicportal", "initiatives", "volunteering", "funding")
PDF_LIBRARIES = {"weasyprint", "fpdf", "reportlab", "pypdf", "pdfminer", "xhtml2pdf"}


def _registered() -> set[str]:
    get_resolver().url_patterns  # noqa: B018 – loading the URLconf imports every view
    return set(REGISTRY)


def test_every_document_has_a_sample():
    assert _registered() == set(SAMPLES), "add the new document to tests/documents/samples.py"


def test_every_pdf_url_serves_a_registered_document():
    # The page gates (tests/e2e/portal_pages.py) skip every URL that serves no HTML page,
    # with a reason; those skipped as PDFs must be exactly the documents of the registry.
    pdf_urls = {name for name, reason in EXCLUDED.items() if reason.startswith("PDF")}
    documents = {document.url_name for document in (REGISTRY[key] for key in _registered())}
    assert pdf_urls == documents
    assert documents <= url_names()


def test_no_pdf_is_made_outside_the_document_base():
    offenders = []
    for package in PORTAL_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "documents" in path.relative_to(ROOT).parts[:3] and package == "civicportal":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(name.split(".")[0] in PDF_LIBRARIES for name in names):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], "PDFs are made with civicportal.core.documents (docs/documents.md)"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_document_passes_the_gate(key, language):
    sample = SAMPLES[key](language)
    if folder := os.environ.get("DOCUMENTS_OUT"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{key}-{language}.pdf").write_bytes(sample.pdf)

    found = findings(sample.pdf, language=language, names=sample.names, order=sample.order)
    assert found == []
