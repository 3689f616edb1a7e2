"""The enforcement body (Durchsetzungs-, Ombuds- or Schlichtungsstelle) named by the
accessibility statement, per municipality (BITV 2.0 § 7 (1) no. 4, Art. 7 (1) b of
Directive (EU) 2016/2102).

A municipality's website falls under the law of its state, not under the federal BGG: the
body is the one of the state the municipality lies in (``Municipality.state``). Each entry
names the state law that sets the body up, as checked when it was written (see
``docs/accessibility.md``, "Enforcement bodies"); a municipality in a state without an
entry fails ``tests/civicportal/test_statement.py`` for the demo municipalities and shows
the federal arbitration board with a note until an entry is added.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EnforcementBody:
    """Who a person turns to when the municipality's answer to a barrier report does not
    satisfy them. Names and addresses are German proper names (not translated)."""

    name: str
    host: str  # the office the body belongs to
    law: str  # the state law that sets it up
    url: str
    email: str
    what: str  # what the body does, one sentence, translated
    address: str = ""  # postal address, where the body publishes one


#: Bundesland (as in ``Municipality.state``) → its enforcement body
BODIES: dict[str, EnforcementBody] = {
    "Sachsen": EnforcementBody(
        name="Durchsetzungsstelle für digitale Barrierefreiheit des Freistaates Sachsen",
        host=(
            "beim Beauftragten der Sächsischen Staatsregierung für die Belange von Menschen "
            "mit Behinderungen (Landesbeauftragter für Inklusion), Sächsische Staatskanzlei"
        ),
        law="Barrierefreie-Websites-Gesetz (BfWebG) des Freistaates Sachsen",
        url="https://www.durchsetzungsstelle.sachsen.de/",
        email="durchsetzungsstelle@sk.sachsen.de",
        address="Archivstraße 1, 01097 Dresden",
        what=_(
            "Die Durchsetzungsstelle prüft Beschwerden über nicht barrierefreie Websites "
            "öffentlicher Stellen in Sachsen und wirkt auf eine Lösung hin. Das Verfahren ist "
            "kostenlos; du brauchst keinen Rechtsbeistand."
        ),
    ),
    "Nordrhein-Westfalen": EnforcementBody(
        name="Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
        host=(
            "bei der Beauftragten der Landesregierung für die Belange der Menschen mit "
            "Behinderung sowie für Patientinnen und Patienten in Nordrhein-Westfalen"
        ),
        law="§§ 10d, 10e Behindertengleichstellungsgesetz NRW (BGG NRW), §§ 9 ff. BITV NRW",
        url="https://www.lbbp.nrw.de/ombudsstelle",
        email="ombudsstelle-barrierefreie-it@mags.nrw.de",
        what=_(
            "Die Ombudsstelle vermittelt in einem Ombudsverfahren zwischen dir und der "
            "öffentlichen Stelle, wenn eine Klärung mit ihr nicht gelungen ist. Das Verfahren "
            "ist kostenlos; du brauchst keinen Rechtsbeistand."
        ),
    ),
}

#: the federal body: for the portal as a whole (its operator) and for a state without entry
FEDERAL = EnforcementBody(
    name="Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (§ 16 BGG)",
    host="bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen",
    law="§ 16 Behindertengleichstellungsgesetz (BGG)",
    url="https://www.schlichtungsstelle-bgg.de/",
    email="info@schlichtungsstelle-bgg.de",
    address="Mauerstraße 53, 10117 Berlin",
    what=_(
        "Die Schlichtungsstelle hilft, einen Streit über Barrieren ohne Gericht zu lösen. "
        "Das Verfahren ist kostenlos; du brauchst keinen Rechtsbeistand."
    ),
)


def body_for_state(state: str) -> EnforcementBody | None:
    """The body of the Bundesland ``state``, or ``None`` when the portal knows none."""
    return BODIES.get(state.strip())
