"""The page map of the accessibility gate and the HTML check: every URL name of the portal,
each with the states it is checked in.

``GATE`` maps each URL name (``namespace:name``) to a function that, given a :class:`World`,
returns the :class:`Visit` s to make in it: a page for an anonymous and a signed-in visitor,
a list empty / with one / with many results, a form untouched and with validation errors,
each step of a flow. ``EXCLUDED`` names the URL names that serve no HTML page of ours, each
with the reason. ``missing_gate_entries()`` compares both with ``django.urls.get_resolver()``:
a new URL name without an entry fails the suite (``test_a11y_gate.py``).

Worlds are built in the test database: ``empty`` (only municipalities and users), ``one``
(one record of each kind) and ``many`` (more records than a page holds).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from civicportal.core.models import StaffMembership
from tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    UserFactory,
)
from tests.security.mfa import mark_mfa_authenticated

WORLDS = ("empty", "one", "many")
MANY = 23  # more than one page of 20


@dataclass(frozen=True)
class Visit:
    """One page in one state: what the client requests and what it must answer."""

    url_name: str
    state: str
    path: str
    user: str | None = None  # attribute name of a user in World.users
    method: str = "GET"
    data: dict | None = None
    follow: bool = False
    status: int | tuple[int, ...] = 200

    @property
    def label(self) -> str:
        who = self.user or "anonym"
        return f"{self.url_name} [{self.state}, {who}]"


@dataclass
class World:
    size: str
    users: SimpleNamespace
    objects: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return {"empty": 0, "one": 1, "many": MANY}[self.size]


# --- building the worlds -------------------------------------------------------------------


def build_world(size: str) -> World:
    chemnitz = MunicipalityFactory(slug="chemnitz", name="Chemnitz", state="Sachsen")
    dortmund = MunicipalityFactory(slug="dortmund", name="Dortmund", state="Nordrhein-Westfalen")
    organisation = OrganisationFactory(
        name="Stadtteilverein Kaßberg e. V.", slug="kassberg", municipality=chemnitz
    )
    users = SimpleNamespace(
        resident=UserFactory(email="resident@example.org", display_name="Rita Resident"),
        volunteer=UserFactory(email="volunteer@example.org", display_name="Vera Volunteer"),
        org_member=UserFactory(email="member@example.org", display_name="Mia Member"),
        editor=UserFactory(email="editor@example.org", is_staff=True),
    )
    MembershipFactory(organisation=organisation, user=users.org_member)
    StaffMembershipFactory(
        user=users.editor, municipality=chemnitz, role=StaffMembership.Role.EDITOR
    )
    users.coordinator = UserFactory(email="coordinator@example.org", is_staff=True)
    StaffMembershipFactory(
        user=users.coordinator,
        municipality=chemnitz,
        role=StaffMembership.Role.VOLUNTEER_COORDINATOR,
    )
    world = World(size=size, users=users)
    world.objects.update(chemnitz=chemnitz, dortmund=dortmund, organisation=organisation)
    for builder in WORLD_BUILDERS:
        builder(world)
    return world


def _content(world: World) -> None:
    """``world.count`` records of every public kind, each mentioning a Garten, so search,
    lists and the home page show empty, one and many results."""
    from funding.models import Status
    from tests.factories import InitiativeFactory
    from tests.funding.factories import ApplicationFactory, CallFactory
    from tests.initiatives.factories import EventFactory, UpdateFactory
    from tests.volunteering.factories import OpportunityFactory, ShiftFactory

    chemnitz, organisation = world.objects["chemnitz"], world.objects["organisation"]
    # Whole minutes, as editors enter them in the admin.
    soon = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    call = CallFactory(
        programme__municipality=chemnitz,
        title="Aufruf Gemeinschaftsgärten",
        closes_at=soon + datetime.timedelta(days=30),
        # room for every approval of the world (the budget lock refuses overspending)
        total_budget=Decimal("1000000.00"),
    )
    world.objects["call"] = call
    for number in range(world.count):
        initiative = InitiativeFactory(
            municipality=chemnitz,
            title=f"Gemeinschaftsgarten {number + 1}",
            summary="Ein Garten für alle Nachbarinnen und Nachbarn im Viertel.",
        )
        UpdateFactory(initiative=initiative, title=f"Neuer Garten eröffnet ({number + 1})")
        EventFactory(
            municipality=chemnitz,
            initiative=initiative,
            title=f"Pflanztag im Garten {number + 1}",
            starts_at=soon + datetime.timedelta(hours=number),
            ends_at=soon + datetime.timedelta(hours=number + 2),
        )
        opportunity = OpportunityFactory(
            organisation=organisation, title=f"Hilf im Garten mit ({number + 1})"
        )
        ShiftFactory(opportunity=opportunity)
        application = ApplicationFactory(
            call=call, organisation=organisation, title=f"Interkultureller Garten {number + 1}"
        )
        application.status = Status.APPROVED
        application.approved_amount = application.requested_amount
        application.save()
        world.objects.setdefault("initiatives", []).append(initiative)
        world.objects.setdefault("opportunities", []).append(opportunity)
        world.objects.setdefault("applications", []).append(application)


def _flows(world: World) -> None:
    """One of each record the detail pages and the flows need (in every world but empty):
    an idea with a comment and a follower, a volunteer profile and sign-up, a consultation
    booking, an invitation, funding applications as draft, submitted and with proof due,
    a review assignment."""
    if world.size == "empty":
        return
    from funding import services as funding_services
    from funding.models import ActualCost, ReviewAssignment, Status
    from initiatives import services as initiative_services
    from initiatives import tokens as initiative_tokens
    from initiatives.models import Comment
    from organisations.models import OrganisationInvitation
    from tests.funding.factories import ApplicationFactory, CriterionFactory
    from tests.initiatives.factories import IdeaFactory, PhaseFactory
    from tests.volunteering.factories import ConsultationSlotFactory, ProfileFactory
    from volunteering import services as volunteering_services

    users, objects = world.users, world.objects
    chemnitz, organisation = objects["chemnitz"], objects["organisation"]
    initiative = objects["initiatives"][0]
    PhaseFactory(initiative=initiative, title="Ideen sammeln")
    # an uploaded image: the page must show it (served from MEDIA_ROOT, layout gate)
    initiative.image_alt = "Hochbeete mit Salat im Gemeinschaftsgarten"
    initiative.image_credit = "Stadtteilverein Kaßberg"
    initiative.image.save("garten.png", ContentFile(_png()), save=True)
    idea = IdeaFactory(initiative=initiative, author=users.resident, title="Mehr Hochbeete")
    comment = Comment.objects.create(
        idea=idea, author=users.volunteer, body="Gute Idee, ich helfe mit."
    )
    follow = initiative_services.follow(user=users.resident, initiative=initiative)
    objects.update(
        initiative=initiative,
        idea=idea,
        update=initiative.updates.first(),
        event=initiative.events.first(),
        unsubscribe_token=initiative_tokens.unsubscribe_token(follow),
    )

    opportunity = objects["opportunities"][0]
    shift = opportunity.shifts.first()
    ProfileFactory(user=users.volunteer)
    signup = volunteering_services.sign_up(volunteer=users.volunteer, shift=shift)
    slot = ConsultationSlotFactory(municipality=chemnitz)
    free_slot = ConsultationSlotFactory(municipality=chemnitz)
    booking = volunteering_services.book_consultation(resident=users.resident, slot=slot)
    hours = volunteering_services.log_hours(
        volunteer=users.volunteer,
        opportunity=opportunity,
        day=timezone.localdate(),
        hours=Decimal("2"),
        description="Beete gegossen",
    )
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation,
        email=users.volunteer.email,
        role="member",
        invited_by=users.org_member,
    )
    objects.update(
        slot=slot,
        opportunity=opportunity,
        shift=shift,
        signup=signup,
        booking=booking,
        free_slot=free_slot,
        invitation=invitation,
        hours=hours,
    )

    call = objects["call"]
    CriterionFactory(programme=call.programme, name="Wirkung im Stadtteil")
    reviewer = UserFactory(email="reviewer@example.org", is_staff=True)
    StaffMembershipFactory(user=reviewer, municipality=chemnitz, role=StaffMembership.Role.REVIEWER)
    users.reviewer = reviewer
    users.leaving = UserFactory(email="leaving@example.org", display_name="Lea Leaving")
    draft = ApplicationFactory(
        call=call, organisation=organisation, author=users.org_member, title="Hochbeete bauen"
    )
    submitted = ApplicationFactory(
        call=call, organisation=organisation, author=users.org_member, title="Gartenfest"
    )
    submitted.status = Status.IN_REVIEW
    submitted.reference = "GATE-0001"
    submitted.save()
    proof_due = ApplicationFactory(
        call=call, organisation=organisation, author=users.org_member, title="Saatgutbörse"
    )
    proof_due.status = Status.PROOF_DUE
    proof_due.reference = "GATE-0002"
    proof_due.approved_amount = proof_due.requested_amount
    proof_due.save()
    assignment = ReviewAssignment.objects.create(application=submitted, reviewer=reviewer)
    officer = UserFactory(email="officer@example.org", is_staff=True)
    StaffMembershipFactory(
        user=officer, municipality=chemnitz, role=StaffMembership.Role.FUNDING_OFFICER
    )
    users.officer = officer
    proven = ApplicationFactory(
        call=call, organisation=organisation, author=users.org_member, title="Nachbarschaftsfest"
    )
    proven.status = Status.PROOF_DUE
    proven.reference = "GATE-0003"
    proven.approved_amount = proven.requested_amount
    proven.save()
    funding_services.save_proof(
        application=proven,
        by=users.org_member,
        narrative="Das Fest fand mit 120 Gästen statt.",
        people_reached=120,
        actual={item.pk: item.amount + Decimal("150") for item in proven.budget_items.all()},
        declaration=True,
    )
    funding_services.submit_proof(application=proven, by=users.org_member)
    approved = ApplicationFactory(
        call=call, organisation=organisation, author=users.org_member, title="Lesepaten"
    )
    approved.status = Status.RECOMMENDED
    approved.reference = "GATE-0004"
    approved.save()
    funding_services.approve(application=approved, by=officer, amount=Decimal("1000"))
    agreed = ApplicationFactory(
        call=call, organisation=organisation, author=users.org_member, title="Repair-Café"
    )
    agreed.status = Status.RECOMMENDED
    agreed.reference = "GATE-0005"
    agreed.save()
    funding_services.approve(application=agreed, by=officer, amount=Decimal("2000"))
    funding_services.send_agreement(application=agreed, by=officer)
    payment_request = funding_services.request_payment(
        application=agreed, by=users.org_member, amount=Decimal("500")
    )
    proof_line = ActualCost.objects.filter(proof__application=proven).first()
    objects.update(
        programme=call.programme,
        draft=draft,
        submitted=submitted,
        proof_due=proof_due,
        assignment=assignment,
        proven=proven,
        proof_line=proof_line,
        approved=approved,
        agreed=agreed,
        payment_request=payment_request,
        idea_token=initiative_tokens.idea_unsubscribe_token(idea),
        comment=comment,
    )


def _png(width: int = 640, height: int = 360) -> bytes:
    """A small green picture as PNG bytes (Pillow, as an upload would arrive)."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (46, 125, 50)).save(buffer, format="PNG")
    return buffer.getvalue()


#: functions that add one part's records to a world (``world.count`` of each kind)
WORLD_BUILDERS: list[Callable[[World], None]] = [_content, _flows]


# --- visits --------------------------------------------------------------------------------


def _static(name: str) -> Callable[[World], list[Visit]]:
    """A page that does not depend on data: anonymous and signed in, checked once."""

    def visits(world: World) -> list[Visit]:
        if world.size != "one":
            return []
        path = reverse(name)
        return [Visit(name, "anonym", path), Visit(name, "angemeldet", path, user="resident")]

    return visits


def _home(world: World) -> list[Visit]:
    visits = [
        Visit("home", world.size, "/"),
        Visit("home", world.size, "/", user="resident"),
    ]
    if _one(world):
        visits.append(Visit("home", "Kommune gewählt", "/?kommune=dortmund"))
    return visits


def _search(world: World) -> list[Visit]:
    path = reverse("search")
    visits = [Visit("search", f"{world.size}: Treffer", f"{path}?q=Gärten")]
    if world.size == "one":
        visits += [
            Visit("search", "ohne Suchbegriff", path),
            Visit("search", "ohne Suchbegriff", path, user="resident"),
            Visit("search", "Tippfehler mit Vorschlag", f"{path}?q=Gartne"),
            Visit("search", "eine Art", f"{path}?q=Garten&art=engagement&kommune=chemnitz"),
        ]
    if world.size == "many":
        visits.append(Visit("search", "Seite 2", f"{path}?q=Garten&art=initiativen&seite=2"))
    return visits


def _accessibility(world: World) -> list[Visit]:
    if world.size != "one":
        return []
    path = reverse("accessibility")
    return [
        Visit("accessibility", "unberührt", path),
        Visit("accessibility", "unberührt", path, user="resident"),
        Visit("accessibility", "Fehler", path, method="POST", data={"email": "kaputt"}),
        Visit(
            "accessibility",
            "gesendet",
            path,
            method="POST",
            data={"description": "Kontrast zu schwach."},
            follow=True,
        ),
    ]


def _signed_in(name: str, user: str = "resident", **kwargs) -> Callable[[World], list[Visit]]:
    def visits(world: World) -> list[Visit]:
        if world.size != "one":
            return []
        return [Visit(name, "angemeldet", reverse(name, **kwargs), user=user)]

    return visits


def _anonymous(name: str, **kwargs) -> Callable[[World], list[Visit]]:
    def visits(world: World) -> list[Visit]:
        if world.size != "one":
            return []
        return [Visit(name, "anonym", reverse(name, **kwargs))]

    return visits


def _form(
    name: str, errors: dict, *, user: str | None = None, **kwargs
) -> Callable[[World], list[Visit]]:
    """A form page untouched and with validation errors."""

    def visits(world: World) -> list[Visit]:
        if world.size != "one":
            return []
        path = reverse(name, **kwargs)
        return [
            Visit(name, "unberührt", path, user=user),
            Visit(name, "Fehler", path, user=user, method="POST", data=errors),
        ]

    return visits


def _mfa_activate(world: World) -> list[Visit]:
    """TOTP setup asks for the password again first; then the form, then a wrong code."""
    if world.size != "one":
        return []
    path = reverse("mfa_activate_totp")
    reauth = f"{reverse('account_reauthenticate')}?next={path}"
    name = "mfa_activate_totp"
    return [
        Visit(
            name,
            "unberührt",
            reauth,
            user="resident",
            method="POST",
            data={"password": TEST_PASSWORD},
            follow=True,
        ),
        Visit(name, "Fehler", path, user="resident", method="POST", data={"code": "000000"}),
    ]


def _one(world: World) -> bool:
    return world.size == "one"


def _page(name: str, *states, kwargs=None, sizes=("one",)) -> Callable[[World], list[Visit]]:
    """GET ``name`` as each of ``states`` (a user attribute name or None for anonymous).
    ``kwargs`` is a function of the world giving the URL arguments."""

    def visits(world: World) -> list[Visit]:
        if world.size not in sizes:
            return []
        path = reverse(name, kwargs=kwargs(world) if kwargs else None)
        label = world.size if len(sizes) > 1 else "Seite"
        return [Visit(name, label, path, user=user) for user in states or (None,)]

    return visits


def _list(name: str, *users) -> Callable[[World], list[Visit]]:
    """A list page in every world (empty, one, many), anonymous and as ``users``."""
    return _page(name, None, *users, sizes=WORLDS)


def _empty_form(
    name: str, user: str, *, kwargs=None, page: str | None = None, status=(200, 422)
) -> Callable[[World], list[Visit]]:
    """The form on ``page`` (default: the URL of ``name``) untouched, then sent empty:
    the validation errors."""

    def visits(world: World) -> list[Visit]:
        if not _one(world):
            return []
        path = reverse(name, kwargs=kwargs(world) if kwargs else None)
        form_page = reverse(page, kwargs=kwargs(world) if kwargs else None) if page else path
        return [
            Visit(name, "unberührt", form_page, user=user),
            Visit(name, "Fehler", form_page, user=user, method="EMPTY_FORM", status=status),
        ]

    return visits


def _action(
    name: str, user: str, *, kwargs=None, data=None, state="nach der Aktion"
) -> Callable[[World], list[Visit]]:
    """A POST-only action: the page it leads to, with its message. A rejected one
    re-renders its form with the errors, answering 422 (the input contract); several
    actions here are posted empty on purpose."""
    status = (200, 422)

    def visits(world: World) -> list[Visit]:
        if not _one(world):
            return []
        path = reverse(name, kwargs=kwargs(world) if kwargs else None)
        payload = data(world) if callable(data) else (data or {})
        return [
            Visit(
                name,
                state,
                path,
                user=user,
                method="POST",
                data=payload,
                follow=True,
                status=status,
            )
        ]

    return visits


def _combine(*makers) -> Callable[[World], list[Visit]]:
    def visits(world: World) -> list[Visit]:
        return [visit for make in makers for visit in make(world)]

    return visits


def _slug(key: str):
    return lambda world: {"slug": world.objects[key].slug}


def _pk(key: str):
    return lambda world: {"pk": world.objects[key].pk}


def _idea(world: World) -> dict:
    return {"slug": world.objects["initiative"].slug, "pk": world.objects["idea"].pk}


def _comment(world: World) -> dict:
    return {"slug": world.objects["initiative"].slug, "pk": world.objects["comment"].pk}


def _idea_kind(world: World) -> dict:
    return {**_idea(world), "kind": "idee"}


def _application_flow(world: World) -> list[Visit]:
    """Call → application: the form, the form with errors, the saved draft (step 2)."""
    if not _one(world):
        return []
    path = reverse("funding:apply", kwargs={"call_pk": world.objects["call"].pk})
    return [
        Visit("funding:apply", "Schritt 1: Formular", path, user="org_member"),
        Visit(
            "funding:apply",
            "Schritt 1: Fehler",
            path,
            user="org_member",
            method="EMPTY_FORM",
            status=(200, 422),
        ),
    ]


INITIATIVE_GATE: dict[str, Callable[[World], Iterable[Visit]]] = {
    "initiatives:list": _list("initiatives:list", "resident"),
    # the resident follows one initiative, the volunteer none (yet)
    "initiatives:following": _page("initiatives:following", "resident", "volunteer"),
    "initiatives:detail": _page(
        "initiatives:detail", None, "resident", "editor", kwargs=_slug("initiative")
    ),
    "initiatives:follow": _action("initiatives:follow", "volunteer", kwargs=_slug("initiative")),
    "initiatives:unfollow": _action("initiatives:unfollow", "resident", kwargs=_slug("initiative")),
    "initiatives:unsubscribe": _combine(
        _page(
            "initiatives:unsubscribe",
            None,
            kwargs=lambda w: {"token": w.objects["unsubscribe_token"]},
        ),
        _action(
            "initiatives:unsubscribe",
            None,
            kwargs=lambda w: {"token": w.objects["unsubscribe_token"]},
            state="erledigt",
        ),
    ),
    "initiatives:update": _page(
        "initiatives:update",
        None,
        kwargs=lambda w: {"slug": w.objects["initiative"].slug, "pk": w.objects["update"].pk},
    ),
    "initiatives:ideas": _combine(
        _page("initiatives:ideas", None, "resident", "editor", kwargs=_slug("initiative")),
    ),
    "initiatives:idea_create": _combine(
        _action(
            "initiatives:idea_create",
            "volunteer",
            kwargs=_slug("initiative"),
            data={"title": "Sitzbänke", "body": "Bänke am Rand des Gartens."},
            state="Idee veröffentlicht",
        ),
        lambda w: (
            [
                Visit(
                    "initiatives:idea_create",
                    "Fehler",
                    reverse("initiatives:idea_create", kwargs=_slug("initiative")(w)),
                    user="volunteer",
                    method="POST",
                    data={},
                    status=422,
                )
            ]
            if _one(w)
            else []
        ),
    ),
    "initiatives:idea": _page(
        "initiatives:idea", None, "resident", "volunteer", "editor", kwargs=_idea
    ),
    "initiatives:comment_create": _combine(
        _action(
            "initiatives:comment_create",
            "volunteer",
            kwargs=_idea,
            data={"body": "Ich bringe Erde mit."},
            state="Kommentar veröffentlicht",
        ),
        _action("initiatives:comment_create", "volunteer", kwargs=_idea, state="Fehler"),
    ),
    "initiatives:idea_support": _action("initiatives:idea_support", "volunteer", kwargs=_idea),
    "initiatives:idea_unsupport": _action("initiatives:idea_unsupport", "volunteer", kwargs=_idea),
    "initiatives:idea_answer": _action("initiatives:idea_answer", "editor", kwargs=_idea),
    "initiatives:report": _combine(
        _page("initiatives:report", "volunteer", kwargs=_idea_kind),
        _action("initiatives:report", "volunteer", kwargs=_idea_kind, state="Fehler"),
    ),
    "initiatives:idea_edit": _combine(
        _page("initiatives:idea_edit", "resident", kwargs=_idea),
        _action("initiatives:idea_edit", "resident", kwargs=_idea, state="Fehler"),
    ),
    "initiatives:comment_edit": _combine(
        _page("initiatives:comment_edit", "volunteer", kwargs=_comment),
        _action("initiatives:comment_edit", "volunteer", kwargs=_comment, state="Fehler"),
    ),
    "initiatives:moderate": _action(
        "initiatives:moderate", "editor", kwargs=_idea_kind, state="Fehler"
    ),
    "initiatives:idea_unsubscribe": _combine(
        _page(
            "initiatives:idea_unsubscribe",
            None,
            kwargs=lambda w: {"token": w.objects["idea_token"]},
        ),
        _action(
            "initiatives:idea_unsubscribe",
            None,
            kwargs=lambda w: {"token": w.objects["idea_token"]},
            state="erledigt",
        ),
    ),
    "initiatives:events": _list("initiatives:events"),
    "initiatives:event": _page("initiatives:event", None, "resident", kwargs=_pk("event")),
}

VOLUNTEERING_GATE: dict[str, Callable[[World], Iterable[Visit]]] = {
    "volunteering:list": _list("volunteering:list", "volunteer"),
    "volunteering:matches": _combine(
        _page("volunteering:matches", "volunteer"),
        lambda w: (
            [
                Visit(
                    "volunteering:matches",
                    "ohne Profil: weiter zum Profil",
                    reverse("volunteering:matches"),
                    user="resident",
                    follow=True,
                )
            ]
            if _one(w)
            else []
        ),
    ),
    "volunteering:profile": _empty_form("volunteering:profile", "resident"),
    "volunteering:mine": _page("volunteering:mine", "volunteer", "resident"),
    "volunteering:hours_log": _action("volunteering:hours_log", "volunteer", state="Fehler"),
    "volunteering:certificate_issue": _action(
        "volunteering:certificate_issue", "volunteer", state="Fehler"
    ),
    "volunteering:verify": _page("volunteering:verify", None),
    "volunteering:verify_certificate": lambda w: (
        [
            Visit(
                "volunteering:verify_certificate",
                "unbekannter Code",
                reverse("volunteering:verify_certificate", kwargs={"code": "UNBEKANNT"}),
                status=404,
            )
        ]
        if _one(w)
        else []
    ),
    "volunteering:trainings": _page("volunteering:trainings", None, sizes=WORLDS),
    "volunteering:consultation": _combine(
        _page("volunteering:consultation", None, "resident", sizes=WORLDS),
        _action(
            "volunteering:consultation",
            "volunteer",
            state="gebucht",
            data=lambda w: {"slot": w.objects["free_slot"].pk, "topic": "Ehrenamt finden"},
        ),
    ),
    "volunteering:booking_cancel": _action(
        "volunteering:booking_cancel", "resident", kwargs=_pk("booking")
    ),
    "volunteering:signup": _combine(
        _action("volunteering:signup", "resident", kwargs=_pk("shift"), state="angemeldet"),
        _action("volunteering:signup", "volunteer", kwargs=_pk("shift"), state="schon angemeldet"),
    ),
    "volunteering:signup_cancel": _action(
        "volunteering:signup_cancel", "volunteer", kwargs=_pk("signup")
    ),
    "volunteering:signup_attendance": _action(
        "volunteering:signup_attendance",
        "org_member",
        kwargs=_pk("signup"),
        data={"attended": "1"},
    ),
    "volunteering:signup_decide": _action(
        "volunteering:signup_decide",
        "org_member",
        kwargs=lambda w: {"pk": w.objects["signup"].pk, "decision": "annehmen"},
    ),
    "volunteering:hours_decide": _action(
        "volunteering:hours_decide", "org_member", kwargs=_pk("hours"), data={"confirm": "1"}
    ),
    "volunteering:detail": _page(
        "volunteering:detail", None, "volunteer", "resident", kwargs=_slug("opportunity")
    ),
    "volunteering:shift_create": _action(
        "volunteering:shift_create", "org_member", kwargs=_slug("opportunity"), state="Fehler"
    ),
    "volunteering:opportunity_publish": _action(
        "volunteering:opportunity_publish", "org_member", kwargs=_slug("opportunity")
    ),
    # Rejected on purpose (empty or too long): the dashboard with the form open, 422.
    "volunteering:shift_edit": _action(
        "volunteering:shift_edit", "org_member", kwargs=_pk("shift"), state="Fehler"
    ),
    "volunteering:shift_cancel": _action(
        "volunteering:shift_cancel",
        "org_member",
        kwargs=_pk("shift"),
        data={"reason": "x" * 2001},
        state="Fehler",
    ),
    "volunteering:participants_message": _action(
        "volunteering:participants_message",
        "org_member",
        kwargs=_slug("opportunity"),
        state="Fehler",
    ),
    "volunteering:opportunity_close": _action(
        "volunteering:opportunity_close",
        "org_member",
        kwargs=_slug("opportunity"),
        data={"closed": "0"},
    ),
    "organisations:register": _empty_form("organisations:register", "resident"),
    "organisations:accept_invitation": _page(
        "organisations:accept_invitation",
        "volunteer",
        kwargs=lambda w: {"token": w.objects["invitation"].token},
    ),
    "organisations:detail": _page(
        "organisations:detail", None, "org_member", kwargs=_slug("organisation")
    ),
    "volunteering:opportunity_create": _empty_form(
        "volunteering:opportunity_create", "org_member", kwargs=_slug("organisation")
    ),
    "volunteering:opportunity_edit": _empty_form(
        "volunteering:opportunity_edit", "org_member", kwargs=_slug("opportunity")
    ),
    "organisations:edit": _empty_form(
        "organisations:edit", "org_member", kwargs=_slug("organisation")
    ),
    "organisations:invite": _action(
        "organisations:invite",
        "org_member",
        kwargs=_slug("organisation"),
        state="Fehler",
    ),
}

FUNDING_GATE: dict[str, Callable[[World], Iterable[Visit]]] = {
    "funding:programmes": _list("funding:programmes"),
    "funding:my_applications": _page(
        "funding:my_applications", "org_member", "resident", sizes=WORLDS[1:]
    ),
    "funding:apply": _application_flow,
    "funding:application": _combine(
        _page("funding:application", "org_member", kwargs=_pk("draft")),
        _page("funding:application", "org_member", kwargs=_pk("submitted")),
        _page("funding:application", "org_member", kwargs=_pk("proof_due")),
    ),
    "funding:application_edit": _page(
        "funding:application_edit", "org_member", kwargs=_pk("draft")
    ),
    "funding:application_action": _action(
        "funding:application_action",
        "org_member",
        kwargs=lambda w: {"pk": w.objects["draft"].pk, "action": "submit"},
        state="Schritt 3: eingereicht",
    ),
    "funding:attachments": _action(
        "funding:attachments", "org_member", kwargs=_pk("draft"), state="Fehler"
    ),
    "funding:proof": _empty_form("funding:proof", "org_member", kwargs=_pk("proof_due")),
    "funding:proof_line": _combine(
        _page("funding:application", "officer", kwargs=_pk("proven")),
        _action(
            "funding:proof_line",
            "officer",
            kwargs=lambda w: {"pk": w.objects["proven"].pk, "line": w.objects["proof_line"].pk},
            data={"decision": "accept", "note": "Belege liegen vor."},
        ),
    ),
    "funding:funded": _list("funding:funded"),
    "funding:cases": _page("funding:cases", "officer"),
    "funding:case": _combine(
        _page("funding:case", "officer", kwargs=_pk("submitted")),
        _page("funding:case", "officer", kwargs=_pk("proven")),
        _page("funding:case", "officer", kwargs=_pk("agreed")),
    ),
    "funding:case_step": _empty_form(
        "funding:case_step",
        "officer",
        kwargs=lambda w: {"pk": w.objects["submitted"].pk, "action": "request_changes"},
    ),
    "funding:case_assign": _action(
        "funding:case_assign", "officer", kwargs=_pk("submitted"), data={"reviewer": ""}
    ),
    "funding:case_note": _action(
        "funding:case_note", "officer", kwargs=_pk("submitted"), data={"text": ""}
    ),
    "funding:case_message": _action(
        "funding:case_message", "officer", kwargs=_pk("submitted"), data={"text": ""}
    ),
    "funding:case_amend": _empty_form("funding:case_amend", "officer", kwargs=_pk("submitted")),
    "funding:case_decision": _combine(
        _empty_form("funding:case_decision", "officer", kwargs=_pk("approved")),
        _page("funding:case_decision", "officer", kwargs=_pk("agreed")),
    ),
    "funding:case_pay_request": _page(
        "funding:case_pay_request",
        "officer",
        kwargs=lambda w: {
            "pk": w.objects["agreed"].pk,
            "request_pk": w.objects["payment_request"].pk,
        },
    ),
    "funding:payment_request": _action(
        "funding:payment_request", "org_member", kwargs=_pk("agreed"), data={"amount": ""}
    ),
    "funding:receipt_add": _action(
        "funding:receipt_add", "org_member", kwargs=_pk("proof_due"), data={}
    ),
    "funding:review_declare": _action(
        "funding:review_declare", "reviewer", kwargs=_pk("assignment")
    ),
    "funding:reviews": _page("funding:reviews", "reviewer"),
    "funding:review": _empty_form("funding:review", "reviewer", kwargs=_pk("assignment")),
    "funding:conflict": _action(
        "funding:conflict", "reviewer", kwargs=_pk("assignment"), data={"note": "Mitglied"}
    ),
    "funding:programme": _page(
        "funding:programme",
        None,
        "org_member",
        kwargs=lambda w: {"slug": w.objects["call"].programme.slug},
    ),
    "funding:call": _page(
        "funding:call",
        None,
        "org_member",
        kwargs=lambda w: {"slug": w.objects["call"].programme.slug, "pk": w.objects["call"].pk},
    ),
}


ACCOUNT_DATA_GATE: dict[str, Callable[[World], Iterable[Visit]]] = {
    "account_data:overview": _page("account_data:overview", "resident", "editor"),
    "account_data:delete": _combine(
        _action("account_data:delete", "resident", data={"password": "falsch"}, state="Fehler"),
        _action("account_data:delete", "editor", state="Verwaltungskonto"),
        _action(
            "account_data:delete",
            "leaving",
            data={"password": TEST_PASSWORD, "confirm": "on"},
            state="gelöscht",
        ),
    ),
}


MY_ACCOUNT_GATE: dict[str, Callable[[World], Iterable[Visit]]] = {
    "accounts:overview": _page("accounts:overview", "resident"),
    "accounts:profile": _combine(
        _page("accounts:profile", "resident"),
        _action(
            "accounts:profile",
            "resident",
            data={"full_name": "", "display_name": "rita@example.org"},
            state="Fehler",
        ),
    ),
    "accounts:contributions": _page("accounts:contributions", "resident", "volunteer"),
    "accounts:organisations": _page("accounts:organisations", "resident", "org_member"),
    "accounts:renew_calendar": _action("accounts:renew_calendar", "volunteer"),
}


def _kind_unsubscribe_token(world: World) -> dict:
    from civicportal.core import notifications

    kind = notifications.get("initiatives.comment")
    return {"token": notifications.unsubscribe_token(world.users.resident, kind)}


def _get_to_an_action_url(world: World) -> list[Visit]:
    """The branded 405 page: an action URL opened with GET (a bookmark, an old link)."""
    if world.size != "one":
        return []
    path = reverse("initiatives:comment_create", kwargs=_idea(world))
    return [Visit("initiatives:comment_create", "GET: 405", path, user="resident", status=405)]


NOTIFICATIONS_GATE: dict[str, Callable[[World], Iterable[Visit]]] = {
    "notifications:settings": _combine(
        _form("notifications:settings", {"language": "xx"}, user="resident"),
        _page("notifications:settings", "editor"),
    ),
    "notifications:history": _page("notifications:history", "resident", sizes=WORLDS),
    "notifications:unsubscribe": _combine(
        _page("notifications:unsubscribe", None, kwargs=_kind_unsubscribe_token),
        _action(
            "notifications:unsubscribe", None, kwargs=_kind_unsubscribe_token, state="erledigt"
        ),
    ),
}


def _admin_change(name: str, user: str, key: str, *, errors: bool = False):
    """An admin change form of ``world.objects[key]`` (its inlines included); with
    ``errors`` also sent with only its hidden fields: the form with its errors."""

    def visits(world: World) -> list[Visit]:
        if not _one(world):
            return []
        path = reverse(name, args=[world.objects[key].pk])
        made = [Visit(name, "Bearbeiten", path, user=user)]
        if errors:
            made.append(Visit(name, "Fehler", path, user=user, method="EMPTY_FORM"))
        return made

    return visits


def _admin_add(name: str, user: str) -> Callable[[World], list[Visit]]:
    """An admin add form, untouched and sent with only its hidden fields (the errors)."""
    return _empty_form(name, user, status=200)


#: the back office pages the staff roles work in (Django's admin with the portal's
#: templates/admin overrides): the editor, the funding officer and the volunteer
#: coordinator, each on the lists, forms with inlines and forms with errors of their work
ADMIN_GATE: dict[str, Callable[[World], Iterable[Visit]]] = {
    "admin:index": _page("admin:index", "editor", "officer", "coordinator"),
    "admin:initiatives_initiative_changelist": _page(
        "admin:initiatives_initiative_changelist", "editor"
    ),
    "admin:initiatives_initiative_change": _admin_change(
        "admin:initiatives_initiative_change", "editor", "initiative", errors=True
    ),
    "admin:initiatives_initiative_add": _admin_add("admin:initiatives_initiative_add", "editor"),
    "admin:initiatives_idea_changelist": _page("admin:initiatives_idea_changelist", "editor"),
    "admin:initiatives_event_change": _admin_change(
        "admin:initiatives_event_change", "editor", "event"
    ),
    "admin:initiatives_update_add": _admin_add("admin:initiatives_update_add", "editor"),
    "admin:initiatives_councildecision_add": _admin_add(
        "admin:initiatives_councildecision_add", "editor"
    ),
    "admin:moderation_queue": _page("admin:moderation_queue", "editor"),
    "admin:civicportal_barrierreport_changelist": _page(
        "admin:civicportal_barrierreport_changelist", "editor"
    ),
    "admin:funding_application_changelist": _page(
        "admin:funding_application_changelist", "officer"
    ),
    "admin:funding_application_change": _combine(
        _admin_change("admin:funding_application_change", "officer", "submitted"),
        _admin_change("admin:funding_application_change", "officer", "proven"),
    ),
    "admin:funding_programme_change": _admin_change(
        "admin:funding_programme_change", "officer", "programme", errors=True
    ),
    "admin:funding_call_changelist": _page("admin:funding_call_changelist", "officer"),
    "admin:volunteering_opportunity_changelist": _page(
        "admin:volunteering_opportunity_changelist", "coordinator"
    ),
    "admin:volunteering_opportunity_change": _admin_change(
        "admin:volunteering_opportunity_change", "coordinator", "opportunity", errors=True
    ),
    "admin:volunteering_consultationslot_change": _admin_change(
        "admin:volunteering_consultationslot_change", "coordinator", "slot"
    ),
    "admin:volunteering_signup_changelist": _page(
        "admin:volunteering_signup_changelist", "coordinator"
    ),
}


GATE: dict[str, Callable[[World], Iterable[Visit]]] = {
    "home": _home,
    "imprint": _static("imprint"),
    "privacy": _static("privacy"),
    "accessibility": _accessibility,
    "search": _search,
    "easy_language": _static("easy_language"),
    "sign_language": _static("sign_language"),
    # accounts (allauth with the portal's templates)
    "account_login": _form("account_login", {"login": "niemand@example.org", "password": "x"}),
    "account_signup": _form(
        "account_signup", {"email": "kaputt", "password1": "kurz", "password2": "anders"}
    ),
    "account_logout": _signed_in("account_logout"),
    "account_inactive": _anonymous("account_inactive"),
    "account_reauthenticate": _form(
        "account_reauthenticate", {"password": "falsch"}, user="resident"
    ),
    "account_email": _form("account_email", {"action_add": "", "email": "x"}, user="resident"),
    "account_email_verification_sent": _anonymous("account_email_verification_sent"),
    "account_change_password": _form(
        "account_change_password",
        {"oldpassword": "falsch", "password1": "kurz", "password2": "anders"},
        user="resident",
    ),
    "account_reset_password": _form("account_reset_password", {"email": "kaputt"}),
    "account_reset_password_done": _anonymous("account_reset_password_done"),
    "account_reset_password_from_key": _anonymous(
        "account_reset_password_from_key", kwargs={"uidb36": "0", "key": "ungueltig"}
    ),
    "account_reset_password_from_key_done": _anonymous("account_reset_password_from_key_done"),
    "account_confirm_email": _anonymous("account_confirm_email", kwargs={"key": "ungueltig"}),
    "mfa_index": _signed_in("mfa_index"),
    "mfa_activate_totp": _mfa_activate,
    **INITIATIVE_GATE,
    **VOLUNTEERING_GATE,
    **FUNDING_GATE,
    **ACCOUNT_DATA_GATE,
    **MY_ACCOUNT_GATE,
    **NOTIFICATIONS_GATE,
}
GATE["initiatives:comment_create"] = _combine(
    GATE["initiatives:comment_create"], _get_to_an_action_url
)

#: URL names that serve no HTML page of the portal's own, with the reason
EXCLUDED: dict[str, str] = {
    "admin:": "Django's admin (staff back office): the pages the staff roles work in are in "
    "ADMIN_GATE; the rest (superuser tools) are Django's own",
    "healthz": "JSON for the load balancer",
    "switch_language": "link that sets the language cookie and redirects back",
    "accounts:my_organisation": "redirects to the only organisation's dashboard or to the list "
    "(both pages are gated)",
    "media": "uploaded images, videos and captions (civicportal/media.py)",
    "account_set_password": "redirects to the password change page for users with a password",
    "account_confirm_login_code": "login by e-mail code is switched off",
    "account_request_reauthentication_code": "reauthentication by e-mail code is switched off",
    "account_confirm_reauthentication_code": "reauthentication by e-mail code is switched off",
    "mfa_authenticate": "only reachable in the middle of a login with TOTP (MFA tests)",
    "mfa_reauthenticate": "only reachable with TOTP active (MFA tests)",
    "mfa_deactivate_totp": "only reachable with TOTP active (MFA tests)",
    "mfa_view_recovery_codes": "only reachable with TOTP active (MFA tests)",
    "mfa_generate_recovery_codes": "only reachable with TOTP active (MFA tests)",
    "mfa_download_recovery_codes": "plain-text download",
    "initiatives:feed": "Atom feed",
    "initiatives:initiative_feed": "Atom feed",
    "initiatives:initiative_ics": "iCalendar file",
    "initiatives:events_ics": "iCalendar file",
    "initiatives:event_ics": "iCalendar file („In den Kalender“)",
    "initiatives:idea_withdraw": "POST that redirects to the idea page (gated); it would change "
    "the shared world for the other visits",
    "initiatives:comment_delete": "POST that redirects to the idea page (gated); it would change "
    "the shared world for the other visits",
    "staff_invitation": "a one-time token link (set password, TOTP, role); walked with a real "
    "token in tests/civicportal/test_back_office.py",
    "volunteering:certificate_pdf": "PDF certificate",
    "volunteering:calendar_feed": "iCalendar feed",
    "volunteering:signup_calendar": "iCalendar file",
    "organisations:export": "CSV export",
    "funding:attachment": "file download (private attachment)",
    "funding:letter": "PDF decision letter",
    "funding:confirmation": "PDF Eingangsbestätigung",
    "funding:issued_letter": "stored copy of an issued decision letter (funding:letter)",
    "funding:case_decision_preview": "draft of the decision letter (funding:letter)",
    "funding:funded_csv": "CSV export",
    "account_data:export": "JSON download",
    "resume_discard": "POST endpoint that forgets kept form input and redirects back",
}


#: parts still being built in parallel; their pages join the gate when they land
PENDING: dict[str, str] = {}


def _walk(patterns, namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def url_names(urlconf=None) -> set[str]:
    """Every named URL of the URL map, namespaced (``initiatives:detail``)."""
    return set(_walk(get_resolver(urlconf).url_patterns))


def is_excluded(name: str) -> bool:
    reasons = {**EXCLUDED, **PENDING}
    return name in reasons or any(key.endswith(":") and name.startswith(key) for key in reasons)


def missing_gate_entries(urlconf=None) -> set[str]:
    """URL names that neither the gate checks nor ``EXCLUDED`` explains."""
    return {name for name in url_names(urlconf) if name not in GATE and not is_excluded(name)}


def visits_for(world: World, *, admin: bool = False) -> list[Visit]:
    """The visits of the portal's pages in ``world``; with ``admin`` also those of the back
    office (``ADMIN_GATE``: the accessibility gate checks them, the layout and HTML gates,
    which judge the portal's own design and markup, do not)."""
    gates = [GATE, ADMIN_GATE] if admin else [GATE]
    return [visit for gate in gates for make in gate.values() for visit in make(world)]


class _MainForm(HTMLParser):
    """The first POST form inside <main>: its action and its hidden fields."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.form_depth = 0
        self.done = False
        self.action: str | None = None
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.in_main and not self.done and not self.form_depth:
            if (attributes.get("method") or "").lower() == "post":
                self.form_depth = 1
                self.action = (attributes.get("action") or "").split("#")[0]
        elif tag == "input" and self.form_depth and attributes.get("type") == "hidden":
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken":
                self.hidden[name] = attributes.get("value") or ""

    def handle_endtag(self, tag) -> None:
        if tag == "form" and self.form_depth:
            self.form_depth = 0
            self.done = True
        elif tag == "main":
            self.in_main = False


def main_form(html: str) -> tuple[str | None, dict[str, str]]:
    parser = _MainForm()
    parser.feed(html)
    assert parser.done, "no POST form in <main>"
    return parser.action, parser.hidden


@dataclass
class Fetched:
    visit: Visit
    html: str
    headers: dict
    url: str


def fetch(world: World, visits: Iterable[Visit]) -> list[Fetched]:
    """Request every visit with Django's test client (one client per user) and check its
    status, so the gate never judges an error page by mistake."""
    clients: dict[str | None, Client] = {}
    fetched = []
    for visit in visits:
        client = clients.get(visit.user)
        if client is None:
            client = clients[visit.user] = Client()
            if visit.user:
                # A real login (not force_login): allauth then records the authentication,
                # so pages that ask for a recent login (MFA setup) open directly.
                user = getattr(world.users, visit.user)
                response = client.post(
                    reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
                )
                assert response.status_code == 302, f"login of {user.email} failed"
                if user.is_staff:
                    # staff act only after TOTP (civicportal.security): as after a code
                    mark_mfa_authenticated(client, user)
        if visit.method == "POST":
            response = client.post(visit.path, visit.data or {}, follow=visit.follow)
        elif visit.method == "EMPTY_FORM":
            form_page = client.get(visit.path)
            assert form_page.status_code == 200, f"{visit.label}: HTTP {form_page.status_code}"
            action, hidden = main_form(form_page.content.decode())
            response = client.post(action or visit.path, hidden, follow=visit.follow)
        else:
            response = client.get(visit.path, follow=visit.follow)
        expected = visit.status if isinstance(visit.status, tuple) else (visit.status,)
        assert response.status_code in expected, (
            f"{visit.label}: HTTP {response.status_code}, expected {visit.status}"
        )
        content_type = response.get("Content-Type", "")
        assert content_type.startswith("text/html"), f"{visit.label}: {content_type}"
        url = response.redirect_chain[-1][0] if visit.follow and response.redirect_chain else ""
        headers = {
            key: value
            for key, value in response.headers.items()
            if key.lower() in {"content-type", "content-security-policy"}
        }
        fetched.append(Fetched(visit, response.content.decode(), headers, url or visit.path))
    return fetched


def fetch_worlds(sizes: Iterable[str] = WORLDS) -> list[Fetched]:
    """Build each world in turn (rolled back after) and fetch all its visits."""
    fetched: list[Fetched] = []
    for size in sizes:
        with transaction.atomic():
            world = build_world(size)
            fetched += fetch(world, visits_for(world))
            transaction.set_rollback(True)
    return fetched
