"""Browsable sub-projects for the demo (issue 18): „nordwärts“ promises „über 220
(Teil-)Projekte“ across the northern boroughs of Dortmund and the Allianz Smart City 24
projects and 170+ partners, but the seed documents name none of them. The sub-projects
here are invented examples in the spirit of the seeds (``is_example``, shown with the
badge „Beispiel“), spread over the boroughs so that paging and the district filter show
what the seeds describe. The partners are well-known Dortmund institutions, listed as a
selection of the alliance's partners.
"""

from __future__ import annotations

from civicportal.core.text import german_slugify

#: (title, borough, theme slug, status, summary) — invented examples
NORDWAERTS = [
    (
        "Quartiersgarten am Nordmarkt",
        "Innenstadt-Nord",
        "klimaschutz",
        "implementation",
        "Nachbarinnen und Nachbarn legen Hochbeete an und gärtnern gemeinsam.",
    ),
    (
        "Lichtkunst in der Unterführung Mallinckrodtstraße",
        "Innenstadt-Nord",
        "kultur",
        "completed",
        "Künstlerinnen gestalten einen dunklen Durchgang zu einem hellen Ort.",
    ),
    (
        "Sprachcafé im Nordstadt-Stadtteilzentrum",
        "Innenstadt-Nord",
        "soziales",
        "ongoing",
        "Wöchentliche Treffen zum Deutschlernen im Gespräch.",
    ),
    (
        "Radwerkstatt für Jugendliche am Borsigplatz",
        "Innenstadt-Nord",
        "mobilitaet",
        "implementation",
        "Jugendliche reparieren Fahrräder und lernen dabei ein Handwerk.",
    ),
    (
        "Spielplatz-Check mit Kindern",
        "Innenstadt-Nord",
        "beteiligung",
        "completed",
        "Kinder bewerten die Spielplätze ihres Viertels und machen Vorschläge.",
    ),
    (
        "Hafenspaziergänge: Geschichte am Dortmund-Ems-Kanal",
        "Innenstadt-Nord",
        "kultur",
        "ongoing",
        "Führungen zur Geschichte des Stadthafens.",
    ),
    (
        "Gründerzentrum Speicherstraße",
        "Innenstadt-Nord",
        "stadtentwicklung",
        "implementation",
        "Räume und Beratung für junge Unternehmen am Hafen.",
    ),
    (
        "Dorstfelder Brücke: Platz für Begegnung",
        "Innenstadt-West",
        "stadtentwicklung",
        "planned",
        "Ein Treffpunkt unter der Brücke wird gemeinsam geplant.",
    ),
    (
        "Urban Gardening am Union-Viertel",
        "Innenstadt-West",
        "klimaschutz",
        "ongoing",
        "Gemeinschaftsbeete zwischen Werkstätten und Ateliers.",
    ),
    (
        "Kreativquartier Union: offene Ateliers",
        "Innenstadt-West",
        "kultur",
        "ongoing",
        "Einmal im Monat öffnen die Ateliers für die Nachbarschaft.",
    ),
    (
        "Schulweg-Detektive Westpark",
        "Innenstadt-West",
        "mobilitaet",
        "completed",
        "Grundschulkinder erkunden ihre Schulwege und melden gefährliche Stellen.",
    ),
    (
        "Nachbarschaftshilfe Körne-Nord",
        "Innenstadt-Ost",
        "soziales",
        "ongoing",
        "Einkaufshilfe und Begleitung für ältere Menschen.",
    ),
    (
        "Stadtteilfest am Hoeschpark",
        "Innenstadt-Ost",
        "kultur",
        "completed",
        "Ein Fest von Vereinen und Initiativen rund um den Hoeschpark.",
    ),
    (
        "Bürgerbeteiligung zum Hoeschpark",
        "Innenstadt-Ost",
        "beteiligung",
        "completed",
        "Werkstätten zur Zukunft des Parks mit Anwohnenden.",
    ),
    (
        "Zeche Zollern erleben: Industriekultur für Familien",
        "Eving",
        "kultur",
        "ongoing",
        "Familienführungen und Mitmachaktionen rund um die Industriekultur.",
    ),
    (
        "Evinger Mobilitätsstation",
        "Eving",
        "mobilitaet",
        "implementation",
        "Leihräder, Lastenrad und Carsharing an einem Ort.",
    ),
    (
        "Grüne Dächer in Eving",
        "Eving",
        "klimaschutz",
        "planned",
        "Beratung und Förderung für begrünte Dächer.",
    ),
    (
        "Jugendforum Eving",
        "Eving",
        "beteiligung",
        "ongoing",
        "Jugendliche reden bei der Gestaltung ihres Stadtbezirks mit.",
    ),
    (
        "Repair-Café Lindenhorst",
        "Eving",
        "klimaschutz",
        "ongoing",
        "Gemeinsam reparieren statt wegwerfen.",
    ),
    (
        "Seniorentreff Scharnhorst-Ost",
        "Scharnhorst",
        "soziales",
        "ongoing",
        "Ein offener Treff mit Beratung und Bewegungsangeboten.",
    ),
    (
        "Sportpark Scharnhorst: Bewegung für alle",
        "Scharnhorst",
        "soziales",
        "implementation",
        "Neue Geräte und Trainingszeiten für alle Generationen.",
    ),
    (
        "Bibliothek der Dinge Scharnhorst",
        "Scharnhorst",
        "klimaschutz",
        "planned",
        "Werkzeug und Geräte leihen statt kaufen.",
    ),
    (
        "Radweg-Lückenschluss Scharnhorst–Innenstadt",
        "Scharnhorst",
        "mobilitaet",
        "planned",
        "Eine fehlende Verbindung für den Radverkehr wird geschlossen.",
    ),
    (
        "Quartiersmanagement Westerfilde",
        "Mengede",
        "stadtentwicklung",
        "ongoing",
        "Ein Büro vor Ort bündelt Ideen und Hilfe im Quartier.",
    ),
    (
        "Mengeder Heimatmuseum digital",
        "Mengede",
        "digitalisierung",
        "implementation",
        "Die Sammlung wird fotografiert und online gezeigt.",
    ),
    (
        "Naturerlebnis Mengeder Volksgarten",
        "Mengede",
        "klimaschutz",
        "completed",
        "Führungen und ein Lehrpfad im Volksgarten.",
    ),
    (
        "Fußwege-Check Nette",
        "Mengede",
        "mobilitaet",
        "completed",
        "Anwohnende prüfen Gehwege auf Barrieren.",
    ),
    (
        "Huckarder Kokerei-Geschichte(n)",
        "Huckarde",
        "kultur",
        "ongoing",
        "Erzählcafés zur Geschichte der Kokerei Hansa.",
    ),
    (
        "Emscher-Erlebnisweg Huckarde",
        "Huckarde",
        "klimaschutz",
        "implementation",
        "Ein Weg entlang der renaturierten Emscher.",
    ),
    (
        "Digitale Sprechstunde im Stadtteilbüro Huckarde",
        "Huckarde",
        "digitalisierung",
        "ongoing",
        "Hilfe bei Anträgen und Smartphone-Fragen.",
    ),
    (
        "Kinderrechte-Werkstatt Huckarde",
        "Huckarde",
        "beteiligung",
        "completed",
        "Kinder entwickeln Ideen für ihren Stadtteil.",
    ),
    (
        "Lernpaten Nordstadt",
        "Innenstadt-Nord",
        "soziales",
        "ongoing",
        "Ehrenamtliche begleiten Schülerinnen und Schüler beim Lernen.",
    ),
    (
        "Bürgerhaushalt-Werkstatt Nord",
        "Innenstadt-Nord",
        "beteiligung",
        "planned",
        "Anwohnende beraten, wofür ein Budget im Stadtbezirk ausgegeben wird.",
    ),
    (
        "Energieberatung für Mieterinnen und Mieter",
        "Eving",
        "klimaschutz",
        "ongoing",
        "Tipps zum Energiesparen direkt im Quartier.",
    ),
    (
        "Kulturkiosk Westerholz",
        "Huckarde",
        "kultur",
        "planned",
        "Ein leerstehender Kiosk wird zum Kulturtreffpunkt.",
    ),
    (
        "Fahrradbügel für die Münsterstraße",
        "Innenstadt-Nord",
        "mobilitaet",
        "completed",
        "Mehr sichere Abstellplätze für Fahrräder an der Einkaufsstraße.",
    ),
]

#: (title, status, summary) — invented examples of the 24 projects
SMART_CITY = [
    ("Smarte Parkplatzsuche in der City", "pilot", "Sensoren melden freie Parkplätze an eine App."),
    (
        "LoRaWAN-Funknetz für die Stadt",
        "implementation",
        "Ein stadtweites Funknetz für Sensoren mit wenig Energie.",
    ),
    (
        "Digitale Quartiersentwicklung Hörde",
        "pilot",
        "Daten und Beteiligung für die Entwicklung eines Quartiers.",
    ),
    ("Smarte Straßenbeleuchtung", "implementation", "Leuchten dimmen, wenn niemand unterwegs ist."),
    (
        "Offene Daten Dortmund",
        "implementation",
        "Daten der Stadt frei zugänglich und maschinenlesbar.",
    ),
    ("Sensoren für Luftqualität", "pilot", "Messstationen zeigen die Luftqualität in Echtzeit."),
    ("Digitale Bürgerdienste", "implementation", "Anträge online stellen statt im Amt warten."),
    ("Smarte Müllbehälter", "pilot", "Füllstandsensoren planen die Leerung."),
    ("Mobilitätsplattform Dortmund", "pilot", "Bus, Bahn, Leihrad und Carsharing in einer App."),
    ("Freies WLAN in der Innenstadt", "implementation", "Kostenloses Netz an zentralen Plätzen."),
    ("Digitale Schulen", "implementation", "Breitband und Geräte für die Schulen."),
    ("Smart Grid Pilotquartier", "pilot", "Ein Quartier erzeugt und teilt seinen Strom."),
]

SMART_CITY_PARTNERS = [
    ("DEW21 – Dortmunder Energie- und Wasserversorgung", "business"),
    ("DSW21 – Dortmunder Stadtwerke", "business"),
    ("Technische Universität Dortmund", "science"),
    ("Fachhochschule Dortmund", "science"),
    ("Fraunhofer-Institut für Software- und Systemtechnik ISST", "science"),
    ("IHK zu Dortmund", "business"),
    ("Handwerkskammer Dortmund", "business"),
    ("Wirtschaftsförderung Dortmund", "administration"),
    ("Emschergenossenschaft", "administration"),
    ("EDG Entsorgung Dortmund", "business"),
]


def subproject_slug(parent_slug: str, title: str) -> str:
    return f"{parent_slug}-{german_slugify(title)}"[:120]
