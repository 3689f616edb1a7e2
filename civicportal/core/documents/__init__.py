"""The portal's PDF documents: one base for every PDF the portal makes.

A document is an HTML template under ``templates/documents/`` that extends
``documents/base.html``; WeasyPrint lays it out on A4 with the margins below, embeds the
Noto Sans fonts shipped in ``fonts/`` (SIL Open Font License, see ``fonts/OFL.txt``) and
writes a tagged PDF (PDF/UA-1: structure tree, /Lang, the title shown in the viewer's title
bar). Nothing is positioned by hand: text wraps inside the page box and long texts flow onto
further pages, which repeat the footer.

Every document is declared once as a :class:`Document`, which registers it in
:data:`REGISTRY`. The document gate (``tests/documents/``) renders every registered document
with sample data and fails for a document it has no sample for, so a new document is covered
by adding one entry there. ``docs/documents.md`` explains both.

The language is German; a document is written in English when the person it is for reads
the portal in English (:func:`person_language`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Noto Sans"
FONT_FILES = {400: FONTS / "NotoSans-Regular.ttf", 700: FONTS / "NotoSans-Bold.ttf"}

# The page: A4 in points (1 pt = 1/72 in), the margins in millimetres. The body text stays
# inside these margins; the footer sits in the bottom margin, inside the left and right ones.
A4 = (595.28, 841.89)
MARGINS_MM = {"top": 20, "right": 20, "bottom": 25, "left": 25}
PDF_VARIANT = "pdf/ua-1"
LANGUAGES = ("de", "en")

REGISTRY: dict[str, Document] = {}


@dataclass(frozen=True)
class Document:
    """A kind of PDF the portal makes, e.g. the decision letter.

    ``key`` names it in the registry and the document gate; ``template`` is its HTML
    template, which extends ``documents/base.html``; ``url_name`` is the view that serves
    it (the gate matches it against the URLs the page gates skip as PDFs).
    """

    key: str
    template: str
    description: str
    url_name: str = ""

    def __post_init__(self) -> None:
        if self.key in REGISTRY:
            raise ValueError(f"A document named {self.key!r} is already registered.")
        REGISTRY[self.key] = self

    def render(self, context: dict[str, Any], *, title: str, language: str = "de") -> bytes:
        """The PDF of this document for ``context``; ``title`` becomes its metadata title."""
        return render_pdf(self.template, context, title=title, language=language)


def person_language() -> str:
    """The language to write a person's document in: German unless they use English.

    The portal stores no language per person; the language they chose with the language
    switch is active while their request is answered, so that is the one used (once
    accounts store a language, this is the one place to read it).
    """
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in LANGUAGES else "de"


class _FontsOnly(URLFetcher):
    """Fetches nothing but the shipped font files: no network, no other file on disk.

    The templates escape every value, so no user text can name a URL; this makes sure of it
    and makes a missing font file fail the rendering instead of silently falling back.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> Any:
        allowed = {path.as_uri() for path in FONT_FILES.values()}
        if url not in allowed:
            raise ValueError(f"Documents may only load the shipped fonts, not {url}")
        return super().fetch(url, headers)


def render_html(template: str, context: dict[str, Any], *, title: str, language: str = "de") -> str:
    """The HTML of a document, in ``language`` (de or en)."""
    if language not in LANGUAGES:
        raise ValueError(f"Documents are written in {', '.join(LANGUAGES)}, not {language!r}")
    with translation.override(language):
        return render_to_string(
            template,
            {
                **context,
                "document_title": title,
                "document_language": language,
                "document_author": settings.SITE_NAME,
                "document_fonts": {weight: path.as_uri() for weight, path in FONT_FILES.items()},
                "document_font_family": FONT_FAMILY,
                "document_margins": MARGINS_MM,
            },
        )


def html_to_pdf(html: str, *, variant: str | None = PDF_VARIANT) -> bytes:
    """Lay out a document's HTML (from :func:`render_html`) and write the tagged PDF."""
    return HTML(string=html, url_fetcher=_FontsOnly()).write_pdf(
        font_config=FontConfiguration(), pdf_variant=variant
    )


def render_pdf(
    template: str, context: dict[str, Any], *, title: str, language: str = "de"
) -> bytes:
    """Render ``template`` with ``context`` to a tagged A4 PDF (PDF/UA-1)."""
    return html_to_pdf(render_html(template, context, title=title, language=language))
