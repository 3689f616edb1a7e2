"""Template filters of the PDF documents and mails (``{% load documents %}``): dates in the
active language's formats."""

from __future__ import annotations

import re
from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Web addresses and e-mail addresses in a text: never hyphenated (a hyphen added to an
# address changes it), broken anywhere when longer than the line.
_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?)\]“”»]|[^\s<>@(]+@[^\s<>@]+\.[a-z]{2,}", re.I
)
# A short date: 21.09.2025 in German, 21 Sep 2025 in English (never the ambiguous 09/21/2025).
# The spaces are no-break spaces: a date is never split over two lines.
_SHORT = {"de": "d.m.Y", "en": "j\u00a0M\u00a0Y"}


@register.filter
def document_text(value: str) -> SafeString:
    """Escape ``value`` and mark its web and e-mail addresses (class ``address``)."""
    text = str(value or "")
    parts, end = [], 0
    for match in _ADDRESS.finditer(text):
        parts.append(conditional_escape(text[end : match.start()]))
        parts.append(format_html('<span class="address">{}</span>', match.group()))
        end = match.end()
    parts.append(conditional_escape(text[end:]))
    return mark_safe("".join(str(part) for part in parts))  # every part escaped above


@register.filter
def address_lines(value: str) -> SafeString:
    """A postal address kept in one field („Straße 1, 09111 Chemnitz“) as lines."""
    lines = [part.strip() for part in re.split(r"[\n,]", value or "") if part.strip()]
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


@register.filter
def long_date(value: date | datetime) -> str:
    """3. Dezember 2026 / Dec. 3, 2026."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return date_format(value, "DATE_FORMAT")


@register.filter
def long_datetime(value: datetime) -> str:
    """Montag, 7. Dezember 2026, 18:00 / Monday, Dec. 7, 2026, 6 p.m. (local time)."""
    value = timezone.localtime(value)
    return ", ".join(
        (date_format(value, "l"), date_format(value, "DATE_FORMAT"), time_format(value))
    )


@register.filter
def short_date(value: date | datetime) -> str:
    """03.12.2026 / 3 Dec 2026."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return date_format(value, _SHORT.get((get_language() or "de")[:2], "d.m.Y"))
