"""Passwords people in Germany choose often, refused at sign-up and password change.

Django's ``CommonPasswordValidator`` knows an English-language list. This validator adds

* ``data/german-common-passwords-top-1000.txt``: the 1,000 most common German passwords of
  SecLists (``Passwords/Common-Credentials/Language-Specific/German_common-password-list-
  top-1000.txt`` at commit 00e51eedbb866adf042368c3d5de11aab49f0513; SecLists is MIT
  licensed, (c) Daniel Miessler and contributors), shipped unchanged;
* a rule for the pattern such lists show again and again: a common word with a year,
  digits or symbols around it („Sommer2026!“, „Chemnitz2026“, „2026Passwort“). The words
  are the list's own plus ``data/german-words-for-passwords.txt`` (hand-built: seasons,
  months, states, the largest cities, …) plus the names of the portal's municipalities.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from civicportal.core.models import Municipality

DATA = Path(__file__).resolve().parent / "data"
LIST_FILE = DATA / "german-common-passwords-top-1000.txt"
WORDS_FILE = DATA / "german-words-for-passwords.txt"

# A word (letters only) with nothing but digits and symbols before or after it.
WORD_WITH_EXTRAS = re.compile(r"[\W\d_]*(?P<word>[^\W\d_]{3,})[\W\d_]*")


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines(LIST_FILE))


@cache
def common_words() -> frozenset[str]:
    listed = {entry for entry in common_passwords() if entry.isalpha() and len(entry) >= 3}
    return frozenset(listed | {line.lower() for line in _lines(WORDS_FILE)})


def _municipality_words() -> set[str]:
    names = Municipality.objects.values_list("name", "slug")
    return {part.lower() for pair in names for part in pair if part}


def _normalise(word: str) -> set[str]:
    """The word as typed and spelled without umlauts (ä → ae …)."""
    plain = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return {word, plain}


class GermanCommonPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        lowered = password.strip().lower()
        if lowered in common_passwords():
            raise ValidationError(
                _("Dieses Passwort gehört zu den häufigsten in Deutschland."),
                code="password_too_common",
            )
        match = WORD_WITH_EXTRAS.fullmatch(lowered)
        if match is None:
            return
        words = common_words() | _municipality_words()
        if _normalise(match.group("word")) & words:
            raise ValidationError(
                _(
                    "Ein bekanntes Wort mit Jahreszahl, Ziffern oder Zeichen (etwa "
                    "„Sommer2026!“) ist leicht zu erraten. Nimm lieber mehrere Wörter, die "
                    "nicht zusammengehören."
                ),
                code="password_common_word",
            )

    def get_help_text(self) -> str:
        return _(
            "Dein Passwort darf kein häufiges Passwort und kein bekanntes Wort mit Jahreszahl sein."
        )
