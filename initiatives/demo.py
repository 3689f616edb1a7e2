"""Demo content of the initiatives part, taken from the seed documents.

Facts (years, counts, amounts) stay exactly as the seeds state them. Idempotent: every
record is matched by its slug.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from civicportal.core.models import SDG, District, Municipality, Theme
from initiatives.demo_subprojects import (
    NORDWAERTS,
    SMART_CITY,
    SMART_CITY_PARTNERS,
    subproject_slug,
)
from initiatives.models import (
    BudgetLine,
    CouncilDecision,
    Event,
    Idea,
    Initiative,
    KeyFigure,
    Office,
    Partner,
    Partnership,
    Phase,
    Speaker,
    Update,
)

BERLIN = ZoneInfo("Europe/Berlin")

OFFICES = [
    # (municipality, slug, name, kind, parent slug, description)
    (
        "chemnitz",
        "buergermeisteramt",
        "Bürgermeisteramt",
        Office.Kind.OTHER,
        None,
        "Bereich der Oberbürgermeisterin.",
    ),
    (
        "chemnitz",
        "pressestelle",
        "Pressestelle",
        Office.Kind.OTHER,
        None,
        "Herausgeberin der Pressemitteilungen der Stadt Chemnitz.",
    ),
    (
        "dortmund",
        "amt-oberbuergermeister-rat",
        "Amt für Angelegenheiten des Oberbürgermeisters und des Rates",
        Office.Kind.OTHER,
        None,
        "",
    ),
    (
        "chemnitz",
        "stabsstelle-strategieentwicklung",
        "Stabsstelle zur Strategieentwicklung",
        Office.Kind.STAFF_UNIT,
        "buergermeisteramt",
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
        "amt-oberbuergermeister-rat",
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

S = Initiative.Status
P = Partner.Kind

INITIATIVES = [
    {
        "slug": "numic",
        "municipality": "chemnitz",
        "office": "stabsstelle-strategieentwicklung",
        "title": "NUMIC – Neues urbanes Mobilitätsbewusstsein in Chemnitz",
        "summary": "Gemeinsam mit Partnern aus Wirtschaft und Wissenschaft forscht die Stadt an "
        "nachhaltigen und attraktiven Mobilitätslösungen.",
        "body": "Das Kürzel NUMIC steht für **Neues urbanes Mobilitätsbewusstsein in Chemnitz**. "
        "In diesem Projekt forscht die Stadt gemeinsam mit Partnern aus Wirtschaft und "
        "Wissenschaft an nachhaltigen und attraktiven Mobilitätslösungen. So soll die "
        "Lebensqualität der Chemnitzer:innen steigen.\n\n"
        "Im Jahr 2019 startete die erste Projektphase, in der die Stadt gemeinsam mit den "
        "Einwohner:innen die Modellroute für den Rad- und Fußverkehr entwickelte. Im "
        "Folgeprojekt, das im November 2024 abgeschlossen sein soll, betrachtet die Stadt die "
        "Wirkung von Beteiligung.",
        "status": S.IMPLEMENTATION,
        "start_date": datetime.date(2019, 1, 1),
        "end_date": datetime.date(2024, 11, 30),
        "themes": ["mobilitaet", "beteiligung", "klimaschutz"],
        "sdgs": [11, 13],
        "figures": [
            ("2019", "Start der ersten Projektphase"),
            ("11/2024", "geplanter Abschluss des Folgeprojekts"),
        ],
        "phases": [
            (
                "Erste Projektphase (ab 2019)",
                "Gemeinsam mit den Einwohner:innen entstand die "
                "Modellroute für den Rad- und Fußverkehr.",
                False,
            ),
            (
                "Folgeprojekt (Abschluss November 2024 geplant)",
                "Das Folgeprojekt betrachtet die Wirkung von Beteiligung.",
                False,
            ),
        ],
    },
    {
        "slug": "fairtrade-town-chemnitz",
        "municipality": "chemnitz",
        "office": None,
        "title": "Fairtrade-Town Chemnitz",
        "summary": "Seit 2020 wird die Stadt Chemnitz als Fairtrade-Town ausgezeichnet und "
        "unterstützt den fairen Handel.",
        "status": S.ONGOING,
        "start_date": datetime.date(2020, 1, 1),
        "end_date": None,
        "themes": ["fairer-handel"],
        "sdgs": [8, 12],
        "figures": [("2020", "seit diesem Jahr Fairtrade-Town")],
    },
    {
        "slug": "green-city",
        "municipality": "chemnitz",
        "office": None,
        "title": "Auf dem Weg zur Green City",
        "summary": "Chemnitz und der Erzgebirgskreis beschäftigen sich seit 2017 gemeinsam mit "
        "Elektromobilität und der dafür nötigen Infrastruktur.",
        "body": "Chemnitz und der Erzgebirgskreis beschäftigen sich seit 2017 gemeinsam mit dem "
        "Thema Elektromobilität. Ziel ist es, die für die steigende Anzahl von E-Autos nötige "
        "Infrastruktur zu schaffen. Dazu werden bisherige Aktivitäten vernetzt, um "
        "Synergieeffekte zu schaffen und innovative Projekte voranzutreiben. Im Fokus stehen "
        "dabei erneuerbare Energien.",
        "status": S.ONGOING,
        "start_date": datetime.date(2017, 1, 1),
        "end_date": None,
        "themes": ["mobilitaet", "energie", "klimaschutz"],
        "sdgs": [7, 11, 13],
        "partners": [("Erzgebirgskreis", P.ADMINISTRATION, "gemeinsam seit 2017")],
    },
    {
        "slug": "klimaschutz-chemnitz",
        "municipality": "chemnitz",
        "office": None,
        "title": "Engagement für den Klimaschutz",
        "summary": "Seit 2002 im europäischen Netzwerk EUROCITIES, zehn Jahre später ein "
        "integriertes Klimaschutzprogramm.",
        "body": "Chemnitz engagiert sich seit vielen Jahren für den Erhalt der Umwelt. Bereits "
        '2002 trat die Stadt dem europäischen Netzwerk <span lang="en">EUROCITIES</span> bei '
        "und tauschte sich mit anderen Kommunen über erfolgreiche Klimaschutzprojekte aus. Zehn "
        "Jahre später verabschiedete sie ein integriertes Klimaschutzprogramm, das unter "
        "anderem die Emission von Treibhausgasen und deren Ursachen wie Folgen beleuchtet. Auch "
        "ein Konzept rund um erneuerbare Energien hilft, die Zukunft nachhaltig zu gestalten.",
        "status": S.ONGOING,
        "start_date": datetime.date(2002, 1, 1),
        "end_date": None,
        "themes": ["klimaschutz", "energie", "internationales"],
        "sdgs": [7, 13],
        "figures": [
            ("2002", "Beitritt zu EUROCITIES"),
            ("2012", "integriertes Klimaschutzprogramm"),
        ],
        "partners": [("EUROCITIES", P.ADMINISTRATION, "europäisches Städtenetzwerk, seit 2002")],
        "phases": [
            (
                "2002: Beitritt zu EUROCITIES",
                "Austausch mit anderen Kommunen über erfolgreiche Klimaschutzprojekte.",
                False,
            ),
            (
                "Zehn Jahre später: integriertes Klimaschutzprogramm",
                "Beleuchtet unter anderem "
                "die Emission von Treibhausgasen und deren Ursachen wie Folgen.",
                False,
            ),
        ],
    },
    {
        "slug": "charta-der-vielfalt-chemnitz",
        "municipality": "chemnitz",
        "office": None,
        "title": "Charta der Vielfalt",
        "summary": "Als Arbeitgeberin trägt die Stadt Chemnitz das Siegel Charta der Vielfalt: "
        "Vielfalt anerkennen, wertschätzen und fördern.",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["vielfalt-demokratie"],
        "sdgs": [5, 10],
    },
    {
        "slug": "demokratiefoerderung-chemnitz",
        "municipality": "chemnitz",
        "office": None,
        "title": "Demokratieförderung",
        "summary": "Die Stadt unterstützt Vereine und Institutionen, die sich für Toleranz, "
        "Demokratie und ein weltoffenes Chemnitz einsetzen.",
        "body": "2022 hat die Stadt Chemnitz mit über 300.000 Euro über 30 Projekte unterstützt, "
        "die sich in vielfältiger Weise für Toleranz, Demokratie und ein weltoffenes Chemnitz "
        "einsetzen.",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["vielfalt-demokratie", "soziales"],
        "sdgs": [16],
        "figures": [
            ("über 300.000 €", "Förderung im Jahr 2022"),
            ("über 30", "geförderte Projekte 2022"),
        ],
    },
    {
        "slug": "kinder-und-jugendbeauftragte-chemnitz",
        "municipality": "chemnitz",
        "office": "kinder-und-jugendbeauftragte",
        "title": "Kinder- und Jugendbeauftragte",
        "summary": "Feste Anlaufstelle für Kinder und Jugendliche sowie deren Eltern; stärkt mit "
        "partizipativen Projekten die Familienfreundlichkeit der Stadt.",
        "body": "Die Kinder- und Jugendbeauftragte ist eine feste Anlaufstelle für Kinder und "
        "Jugendliche sowie deren Eltern. Sie stärkt mit partizipativen Projekten die "
        "Familienfreundlichkeit der Stadt. Dazu werden auch Kinder und Jugendliche angesprochen "
        "und können ihre Ideen und Wünsche aktiv einbringen.",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["kinder-jugend", "beteiligung"],
        "sdgs": [4, 10],
    },
    {
        "slug": "kulturhauptstadt-2025",
        "municipality": "chemnitz",
        "office": None,
        "title": "Kulturhauptstadt Europas 2025 – „C the Unseen“",
        "summary": "Kulturelle Projekte und neu gestaltete Flächen, die Chemnitz auch nach dem "
        "Kulturhauptstadtjahr nachhaltig prägen sollen.",
        "body": '„<span lang="en">C the Unseen</span>“ bedeutet, genauer hinzuschauen und die '
        "Potentiale von Chemnitz zu entdecken, sie wahrzunehmen und zu fördern. Bis zum Jahr "
        "2025 werden einige kulturelle Projekte ins Leben gerufen und ungenutzte Flächen neu "
        "gestaltet, welche auch nach dem Kulturhauptstadtjahr nachhaltig Chemnitz prägen "
        "sollen. Viele Chemnitzer beteiligen sich, und auch die umliegenden Städte wirken bei "
        "der Umsetzung kultureller Beiträge mit.",
        "status": S.COMPLETED,
        "start_date": None,
        "end_date": datetime.date(2025, 12, 31),
        "themes": ["kultur", "stadtentwicklung"],
        "sdgs": [11],
    },
    {
        "slug": "city-lab-chemnitz",
        "municipality": "chemnitz",
        "office": "stabsstelle-strategieentwicklung",
        "title": "City Lab Chemnitz – Umsetzung der Morgenstadt-Empfehlungen",
        "summary": "Von September 2015 bis September 2016 analysierte die Fraunhofer-Gesellschaft "
        "die Stadt; der Stadtrat beschloss am 25.01.2017 die Umsetzung der Empfehlungen.",
        "body": "Von September 2015 bis September 2016 wurde die Stadt Chemnitz durch die "
        "Fraunhofer-Gesellschaft einer umfassenden Analyse unterzogen. Dazu wurden über 80 "
        "Handlungsfelder des Morgenstadt-Modells untersucht sowie Gespräche und Workshops mit "
        "wichtigen Chemnitzer Akteuren durchgeführt.\n\n"
        "Umgesetzt werden: eine **Stabsstelle zur Strategieentwicklung** (sie entwickelt den "
        "„Masterplan 2040“), die Mitgliedschaft im Innovationsnetzwerk „Morgenstadt: City "
        "Insights“, ein Förderprogramm für die Kultur- und Kreativwirtschaft (gemeinsam mit der "
        "CWE) und der Ausbau der Europäischen Mobilitätswoche und des Mobilitätstags.",
        "status": S.IMPLEMENTATION,
        "start_date": datetime.date(2015, 9, 1),
        "end_date": None,
        "themes": ["stadtentwicklung", "kultur", "mobilitaet"],
        "sdgs": [9, 11, 17],
        "figures": [("über 80", "untersuchte Handlungsfelder des Morgenstadt-Modells")],
        "partners": [
            ("Fraunhofer-Gesellschaft", P.SCIENCE, "Stadtanalyse „City Lab Chemnitz“"),
            ("Morgenstadt-Innovationsnetzwerk", P.SCIENCE, "Netzwerk „Morgenstadt: City Insights“"),
            (
                "Chemnitzer Wirtschaftsförderungs- und Entwicklungsgesellschaft mbH (CWE)",
                P.BUSINESS,
                "Förderprogramm für die Kultur- und Kreativwirtschaft",
            ),
            ("TU Chemnitz", P.SCIENCE, "Masterplan 2040"),
        ],
        "phases": [
            ("Stadtanalyse „City Lab Chemnitz“ (September 2015 bis September 2016)", "", False),
            ("Ratsbeschluss am 25.01.2017 und Umsetzung", "", False),
        ],
    },
    {
        "slug": "allianz-smart-city-dortmund",
        "municipality": "dortmund",
        "office": "geschaeftsbereich-nachhaltigkeit",
        "title": "Allianz Smart City Dortmund",
        "summary": "„Wir machen Zukunft!“ – seit Dezember 2016 eine Dialog- und Projektplattform "
        "mit mehr als 170 Allianzpartnern; 24 Projekte in Pilotphase oder Umsetzung.",
        "body": "Ziel ist die digitale Vernetzung von Wirtschaft, Wissenschaft und "
        "Zivilgesellschaft zu einer „Smart City“, als Modellstadt und Reallabor für die Stadt "
        "der Zukunft. Die Allianz vernetzt Unternehmen, Verbände, Institutionen, "
        "wissenschaftliche Einrichtungen, Politik und Verwaltung. Das Spektrum der Projekte "
        "reicht von smarten Parklösungen bis zur digitalen Quartiersentwicklung.",
        "status": S.IMPLEMENTATION,
        "start_date": datetime.date(2016, 12, 1),
        "end_date": None,
        "themes": ["digitalisierung", "stadtentwicklung"],
        "sdgs": [9, 11, 17],
        "figures": [
            ("170+", "Allianzpartner"),
            ("24", "Projekte in Pilotphase oder Umsetzung"),
            ("Dezember 2016", "gegründet"),
        ],
    },
    {
        "slug": "nordwaerts",
        "municipality": "dortmund",
        "office": "koordinierungsstelle-nordwaerts",
        "title": "nordwärts",
        "summary": "Ein Zehn-Jahres-Projekt, das die Stärken und Potenziale des Dortmunder Nordens "
        "hervorhebt – mit über 220 (Teil-)Projekten der Stadtgesellschaft.",
        "body": "Ziel ist die Harmonisierung der Lebensverhältnisse in der Gesamtstadt. Mit "
        "„nordwärts“ wird der Dortmunder Norden zu einem Innovationslabor. Die Stadtgesellschaft "
        "probiert neue Beteiligungsformate aus, begegnet sich an spannenden, oft auch bisher "
        "unbekannten Orten, bringt eigene Ideen ein und hat gemeinsam über 220 (Teil-)Projekte "
        "entwickelt.",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["stadtentwicklung", "beteiligung", "soziales"],
        "sdgs": [10, 11],
        "districts": ["innenstadt-nord", "eving", "scharnhorst", "huckarde", "mengede"],
        "figures": [("10 Jahre", "Laufzeit"), ("über 220", "(Teil-)Projekte")],
    },
    {
        "slug": "vielfalt-toleranz-demokratie-dortmund",
        "municipality": "dortmund",
        "office": "koordinierungsstelle-vielfalt",
        "title": "DORTMUND. Couragiert. Demokratie. Stärken",
        "summary": "Die Koordinierungsstelle für Vielfalt, Toleranz und Demokratie entwickelt die "
        "demokratische Kultur und die bürgerschaftliche Beteiligung weiter.",
        "body": "Dortmund ist eine vielfältige und weltoffene Stadt. Die Koordinierungsstelle "
        "betrachtet es als ihre Aufgabe, die demokratische Kultur und die bürgerschaftliche "
        "Beteiligung in der Stadt weiter zu entwickeln und die Teilhabe aller Gruppen der "
        "Gesellschaft zu fördern und aktiv zu unterstützen.",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["vielfalt-demokratie", "beteiligung"],
        "sdgs": [10, 16],
    },
    {
        "slug": "ombudsstelle-dortmund",
        "municipality": "dortmund",
        "office": "ombudsstelle",
        "title": "Ombudsstelle für Bürgerinitiativen und -interessen",
        "summary": "Neutrale und unmittelbare Informations-, Beratungs- und Kontaktstelle für "
        "Bürgerinitiativen und -interessen.",
        "body": "Ein zentrales Ziel ist es, Bürgerinitiativen bei ihrer Teilhabe am "
        "Willensbildungsprozess von Politik und Verwaltung zu unterstützen. Die größten Aufgaben "
        "der Ombudsstelle sind die Planung, Begleitung und Durchführung von gesamtstädtischen "
        "Beteiligungsprozessen mit gesamtgesellschaftlicher Bedeutung.",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["beteiligung"],
        "sdgs": [16],
    },
    {
        "slug": "internationale-beziehungen-nachhaltigkeit-dortmund",
        "municipality": "dortmund",
        "office": "buero-internationale-beziehungen",
        "title": "Internationale Beziehungen und die 17 Nachhaltigkeitsziele",
        "summary": "Leitlinien sind das Dortmunder Nachhaltigkeitsviereck (Ökonomie, Ökologie, "
        "Soziales, Zivilgesellschaft) und die 17 UN-Nachhaltigkeitsziele.",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["internationales"],
        "sdgs": [17],
        "figures": [("rund 160", "Nationen leben in Dortmund"), ("17", "UN-Nachhaltigkeitsziele")],
    },
    {
        "slug": "wissenschaftsstadt-dortmund",
        "municipality": "dortmund",
        "office": "geschaeftsbereich-nachhaltigkeit",
        "title": "Wissenschaftsstadt Dortmund – „Eine Stadt. Viel Wissen.“",
        "summary": "Partner aus Wissenschaft, Wirtschaft, Stadtgesellschaft und Politik haben "
        "einen „Masterplan Wissenschaft“ entwickelt.",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["wissenschaft"],
        "sdgs": [4, 9],
        "figures": [
            ("7", "Hochschulen"),
            ("ca. 54.000", "Studierende"),
            ("rund 20", "Forschungsinstitute"),
        ],
    },
    {
        "slug": "engagierte-stadt",
        "municipality": "dortmund",
        "office": "geschaeftsbereich-nachhaltigkeit",
        "title": "Engagierte Stadt",
        "summary": "Akteure aus Zivilgesellschaft, Politik, Verwaltung und Unternehmen arbeiten "
        "gemeinsam mit den Einwohnerinnen und Einwohnern an einer demokratischen, vielfältigen "
        "und solidarischen Gesellschaft.",
        "body": "Das Selbstverständnis des Netzwerks: Komplexe gesellschaftliche "
        "Herausforderungen lassen sich nur gemeinsam bewältigen. Vor Ort soll eine langfristig "
        "gesicherte Informations-, Vernetzungs- und Koordinierungsstelle existieren, die alle "
        "Akteure in ihrem Engagement unterstützt, über Mitwirkungsmöglichkeiten informiert und "
        "die Arbeit koordiniert.\n\n"
        "*Beispiel: Die Zuordnung zu Dortmund ist für die Demo erfunden.*",
        "status": S.ONGOING,
        "start_date": None,
        "end_date": None,
        "themes": ["beteiligung", "soziales"],
        "sdgs": [16, 17],
        "is_example": True,
    },
]

COUNCIL_DECISION = {
    "municipality": "chemnitz",
    "initiative": "city-lab-chemnitz",
    "title": "Umsetzung von Empfehlungen des „City Lab Chemnitz“",
    "decided_on": datetime.date(2017, 1, 25),
    "reference": "Pressemitteilung 36 vom 25.01.2017",
    "summary": "Der Chemnitzer Stadtrat hat die Umsetzung der Empfehlungen der "
    "Fraunhofer-Gesellschaft beschlossen und die Verwaltung beauftragt, eine Stabsstelle zur "
    "Strategieentwicklung zu schaffen.",
    # (purpose, amount, year, year_to, is_annual)
    "lines": [
        ("Projektbudget der Stabsstelle zur Strategieentwicklung", 50_000, 2017, 2018, False),
        (
            "Jahresbeitrag Innovationsnetzwerk „Morgenstadt: City Insights“",
            7_500,
            2017,
            None,
            False,
        ),
        (
            "Jahresbeitrag Innovationsnetzwerk „Morgenstadt: City Insights“",
            7_500,
            2018,
            None,
            False,
        ),
        ("Ausbau der Europäischen Mobilitätswoche (EU-Stelle)", 10_000, None, None, True),
    ],
}

PRESS_RELEASE_BODY = """Der Chemnitzer Stadtrat hat in seiner heutigen Sitzung die Umsetzung der \
Empfehlungen der Fraunhofer-Gesellschaft beschlossen. Diese Empfehlungen resultieren aus der \
Stadtanalyse „City Lab Chemnitz“, das vom Morgenstadt-Innovationsnetzwerk durchgeführt wurde.

Mit dem Beschluss beauftragte der Stadtrat die Verwaltung, eine Stabsstelle zur \
Strategieentwicklung zu schaffen. Die Stabsstelle wird für 2017/18 mit einem Projektbudget in \
Höhe von 50.000 Euro ausgestattet.

Zudem wird der Jahresbeitrag für die Mitgliedschaft im Innovationsnetzwerk „Morgenstadt: City \
Insights“ in Höhe von je 7.500 Euro für die Jahre 2017 und 2018 im Haushalt eingeplant. \
Weiterhin soll ein gemeinsames Konzept für ein Programm zur Förderung der Kultur- und \
Kreativwirtschaft durch die Stadtverwaltung Chemnitz und die Chemnitzer Wirtschaftsförderungs- \
und Entwicklungsgesellschaft mbH (CWE) erarbeitet werden. Außerdem wird die Europäische \
Mobilitätswoche ausgebaut. Dafür werden der EU-Stelle pro Jahr 10.000 Euro zur Verfügung \
gestellt.

## Stabsstelle zur Strategieentwicklung

Die Stabsstelle ist zunächst für die Erarbeitung, später für die fortlaufende Überprüfung \
sowie Anpassung einer städtischen Gesamtstrategie verantwortlich. Aufgrund der langfristig \
strategischen Ausrichtung wird sie direkt im Bereich der Oberbürgermeisterin im \
Bürgermeisteramt angebunden, um einen von der gesamten Verwaltungsspitze getragenen \
„Masterplan 2040“ entwickeln zu können.

*Herausgeber: Pressestelle, Stadt Chemnitz*
"""

TRAINING = {
    "title": "Macht Stadt gemeinsam! – Welches Wissen braucht Verwaltung für eine nachhaltige "
    "und integrierte Stadtentwicklung?",
    "description": "„Macht Stadt gemeinsam!“ – so lautet die Leitidee der Neuen Leipzig Charta, "
    "die das Ziel einer nachhaltigen und gemeinwohlorientierten Stadtentwicklung postuliert.\n\n"
    "Was können Verwaltungen von Stadtmacher\\*innen, von Kunst-, Kultur- und "
    "Kreativschaffenden lernen? Wie können Verwaltungen und zivilgesellschaftliche Akteure zu "
    "einer gemeinsamen Sprache finden, um Stadtentwicklung als Gemeinschaftswerk zu leben? "
    "Diese und andere Fragen bespricht das Fortbildungsmodul mit Mitarbeiter\\*innen aus der "
    "Verwaltung, Kommunalpolitiker\\*innen und Akteuren aus dem kommunalen Umfeld.\n\n"
    "*Termin und Ort sind Beispielangaben für die Demo.*",
    "speakers": [
        ("Susann Seifert", "Erlebe was geht gGmbH"),
        ("Christine Büring", "Vizepräsidentin IHK Ostthüringen zu Gera"),
        ("Livia Maria Andreas", "FB Bau und Stadtentwicklung, Stadt Altenburg"),
    ],
}

NUMIC_EXAMPLE_PHASE = "Beispiel-Beteiligung: Ideen für Rad- und Fußwege"
NUMIC_EXAMPLE_IDEAS = [
    (
        "Sichere Querung am Modellroutenende",
        "An der Kreuzung am Ende der Modellroute fehlt eine sichere Querung für Fußgänger:innen "
        "und Radfahrende. Eine Ampel mit Radspur würde helfen.",
        "zentrum",
        "under_review",
        "Die Verkehrsplanung prüft die Kreuzung im Rahmen der Wirkungsanalyse.",
    ),
    (
        "Mehr Fahrradbügel am Hauptbahnhof",
        "Wer mit dem Rad zum Zug fährt, findet oft keinen freien Abstellplatz.",
        "zentrum",
        "",
        "",
    ),
    (
        "Schattige Sitzbänke entlang der Route",
        "Für ältere Menschen wären Bänke im Schatten alle paar hundert Meter eine große Hilfe.",
        "kassberg",
        "",
        "",
    ),
]


def _load_offices(municipalities) -> dict[str, Office]:
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
    return offices


def _load_initiatives(municipalities, offices) -> dict[str, Initiative]:
    themes = {t.slug: t for t in Theme.objects.all()}
    sdgs = {s.number: s for s in SDG.objects.all()}
    initiatives = {}
    for data in INITIATIVES:
        municipality = municipalities[data["municipality"]]
        initiative, _created = Initiative.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "municipality": municipality,
                "office": offices[data["office"]] if data["office"] else None,
                "title": data["title"],
                "summary": data["summary"],
                "body": data.get("body", ""),
                "status": data["status"],
                "start_date": data["start_date"],
                "end_date": data["end_date"],
                "is_example": data.get("is_example", False),
                "is_published": True,
            },
        )
        initiative.themes.set([themes[slug] for slug in data["themes"] if slug in themes])
        initiative.sdgs.set([sdgs[number] for number in data["sdgs"]])
        initiative.districts.set(
            District.objects.filter(municipality=municipality, slug__in=data.get("districts", []))
        )
        initiative.key_figures.all().delete()
        KeyFigure.objects.bulk_create(
            KeyFigure(initiative=initiative, value=value, label=label, position=position)
            for position, (value, label) in enumerate(data.get("figures", []))
        )
        initiative.phases.filter(is_example=False).delete()
        for position, (title, description, participation) in enumerate(data.get("phases", [])):
            Phase.objects.create(
                initiative=initiative,
                title=title,
                description=description,
                is_participation=participation,
                position=position,
            )
        for name, kind, role in data.get("partners", []):
            # the first city naming a partner maintains it (issue 17: shared master data)
            partner, _created = Partner.objects.update_or_create(
                name=name,
                defaults={"kind": kind},
                create_defaults={"kind": kind, "municipality": initiative.municipality},
            )
            Partnership.objects.update_or_create(
                initiative=initiative, partner=partner, defaults={"role": role}
            )
        initiatives[data["slug"]] = initiative
    return initiatives


def _load_decision(municipalities, initiatives) -> None:
    data = COUNCIL_DECISION
    decision, _created = CouncilDecision.objects.update_or_create(
        municipality=municipalities[data["municipality"]],
        title=data["title"],
        defaults={
            "initiative": initiatives[data["initiative"]],
            "decided_on": data["decided_on"],
            "reference": data["reference"],
            "summary": data["summary"],
            "is_published": True,
        },
    )
    decision.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            decision=decision,
            purpose=purpose,
            amount=Decimal(amount),
            year=year,
            year_to=year_to,
            is_annual=annual,
            position=position,
        )
        for position, (purpose, amount, year, year_to, annual) in enumerate(data["lines"])
    )
    published = datetime.datetime(2017, 1, 25, 12, 0, tzinfo=BERLIN)
    Update.objects.update_or_create(
        initiative=initiatives["city-lab-chemnitz"],
        kind=Update.Kind.PRESS_RELEASE,
        number="36",
        defaults={
            "title": "Umsetzung von Empfehlungen des „City Lab Chemnitz“",
            "subtitle": "Stabsstelle soll Strategieentwicklung koordinieren",
            "body": PRESS_RELEASE_BODY,
            "published_at": published,
            "is_published": True,
            "notified_at": published,
        },
    )


def _load_training(municipalities) -> None:
    start = (timezone.localtime() + datetime.timedelta(days=30)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    event, _created = Event.objects.update_or_create(
        municipality=municipalities["chemnitz"],
        title=TRAINING["title"],
        defaults={
            "description": TRAINING["description"],
            "starts_at": start,
            "ends_at": start.replace(hour=16, minute=0),
            "is_online": True,
            "location": "",
            "is_training": True,
            "is_example": True,
            "is_published": True,
        },
    )
    event.speakers.all().delete()
    Speaker.objects.bulk_create(
        Speaker(event=event, name=name, affiliation=affiliation, position=position)
        for position, (name, affiliation) in enumerate(TRAINING["speakers"])
    )


def _load_numic_participation(initiative: Initiative) -> None:
    today = timezone.localdate()
    phase, _created = Phase.objects.update_or_create(
        initiative=initiative,
        title=NUMIC_EXAMPLE_PHASE,
        defaults={
            "description": "Beispiel für eine Beteiligungsphase eines aktuellen Folgevorhabens: "
            "Die Phase und die Ideen sind für die Demo erfunden.",
            "start_date": today - datetime.timedelta(days=14),
            "end_date": today + datetime.timedelta(days=60),
            "is_participation": True,
            "is_example": True,
            "position": 10,
        },
    )
    districts = {d.slug: d for d in District.objects.filter(municipality=initiative.municipality)}
    for title, body, district, answer_status, answer in NUMIC_EXAMPLE_IDEAS:
        Idea.objects.update_or_create(
            initiative=initiative,
            title=title,
            is_example=True,
            defaults={
                "phase": phase,
                "body": body,
                "district": districts.get(district),
                "answer_status": answer_status,
                "answer": answer,
                "answered_at": timezone.now() if answer_status else None,
            },
        )


def _load_subprojects(parent: Initiative, rows, *, districts: dict[str, District]) -> None:
    """Example sub-projects of ``parent`` (``demo_subprojects``), matched by slug."""
    themes = {t.slug: t for t in Theme.objects.all()}
    nordwaerts_districts = set()
    for title, borough, theme, status, summary in rows:
        sub, _created = Initiative.objects.update_or_create(
            slug=subproject_slug(parent.slug, title),
            defaults={
                "municipality": parent.municipality,
                "office": parent.office,
                "parent": parent,
                "title": title,
                "summary": summary,
                "status": status,
                "is_example": True,
                "is_published": True,
            },
        )
        sub.themes.set([themes[theme]] if theme in themes else [])
        if borough:
            sub.districts.set([districts[borough]])
            nordwaerts_districts.add(districts[borough])
    if nordwaerts_districts:
        parent.districts.add(*nordwaerts_districts)


def _load_smart_city(initiative: Initiative) -> None:
    rows = [
        (title, "", "digitalisierung", status, summary) for title, status, summary in SMART_CITY
    ]
    _load_subprojects(initiative, rows, districts={})
    for name, kind in SMART_CITY_PARTNERS:
        partner, _created = Partner.objects.update_or_create(name=name, defaults={"kind": kind})
        Partnership.objects.update_or_create(
            initiative=initiative, partner=partner, defaults={"role": "Allianzpartner"}
        )


def load() -> None:
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    offices = _load_offices(municipalities)
    initiatives = _load_initiatives(municipalities, offices)
    _load_decision(municipalities, initiatives)
    _load_training(municipalities)
    _load_numic_participation(initiatives["numic"])
    dortmund = {d.name: d for d in District.objects.filter(municipality__slug="dortmund")}
    _load_subprojects(initiatives["nordwaerts"], NORDWAERTS, districts=dortmund)
    _load_smart_city(initiatives["allianz-smart-city-dortmund"])
