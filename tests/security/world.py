"""One small portal with a user of every role and records in two municipalities, for
the role matrix and the hostile-input run.

Chemnitz: organisation "kassberg" (admin ``org_admin``, plain member ``org_member``),
the initiative "numic" with an open participation phase, an idea by ``resident`` with a
comment by ``volunteer``, an opportunity with a shift where ``volunteer`` signed up, a
funding programme with an open call and a submitted application of kassberg with an
attachment, assigned to ``reviewer``.
Dortmund: organisation "nordstadt" (admin ``other_org_admin``, not a matrix role), the
initiative "nordwaerts", an opportunity with a shift and a sign-up of ``stranger``, a
consultation slot booked by ``resident``, a programme with an application of nordstadt.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from civicportal.core.models import OrganisationMembership, StaffMembership
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "resident",
    "volunteer",
    "org_admin",
    "org_member",
    "agency_staff",
    "editor_chemnitz",
    "editor_dortmund",
    "funding_officer",
    "reviewer",
    "superuser",
]
STAFF_ROLES = [
    "agency_staff",
    "editor_chemnitz",
    "editor_dortmund",
    "funding_officer",
    "reviewer",
    "superuser",
]
#: the municipality in which each staff role holds its StaffMembership
ROLE_MUNICIPALITY = {
    "agency_staff": "dortmund",
    "editor_chemnitz": "chemnitz",
    "editor_dortmund": "dortmund",
    "funding_officer": "chemnitz",
    "reviewer": "chemnitz",
}


@dataclass
class World:
    users: dict
    o: SimpleNamespace = field(default_factory=SimpleNamespace)


def _staff(email: str, municipality, role: str):
    user = UserFactory(email=email, is_staff=True)
    StaffMembershipFactory(user=user, municipality=municipality, role=role)
    return user


def build_world() -> World:
    o = SimpleNamespace()
    o.chemnitz = MunicipalityFactory(slug="chemnitz", name="Chemnitz", state="Sachsen")
    o.dortmund = MunicipalityFactory(slug="dortmund", name="Dortmund", state="Nordrhein-Westfalen")
    o.organisation = OrganisationFactory(
        name="Stadtteilverein Kaßberg e. V.", slug="kassberg", municipality=o.chemnitz
    )
    o.other_organisation = OrganisationFactory(
        name="Nordstadt hilft e. V.", slug="nordstadt", municipality=o.dortmund
    )
    users = {
        "anonymous": None,
        "resident": UserFactory(email="resident@example.org", display_name="Rita Resident"),
        "volunteer": UserFactory(email="volunteer@example.org", display_name="Vera Volunteer"),
        "org_admin": UserFactory(email="orgadmin@example.org", display_name="Olga Orgadmin"),
        "org_member": UserFactory(email="member@example.org", display_name="Mia Member"),
        "agency_staff": _staff(
            "agency@example.org", o.dortmund, StaffMembership.Role.VOLUNTEER_COORDINATOR
        ),
        "editor_chemnitz": _staff(
            "editor.chemnitz@example.org", o.chemnitz, StaffMembership.Role.EDITOR
        ),
        "editor_dortmund": _staff(
            "editor.dortmund@example.org", o.dortmund, StaffMembership.Role.EDITOR
        ),
        "funding_officer": _staff(
            "officer@example.org", o.chemnitz, StaffMembership.Role.FUNDING_OFFICER
        ),
        "reviewer": _staff("reviewer@example.org", o.chemnitz, StaffMembership.Role.REVIEWER),
        "superuser": UserFactory(email="admin@example.org", is_staff=True, is_superuser=True),
    }
    MembershipFactory(
        organisation=o.organisation,
        user=users["org_admin"],
        role=OrganisationMembership.Role.ADMIN,
    )
    MembershipFactory(
        organisation=o.organisation,
        user=users["org_member"],
        role=OrganisationMembership.Role.MEMBER,
    )
    o.other_org_admin = UserFactory(email="nordstadt@example.org", display_name="Nora Nord")
    MembershipFactory(
        organisation=o.other_organisation,
        user=o.other_org_admin,
        role=OrganisationMembership.Role.ADMIN,
    )
    o.stranger = UserFactory(email="stranger@example.org", display_name="Sven Stranger")
    o.resident = users["resident"]
    world = World(users=users, o=o)
    for builder in (_initiatives, _volunteering, _funding):
        builder(world)
    return world


def _initiatives(world: World) -> None:
    from initiatives.models import Comment, IdeaRevision, Report
    from tests.initiatives.factories import (
        EventFactory,
        IdeaFactory,
        InitiativeFactory,
        PhaseFactory,
        UpdateFactory,
    )

    o, u = world.o, world.users
    o.initiative = InitiativeFactory(municipality=o.chemnitz, slug="numic", title="NUMIC Chemnitz")
    o.other_initiative = InitiativeFactory(
        municipality=o.dortmund, slug="nordwaerts", title="nordwärts Dortmund"
    )
    o.draft_initiative = InitiativeFactory(
        municipality=o.chemnitz, slug="entwurf", title="Unveröffentlicht", is_published=False
    )
    o.phase = PhaseFactory(initiative=o.initiative)
    PhaseFactory(initiative=o.other_initiative)
    o.idea = IdeaFactory(
        initiative=o.initiative, author=u["resident"], title="Mehr Bänke am Kaßberg"
    )
    o.other_idea = IdeaFactory(
        initiative=o.other_initiative, author=o.stranger, title="Radweg Nordstadt"
    )
    o.idea_revision = IdeaRevision.objects.create(
        idea=o.idea, title="Bänke am Kaßberg", body="Früherer Text", written_at=o.idea.created_at
    )
    o.other_idea_revision = IdeaRevision.objects.create(
        idea=o.other_idea, title="Radweg", body="Früherer Text", written_at=o.other_idea.created_at
    )
    o.comment = Comment.objects.create(idea=o.idea, author=u["volunteer"], body="Gute Idee!")
    o.report = Report.objects.create(
        idea=o.idea, initiative=o.initiative, reporter=u["volunteer"], reason="Test"
    )
    o.update = UpdateFactory(initiative=o.initiative, title="Neuigkeit NUMIC")
    o.event = EventFactory(municipality=o.chemnitz, initiative=o.initiative, title="Forum")


def _volunteering(world: World) -> None:
    from organisations.models import OrganisationInvitation
    from tests.volunteering.factories import (
        ConsultationSlotFactory,
        OpportunityFactory,
        ProfileFactory,
        ShiftFactory,
    )
    from volunteering import services
    from volunteering.models import Certificate, HoursEntry

    o, u = world.o, world.users
    o.opportunity = OpportunityFactory(
        organisation=o.organisation, title="Frühstück für alle", slug="fruehstueck"
    )
    o.other_opportunity = OpportunityFactory(
        organisation=o.other_organisation, title="Tafel Nordstadt", slug="tafel-nordstadt"
    )
    o.shift = ShiftFactory(opportunity=o.opportunity, capacity=5)
    o.other_shift = ShiftFactory(opportunity=o.other_opportunity, capacity=5)
    o.profile = ProfileFactory(user=u["volunteer"], municipality=o.chemnitz)
    # Through the services, so counters and seats stay consistent.
    o.signup = services.sign_up(volunteer=u["volunteer"], shift=o.shift)
    o.other_signup = services.sign_up(volunteer=o.stranger, shift=o.other_shift)
    o.hours = HoursEntry.objects.create(
        volunteer=u["volunteer"],
        opportunity=o.opportunity,
        hours=Decimal("2.5"),
        date=timezone.localdate(),
    )
    o.certificate = Certificate.objects.create(
        volunteer=u["volunteer"],
        year=timezone.localdate().year,
        code="TEST-CODE-1",
        holder_name="Vera Volunteer",
        total_hours=Decimal("2.5"),
    )
    o.slot = ConsultationSlotFactory(municipality=o.dortmund)
    o.booking = services.book_consultation(resident=u["resident"], slot=o.slot, topic="Beratung")
    o.invitation = OrganisationInvitation.objects.create(
        organisation=o.organisation,
        email="neu@example.org",
        role=OrganisationMembership.Role.MEMBER,
        invited_by=u["org_admin"],
    )


def _funding(world: World) -> None:
    from funding.models import Attachment, ReviewAssignment, Status
    from tests.funding.factories import ApplicationFactory, CallFactory, ProgrammeFactory

    o, u = world.o, world.users
    o.programme = ProgrammeFactory(
        municipality=o.chemnitz, slug="demokratie", title="Demokratieförderung"
    )
    o.call = CallFactory(programme=o.programme)
    o.other_programme = ProgrammeFactory(
        municipality=o.dortmund, slug="nordstadt-fonds", title="Nordstadt-Fonds"
    )
    o.other_call = CallFactory(programme=o.other_programme)
    o.application = ApplicationFactory(
        call=o.call,
        organisation=o.organisation,
        author=u["org_admin"],
        title="Kaßberg-Fest",
    )
    o.other_application = ApplicationFactory(
        call=o.other_call,
        organisation=o.other_organisation,
        author=o.other_org_admin,
        title="Nordstadt-Werkstatt",
    )
    for application in (o.application, o.other_application):
        type(application).objects.filter(pk=application.pk).update(
            status=Status.SUBMITTED, submitted_at=timezone.now()
        )
        application.refresh_from_db()
    o.attachment = Attachment(
        application=o.application,
        original_name="kostenplan.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=u["org_admin"],
    )
    o.attachment.file.save("kostenplan.pdf", ContentFile(b"%PDF-1.4"), save=False)
    o.attachment.save()
    o.assignment = ReviewAssignment.objects.create(
        application=o.application, reviewer=u["reviewer"]
    )
    o.today = timezone.localdate()
    o.tomorrow = o.today + datetime.timedelta(days=1)
