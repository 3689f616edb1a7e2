"""Demo content of the initiatives part, taken from the seed documents.

Facts (years, counts, amounts) stay exactly as the seeds state them. Idempotent: every
record is matched by its slug.
"""

from __future__ import annotations

import datetime

from civicportal.core.models import SDG, Municipality, Theme
from initiatives.models import Initiative, Office

OFFICES = [
    # (municipality, slug, name, kind, parent slug, description)
    (
        "chemnitz",
        "stabsstelle-strategieentwicklung",
        "Stabsstelle zur Strategieentwicklung",
        Office.Kind.STAFF_UNIT,
        None,
        "Im Bürgermeisteramt direkt bei der Oberbürgermeisterin angebunden; koordiniert die "
        "städtische Gesamtstrategie und den „Masterplan 2040“.",
    ),
    (
        "chemnitz",
        "eu-stelle",
        "EU-Stelle",
        Office.Kind.OTHER,
        None,
        "Organisiert die Europäische Mobilitätswoche und den Mobilitätstag.",
    ),
    (
        "chemnitz",
        "kinder-und-jugendbeauftragte",
        "Kinder- und Jugendbeauftragte",
        Office.Kind.COMMISSIONER,
        None,
        "Feste Anlaufstelle für Kinder und Jugendliche sowie deren Eltern.",
    ),
    (
        "dortmund",
        "geschaeftsbereich-nachhaltigkeit",
        "Geschäftsbereich III – Nachhaltigkeit",
        Office.Kind.DEPARTMENT,
        None,
        "Angesiedelt im Amt für Angelegenheiten des Oberbürgermeisters und des Rates; "
        "Themen von nachhaltiger Entwicklung, Europa und Internationales über "
        "Bürgerbeteiligung, Partizipation und freiwilliges Engagement bis zu Wissenschaft, "
        "Stadtentwicklung und Vielfalt.",
    ),
    (
        "dortmund",
        "buero-internationale-beziehungen",
        "Büro für Internationale Beziehungen und Nachhaltige Entwicklung",
        Office.Kind.OFFICE,
        "geschaeftsbereich-nachhaltigkeit",
        "Ansprechpartner für Internationales, Europa und Nachhaltige Entwicklung.",
    ),
    (
        "dortmund",
        "freiwilligenagentur",
        "FreiwilligenAgentur Dortmund",
        Office.Kind.AGENCY,
        "geschaeftsbereich-nachhaltigkeit",
        "Ladenlokal in der Berswordt-Halle: Anlaufstelle, Informations- und Austauschbörse "
        "in Sachen freiwilliges Engagement in Dortmund.",
    ),
    (
        "dortmund",
        "koordinierungsstelle-nordwaerts",
        "Koordinierungsstelle „nordwärts“",
        Office.Kind.COORDINATION,
        "geschaeftsbereich-nachhaltigkeit",
        "Entwicklung neuer Konzepte, Strategien und übertragbarer Modelle zur "
        "Stadtentwicklung im Dortmunder Norden.",
    ),
    (
        "dortmund",
        "koordinierungsstelle-vielfalt",
        "Koordinierungsstelle für Vielfalt, Toleranz und Demokratie",
        Office.Kind.COORDINATION,
        "geschaeftsbereich-nachhaltigkeit",
        "„Couragiert. Demokratie. Stärken“ – entwickelt die demokratische Kultur und die "
        "bürgerschaftliche Beteiligung weiter.",
    ),
    (
        "dortmund",
        "ombudsstelle",
        "Ombudsstelle",
        Office.Kind.OMBUDS,
        "geschaeftsbereich-nachhaltigkeit",
        "Neutrale Informations-, Beratungs- und Kontaktstelle für Bürgerinitiativen und "
        "-interessen.",
    ),
]

INITIATIVES = [
    {
        "slug": "numic",
        "municipality": "chemnitz",
        "office": "stabsstelle-strategieentwicklung",
        "title": "NUMIC – Neues urbanes Mobilitätsbewusstsein in Chemnitz",
        "summary": "Gemeinsam mit Partnern aus Wirtschaft und Wissenschaft forscht die Stadt an "
        "nachhaltigen und attraktiven Mobilitätslösungen.",
        "status": Initiative.Status.IMPLEMENTATION,
        "start_date": datetime.date(2019, 1, 1),
        "end_date": datetime.date(2024, 11, 30),
        "themes": ["mobilitaet", "beteiligung", "klimaschutz"],
        "sdgs": [11, 13],
    },
    {
        "slug": "fairtrade-town-chemnitz",
        "municipality": "chemnitz",
        "office": None,
        "title": "Fairtrade-Town Chemnitz",
        "summary": "Seit 2020 wird die Stadt Chemnitz als Fairtrade-Town ausgezeichnet und "
        "unterstützt den fairen Handel.",
        "status": Initiative.Status.ONGOING,
        "start_date": datetime.date(2020, 1, 1),
        "end_date": None,
        "themes": ["fairer-handel"],
        "sdgs": [8, 12],
    },
    {
        "slug": "green-city",
        "municipality": "chemnitz",
        "office": None,
        "title": "Auf dem Weg zur Green City",
        "summary": "Chemnitz und der Erzgebirgskreis beschäftigen sich seit 2017 gemeinsam mit "
        "Elektromobilität und der dafür nötigen Infrastruktur.",
        "status": Initiative.Status.ONGOING,
        "start_date": datetime.date(2017, 1, 1),
        "end_date": None,
        "themes": ["mobilitaet", "energie", "klimaschutz"],
        "sdgs": [7, 11, 13],
    },
    {
        "slug": "kulturhauptstadt-2025",
        "municipality": "chemnitz",
        "office": None,
        "title": "Kulturhauptstadt Europas 2025 – „C the Unseen“",
        "summary": "Kulturelle Projekte und neu gestaltete Flächen, die Chemnitz auch nach dem "
        "Kulturhauptstadtjahr nachhaltig prägen sollen.",
        "status": Initiative.Status.COMPLETED,
        "start_date": None,
        "end_date": datetime.date(2025, 12, 31),
        "themes": ["kultur", "stadtentwicklung"],
        "sdgs": [11],
    },
    {
        "slug": "allianz-smart-city-dortmund",
        "municipality": "dortmund",
        "office": "geschaeftsbereich-nachhaltigkeit",
        "title": "Allianz Smart City Dortmund",
        "summary": "„Wir machen Zukunft!“ – seit Dezember 2016 eine Dialog- und Projektplattform "
        "mit mehr als 170 Allianzpartnern; 24 Projekte in Pilotphase oder Umsetzung.",
        "status": Initiative.Status.IMPLEMENTATION,
        "start_date": datetime.date(2016, 12, 1),
        "end_date": None,
        "themes": ["digitalisierung", "stadtentwicklung"],
        "sdgs": [9, 11, 17],
    },
    {
        "slug": "nordwaerts",
        "municipality": "dortmund",
        "office": "koordinierungsstelle-nordwaerts",
        "title": "nordwärts",
        "summary": "Ein Zehn-Jahres-Projekt, das die Stärken und Potenziale des Dortmunder Nordens "
        "hervorhebt – mit über 220 (Teil-)Projekten der Stadtgesellschaft.",
        "status": Initiative.Status.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["stadtentwicklung", "beteiligung", "soziales"],
        "sdgs": [10, 11],
    },
]


def load() -> None:
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    offices: dict[str, Office] = {}
    for municipality, slug, name, kind, parent, description in OFFICES:
        office, _created = Office.objects.update_or_create(
            municipality=municipalities[municipality],
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "parent": offices.get(parent) if parent else None,
                "description": description,
            },
        )
        offices[slug] = office
    themes = {t.slug: t for t in Theme.objects.all()}
    sdgs = {s.number: s for s in SDG.objects.all()}
    for data in INITIATIVES:
        initiative, _created = Initiative.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "municipality": municipalities[data["municipality"]],
                "office": offices[data["office"]] if data["office"] else None,
                "title": data["title"],
                "summary": data["summary"],
                "status": data["status"],
                "start_date": data["start_date"],
                "end_date": data["end_date"],
            },
        )
        initiative.themes.set([themes[slug] for slug in data["themes"]])
        initiative.sdgs.set([sdgs[number] for number in data["sdgs"]])
