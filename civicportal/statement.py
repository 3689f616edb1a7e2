"""The facts of the accessibility statement (BITV 2.0 § 7, the EU model statement of
Implementing Decision (EU) 2018/1523): the status in the model's terms with its reason,
the content that is not accessible with its alternative, and the dates.

Whoever reviews the statement updates ``REVIEWED`` (and what changed);
``tests/civicportal/test_statement.py`` fails when the review is older than a year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: the day the statement was prepared in its present form (EU model)
PREPARED = datetime.date(2026, 12, 3)
#: the day it was last reviewed against the portal (at least once a year)
REVIEWED = datetime.date(2026, 12, 3)
#: the longest a review may lie back
REVIEW_INTERVAL = datetime.timedelta(days=365)


class Status:
    """The three terms of the EU model statement."""

    FULL = _("vollständig vereinbar")
    PARTIAL = _("teilweise vereinbar")
    NONE = _("nicht vereinbar")


STATUS = Status.PARTIAL
STATUS_REASON = _(
    "Die unten aufgeführten Inhalte sind noch nicht barrierefrei. Alles andere – die "
    "öffentlichen Seiten, die Seiten nach der Anmeldung, der Verwaltungsbereich für "
    "Beschäftigte und die Dokumente, die das Portal selbst erzeugt – erfüllt die "
    "automatisch prüfbaren Anforderungen; eine Prüfung durch Menschen (BITV-Test) steht "
    "noch aus."
)


@dataclass(frozen=True)
class Gap:
    """Content that is not accessible: what, why (the model's three reasons) and the
    accessible alternative."""

    what: Promise
    reason: Promise
    alternative: Promise


class Reason:
    NON_COMPLIANCE = _("Unvereinbarkeit mit den Anforderungen")
    DISPROPORTIONATE = _("unverhältnismäßige Belastung")
    OUT_OF_SCOPE = _("nicht im Anwendungsbereich der Vorschriften")


GAPS: tuple[Gap, ...] = (
    Gap(
        what=_(
            "Im Verwaltungsbereich für Beschäftigte endet die Sitzung nach 30 Minuten ohne "
            "Eingabe, ohne vorher zu warnen (WCAG 2.2.1 Zeiteinteilung anpassbar)."
        ),
        reason=Reason.NON_COMPLIANCE,
        alternative=_(
            "Speichere längere Eingaben zwischendurch. Eine Warnung mit der Möglichkeit, die "
            "Sitzung zu verlängern, ist in Arbeit."
        ),
    ),
    Gap(
        what=_(
            "Dateien, die Vereine mit ihren Förderanträgen hochladen (zum Beispiel PDF-"
            "Anhänge), sind nicht immer barrierefrei."
        ),
        reason=Reason.OUT_OF_SCOPE,
        alternative=_(
            "Die Inhalte stammen von den Vereinen, nicht von der Kommune. Das Förderreferat "
            "hilft dir, den Inhalt in anderer Form zu bekommen."
        ),
    ),
)

#: shown when no video in German Sign Language is published yet (BITV 2.0 § 4)
SIGN_LANGUAGE_GAP = Gap(
    what=_("Das Video in Deutscher Gebärdensprache wird noch erstellt."),
    reason=Reason.NON_COMPLIANCE,
    alternative=_(
        "Bis dahin stehen dieselben Informationen als Text und in Leichter Sprache bereit."
    ),
)


def review_is_due(today: datetime.date) -> bool:
    """Whether the last review lies more than a year before ``today``."""
    return today - REVIEWED > REVIEW_INTERVAL
