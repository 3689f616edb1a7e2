"""Small text helpers shared by every app."""

import html
import re

import markdown
import nh3
from django.conf import settings
from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(value: str) -> str:
    """``slugify`` that spells umlauts out the German way (Hörde → hoerde)."""
    return slugify(value.translate(_GERMAN))


def csv_safe(value) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def site_host() -> str:
    """The host name of ``SITE_URL`` (for iCalendar UIDs and Message-IDs)."""
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "civicportal"


_PARAGRAPH_END = re.compile(r"</(?:p|h[1-6]|blockquote|pre|ul|ol|table)>", re.IGNORECASE)
_LINE_END = re.compile(r"</(?:li|tr)>|<br\s*/?>", re.IGNORECASE)
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
_ITEM = re.compile(r"<li>", re.IGNORECASE)
_LINK = re.compile(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_BLANK_LINES = re.compile(r"\n{3,}")


def markdown_to_text(text: str) -> str:
    """Plain text of editor-written Markdown (calendar descriptions, text e-mails): no
    escapes (``Stadtmacher\\*innen`` → ``Stadtmacher*innen``), no markup; a link keeps
    its address in brackets, a list item starts with "- "."""
    if not text or not text.strip():
        return ""
    rendered = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    rendered = _LINK.sub(
        lambda m: m.group(2) if m.group(1) in m.group(2) else f"{m.group(2)} ({m.group(1)})",
        rendered,
    )
    rendered = _BETWEEN_TAGS.sub("><", rendered)
    rendered = _LINE_END.sub("\n", _PARAGRAPH_END.sub("\n\n", rendered))
    rendered = _ITEM.sub("- ", rendered)
    plain = html.unescape(nh3.clean(rendered, tags=set()))
    lines = [line.strip() for line in plain.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
