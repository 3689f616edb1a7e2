"""Demo content of the core: the municipalities of the seed documents, their districts
and the shared themes. Idempotent: every record is matched by its slug."""

from __future__ import annotations

from civicportal.core.models import District, Municipality, Theme
from civicportal.core.text import german_slugify

MUNICIPALITIES = [
    {
        "slug": "chemnitz",
        "name": "Chemnitz",
        "state": "Sachsen",
        "website": "https://www.chemnitz.de",
    },
    {
        "slug": "dortmund",
        "name": "Dortmund",
        "state": "Nordrhein-Westfalen",
        "website": "https://www.dortmund.de",
    },
]

# The twelve Stadtbezirke of Dortmund.
DORTMUND_BOROUGHS = [
    "Innenstadt-West",
    "Innenstadt-Nord",
    "Innenstadt-Ost",
    "Eving",
    "Scharnhorst",
    "Brackel",
    "Aplerbeck",
    "Hörde",
    "Hombruch",
    "Lütgendortmund",
    "Huckarde",
    "Mengede",
]

# Stadtteile of Chemnitz (a selection).
CHEMNITZ_QUARTERS = [
    "Zentrum",
    "Kaßberg",
    "Sonnenberg",
    "Schloßchemnitz",
    "Bernsdorf",
    "Kappel",
    "Gablenz",
    "Hilbersdorf",
    "Altendorf",
    "Rabenstein",
    "Lutherviertel",
    "Markersdorf",
    "Helbersdorf",
    "Hutholz",
    "Ebersdorf",
    "Furth",
    "Siegmar",
    "Yorckgebiet",
    "Altchemnitz",
    "Adelsberg",
]

THEMES = [
    ("klimaschutz", "Klimaschutz", "Climate protection"),
    ("mobilitaet", "Mobilität", "Mobility"),
    ("fairer-handel", "Fairer Handel", "Fair trade"),
    ("vielfalt-demokratie", "Vielfalt und Demokratie", "Diversity and democracy"),
    ("kultur", "Kultur", "Culture"),
    ("stadtentwicklung", "Stadtentwicklung", "Urban development"),
    ("digitalisierung", "Digitalisierung", "Digitalisation"),
    ("wissenschaft", "Wissenschaft", "Science"),
    ("kinder-jugend", "Kinder und Jugend", "Children and youth"),
    ("beteiligung", "Bürgerbeteiligung", "Public participation"),
    ("internationales", "Internationales und Europa", "International and Europe"),
    ("soziales", "Soziales Miteinander", "Social cohesion"),
    ("energie", "Energie", "Energy"),
]


def load() -> None:
    municipalities = {}
    for data in MUNICIPALITIES:
        municipality, _created = Municipality.objects.update_or_create(
            slug=data["slug"], defaults={k: v for k, v in data.items() if k != "slug"}
        )
        municipalities[data["slug"]] = municipality
    for name in DORTMUND_BOROUGHS:
        District.objects.update_or_create(
            municipality=municipalities["dortmund"],
            slug=german_slugify(name),
            defaults={"name": name, "kind": District.Kind.BOROUGH},
        )
    for name in CHEMNITZ_QUARTERS:
        District.objects.update_or_create(
            municipality=municipalities["chemnitz"],
            slug=german_slugify(name),
            defaults={"name": name, "kind": District.Kind.QUARTER},
        )
    for slug, name, name_en in THEMES:
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "name_en": name_en})
