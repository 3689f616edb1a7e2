"""Demo content of the volunteering part.

The FreiwilligenAgentur Dortmund and its storefront in the Berswordt-Halle come from the
seed documents; the organisations and opportunities around the seeds' programmes
(Fairtrade-Town, Europäische Mobilitätswoche, Kulturhauptstadt 2025, nordwärts) are
invented examples and carry ``is_example=True``. Idempotent: records are matched by slug,
shifts and consultation slots by their start (anchored at this week's Monday).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from civicportal.core.models import District, Municipality, Organisation, Theme
from initiatives.models import Initiative
from volunteering.models import ConsultationSlot, Opportunity, Shift, Skill, Suitability
from volunteering.services import refresh_opportunity

BERLIN = ZoneInfo("Europe/Berlin")
STOREFRONT = "Ladenlokal der FreiwilligenAgentur in der Berswordt-Halle, Dortmund"

SKILLS = [
    ("erste-hilfe", "Erste Hilfe"),
    ("organisieren", "Organisieren"),
    ("uebersetzen", "Übersetzen und Sprachen"),
    ("handwerk", "Handwerk"),
    ("gaertnern", "Gärtnern"),
    ("fotografie", "Fotografie"),
    ("social-media", "Social Media"),
    ("kochen", "Kochen"),
    ("begleiten", "Menschen begleiten"),
    ("vorlesen", "Vorlesen"),
    ("beraten", "Beraten und Zuhören"),
]

ORGANISATIONS = [
    {
        "slug": "freiwilligenagentur-dortmund",
        "name": "FreiwilligenAgentur Dortmund",
        "municipality": "dortmund",
        "district": "innenstadt-west",
        "legal_form": Organisation.LegalForm.PUBLIC_BODY,
        "address": STOREFRONT,
        "description": (
            "Eine Stadt lebt von dem Engagement ihrer Bürger*innen. Das Ladenlokal der "
            "FreiwilligenAgentur in der Berswordt-Halle ist sowohl Anlaufstelle, als auch "
            "Informations- und Austauschbörse in Sachen freiwilliges Engagement in Dortmund. "
            "Die FreiwilligenAgentur bringt Menschen, die sich engagieren wollen, und "
            "Organisationen zusammen, informiert über Qualifizierungsangebote und ist "
            "Ansprechpartner bei allen Fragen rund um das Thema Ehrenamt und "
            "Anerkennungskultur."
        ),
        "is_example": False,
    },
    {
        "slug": "weltladen-kassberg-beispiel",
        "name": "Weltladen-Initiative Kaßberg",
        "municipality": "chemnitz",
        "district": "kassberg",
        "legal_form": Organisation.LegalForm.REGISTERED_ASSOCIATION,
        "description": "Eine Beispiel-Initiative für fairen Handel in der Fairtrade-Town Chemnitz.",
        "is_example": True,
    },
    {
        "slug": "radbruecke-chemnitz-beispiel",
        "name": "Radbrücke Chemnitz",
        "municipality": "chemnitz",
        "district": "zentrum",
        "legal_form": Organisation.LegalForm.INFORMAL,
        "description": "Ein Beispielverein für nachhaltige Mobilität in Chemnitz.",
        "is_example": True,
    },
    {
        "slug": "kulturorte-chemnitz-beispiel",
        "name": "Kulturorte Chemnitz",
        "municipality": "chemnitz",
        "district": "sonnenberg",
        "legal_form": Organisation.LegalForm.REGISTERED_ASSOCIATION,
        "description": "Ein Beispielverein, der Orte aus dem Kulturhauptstadtjahr weiter belebt.",
        "is_example": True,
    },
    {
        "slug": "nachbarschaft-nordstadt-beispiel",
        "name": "Nachbarschaftsnetz Nordstadt",
        "municipality": "dortmund",
        "district": "innenstadt-nord",
        "legal_form": Organisation.LegalForm.REGISTERED_ASSOCIATION,
        "description": "Ein Beispielverein für Nachbarschaft im Dortmunder Norden.",
        "is_example": True,
    },
]

# (slug, organisation, initiative, title, summary, themes, skills, district, extra, shifts)
# shifts: (day offset from this week's Monday, start hour, duration hours, capacity)
OPPORTUNITIES = [
    {
        "slug": "beratung-im-ladenlokal",
        "organisation": "freiwilligenagentur-dortmund",
        "initiative": None,
        "title": "Im Beratungsteam der FreiwilligenAgentur mitarbeiten",
        "summary": (
            "Berate Interessierte im Ladenlokal in der Berswordt-Halle und hilf im "
            "persönlichen Gespräch, das richtige Projekt zu finden."
        ),
        "themes": ["soziales", "beteiligung"],
        "skills": ["beraten", "organisieren"],
        "district": "innenstadt-west",
        "place": STOREFRONT,
        "time_commitment": Opportunity.TimeCommitment.REGULAR,
        "expected_hours": 8,
        "minimum_age": 18,
        "signup_mode": Opportunity.SignupMode.APPLICATION,
        "suitability": [Suitability.SENIORS],
        "languages": ["de"],
        "accessibility_notes": "",
        "shifts": [(8, 10, 3, 2), (15, 10, 3, 2), (22, 10, 3, 2)],
    },
    {
        "slug": "fairtrade-fruehstueck-beispiel",
        "organisation": "weltladen-kassberg-beispiel",
        "initiative": "fairtrade-town-chemnitz",
        "title": "Faires Frühstück auf dem Kaßberg mitgestalten",
        "summary": (
            "Schenke fair gehandelten Kaffee aus und erzähle, warum Chemnitz als "
            "Fairtrade-Town fairen Handel unterstützt."
        ),
        "themes": ["fairer-handel"],
        "skills": ["kochen", "organisieren"],
        "district": "kassberg",
        "place": "Kaßberg, Chemnitz",
        "time_commitment": Opportunity.TimeCommitment.ONE_OFF,
        "expected_hours": 3,
        "minimum_age": 0,
        "signup_mode": Opportunity.SignupMode.INSTANT,
        "suitability": [Suitability.FAMILIES, Suitability.YOUNG, Suitability.LITTLE_GERMAN],
        "languages": ["de", "en"],
        "accessibility_notes": "Der Raum ist stufenlos erreichbar.",
        "shifts": [(12, 9, 3, 6), (26, 9, 3, 6)],
    },
    {
        "slug": "mobilitaetstag-helfen-beispiel",
        "organisation": "radbruecke-chemnitz-beispiel",
        "initiative": "city-lab-chemnitz",
        "title": "Beim Mobilitätstag Fahrräder checken",
        "summary": (
            "Zur Europäischen Mobilitätswoche: Hilf beim Fahrrad-Check und zeige, wie "
            "nachhaltige Mobilität im Alltag geht."
        ),
        "themes": ["mobilitaet", "klimaschutz"],
        "skills": ["handwerk"],
        "district": "zentrum",
        "place": "Innenstadt Chemnitz",
        "time_commitment": Opportunity.TimeCommitment.ONE_OFF,
        "expected_hours": 4,
        "minimum_age": 14,
        "signup_mode": Opportunity.SignupMode.INSTANT,
        "suitability": [Suitability.YOUNG],
        "languages": ["de"],
        "accessibility_notes": "",
        "shifts": [(19, 13, 4, 8)],
    },
    {
        "slug": "kulturorte-begleiten-beispiel",
        "organisation": "kulturorte-chemnitz-beispiel",
        "initiative": "kulturhauptstadt-2025",
        "title": "Gäste durch Kulturorte aus dem Kulturhauptstadtjahr begleiten",
        "summary": (
            "„C the Unseen“: Zeige Besucher*innen Orte, die im Kulturhauptstadtjahr neu "
            "gestaltet wurden, und entdecke die Potentiale von Chemnitz."
        ),
        "themes": ["kultur", "stadtentwicklung"],
        "skills": ["begleiten", "uebersetzen", "fotografie"],
        "district": "sonnenberg",
        "place": "Sonnenberg, Chemnitz",
        "time_commitment": Opportunity.TimeCommitment.FLEXIBLE,
        "expected_hours": 2,
        "minimum_age": 16,
        "signup_mode": Opportunity.SignupMode.INSTANT,
        "suitability": [Suitability.SENIORS, Suitability.YOUNG],
        "languages": ["de", "en", "pl"],
        "accessibility_notes": "Die Wege sind teilweise gepflastert.",
        "shifts": [(5, 14, 2, 4), (12, 14, 2, 4), (19, 14, 2, 4)],
    },
    {
        "slug": "lesepaten-nordstadt-beispiel",
        "organisation": "nachbarschaft-nordstadt-beispiel",
        "initiative": "nordwaerts",
        "title": "Lesepatenschaft im Dortmunder Norden",
        "summary": (
            "Lies Kindern im Dortmunder Norden regelmäßig vor – ein Beitrag zu „nordwärts“ "
            "und zu mehr Chancen im Stadtteil."
        ),
        "themes": ["kinder-jugend", "soziales"],
        "skills": ["vorlesen", "begleiten"],
        "district": "innenstadt-nord",
        "place": "Nordstadt, Dortmund",
        "time_commitment": Opportunity.TimeCommitment.REGULAR,
        "expected_hours": 4,
        "minimum_age": 18,
        "signup_mode": Opportunity.SignupMode.APPLICATION,
        "suitability": [Suitability.SENIORS],
        "languages": ["de", "tr", "ar"],
        "accessibility_notes": "Die Bibliothek hat einen Aufzug.",
        "shifts": [(8, 16, 2, 3), (15, 16, 2, 3), (22, 16, 2, 3)],
    },
    {
        "slug": "stadtteilgarten-nordwaerts-beispiel",
        "organisation": "nachbarschaft-nordstadt-beispiel",
        "initiative": "nordwaerts",
        "title": "Stadtteilgarten im Dortmunder Norden pflegen",
        "summary": (
            "Gärtnern, ernten, Nachbar*innen treffen: Hilf mit, einen bisher unbekannten Ort "
            "im Norden zum Treffpunkt zu machen."
        ),
        "themes": ["klimaschutz", "stadtentwicklung", "soziales"],
        "skills": ["gaertnern", "handwerk"],
        "district": "innenstadt-nord",
        "place": "Nordstadt, Dortmund",
        "time_commitment": Opportunity.TimeCommitment.REGULAR,
        "expected_hours": 3,
        "minimum_age": 0,
        "signup_mode": Opportunity.SignupMode.INSTANT,
        "suitability": [Suitability.FAMILIES, Suitability.LITTLE_GERMAN, Suitability.DISABILITIES],
        "languages": ["de", "tr", "uk"],
        "accessibility_notes": "Hochbeete sind mit dem Rollstuhl erreichbar.",
        "shifts": [(5, 10, 3, 10), (12, 10, 3, 10), (19, 10, 3, 10), (26, 10, 3, 10)],
    },
    {
        "slug": "fairtrade-social-media-beispiel",
        "organisation": "weltladen-kassberg-beispiel",
        "initiative": "fairtrade-town-chemnitz",
        "title": "Fairen Handel online erklären",
        "summary": "Gestalte von zu Hause aus Beiträge über fairen Handel für Social Media.",
        "themes": ["fairer-handel", "digitalisierung"],
        "skills": ["social-media", "fotografie"],
        "district": None,
        "place": "",
        "is_remote": True,
        "time_commitment": Opportunity.TimeCommitment.FLEXIBLE,
        "expected_hours": 4,
        "minimum_age": 16,
        "signup_mode": Opportunity.SignupMode.INSTANT,
        "suitability": [Suitability.YOUNG, Suitability.DISABILITIES],
        "languages": ["de"],
        "accessibility_notes": "Komplett online.",
        "shifts": [(10, 18, 2, 5), (24, 18, 2, 5)],
    },
]

# Consultation slots: (day offset, hour, minute, mode)
SLOTS = [
    (1, 10, 0, ConsultationSlot.Mode.IN_PERSON),
    (1, 11, 0, ConsultationSlot.Mode.IN_PERSON),
    (3, 15, 0, ConsultationSlot.Mode.PHONE),
    (4, 11, 0, ConsultationSlot.Mode.VIDEO),
    (8, 10, 0, ConsultationSlot.Mode.IN_PERSON),
    (8, 11, 0, ConsultationSlot.Mode.IN_PERSON),
    (10, 15, 0, ConsultationSlot.Mode.PHONE),
    (11, 11, 0, ConsultationSlot.Mode.VIDEO),
    (15, 10, 0, ConsultationSlot.Mode.IN_PERSON),
    (17, 16, 0, ConsultationSlot.Mode.PHONE),
]


def _monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


def _at(day_offset: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = _monday() + datetime.timedelta(days=day_offset)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def load() -> None:
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    if "dortmund" not in municipalities or "chemnitz" not in municipalities:
        return
    districts = {
        (d.municipality.slug, d.slug): d for d in District.objects.select_related("municipality")
    }
    themes = {t.slug: t for t in Theme.objects.all()}
    initiatives = {i.slug: i for i in Initiative.objects.all()}
    skills = {}
    for slug, name in SKILLS:
        skills[slug], _created = Skill.objects.update_or_create(slug=slug, defaults={"name": name})

    organisations = {}
    for data in ORGANISATIONS:
        municipality = municipalities[data["municipality"]]
        organisation, _created = Organisation.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "municipality": municipality,
                "district": districts.get((municipality.slug, data["district"])),
                "legal_form": data["legal_form"],
                "description": data["description"],
                "address": data.get("address", ""),
                "is_example": data["is_example"],
            },
        )
        if organisation.verified_at is None:
            organisation.verified_at = timezone.now()
            organisation.save(update_fields=["verified_at"])
        organisations[data["slug"]] = organisation

    for data in OPPORTUNITIES:
        organisation = organisations[data["organisation"]]
        municipality = organisation.municipality
        opportunity, _created = Opportunity.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "organisation": organisation,
                "municipality": municipality,
                "initiative": initiatives.get(data["initiative"] or ""),
                "district": districts.get((municipality.slug, data["district"] or "")),
                "title": data["title"],
                "summary": data["summary"],
                "place": data["place"],
                "is_remote": data.get("is_remote", False),
                "time_commitment": data["time_commitment"],
                "expected_hours": data["expected_hours"],
                "minimum_age": data["minimum_age"],
                "signup_mode": data["signup_mode"],
                "suitability": [str(s) for s in data["suitability"]],
                "languages": data["languages"],
                "accessibility_notes": data["accessibility_notes"],
                "is_published": True,
                "is_example": True,
            },
        )
        opportunity.themes.set([themes[s] for s in data["themes"] if s in themes])
        opportunity.skills.set([skills[s] for s in data["skills"]])
        for offset, hour, duration, capacity in data["shifts"]:
            start = _at(offset, hour)
            if not Shift.objects.filter(opportunity=opportunity, starts_at=start).exists():
                Shift(
                    opportunity=opportunity,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=duration),
                    capacity=capacity,
                ).save()
        refresh_opportunity(opportunity_id=opportunity.pk)

    dortmund = municipalities["dortmund"]
    for offset, hour, minute, mode in SLOTS:
        start = _at(offset, hour, minute)
        ConsultationSlot.objects.get_or_create(
            municipality=dortmund,
            starts_at=start,
            mode=mode,
            defaults={
                "ends_at": start + datetime.timedelta(minutes=45),
                "location": STOREFRONT if mode == ConsultationSlot.Mode.IN_PERSON else "",
                # a made-up address of a video room (the agency enters its own per slot)
                "call_link": f"https://video.example.org/fwa-dortmund-{offset}"
                if mode == ConsultationSlot.Mode.VIDEO
                else "",
            },
        )
