"""Small text helpers shared by every app."""

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
