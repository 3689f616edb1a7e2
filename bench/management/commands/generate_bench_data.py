"""Fill a database with realistic, reproducible benchmark data (``make bench``).

At ``--scale 1``: 50 municipalities, 10,000 initiatives (one with 300 sub-projects),
100,000 opportunities, 300,000 shifts, 100,000 volunteers with profiles, 1,000,000
sign-ups and 20,000 funding applications, with German text for the full-text search.
Counts scale linearly (``--scale 0.01`` for a smoke test). The same seed gives the same
data. Rows go in through PostgreSQL ``COPY`` (psycopg 3 ``cursor.copy``) with ids
assigned here, so relations need no round trips; the search vectors are filled in SQL.

Generated accounts have unusable passwords: nobody can log in as them. ``make bench``
signs them in by creating sessions directly in the bench database.

Only for an empty database made for the benchmark: the command refuses to run when the
database already holds accounts, unless ``--force``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from civicportal.core import content
from civicportal.core.models import (
    SDG,
    District,
    Municipality,
    Organisation,
    OrganisationMembership,
    Theme,
    User,
    default_public_name,
)
from civicportal.core.text import german_slugify

# --- vocabulary (German, for realistic text and full-text search) ------------------------------

CITIES = [
    ("Chemnitz", "Sachsen"),
    ("Dortmund", "Nordrhein-Westfalen"),
    ("Leipzig", "Sachsen"),
    ("Dresden", "Sachsen"),
    ("Zwickau", "Sachsen"),
    ("Bochum", "Nordrhein-Westfalen"),
    ("Essen", "Nordrhein-Westfalen"),
    ("Münster", "Nordrhein-Westfalen"),
    ("Bielefeld", "Nordrhein-Westfalen"),
    ("Köln", "Nordrhein-Westfalen"),
    ("Bonn", "Nordrhein-Westfalen"),
    ("Aachen", "Nordrhein-Westfalen"),
    ("Hannover", "Niedersachsen"),
    ("Braunschweig", "Niedersachsen"),
    ("Osnabrück", "Niedersachsen"),
    ("Oldenburg", "Niedersachsen"),
    ("Göttingen", "Niedersachsen"),
    ("Bremen", "Bremen"),
    ("Hamburg", "Hamburg"),
    ("Kiel", "Schleswig-Holstein"),
    ("Lübeck", "Schleswig-Holstein"),
    ("Rostock", "Mecklenburg-Vorpommern"),
    ("Schwerin", "Mecklenburg-Vorpommern"),
    ("Potsdam", "Brandenburg"),
    ("Cottbus", "Brandenburg"),
    ("Magdeburg", "Sachsen-Anhalt"),
    ("Halle (Saale)", "Sachsen-Anhalt"),
    ("Erfurt", "Thüringen"),
    ("Jena", "Thüringen"),
    ("Weimar", "Thüringen"),
    ("Kassel", "Hessen"),
    ("Darmstadt", "Hessen"),
    ("Wiesbaden", "Hessen"),
    ("Marburg", "Hessen"),
    ("Mainz", "Rheinland-Pfalz"),
    ("Trier", "Rheinland-Pfalz"),
    ("Saarbrücken", "Saarland"),
    ("Mannheim", "Baden-Württemberg"),
    ("Karlsruhe", "Baden-Württemberg"),
    ("Freiburg im Breisgau", "Baden-Württemberg"),
    ("Heidelberg", "Baden-Württemberg"),
    ("Ulm", "Baden-Württemberg"),
    ("Tübingen", "Baden-Württemberg"),
    ("Nürnberg", "Bayern"),
    ("Augsburg", "Bayern"),
    ("Regensburg", "Bayern"),
    ("Würzburg", "Bayern"),
    ("Erlangen", "Bayern"),
    ("Bamberg", "Bayern"),
    ("Passau", "Bayern"),
]

DISTRICT_NAMES = [
    "Mitte",
    "Altstadt",
    "Nord",
    "Süd",
    "Ost",
    "West",
    "Neustadt",
    "Bahnhofsviertel",
    "Hafen",
    "Gartenstadt",
    "Am Stadtpark",
    "Schlossberg",
    "Kirchberg",
    "Waldsiedlung",
]

THEMES = [
    ("Klimaschutz", "Climate protection"),
    ("Umwelt und Natur", "Environment and nature"),
    ("Bildung", "Education"),
    ("Integration", "Integration"),
    ("Kinder und Jugend", "Children and youth"),
    ("Seniorinnen und Senioren", "Older people"),
    ("Kultur", "Culture"),
    ("Sport und Bewegung", "Sport and exercise"),
    ("Nachbarschaft", "Neighbourhood"),
    ("Gesundheit und Pflege", "Health and care"),
    ("Digitales", "Digital"),
    ("Inklusion", "Inclusion"),
    ("Tierschutz", "Animal welfare"),
    ("Katastrophenschutz", "Civil protection"),
    ("Armut und Teilhabe", "Poverty and participation"),
    ("Demokratie", "Democracy"),
]

SKILLS = [
    "Organisieren",
    "Handwerk",
    "Kochen",
    "Fahren (Führerschein B)",
    "Gärtnern",
    "Sprachen unterrichten",
    "Nachhilfe",
    "Fotografie",
    "Webseiten pflegen",
    "Buchhaltung",
    "Erste Hilfe",
    "Musik",
    "Zuhören",
    "Social Media",
    "Reparieren",
    "Übersetzen",
    "Sport anleiten",
    "Basteln",
    "Pflege",
    "Veranstaltungstechnik",
]

# Activities: (noun phrase, theme index); "Imkerei" is rare on purpose (selective search).
ACTIVITIES = [
    ("Lesepatenschaft", 2),
    ("Hausaufgabenhilfe", 2),
    ("Sprachcafé", 3),
    ("Deutschkurs für Geflüchtete", 3),
    ("Begleitung zu Behörden", 3),
    ("Gemeinschaftsgarten", 1),
    ("Baumpflanzaktion", 0),
    ("Müllsammelaktion", 1),
    ("Repair-Café", 0),
    ("Fahrradwerkstatt", 0),
    ("Lastenrad-Verleih", 0),
    ("Energiesparberatung", 0),
    ("Kleiderkammer", 14),
    ("Tafel-Ausgabe", 14),
    ("Suppenküche", 14),
    ("Besuchsdienst im Seniorenheim", 5),
    ("Einkaufshilfe für Ältere", 5),
    ("Spielplatzpatenschaft", 4),
    ("Jugendtreff", 4),
    ("Ferienfreizeit", 4),
    ("Stadtteilfest", 8),
    ("Nachbarschaftscafé", 8),
    ("Bücherschrank", 6),
    ("Museumsführung", 6),
    ("Chorprojekt", 6),
    ("Lauftreff", 7),
    ("Schwimmbegleitung", 7),
    ("Digitalsprechstunde", 10),
    ("Smartphone-Kurs für Senioren", 10),
    ("Tierheimhilfe", 12),
    ("Sanitätsdienst", 13),
    ("Hochwasserhilfe", 13),
    ("Inklusives Theater", 11),
    ("Rollstuhlbegleitung", 11),
    ("Demokratiewerkstatt", 15),
    ("Jugendbeteiligung", 15),
    ("Krankenhausbesuchsdienst", 9),
    ("Hospizbegleitung", 9),
]
RARE_ACTIVITIES = [("Imkerei", 1), ("Streuobstwiese", 1), ("Sternwarte", 6)]

TARGETS = [
    "für Kinder",
    "für Familien",
    "mit Geflüchteten",
    "für Seniorinnen und Senioren",
    "für Jugendliche",
    "im Quartier",
    "für alle Generationen",
    "für Menschen mit Behinderung",
    "für Alleinerziehende",
    "in der Nachbarschaft",
]

SENTENCES = [
    "Wir suchen engagierte Menschen, die Freude am Umgang mit anderen haben.",
    "Die Einsätze finden in unseren Räumen statt und werden von Hauptamtlichen begleitet.",
    "Vorkenntnisse sind nicht nötig; wir arbeiten dich gründlich ein.",
    "Du erhältst eine Ehrenamtskarte und bist während der Einsätze versichert.",
    "Das Projekt wird vom Quartiersmanagement und vielen Partnern im Stadtteil getragen.",
    "Gemeinsam wollen wir den Zusammenhalt im Stadtteil stärken.",
    "Die Maßnahme ist Teil der kommunalen Nachhaltigkeitsstrategie.",
    "Regelmäßige Treffen im Team sorgen für Austausch und Weiterbildung.",
    "Fahrtkosten werden erstattet, Getränke und ein kleiner Imbiss stehen bereit.",
    "Die Angebote sind barrierefrei erreichbar und kostenlos für alle Teilnehmenden.",
    "Ein Führungszeugnis ist für die Arbeit mit Kindern erforderlich.",
    "Im Frühjahr und im Herbst gibt es zusätzliche Aktionstage.",
    "Die Stadtverwaltung unterstützt das Vorhaben mit Räumen und Öffentlichkeitsarbeit.",
    "Wir freuen uns über Menschen jeden Alters und jeder Herkunft.",
    "Über die Ergebnisse berichten wir regelmäßig im Stadtrat und im Beirat.",
    "Die Koordination liegt bei der FreiwilligenAgentur der Stadt.",
]

PROGRAMME_WORDS = [
    "Zukunft",
    "Stadtteil",
    "Klima",
    "Nachbarschaft",
    "Bildung",
    "Vielfalt",
    "Kultur",
    "Teilhabe",
    "Digital",
    "Grün",
]
INITIATIVE_KINDS = [
    "Programm",
    "Netzwerk",
    "Bündnis",
    "Initiative",
    "Offensive",
    "Projekt",
    "Strategie",
    "Modellvorhaben",
]
ORG_KINDS = ["e. V.", "Förderverein e. V.", "gGmbH", "Initiative", "Stiftung", "Bürgerverein e. V."]
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elif",
    "Finn",
    "Greta",
    "Hamid",
    "Ida",
    "Jonas",
    "Kübra",
    "Lena",
    "Mehmet",
    "Nora",
    "Olga",
    "Paul",
    "Rania",
    "Sophie",
    "Tim",
    "Uwe",
    "Vera",
    "Wiebke",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Yılmaz",
    "Kowalski",
    "Nguyen",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
]

BIG_INITIATIVE_SLUG = "bench-klimaneutrale-stadtteile"
BENCH_EMAIL_DOMAIN = "bench.civicportal.invalid"
UNUSABLE_PASSWORD = "!bench-account-without-password"  # noqa: S105 ("!": unusable)


# --- COPY helper -------------------------------------------------------------------------------


class Copier:
    """Load rows into a model's table with ``COPY``; fills the columns not given from the
    field defaults (callable defaults are called per row)."""

    def __init__(self, stdout=None) -> None:
        self.stdout = stdout
        self.counts: dict[str, int] = {}

    @staticmethod
    def next_id(model: type[models.Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{model._meta.db_table}"')  # noqa: S608
            return cursor.fetchone()[0]

    def copy(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
    ) -> int:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = [
            f
            for name, f in fields.items()
            if name not in columns and not getattr(f, "generated", False)
        ]
        constant: list[Any] = []
        constant_fields: list[models.Field] = []
        per_row: list[Callable[[], Any]] = []
        per_row_fields: list[models.Field] = []
        now = timezone.now()
        for field in missing:
            if field.primary_key:
                raise CommandError(f"{model.__name__}: give the primary key explicitly")
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                constant.append(now)
                constant_fields.append(field)
            elif field.has_default() and callable(field.default):
                per_row.append(field.default)
                per_row_fields.append(field)
            else:
                constant.append(self.adapt(field, field.get_default()))
                constant_fields.append(field)
        all_columns = (
            list(columns) + [f.column for f in constant_fields] + [f.column for f in per_row_fields]
        )
        # the given attnames are columns already (attname == column for our fields)
        all_columns[: len(columns)] = [fields[name].column for name in columns]
        json_positions = [
            i for i, name in enumerate(columns) if isinstance(fields[name], models.JSONField)
        ]
        per_row_adapt = [(f, c) for f, c in zip(per_row_fields, per_row, strict=True)]
        column_list = ", ".join(f'"{c}"' for c in all_columns)
        sql = f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN'
        constant_tuple = tuple(constant)
        count = 0
        with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
            for row in rows:
                if json_positions:
                    row = list(row)
                    for i in json_positions:
                        row[i] = self.adapt(fields[columns[i]], row[i])
                if per_row_adapt:
                    extra = tuple(self.adapt(f, make()) for f, make in per_row_adapt)
                    copy.write_row((*row, *constant_tuple, *extra))
                else:
                    copy.write_row((*row, *constant_tuple))
                count += 1
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + count
        return count

    @staticmethod
    def adapt(field: models.Field, value: Any) -> Any:
        if isinstance(field, models.JSONField):
            from psycopg.types.json import Jsonb

            return Jsonb(value)
        return value


# --- the generator -------------------------------------------------------------------------------


class Generator:
    def __init__(self, *, scale: float, seed: int, log: Callable[[str], None]) -> None:
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.log = log
        self.copier = Copier()
        # a fixed "now" for reproducible dates relative to the run day
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.today = timezone.localdate()
        self.info: dict[str, Any] = {}

    def n(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))

    def text(self, sentences: int) -> str:
        return " ".join(self.rng.sample(SENTENCES, sentences))

    def activity(self) -> tuple[str, int]:
        if self.rng.random() < 0.01:
            return self.rng.choice(RARE_ACTIVITIES)
        return self.rng.choice(ACTIVITIES)

    def timed(self, label: str, function: Callable[[], None]) -> None:
        started = time.monotonic()
        with transaction.atomic():
            function()
        self.log(f"  {label}: {time.monotonic() - started:.1f} s")

    # --- core ---------------------------------------------------------------------------

    def core(self) -> None:
        rng = self.rng
        n_municipalities = min(len(CITIES), self.n(50, minimum=2))
        self.municipalities: list[int] = []
        self.municipality_slugs: dict[int, str] = {}
        next_id = Copier.next_id(Municipality)
        rows = []
        for i, (name, state) in enumerate(CITIES[:n_municipalities]):
            pk = next_id + i
            slug = "bench-" + german_slugify(name)
            rows.append((pk, f"{name} (Bench)", slug, state, ""))
            self.municipalities.append(pk)
            self.municipality_slugs[pk] = slug
        self.copier.copy(Municipality, ["id", "name", "slug", "state", "website"], rows)

        self.districts: dict[int, list[int]] = {}
        next_id = Copier.next_id(District)
        rows = []
        for municipality in self.municipalities:
            names = rng.sample(DISTRICT_NAMES, 10)
            self.districts[municipality] = []
            for name in names:
                rows.append((next_id, municipality, name, german_slugify(name), "borough", None))
                self.districts[municipality].append(next_id)
                next_id += 1
        self.copier.copy(
            District, ["id", "municipality_id", "name", "slug", "kind", "parent_id"], rows
        )
        self.district_municipality = {d: m for m, ds in self.districts.items() for d in ds}

        existing = dict(Theme.objects.values_list("slug", "pk"))
        self.themes: list[int] = []
        for name, name_en in THEMES:
            slug = german_slugify(name)
            if slug not in existing:
                existing[slug] = Theme.objects.create(name=name, name_en=name_en, slug=slug).pk
            self.themes.append(existing[slug])
        self.sdgs = list(SDG.objects.order_by("number").values_list("pk", flat=True))

        # organisations, each with one admin account
        n_orgs = self.n(2000, minimum=len(self.municipalities) * 2)
        self.organisations: list[int] = []
        self.orgs_by_municipality: dict[int, list[int]] = {m: [] for m in self.municipalities}
        org_id = Copier.next_id(Organisation)
        self.next_user_id = Copier.next_id(User)
        org_rows, user_rows, member_rows = [], [], []
        member_id = Copier.next_id(OrganisationMembership)
        for i in range(n_orgs):
            municipality = self.municipalities[i % len(self.municipalities)]
            activity, _theme = self.activity()
            name = f"{activity} {rng.choice(DISTRICT_NAMES)} {rng.choice(ORG_KINDS)}"
            slug = f"bench-org-{i}"
            district = rng.choice(self.districts[municipality])
            org_rows.append(
                (
                    org_id,
                    name,
                    slug,
                    "ev",
                    municipality,
                    district,
                    self.text(2),
                    self.now - timedelta(days=rng.randint(30, 900)),
                    self.now - timedelta(days=rng.randint(900, 2000)),
                )
            )
            user_rows.append(self.user_row(self.next_user_id, f"org{i}"))
            member_rows.append((member_id, org_id, self.next_user_id, "admin"))
            self.organisations.append(org_id)
            self.orgs_by_municipality[municipality].append(org_id)
            org_id += 1
            member_id += 1
            self.next_user_id += 1
        self.copy_users(user_rows)
        self.copier.copy(
            Organisation,
            [
                "id",
                "name",
                "slug",
                "legal_form",
                "municipality_id",
                "district_id",
                "description",
                "verified_at",
                "created_at",
            ],
            org_rows,
        )
        self.copier.copy(
            OrganisationMembership, ["id", "organisation_id", "user_id", "role"], member_rows
        )
        self.org_municipality = {
            org: m for m, orgs in self.orgs_by_municipality.items() for org in orgs
        }

    def user_row(self, pk: int, local: str) -> tuple:
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        return (
            pk,
            f"{local}@{BENCH_EMAIL_DOMAIN}",
            name,
            default_public_name(name),
            UNUSABLE_PASSWORD,
            self.now - timedelta(days=self.rng.randint(1, 1500)),
        )

    def copy_users(self, rows: list[tuple]) -> None:
        self.copier.copy(
            User, ["id", "email", "full_name", "display_name", "password", "date_joined"], rows
        )
        try:
            from allauth.account.models import EmailAddress
        except ImportError:  # pragma: no cover - allauth is a dependency
            return
        start = Copier.next_id(EmailAddress)
        self.copier.copy(
            EmailAddress,
            ["id", "user_id", "email", "verified", "primary"],
            ((start + i, row[0], row[1], True, True) for i, row in enumerate(rows)),
        )

    # --- initiatives ---------------------------------------------------------------------

    def initiatives(self) -> None:
        from initiatives.models import Event, Initiative, Office, Update

        rng = self.rng
        # offices
        self.offices: dict[int, list[int]] = {}
        office_id = Copier.next_id(Office)
        rows = []
        kinds = ["staff_unit", "department", "office", "coordination", "agency"]
        for municipality in self.municipalities:
            self.offices[municipality] = []
            for j, word in enumerate(PROGRAMME_WORDS[:6]):
                name = f"Koordinierungsstelle {word}"
                rows.append(
                    (
                        office_id,
                        municipality,
                        name,
                        german_slugify(name),
                        kinds[j % len(kinds)],
                        None,
                        self.text(1),
                    )
                )
                self.offices[municipality].append(office_id)
                office_id += 1
        self.copier.copy(
            Office,
            ["id", "municipality_id", "name", "slug", "kind", "parent_id", "description"],
            rows,
        )

        n_initiatives = self.n(10_000, minimum=20)
        n_sub = min(300, max(3, n_initiatives // 4))
        start_id = Copier.next_id(Initiative)
        big_id = start_id
        statuses = ["planned", "pilot", "implementation", "ongoing", "ongoing", "completed"]
        rows = []
        m2m_themes, m2m_sdgs, m2m_districts = [], [], []
        self.initiatives_by_municipality: dict[int, list[int]] = {
            m: [] for m in self.municipalities
        }
        self.initiative_ids: list[int] = []
        top_level: list[int] = []
        for i in range(n_initiatives):
            pk = start_id + i
            if i == 0:
                municipality = self.municipalities[0]
                title = "Klimaneutrale Stadtteile – Netzwerk der Quartiersprojekte"
                slug = BIG_INITIATIVE_SLUG
                parent = None
                status = "implementation"
            elif i <= n_sub:
                municipality = self.municipalities[0]
                activity, _ = self.activity()
                title = f"Quartiersprojekt {i}: {activity} {rng.choice(TARGETS)}"
                slug = f"bench-teilprojekt-{i}"
                parent = big_id
                status = rng.choice(statuses)
            else:
                municipality = rng.choice(self.municipalities)
                activity, _ = self.activity()
                title = (
                    f"{rng.choice(PROGRAMME_WORDS)}-{rng.choice(INITIATIVE_KINDS)} "
                    f"{activity} {rng.choice(TARGETS)}"
                )
                slug = f"bench-initiative-{i}"
                siblings = self.initiatives_by_municipality[municipality]
                parent = (
                    rng.choice(siblings)
                    if siblings and rng.random() < 0.15 and siblings[0] != big_id
                    else None
                )
                status = rng.choice(statuses)
            start = self.today - timedelta(days=rng.randint(0, 1500))
            end = start + timedelta(days=rng.randint(30, 2500)) if rng.random() < 0.6 else None
            rows.append(
                (
                    pk,
                    municipality,
                    rng.choice(self.offices[municipality]),
                    parent,
                    title[:200],
                    slug,
                    self.text(2)[:400],
                    self.text(6),
                    status,
                    start,
                    end,
                    rng.random() < 0.97 or i <= n_sub,
                    self.now - timedelta(days=rng.randint(0, 1500)),
                )
            )
            self.initiatives_by_municipality[municipality].append(pk)
            self.initiative_ids.append(pk)
            if parent is None:
                top_level.append(pk)
            for theme in rng.sample(self.themes, rng.randint(1, 3)):
                m2m_themes.append((pk, theme))
            if self.sdgs:
                for sdg in rng.sample(self.sdgs, rng.randint(1, 2)):
                    m2m_sdgs.append((pk, sdg))
            for district in rng.sample(self.districts[municipality], rng.randint(0, 2)):
                m2m_districts.append((pk, district))
        self.copier.copy(
            Initiative,
            [
                "id",
                "municipality_id",
                "office_id",
                "parent_id",
                "title",
                "slug",
                "summary",
                "body",
                "status",
                "start_date",
                "end_date",
                "is_published",
                "created_at",
            ],
            rows,
        )
        self.copy_m2m(Initiative.themes.through, "initiative_id", "theme_id", m2m_themes)
        self.copy_m2m(Initiative.sdgs.through, "initiative_id", "sdg_id", m2m_sdgs)
        self.copy_m2m(Initiative.districts.through, "initiative_id", "district_id", m2m_districts)
        self.info["big_initiative_slug"] = BIG_INITIATIVE_SLUG
        self.info["big_initiative_subprojects"] = n_sub

        # events: two per initiative on average, half of them upcoming
        n_events = self.n(20_000, minimum=10)
        event_id = Copier.next_id(Event)
        rows = []
        for i in range(n_events):
            initiative = rng.choice(self.initiative_ids)
            municipality = self.initiative_municipality(initiative)
            activity, _ = self.activity()
            starts = self.now + timedelta(days=rng.randint(-180, 180), hours=rng.randint(8, 19))
            rows.append(
                (
                    event_id + i,
                    municipality,
                    initiative,
                    f"{rng.choice(['Infoabend', 'Workshop', 'Schulung', 'Aktionstag'])}: "
                    f"{activity}",
                    self.text(3),
                    starts,
                    starts + timedelta(hours=rng.randint(1, 4)),
                    f"{rng.choice(['Rathaus', 'Bürgerhaus', 'Stadtbibliothek', 'Gemeindezentrum'])}"
                    f" {rng.choice(DISTRICT_NAMES)}",
                    rng.random() < 0.2,
                    True,
                )
            )
        self.copier.copy(
            Event,
            [
                "id",
                "municipality_id",
                "initiative_id",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "location",
                "is_training",
                "is_published",
            ],
            rows,
        )

        # news updates: one per initiative on average
        n_updates = self.n(10_000, minimum=10)
        update_id = Copier.next_id(Update)
        rows = []
        for i in range(n_updates):
            activity, _ = self.activity()
            rows.append(
                (
                    update_id + i,
                    rng.choice(self.initiative_ids),
                    f"Neuigkeiten: {activity} {rng.choice(TARGETS)}",
                    self.text(4),
                    self.now - timedelta(days=rng.randint(0, 700), hours=rng.randint(0, 23)),
                    True,
                )
            )
        self.copier.copy(
            Update, ["id", "initiative_id", "title", "body", "published_at", "is_published"], rows
        )

    def initiative_municipality(self, initiative: int) -> int:
        if not hasattr(self, "_initiative_municipality"):
            self._initiative_municipality = {
                i: m for m, ids in self.initiatives_by_municipality.items() for i in ids
            }
        return self._initiative_municipality[initiative]

    def copy_m2m(self, through, left: str, right: str, pairs: list[tuple[int, int]]) -> None:
        start = Copier.next_id(through)
        self.copier.copy(
            through,
            ["id", left, right],
            ((start + i, a, b) for i, (a, b) in enumerate(pairs)),
        )

    # --- volunteering ----------------------------------------------------------------------

    def volunteering(self) -> None:
        from volunteering.models import Opportunity, Shift, Signup, Skill, VolunteerProfile

        rng = self.rng
        berlin = timezone.get_default_timezone()
        dayparts = ["morning", "afternoon", "evening"]

        def daypart(hour: int) -> str:
            return dayparts[0] if hour < 12 else dayparts[1] if hour < 17 else dayparts[2]

        existing = dict(Skill.objects.values_list("slug", "pk"))
        skills = []
        for name in SKILLS:
            slug = german_slugify(name)
            if slug not in existing:
                existing[slug] = Skill.objects.create(name=name, slug=slug).pk
            skills.append(existing[slug])

        # volunteers with profiles; the last ones (reserved) have no sign-ups: make bench
        # signs them up during the POST benchmark
        n_volunteers = self.n(100_000, minimum=200)
        n_reserved = max(n_volunteers // 10, min(1500, n_volunteers // 2))
        first_volunteer = self.next_user_id
        user_rows = [
            self.user_row(first_volunteer + i, f"volunteer{i}") for i in range(n_volunteers)
        ]
        self.next_user_id += n_volunteers
        self.copy_users(user_rows)
        active_volunteers = list(
            range(first_volunteer, first_volunteer + n_volunteers - n_reserved)
        )
        languages_pool = ["en", "tr", "ar", "uk", "ru", "pl", "fr"]
        age_bands = ["16-17", "18-29", "30-64", "30-64", "65+"]
        profile_id = Copier.next_id(VolunteerProfile)
        profile_rows, interests, profile_skills = [], [], []
        for i in range(n_volunteers):
            municipality = self.municipalities[i % len(self.municipalities)]
            mask = 0
            for bit in rng.sample(range(21), rng.randint(2, 9)):
                mask |= 1 << bit
            pk = profile_id + i
            profile_rows.append(
                (
                    pk,
                    first_volunteer + i,
                    municipality,
                    rng.choice(self.districts[municipality]),
                    mask,
                    ["de", *rng.sample(languages_pool, rng.randint(0, 1))],
                    rng.choice(age_bands),
                    [],
                    rng.random() < 0.2,
                )
            )
            for theme in rng.sample(self.themes, rng.randint(1, 4)):
                interests.append((pk, theme))
            for skill in rng.sample(skills, rng.randint(0, 3)):
                profile_skills.append((pk, skill))
        self.copier.copy(
            VolunteerProfile,
            [
                "id",
                "user_id",
                "municipality_id",
                "district_id",
                "availability_mask",
                "languages",
                "age_band",
                "suitability",
                "wants_remote",
            ],
            profile_rows,
        )
        self.copy_m2m_auto(VolunteerProfile.interests.through, interests)
        self.copy_m2m_auto(VolunteerProfile.skills.through, profile_skills)
        # the signed-in volunteer of the benchmark: profile in the first municipality
        self.info["session_volunteer_id"] = first_volunteer
        self.info["reserved_volunteers"] = [
            first_volunteer + n_volunteers - n_reserved,
            first_volunteer + n_volunteers - 1,
        ]
        del user_rows, profile_rows

        # opportunities, their shifts and sign-ups
        n_opportunities = self.n(100_000, minimum=50)
        n_shifts_target = self.n(300_000, minimum=150)
        n_signups_target = self.n(1_000_000, minimum=500)
        shifts_per_opp = n_shifts_target / n_opportunities
        signups_per_shift = n_signups_target / n_shifts_target
        opp_id = Copier.next_id(Opportunity)
        shift_id = Copier.next_id(Shift)
        signup_id = Copier.next_id(Signup)
        opp_rows, shift_rows, signup_rows = [], [], []
        opp_themes, opp_skills = [], []
        commitments = ["one_off", "regular", "flexible"]
        suitability_pool = ["young", "seniors", "families", "disabilities", "little_german"]
        now = self.now
        shifts_made = signups_made = 0
        for i in range(n_opportunities):
            pk = opp_id + i
            organisation = rng.choice(self.organisations)
            municipality = self.org_municipality[organisation]
            activity, theme_index = self.activity()
            title = f"{activity} {rng.choice(TARGETS)}"
            theme_ids = sorted(
                {self.themes[theme_index % len(self.themes)]}
                | set(rng.sample(self.themes, rng.randint(0, 2)))
            )
            skill_ids = sorted(rng.sample(skills, rng.randint(0, 3)))
            published = rng.random() < 0.92
            closed = rng.random() < 0.05
            instant = rng.random() < 0.8
            initiatives = self.initiatives_by_municipality.get(municipality) or [None]
            initiative = rng.choice(initiatives) if rng.random() < 0.3 else None
            # shifts
            remaining = n_shifts_target - shifts_made
            count = min(remaining, max(1, round(rng.uniform(0.34, 1.66) * shifts_per_opp)))
            if i == n_opportunities - 1:
                count = max(1, remaining)
            mask = 0
            open_first = open_last = None
            base_day = rng.randint(-60, 110)
            for k in range(count):
                starts = now + timedelta(days=base_day + 7 * k, hours=rng.randint(-6, 10))
                local = starts.astimezone(berlin)
                ends = starts + timedelta(hours=rng.choice([2, 3, 4]))
                capacity = rng.choice([1, 2, 3, 4, 5, 5, 8, 10, 12, 15, 20])
                wanted = rng.randint(0, max(0, round(2 * signups_per_shift)))
                wanted = min(wanted, n_signups_target - signups_made)
                future = starts > now
                holding = 0
                for volunteer in rng.sample(active_volunteers, wanted) if wanted else ():
                    roll = rng.random()
                    if not future:
                        status = (
                            "attended" if roll < 0.75 else "no_show" if roll < 0.85 else "cancelled"
                        )
                    elif roll < 0.1:
                        status = "cancelled"
                    elif holding < capacity:
                        status = "confirmed" if instant or roll < 0.6 else "pending"
                        holding += 1
                    else:
                        status = "waitlisted"
                    created = starts - timedelta(
                        days=rng.randint(1, 40), minutes=rng.randint(0, 900)
                    )
                    signup_rows.append(
                        (
                            signup_id,
                            shift_id,
                            volunteer,
                            status,
                            created,
                            created if status in ("attended", "no_show") else None,
                        )
                    )
                    signup_id += 1
                    signups_made += 1
                part = daypart(local.hour)
                shift_rows.append(
                    (
                        shift_id,
                        pk,
                        starts,
                        ends,
                        capacity,
                        holding,
                        local.weekday(),
                        part,
                    )
                )
                if future and holding < capacity:
                    mask |= 1 << (local.weekday() * 3 + dayparts.index(part))
                    open_first = starts if open_first is None else min(open_first, starts)
                    open_last = starts if open_last is None else max(open_last, starts)
                shift_id += 1
                shifts_made += 1
            opp_rows.append(
                (
                    pk,
                    organisation,
                    initiative,
                    municipality,
                    rng.choice(self.districts[municipality]) if rng.random() < 0.85 else None,
                    title[:200],
                    f"bench-angebot-{i}",
                    self.text(2)[:300],
                    self.text(5),
                    f"{rng.choice(['Bürgerhaus', 'Vereinsheim', 'Stadtteilzentrum', 'Schule'])} "
                    f"{rng.choice(DISTRICT_NAMES)}",
                    rng.random() < 0.08,
                    rng.choice(commitments),
                    rng.choice([2, 3, 4, 8, None]),
                    rng.choice([0, 0, 0, 14, 16, 18]),
                    rng.sample(suitability_pool, rng.randint(0, 2)),
                    ["de", *rng.sample(["en", "tr", "ar", "uk"], rng.randint(0, 1))],
                    "instant" if instant else "application",
                    published,
                    closed,
                    now - timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 1440)),
                    theme_ids,
                    skill_ids,
                    mask,
                    open_last,
                    open_first,
                )
            )
            opp_themes.extend((pk, t) for t in theme_ids)
            opp_skills.extend((pk, s) for s in skill_ids)
        self.copier.copy(
            Opportunity,
            [
                "id",
                "organisation_id",
                "initiative_id",
                "municipality_id",
                "district_id",
                "title",
                "slug",
                "summary",
                "description",
                "place",
                "is_remote",
                "time_commitment",
                "expected_hours",
                "minimum_age",
                "suitability",
                "languages",
                "signup_mode",
                "is_published",
                "is_closed",
                "created_at",
                "theme_ids",
                "skill_ids",
                "slot_mask",
                "open_until",
                "next_open_start",
            ],
            opp_rows,
        )
        del opp_rows
        self.copy_m2m_auto(Opportunity.themes.through, opp_themes)
        self.copy_m2m_auto(Opportunity.skills.through, opp_skills)
        self.copier.copy(
            Shift,
            [
                "id",
                "opportunity_id",
                "starts_at",
                "ends_at",
                "capacity",
                "taken",
                "weekday",
                "daypart",
            ],
            shift_rows,
        )
        del shift_rows
        self.copier.copy(
            Signup,
            ["id", "shift_id", "volunteer_id", "status", "created_at", "decided_at"],
            signup_rows,
        )
        del signup_rows
        self.fill_search_vectors(
            Opportunity, [("title", "A"), ("summary", "B"), ("place", "C"), ("description", "D")]
        )

    # --- funding ------------------------------------------------------------------------

    def funding(self) -> None:
        from funding.models import (
            COMMITTED,
            Application,
            BudgetItem,
            Call,
            Decision,
            IncomeLine,
            Programme,
        )

        rng = self.rng
        year = self.today.year
        programme_id = Copier.next_id(Programme)
        call_id = Copier.next_id(Call)
        programme_rows, call_rows = [], []
        calls_by_municipality: dict[int, list[tuple[int, int]]] = {}
        kinds = ["grant", "grant", "prize", "in_kind"]
        for municipality in self.municipalities:
            calls_by_municipality[municipality] = []
            for j in range(3):
                word = PROGRAMME_WORDS[(municipality + j) % len(PROGRAMME_WORDS)]
                title = f"{word}fonds {self.municipality_slugs[municipality][6:].title()}"
                programme_rows.append(
                    (
                        programme_id,
                        municipality,
                        rng.choice(self.offices.get(municipality) or [None]),
                        title,
                        f"bench-foerderung-{programme_id}",
                        kinds[j % len(kinds)],
                        f"B{j}",
                        self.text(2),
                        self.text(4),
                        True,
                    )
                )
                for call_year in (year - 2, year - 1, year):
                    opens = datetime(call_year, 1, 15, 9, tzinfo=timezone.get_default_timezone())
                    closes = opens + timedelta(days=75 if call_year < year else 400)
                    call_rows.append(
                        (
                            call_id,
                            programme_id,
                            f"Förderaufruf {call_year}",
                            call_year,
                            self.text(3),
                            opens,
                            closes,
                            date(call_year, 4, 1),
                            date(call_year, 12, 31),
                            Decimal(rng.choice([50_000, 100_000, 250_000, 500_000])),
                            Decimal(rng.choice([2_500, 5_000, 10_000])),
                            Decimal("10.00"),
                            [],
                            True,
                        )
                    )
                    calls_by_municipality[municipality].append((call_id, call_year))
                    call_id += 1
                programme_id += 1
        self.copier.copy(
            Programme,
            [
                "id",
                "municipality_id",
                "office_id",
                "title",
                "slug",
                "kind",
                "reference_prefix",
                "summary",
                "guidelines",
                "is_published",
            ],
            programme_rows,
        )
        self.copier.copy(
            Call,
            [
                "id",
                "programme_id",
                "title",
                "year",
                "description",
                "opens_at",
                "closes_at",
                "funding_start",
                "funding_end",
                "total_budget",
                "cap_per_application",
                "min_own_share",
                "eligible_applicant_types",
                "is_published",
            ],
            call_rows,
        )

        n_applications = self.n(20_000, minimum=40)
        application_id = Copier.next_id(Application)
        item_id = Copier.next_id(BudgetItem)
        income_id = Copier.next_id(IncomeLine)
        decision_id = Copier.next_id(Decision)
        early = ["draft", "submitted", "in_review", "changes_requested", "recommended"]
        late = ["rejected", "not_recommended"]
        committed = list(COMMITTED)
        categories = ["personnel", "fees", "material", "rent", "publicity"]
        application_rows, item_rows, income_rows, decision_rows = [], [], [], []
        for i in range(n_applications):
            pk = application_id + i
            organisation = rng.choice(self.organisations)
            municipality = self.org_municipality[organisation]
            call, call_year = rng.choice(calls_by_municipality[municipality])
            roll = rng.random()
            if call_year == year and roll < 0.5:
                status = rng.choice(early)
            elif roll < 0.35:
                status = rng.choice(late)
            else:
                status = rng.choice(committed)
            activity, _ = self.activity()
            amounts = [Decimal(rng.randint(2, 60) * 100) for _ in range(rng.randint(2, 4))]
            total = sum(amounts, Decimal(0))
            own = (total * Decimal("0.1")).quantize(Decimal("0.01"))
            requested = total - own
            approved = requested if status in COMMITTED else None
            submitted = (
                None
                if status == "draft"
                else datetime(call_year, 2, 1, 10, tzinfo=timezone.get_default_timezone())
                + timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600))
            )
            decided = (
                submitted + timedelta(days=60)
                if submitted
                and status
                in (
                    *COMMITTED,
                    "rejected",
                )
                else None
            )
            application_rows.append(
                (
                    pk,
                    call,
                    organisation,
                    None if status == "draft" else f"BF-{call_year}-{pk:06d}",
                    f"{activity} {rng.choice(TARGETS)}"[:200],
                    self.text(2)[:500],
                    self.text(5),
                    rng.choice(self.districts[municipality]),
                    rng.choice(self.initiatives_by_municipality.get(municipality) or [None])
                    if rng.random() < 0.2
                    else None,
                    own,
                    own,
                    total,
                    requested,
                    approved,
                    rng.random() < 0.8,
                    status,
                    submitted,
                    decided,
                    (submitted or self.now) - timedelta(days=rng.randint(1, 30)),
                )
            )
            for amount in amounts:
                item_rows.append(
                    (item_id, pk, rng.choice(categories), f"Kosten für {activity}"[:200], amount)
                )
                item_id += 1
            income_rows.append((income_id, pk, "own_funds", "Vereinsmittel", own))
            income_id += 1
            if approved is not None:
                decision_rows.append(
                    (
                        decision_id,
                        pk,
                        approved,
                        f"Förderung des Projekts „{activity}“.",
                        date(call_year + 1, 3, 31),
                        decided,
                    )
                )
                decision_id += 1
        self.copier.copy(
            Application,
            [
                "id",
                "call_id",
                "organisation_id",
                "reference",
                "title",
                "summary",
                "description",
                "district_id",
                "initiative_id",
                "own_contribution",
                "total_income",
                "total_costs",
                "requested_amount",
                "approved_amount",
                "publication_consent",
                "status",
                "submitted_at",
                "decided_at",
                "created_at",
            ],
            application_rows,
        )
        self.copier.copy(
            BudgetItem, ["id", "application_id", "category", "description", "amount"], item_rows
        )
        self.copier.copy(
            IncomeLine,
            ["id", "application_id", "kind", "description", "amount"],
            income_rows,
        )
        self.copier.copy(
            Decision,
            ["id", "application_id", "amount", "purpose", "proof_due", "decided_at"],
            decision_rows,
        )
        self.fill_search_vectors(
            Application, [("title", "A"), ("summary", "B"), ("description", "C")]
        )

    def copy_m2m_auto(self, through, pairs: list[tuple[int, int]]) -> None:
        left, right = (f.attname for f in through._meta.concrete_fields if not f.primary_key)
        self.copy_m2m(through, left, right, pairs)

    def fill_search_vectors(self, model, weighted: list[tuple[str, str]]) -> None:
        """Fill a plain (not generated) ``search_vector`` column where no trigger did."""
        field = next((f for f in model._meta.concrete_fields if f.name == "search_vector"), None)
        if field is None or getattr(field, "generated", False):
            return
        expression = " || ".join(
            f"setweight(to_tsvector('german', coalesce(\"{column}\", '')), '{weight}')"
            for column, weight in weighted
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{model._meta.db_table}" SET search_vector = {expression} '  # noqa: S608
                "WHERE search_vector IS NULL"
            )

    # --- finishing ---------------------------------------------------------------------

    def reset_sequences(self) -> None:
        models_ = list(apps.get_models(include_auto_created=True))
        statements = connection.ops.sequence_reset_sql(no_style(), models_)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def record(self, migrations: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_dataset ("
                " id serial PRIMARY KEY, scale double precision NOT NULL,"
                " seed integer NOT NULL, migrations text NOT NULL,"
                " generated_at timestamptz NOT NULL DEFAULT now(), info jsonb NOT NULL)"
            )
            info = {**self.info, "counts": self.copier.counts}
            cursor.execute(
                "INSERT INTO bench_dataset (scale, seed, migrations, info) VALUES (%s, %s, %s, %s)",
                [self.scale, self.seed, migrations, json.dumps(info)],
            )


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


class Command(BaseCommand):
    help = "Fill an empty database with reproducible benchmark data (see bench/)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--force", action="store_true", help="run even if the database holds accounts"
        )
        parser.add_argument("--migrations", default="", help="fingerprint recorded by bench/")
        parser.add_argument("--no-vacuum", action="store_true", help="skip VACUUM ANALYZE (tests)")

    def handle(self, *args, **options) -> None:
        scale = options["scale"]
        if not 0 < scale <= 10:
            raise CommandError("--scale must be between 0 and 10.")
        if User.objects.exists() and not options["force"]:
            raise CommandError(
                "The database already holds accounts. generate_bench_data is meant for an "
                "empty benchmark database (pass --force to add to it anyway)."
            )
        started = time.monotonic()
        generator = Generator(scale=scale, seed=options["seed"], log=self.stdout.write)
        self.stdout.write(f"Generating benchmark data at scale {scale:g}, seed {options['seed']}")
        run(generator)
        generator.timed("sequences", generator.reset_sequences)
        generator.timed("record", lambda: generator.record(options["migrations"]))
        transaction.on_commit(content.publish_new_version)  # no page cached before is served
        if not options["no_vacuum"]:
            started_vacuum = time.monotonic()
            analyze()
            self.stdout.write(f"  vacuum analyze: {time.monotonic() - started_vacuum:.1f} s")
        for label, count in sorted(generator.copier.counts.items()):
            self.stdout.write(f"  {label}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(f"Benchmark data generated in {time.monotonic() - started:.0f} s")
        )


def run(generator: Generator) -> None:
    """The parts in dependency order; a part whose app has no models yet is skipped."""
    generator.timed("core", generator.core)
    generator.timed("initiatives", generator.initiatives)
    for label, part in (
        ("volunteering", "volunteering"),
        ("funding", "funding"),
    ):
        method = getattr(generator, part, None)
        if method is not None:
            generator.timed(label, method)
