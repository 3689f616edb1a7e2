"""Demo content of the funding part, derived from the seed documents.

Facts from the seeds stay as the seeds state them: Chemnitz supported "über 30 Projekte"
with "über 300.000 Euro" for tolerance and democracy in 2022 (seed 000), and plans a
programme for the cultural and creative industries with a prize, rent-free rooms and
consulting by an expert network (press release 36, seed 001). The individual projects,
organisations, dates and amounts are invented examples (``is_example=True``): the 31
example projects of 2022 add up to 301.450 €.

Idempotent: programmes by slug, calls by (programme, title), applications by reference
(drafts by call and title).
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from civicportal.core.models import District, Municipality, Organisation, StaffMembership, User
from funding.letters import decision_pdf
from funding.models import (
    ApplicantMessage,
    Application,
    BudgetItem,
    Call,
    Criterion,
    Decision,
    FinancingType,
    IncomeKind,
    IncomeLine,
    InternalNote,
    IssuedLetter,
    LegalForms,
    PaymentRequest,
    Programme,
    ReferenceCounter,
    Review,
    ReviewAssignment,
    Status,
)
from initiatives.models import Initiative, Office

BERLIN = ZoneInfo("Europe/Berlin")

ORGANISATIONS = [
    # slug, name, legal form, district slug
    ("buntes-chemnitz-beispiel", "Buntes Chemnitz e. V.", "ev", "zentrum"),
    ("jugendforum-sonnenberg-beispiel", "Jugendforum Sonnenberg", "informal", "sonnenberg"),
    ("erinnern-gestalten-beispiel", "Erinnern und Gestalten e. V.", "ev", "kassberg"),
    ("nachbarschaft-gablenz-beispiel", "Nachbarschaftshilfe Gablenz e. V.", "ev", "gablenz"),
    ("medienwerkstatt-beispiel", "Medienwerkstatt Chemnitz gGmbH", "ggmbh", "schlosschemnitz"),
    ("sportverein-yorck-beispiel", "SV Yorckgebiet e. V.", "ev", "yorckgebiet"),
    ("kreativkollektiv-beispiel", "Kreativkollektiv Lutherviertel", "informal", "lutherviertel"),
    ("designstudio-beispiel", "Studio Formwerk UG", "company", "altchemnitz"),
]

TOPICS = [
    "Demokratiewerkstatt",
    "Erzählcafé",
    "Stadtteilfest für Vielfalt",
    "Argumentationstraining gegen Stammtischparolen",
    "Jugendbeteiligung",
    "Theaterprojekt",
    "Gedenkstättenfahrt",
    "Interkulturelle Kochabende",
    "Podcast",
    "Fußballturnier für Toleranz",
]
DISTRICTS = [
    "Sonnenberg",
    "Kaßberg",
    "Gablenz",
    "Zentrum",
    "Yorckgebiet",
    "Hutholz",
    "Bernsdorf",
    "Kappel",
]


def _amounts_2022() -> list[Decimal]:
    amounts = [Decimal(4000 + (i * 1370) % 12000) for i in range(30)]
    amounts.append(Decimal("301450") - sum(amounts))  # 17.500 €: 31 projects, 301.450 €
    return amounts


def _aware(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def _organisations(chemnitz: Municipality) -> dict[str, Organisation]:
    districts = {d.slug: d for d in District.objects.filter(municipality=chemnitz)}
    organisations = {}
    for slug, name, legal_form, district in ORGANISATIONS:
        organisations[slug], _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "legal_form": legal_form,
                "municipality": chemnitz,
                "district": districts.get(district),
                "description": "Ein Beispielträger für die Demo der Förderung.",
                "is_example": True,
                "verified_at": timezone.now(),
            },
        )
    return organisations


OWN, WORK, DONATIONS, FEES, FUNDER = (
    IncomeKind.OWN_FUNDS,
    IncomeKind.OWN_WORK,
    IncomeKind.DONATIONS,
    IncomeKind.FEES,
    IncomeKind.FUNDER,
)
APPLIED, GRANTED = IncomeLine.FunderStatus.APPLIED, IncomeLine.FunderStatus.GRANTED


def _application(
    call, reference, organisation, title, amount, status, income=None, **extra
) -> Application:
    """Create or refresh one example application: ``amount`` is the requested shortfall,
    ``income`` the income lines as ``(kind, description, amount[, funder, status])``
    (default: Eigenmittel of about 10 % of the costs); one cost line covers both."""
    if income is None:
        income = [(OWN, "Vereinsmittel", (amount / 9).quantize(Decimal("1")))]
    defaults = {
        "call": call,
        "organisation": organisation,
        "title": title,
        "summary": extra.pop("summary", f"{title}: ein Beispielprojekt."),
        "description": extra.pop(
            "description", "Beispielprojekt für die Demo; Inhalte und Beträge sind erfunden."
        ),
        "goals": "Begegnung, Beteiligung und ein weltoffenes Chemnitz.",
        "target_groups": "Menschen im Stadtteil, besonders Jugendliche.",
        "start_date": call.funding_start,
        "end_date": call.funding_end,
        "status": status,
        "publication_consent": extra.pop("consent", True),
        "is_example": True,
        "submitted_at": None if status == Status.DRAFT else call.opens_at,
        **extra,
    }
    if reference:
        application, _ = Application.objects.update_or_create(
            reference=reference, defaults=defaults
        )
    else:
        application, _ = Application.objects.update_or_create(
            call=call, title=title, reference=None, defaults=defaults
        )
    application.budget_items.all().delete()
    application.income_lines.all().delete()
    for kind, description, value, *funder in income:
        IncomeLine.objects.create(
            application=application,
            kind=kind,
            description=description,
            amount=value,
            funder=funder[0] if funder else "",
            funder_status=funder[1] if funder else "",
        )
    BudgetItem.objects.create(
        application=application,
        category=BudgetItem.Category.FEES,
        description="Honorare und Sachkosten",
        amount=amount + sum((line[2] for line in income), Decimal("0")),
    )
    application.recalculate()
    application.save()
    return application


def _count_reference(prefix: str, year: int, number: int) -> None:
    counter, _ = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(
        last_number=Greatest(F("last_number"), number)
    )


def _democracy(chemnitz, organisations) -> None:
    office = Office.objects.filter(municipality=chemnitz, slug="buergermeisteramt").first()
    programme, _ = Programme.objects.update_or_create(
        slug="demokratiefoerderung",
        defaults={
            "municipality": chemnitz,
            "office": office,
            "title": "Demokratieförderung",
            "kind": Programme.Kind.GRANT,
            "reference_prefix": "DF",
            "summary": (
                "Wir unterstützen Vereine und Institutionen, die sich für unsere Demokratie "
                "engagieren. 2022 haben wir so mit über 300.000 Euro über 30 Projekte "
                "unterstützt, die sich in vielfältiger Weise für Toleranz, Demokratie und ein "
                "weltoffenes Chemnitz einsetzen."
            ),
            "guidelines": (
                "Beispiel-Richtlinie für die Demo: Gefördert werden Projekte gemeinnütziger "
                "Träger und Initiativen (mit einem Träger), die Toleranz, Demokratie und ein "
                "weltoffenes Chemnitz stärken. Die Förderung ist ein Zuschuss zu den "
                "Projektkosten; ein Eigenanteil von mindestens 10 % ist einzubringen. "
                "Über die Anträge berät der Begleitausschuss."
            ),
            "financing_type": FinancingType.SHORTFALL,
            "legal_basis": (
                "§§ 23, 44 Sächsische Haushaltsordnung (SäHO) in Verbindung mit der "
                "Förderrichtlinie Demokratieförderung der Stadt Chemnitz (Beispiel)"
            ),
            "letter_conditions": (
                "Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung "
                "(ANBest-P) sind Bestandteil dieses Bescheids. Änderungen des "
                "Finanzierungsplans von mehr als 20 % je Kostenposition sind vorher "
                "mitzuteilen. Bei Veröffentlichungen ist auf die Förderung durch die Stadt "
                "hinzuweisen."
            ),
            "proof_months": 3,
            "signer_name": "Dr. Petra Lange (Beispiel)",
            "signer_role": "Leiterin des Bürgermeisteramts",
        },
    )
    for position, (name, weight, description) in enumerate(
        [
            ("Beitrag zu Demokratie und Toleranz", 3, "Wie stark stärkt das Projekt Demokratie?"),
            ("Beteiligung der Zielgruppen", 2, "Gestalten die Menschen selbst mit?"),
            ("Wirtschaftlichkeit", 1, "Stehen Kosten und Wirkung in einem guten Verhältnis?"),
        ]
    ):
        Criterion.objects.update_or_create(
            programme=programme,
            name=name,
            defaults={"weight": weight, "description": description, "position": position},
        )
    eligible = [
        LegalForms.REGISTERED_ASSOCIATION,
        LegalForms.NONPROFIT_COMPANY,
        LegalForms.FOUNDATION,
        LegalForms.INFORMAL,
    ]
    call_2022, _ = Call.objects.update_or_create(
        programme=programme,
        title="Förderaufruf 2022",
        defaults={
            "year": 2022,
            "description": "Die Projekte des Jahres 2022 sind Beispiele für die Demo.",
            "opens_at": _aware(2022, 1, 10),
            "closes_at": _aware(2022, 3, 31, 23, 59),
            "funding_start": datetime.date(2022, 5, 1),
            "funding_end": datetime.date(2022, 12, 31),
            "total_budget": Decimal("320000"),
            "cap_per_application": Decimal("20000"),
            "min_own_share": Decimal("10"),
            "eligible_applicant_types": eligible,
            "committee_meeting": datetime.date(2022, 4, 20),
            "is_example": True,
        },
    )
    initiative = Initiative.objects.filter(slug="demokratiefoerderung-chemnitz").first()
    org_list = [organisations[slug] for slug, _n, form, _d in ORGANISATIONS if form != "company"]
    for index, amount in enumerate(_amounts_2022()):
        number = index + 1
        title = f"{TOPICS[index % len(TOPICS)]} {DISTRICTS[index % len(DISTRICTS)]}"
        application = _application(
            call_2022,
            f"DF-2022-{number:04d}",
            org_list[index % len(org_list)],
            title,
            amount,
            Status.CLOSED,
            approved_amount=amount,
            decided_at=_aware(2022, 4, 25),
            initiative=initiative if index % 3 == 0 else None,
        )
        del application
    _count_reference("DF", 2022, 31)

    year = timezone.localdate().year
    current, _ = Call.objects.update_or_create(
        programme=programme,
        title=f"Förderaufruf {year}",
        defaults={
            "year": year,
            "description": (
                "Anträge für Projekte, die Toleranz, Demokratie und ein weltoffenes Chemnitz "
                "stärken. Dieser Aufruf ist ein Beispiel für die Demo."
            ),
            "opens_at": _aware(year, 1, 1),
            "closes_at": _aware(year, 12, 31, 23, 59),
            "funding_start": datetime.date(year, 1, 1),
            "funding_end": datetime.date(year + 1, 6, 30),
            "total_budget": Decimal("320000"),
            "cap_per_application": Decimal("20000"),
            "min_own_share": Decimal("10"),
            "eligible_applicant_types": eligible,
            "committee_meeting": datetime.date(year + 1, 1, 28),
            "is_example": True,
        },
    )
    d = Decimal
    examples = [
        (
            None,
            "Demokratiewerkstatt Hutholz (Entwurf)",
            d("6000"),
            Status.DRAFT,
            {
                "income": [
                    (OWN, "Vereinskasse", d("500")),
                    (WORK, "Vorbereitung durch Ehrenamtliche: 20 Stunden × 15 €", d("300")),
                    (DONATIONS, "Spendenaufruf im Wohngebiet", d("200")),
                ]
            },
        ),
        (
            1,
            "Erzählcafé Kaßberg",
            d("4800"),
            Status.SUBMITTED,
            {
                "income": [
                    (OWN, "Vereinskasse", d("700")),
                    (DONATIONS, "Spenden der Nachbarschaft", d("250")),
                    (FEES, "Kostenbeitrag 3 € je Nachmittag", d("150")),
                    (
                        FUNDER,
                        "Honorare der Erzählpat:innen",
                        d("1000"),
                        "Stiftung Bürgersinn (Beispiel)",
                        APPLIED,
                    ),
                ]
            },
        ),
        (
            2,
            "Jugendbeteiligung Sonnenberg",
            d("9500"),
            Status.IN_REVIEW,
            {
                "income": [
                    (OWN, "Vereinskasse", d("1000")),
                    (WORK, "Jugendliche moderieren selbst: 40 Stunden × 10 €", d("400")),
                    (DONATIONS, "Spende eines Stadtteilunternehmens", d("300")),
                    (
                        FUNDER,
                        "Workshops",
                        d("1500"),
                        "Partnerschaft für Demokratie (Beispiel)",
                        GRANTED,
                    ),
                ]
            },
        ),
        (
            3,
            "Theaterprojekt Gablenz",
            d("12000"),
            Status.RECOMMENDED,
            {
                "income": [
                    (OWN, "Vereinskasse", d("1800")),
                    (FEES, "Eintritt zu zwei Aufführungen", d("600")),
                    (DONATIONS, "Spenden nach den Proben", d("400")),
                    (FUNDER, "Bühnenbild", d("1500"), "Kulturstiftung Sachsen (Beispiel)", APPLIED),
                ]
            },
        ),
        (
            4,
            "Podcast „Stimmen aus Chemnitz“",
            d("7500"),
            Status.AGREEMENT_SENT,
            {
                "approved_amount": d("7000"),
                "income": [
                    (OWN, "Vereinskasse", d("900")),
                    (DONATIONS, "Crowdfunding unter Hörer:innen", d("200")),
                ],
            },
        ),
        (
            5,
            "Stadtteilfest Bernsdorf",
            d("5000"),
            Status.REJECTED,
            {
                "consent": False,
                "income": [
                    (OWN, "Vereinskasse", d("700")),
                    (FEES, "Standgebühren", d("300")),
                    (FUNDER, "Bühne und Technik", d("800"), "Bürgerstiftung (Beispiel)", APPLIED),
                ],
            },
        ),
    ]
    for index, (number, title, amount, status, extra) in enumerate(examples):
        reference = f"DF-{year}-{number:04d}" if number else None
        application = _application(
            current,
            reference,
            org_list[index % len(org_list)],
            title,
            amount,
            status,
            **extra,
        )
        if application.approved_amount:
            Decision.objects.update_or_create(
                application=application,
                defaults={
                    "amount": application.approved_amount,
                    "purpose": f"Durchführung des Projekts „{title}“",
                    "conditions": programme.letter_conditions,
                    "proof_due": datetime.date(year + 1, 9, 30),
                    "financing_type": programme.financing_type,
                    "period_start": application.start_date,
                    "period_end": application.end_date,
                    "legal_basis": programme.legal_basis,
                    "signer_name": programme.signer_name,
                    "signer_role": programme.signer_role,
                },
            )
        _casework(chemnitz, programme, application)
    _count_reference("DF", year, 5)


def _demo_reviewer(chemnitz, email: str, name: str) -> User:
    """An example reviewer (no password: cannot sign in) whose reviews the case page shows."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "display_name": name, "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    StaffMembership.objects.get_or_create(
        user=user, municipality=chemnitz, role=StaffMembership.Role.REVIEWER
    )
    return user


def _casework(chemnitz, programme, application) -> None:
    """What the officer's case page shows for the example cases: reviews with comments,
    an internal note and a message, an issued Bescheid and an open Mittelabruf."""
    if application.status == Status.IN_REVIEW:
        reviewers = [
            _demo_reviewer(chemnitz, "gutachterin.beispiel@example.org", "Rita Roth (Beispiel)"),
            _demo_reviewer(chemnitz, "gutachter.beispiel@example.org", "Otto Ost (Beispiel)"),
        ]
        scores = [(5, 4, 3), (4, 3, 4)]
        comments = [
            "Jugendliche planen selbst mit; Anbindung an den Jugendbeirat überzeugt.",
            "Gute Vernetzung im Stadtteil; Honorarsätze angemessen.",
        ]
        criteria = list(programme.criteria.order_by("position"))
        for reviewer, points, comment in zip(reviewers, scores, comments, strict=True):
            assignment, _ = ReviewAssignment.objects.update_or_create(
                application=application,
                reviewer=reviewer,
                defaults={"completed_at": timezone.now(), "no_conflict_at": timezone.now()},
            )
            for criterion, score in zip(criteria, points, strict=False):
                Review.objects.update_or_create(
                    assignment=assignment,
                    criterion=criterion,
                    defaults={"score": score, "comment": comment},
                )
        InternalNote.objects.get_or_create(
            application=application,
            text="Begleitausschuss am 28.01.: Projekt vorstellen lassen (Beispiel).",
        )
        ApplicantMessage.objects.get_or_create(
            application=application,
            text="Bitte reicht noch die aktuelle Satzung nach (Beispiel).",
        )
    if application.status == Status.AGREEMENT_SENT and not application.letters.exists():
        pdf = decision_pdf(application, language="de")
        IssuedLetter.objects.create(
            application=application,
            kind=IssuedLetter.Kind.DECISION,
            number=1,
            amount=application.approved_amount,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
        )
        PaymentRequest.objects.get_or_create(
            application=application,
            amount=Decimal("3500.00"),
            defaults={"note": "Erste Rate: Technik und Honorare (Beispiel)"},
        )


def _creative(chemnitz, organisations) -> None:
    office = Office.objects.filter(
        municipality=chemnitz, slug="stabsstelle-strategieentwicklung"
    ).first()
    programme, _ = Programme.objects.update_or_create(
        slug="kultur-und-kreativwirtschaft",
        defaults={
            "municipality": chemnitz,
            "office": office,
            "title": "Förderprogramm für die Kultur- und Kreativwirtschaft",
            "kind": Programme.Kind.PRIZE,
            "reference_prefix": "KK",
            "summary": (
                "Ein Förderpreis für Akteure der Kultur- und Kreativwirtschaft; jungen "
                "Unternehmen wird Unterstützung im Gründungsprozess geboten. Konzipiert "
                "gemeinsam von der Stadtverwaltung und der Chemnitzer Wirtschaftsförderungs- "
                "und Entwicklungsgesellschaft mbH (CWE)."
            ),
            "awards": (
                "Die Preisträgerinnen und Preisträger bekommen etwa mietfreie Räumlichkeiten "
                "sowie Beratungsleistungen durch ein Expertennetzwerk zur Verfügung gestellt.\n\n"
                "Beispiel für die Demo: ein Preisgeld, 12 Monate mietfreie Räume und "
                "20 Stunden Beratung je Preisträger:in."
            ),
            "guidelines": (
                "Mit dem Programm setzt die Stadt Chemnitz die Morgenstadt-Empfehlung um, die "
                "in der Stadt vorhandenen Ressourcen zu nutzen, und entwickelt Chemnitz weiter "
                "als Anziehungspunkt für junge Menschen."
            ),
        },
    )
    Criterion.objects.update_or_create(
        programme=programme,
        name="Idee und Originalität",
        defaults={"weight": 2, "position": 0},
    )
    Criterion.objects.update_or_create(
        programme=programme,
        name="Tragfähigkeit der Gründung",
        defaults={"weight": 1, "position": 1},
    )
    year = timezone.localdate().year
    call, _ = Call.objects.update_or_create(
        programme=programme,
        title=f"Förderpreis {year - 1}",
        defaults={
            "year": year - 1,
            "description": "Beispiel-Ausschreibung für die Demo.",
            "opens_at": _aware(year - 1, 2, 1),
            "closes_at": _aware(year - 1, 4, 30, 23, 59),
            "funding_start": datetime.date(year - 1, 7, 1),
            "funding_end": datetime.date(year, 6, 30),
            "total_budget": Decimal("15000"),
            "cap_per_application": Decimal("5000"),
            "min_own_share": Decimal("0"),
            "eligible_applicant_types": [
                LegalForms.COMPANY,
                LegalForms.INFORMAL,
                LegalForms.NONPROFIT_COMPANY,
            ],
            "is_example": True,
        },
    )
    winners = [
        ("Studio Formwerk: Möbel aus Chemnitzer Restholz", "designstudio-beispiel"),
        ("Kreativkollektiv Lutherviertel: offene Siebdruckwerkstatt", "kreativkollektiv-beispiel"),
        ("Medienwerkstatt: Stadtgeschichten als Hörspiel", "medienwerkstatt-beispiel"),
    ]
    for number, (title, org) in enumerate(winners, start=1):
        _application(
            call,
            f"KK-{year - 1}-{number:04d}",
            organisations[org],
            title,
            Decimal("5000"),
            Status.CLOSED,
            approved_amount=Decimal("5000"),
            summary=(
                "Förderpreis (Beispiel): 5.000 € Preisgeld, 12 Monate mietfreie Räume und "
                "20 Stunden Beratung durch das Expertennetzwerk."
            ),
            income=[],
        )
    _count_reference("KK", year - 1, len(winners))


def load() -> None:
    chemnitz = Municipality.objects.filter(slug="chemnitz").first()
    if chemnitz is None:
        return
    organisations = _organisations(chemnitz)
    _democracy(chemnitz, organisations)
    _creative(chemnitz, organisations)
