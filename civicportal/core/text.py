"""Small text helpers shared by every app."""

from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(value: str) -> str:
    """``slugify`` that spells umlauts out the German way (Hörde → hoerde)."""
    return slugify(value.translate(_GERMAN))
