"""The document gate's checks, read from the PDF itself (pdfminer.six and pypdf).

``findings(pdf, language=..., names=...)`` lists everything wrong with one PDF, as sentences;
an empty list means the document passes:

* every page is A4 (portrait);
* every glyph lies inside the page margins of the document base: between the left and right
  margins, below the top margin, and at least ``FOOTER_MIN_MM`` above the bottom edge (the
  footer lives in the bottom margin);
* every glyph comes from an embedded font shipped with the portal, is not the font's
  missing-glyph box (.notdef, glyph 0) and maps to text (no ``(cid:n)``, no U+FFFD);
* every character of the given names is a character of its font, and every name appears
  as written in the text layer (not „Ay?e Y?lmaz“);
* the metadata has a title, the catalog the document's language (/Lang), and the viewer
  shows the title (/DisplayDocTitle);
* the PDF is tagged: /StructTreeRoot and /MarkInfo /Marked true, and every font embedded;
  the structure tree has one H1 and every table has header cells (TH);
* the text layer reads in order: the given ``order`` strings (e.g. the headings) appear in
  the extracted text one after the other.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pdfminer.cmapdb import CMapBase
from pdfminer.converter import PDFPageAggregator
from pdfminer.high_level import extract_text
from pdfminer.layout import LTChar, LTContainer, LTPage
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from civicportal.core.documents import A4, FONT_FILES, MARGINS_MM

MM = 72 / 25.4
# Rounding of glyph positions and of the page size, in points.
TOLERANCE = 0.6
# The footer sits in the bottom margin, but never nearer the paper's edge than this.
FOOTER_MIN_MM = 10


@cache
def shipped_fonts() -> dict[str, set[int]]:
    """PostScript name → code points, of every font the portal ships for documents."""
    fonts = {}
    for path in FONT_FILES.values():
        font = TTFont(Path(path))
        fonts[font["name"].getDebugName(6)] = set(font.getBestCmap())
    return fonts


@dataclass
class Glyph:
    text: str
    font: str  # the PDF font's BaseFont, e.g. ABCDEF+Noto-Sans
    cid: int
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class PdfFacts:
    """What the gate reads from a PDF."""

    pages: list[tuple[float, float]] = field(default_factory=list)
    glyphs: list[Glyph] = field(default_factory=list)
    text: str = ""
    title: str = ""
    language: str = ""
    display_title: bool = False
    tagged: bool = False
    marked: bool = False
    # structure types of the tag tree (/H1, /P, /Table …) and tables without a TH cell
    roles: Counter = field(default_factory=Counter)
    tables_without_headers: int = 0
    # BaseFont → (PostScript name of the embedded program or "", embedded?)
    fonts: dict[str, tuple[str, bool]] = field(default_factory=dict)


class _Aggregator(PDFPageAggregator):
    """pdfminer's layout collector, remembering each character's glyph id (CID)."""

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        self.cur_item._objs[-1].cid = cid
        return advance


class _EmbeddedCMap(CMapBase):
    """An encoding CMap embedded in the PDF, with two-byte codes (as WeasyPrint writes)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        text = data.decode("latin-1")
        self.code2cid: dict[int, int] = {}
        for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
            for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s+(\d+)", block):
                self.code2cid[int(code, 16)] = int(cid)
        for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
            for start, end, cid in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)", block
            ):
                for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                    self.code2cid[code] = int(cid) + offset

    def decode(self, code: bytes) -> Iterator[int]:
        for index in range(0, len(code) - 1, 2):
            # A code the CMap does not map selects CID 0, the missing glyph (PDF 9.7.6.3).
            yield self.code2cid.get(int.from_bytes(code[index : index + 2], "big"), 0)


class _ResourceManager(PDFResourceManager):
    """pdfminer's font loader, also reading an encoding CMap embedded in the PDF.

    WeasyPrint writes such a CMap (instead of Identity-H) when a glyph is drawn under a
    code that is not its glyph id, e.g. the missing-glyph box; pdfminer alone would then
    read no character of that font at all.
    """

    def get_font(self, objid, spec):
        font = super().get_font(objid, spec)
        encoding = resolve1(spec.get("Encoding")) if isinstance(spec, dict) else None
        if isinstance(encoding, PDFStream) and hasattr(font, "cmap"):
            font.cmap = _EmbeddedCMap(encoding.get_data())
        return font


def _chars(item) -> Iterator[LTChar]:
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _chars(child)


def _glyphs(data: bytes) -> list[Glyph]:
    manager = _ResourceManager(caching=False)
    device = _Aggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    glyphs = []
    for number, page in enumerate(PDFPage.get_pages(io.BytesIO(data)), start=1):
        interpreter.process_page(page)
        layout: LTPage = device.get_result()
        for char in _chars(layout):
            glyphs.append(
                Glyph(
                    char.get_text(),
                    char.fontname,
                    getattr(char, "cid", -1),
                    number,
                    char.x0,
                    char.y0,
                    char.x1,
                    char.y1,
                )
            )
    return glyphs


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _fonts_of(resources, seen: set[int]) -> Iterator[DictionaryObject]:
    resources = _resolve(resources) or {}
    for font in (_resolve(resources.get("/Font")) or {}).values():
        yield _resolve(font)
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if id(xobject) in seen or "/Resources" not in xobject:
            continue
        seen.add(id(xobject))
        yield from _fonts_of(xobject["/Resources"], seen)


def _font_program(font: DictionaryObject) -> tuple[str, bool]:
    """The embedded program's PostScript name (or "") and whether one is embedded."""
    descriptor_holder = font
    if font.get("/Subtype") == "/Type0":
        descriptor_holder = _resolve(font["/DescendantFonts"][0])
    descriptor = _resolve(descriptor_holder.get("/FontDescriptor")) or {}
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            try:
                program = TTFont(io.BytesIO(_resolve(descriptor[key]).get_data()))
                return program["name"].getDebugName(6) or "", True
            except Exception:  # a font that fontTools cannot read is still embedded
                return "", True
    return "", False


def _structure(node, facts: PdfFacts, seen: set[int]) -> Counter:
    """Count the structure types under ``node``; returns the counts of this subtree."""
    node = _resolve(node)
    counts: Counter = Counter()
    if isinstance(node, list):
        for child in node:
            counts += _structure(child, facts, seen)
        return counts
    if not isinstance(node, dict) or id(node) in seen:
        return counts
    seen.add(id(node))
    role = str(node.get("/S", ""))
    if role:
        counts[role] += 1
    if "/K" in node:
        counts += _structure(node["/K"], facts, seen)
    if role == "/Table" and not counts["/TH"]:
        facts.tables_without_headers += 1
    return counts


def _flag(value) -> bool:
    """A PDF boolean as Python's: pypdf's ``BooleanObject(False)`` is truthy as an object,
    so ``bool()`` of it would pass a document that says /Marked false."""
    value = _resolve(value)
    return getattr(value, "value", value) is True


def read(data: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    facts = PdfFacts()
    for page in reader.pages:
        box = page.mediabox
        facts.pages.append((float(box.width), float(box.height)))
        seen: set[int] = set()
        for font in _fonts_of(page.get("/Resources"), seen):
            name = str(font.get("/BaseFont", ""))
            facts.fonts[name.lstrip("/")] = _font_program(font)
    info = reader.metadata or {}
    facts.title = str(info.get("/Title") or "").strip()
    facts.language = str(root.get("/Lang") or "")
    preferences = _resolve(root.get("/ViewerPreferences")) or {}
    facts.display_title = _flag(preferences.get("/DisplayDocTitle"))
    facts.tagged = "/StructTreeRoot" in root
    if facts.tagged:
        facts.roles = _structure(root["/StructTreeRoot"], facts, set())
    facts.marked = _flag((_resolve(root.get("/MarkInfo")) or {}).get("/Marked"))
    facts.glyphs = _glyphs(data)
    facts.text = extract_text(io.BytesIO(data))
    return facts


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def findings(
    data: bytes, *, language: str, names: Iterable[str] = (), order: Iterable[str] = ()
) -> list[str]:
    """Every defect of the PDF ``data``, as sentences; [] when it passes the gate."""
    facts = read(data)
    found: list[str] = []

    width, height = A4
    for number, (page_width, page_height) in enumerate(facts.pages, start=1):
        if abs(page_width - width) > TOLERANCE or abs(page_height - height) > TOLERANCE:
            found.append(
                f"page {number} is {page_width:.1f} × {page_height:.1f} pt, not A4 "
                f"({width:.1f} × {height:.1f} pt)"
            )

    left = MARGINS_MM["left"] * MM - TOLERANCE
    right = width - MARGINS_MM["right"] * MM + TOLERANCE
    top = height - MARGINS_MM["top"] * MM + TOLERANCE
    bottom = FOOTER_MIN_MM * MM - TOLERANCE
    outside = [
        glyph
        for glyph in facts.glyphs
        if glyph.text.strip()
        and (glyph.x0 < left or glyph.x1 > right or glyph.y1 > top or glyph.y0 < bottom)
    ]
    if outside:
        first = outside[0]
        found.append(
            f"{len(outside)} glyphs outside the page margins, first {first.text!r} on page "
            f"{first.page} at x {first.x0:.1f}–{first.x1:.1f}, y {first.y0:.1f}–{first.y1:.1f} "
            f"(allowed x {left:.1f}–{right:.1f}, y {bottom:.1f}–{top:.1f})"
        )

    shipped = shipped_fonts()
    for font, (program, embedded) in sorted(facts.fonts.items()):
        if not embedded:
            found.append(f"font {font} is not embedded")
        elif program not in shipped:
            found.append(
                f"font {font} ({program or 'unnamed'}) is not one of the shipped fonts "
                f"{sorted(shipped)}: a character fell back to a system font"
            )

    if not facts.glyphs:
        found.append("no glyph could be read from the PDF")
    notdef = [g for g in facts.glyphs if g.cid == 0]
    if notdef:
        found.append(
            f"{len(notdef)} missing-glyph boxes (.notdef), first for {notdef[0].text!r} on page "
            f"{notdef[0].page}"
        )
    unmapped = [g for g in facts.glyphs if g.text.startswith("(cid:") or "\ufffd" in g.text]
    if unmapped:
        found.append(f"{len(unmapped)} glyphs without text in the text layer")
    for glyph in facts.glyphs:
        program = facts.fonts.get(glyph.font, ("", False))[0]
        cmap = shipped.get(program)
        missing = [c for c in glyph.text if cmap is not None and c.strip() and ord(c) not in cmap]
        if missing:
            found.append(f"{program} has no glyph for {missing[0]!r} (page {glyph.page})")
            break

    text = _normalise(facts.text)
    for name in names:
        if _normalise(name) not in text:
            found.append(f"the text layer does not contain {name!r}")
        font_chars = set().union(*shipped.values())
        absent = sorted({c for c in name if c.strip() and ord(c) not in font_chars})
        if absent:
            found.append(f"the shipped fonts have no glyph for {absent} of {name!r}")

    position = 0
    for part in order:
        found_at = text.find(_normalise(part), position)
        if found_at < 0:
            found.append(f"the text layer does not read {part!r} after what comes before it")
        else:
            position = found_at + len(part)

    if not facts.title:
        found.append("the metadata has no title")
    if facts.language != language:
        found.append(f"the document language (/Lang) is {facts.language!r}, not {language!r}")
    if not facts.display_title:
        found.append("the viewer does not show the title (/DisplayDocTitle)")
    if not facts.tagged:
        found.append("the PDF is not tagged (no /StructTreeRoot)")
    if not facts.marked:
        found.append("the PDF is not marked as tagged (/MarkInfo /Marked)")
    if facts.tagged and facts.roles["/H1"] != 1:
        found.append(f"the structure tree has {facts.roles['/H1']} H1 headings, not one")
    if facts.tables_without_headers:
        found.append(f"{facts.tables_without_headers} tables without header cells (TH)")
    return found
