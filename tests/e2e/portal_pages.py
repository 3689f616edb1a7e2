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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from civicportal.core.models import StaffMembership
from tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StaffMembershipFactory,
    UserFactory,
)

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
    status: int = 200

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


#: functions that add one part's records to a world (``world.count`` of each kind)
WORLD_BUILDERS: list[Callable[[World], None]] = [_content]


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
    return [
        Visit("home", world.size, "/"),
        Visit("home", world.size, "/", user="resident"),
    ]


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
        visits.append(Visit("search", "Seite 2", f"{path}?q=Garten&art=initiativen&page=2"))
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
}

#: URL names that serve no HTML page of the portal's own, with the reason
EXCLUDED: dict[str, str] = {
    "admin:": "Django's admin (staff back office) has its own templates; see docs/accessibility.md",
    "healthz": "JSON for the load balancer",
    "set_language": "POST endpoint that redirects back",
    "account_set_password": "redirects to the password change page for users with a password",
    "account_confirm_login_code": "login by e-mail code is switched off",
    "mfa_authenticate": "only reachable in the middle of a login with TOTP (MFA tests)",
    "mfa_reauthenticate": "only reachable with TOTP active (MFA tests)",
    "mfa_deactivate_totp": "only reachable with TOTP active (MFA tests)",
    "mfa_view_recovery_codes": "only reachable with TOTP active (MFA tests)",
    "mfa_generate_recovery_codes": "only reachable with TOTP active (MFA tests)",
    "mfa_download_recovery_codes": "plain-text download",
}


#: parts still being built in parallel; their pages join the gate when they land
PENDING: dict[str, str] = {
    "initiatives:": "issue 3 in progress",
    "volunteering:": "issue 4 in progress",
    "funding:": "issue 5 in progress",
    "organisation_detail": "issue 4 in progress",
    "account_data:": "issue 6 in progress",
}


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


def visits_for(world: World) -> list[Visit]:
    return [visit for make in GATE.values() for visit in make(world)]


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
        if visit.method == "POST":
            response = client.post(visit.path, visit.data or {}, follow=visit.follow)
        else:
            response = client.get(visit.path, follow=visit.follow)
        assert response.status_code == visit.status, (
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
