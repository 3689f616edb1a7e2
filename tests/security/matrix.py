"""The role matrix: what every role gets on every URL of the portal.

``PAGES`` maps each URL name (``namespace:name``) to rows; a row names the path
arguments (filled from the :class:`~tests.security.world.World`), the method and the
expected outcome for every role in ``ROLES``. Admin URLs are generated from
``ADMIN_MODELS`` (one entry per registered model) and ``ADMIN_PAGES``.
``docs/permissions.md`` is the readable form of this table.

Outcomes:

* ``OK``      – 200, the page (or file) is served
* ``LOGIN``   – 302 to the login page (anonymous visitors)
* ``ADMIN``   – 302 to the admin login (signed in, but no staff account)
* ``DENY``    – 403 or 404 (or the admin's "does not exist" redirect to /admin/):
  nothing is revealed
* ``GONE``    – 404 (an unknown or guessed key)
* ``MOVED``   – 302 somewhere else (after an action, or to where the person belongs)
* ``DONE``    – an action answered with a redirect, 200 or a form error (400): it was
  accepted for processing
* ``NOPE``    – 405 (wrong method)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from civicportal.core.scoping import object_municipality_id
from tests.security.world import ROLE_MUNICIPALITY, ROLES, World

OK, LOGIN, ADMIN, DENY, GONE, MOVED, DONE, NOPE = (
    "OK",
    "LOGIN",
    "ADMIN",
    "DENY",
    "GONE",
    "MOVED",
    "DONE",
    "NOPE",
)
NON_STAFF = ["resident", "volunteer", "org_admin", "org_member"]
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def outcome(response) -> str:
    status = response.status_code
    if status == 200:
        return OK
    if status in (301, 302, 303):
        location = response["Location"]
        if location.startswith("/konto/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN
        if location == "/admin/":
            return DENY
        return MOVED
    if status == 403:
        return DENY
    if status == 404:
        return GONE
    if status == 405:
        return NOPE
    if status in (400, 422):
        return "INVALID"
    return f"HTTP {status}"


def matches(expected: str, actual: str) -> bool:
    if expected == actual:
        return True
    if expected == DENY:
        return actual in {DENY, GONE}
    if expected == DONE:
        return actual in {OK, MOVED, "INVALID"}
    return False


def roles(default: str, **overrides: str) -> dict[str, str]:
    """Every role gets ``default`` unless named: ``roles(OK, anonymous=LOGIN)``."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, unknown
    return {role: overrides.get(role, default) for role in ROLES}


def public() -> dict[str, str]:
    return roles(OK)


def signed_in(outcome: str = OK, **overrides: str) -> dict[str, str]:
    return roles(outcome, anonymous=LOGIN, **overrides)


def only(allowed: list[str], ok: str = OK, *, others: str = DENY, anon: str = LOGIN):
    return {
        role: ok if role in allowed else (anon if role == "anonymous" else others) for role in ROLES
    }


@dataclass(frozen=True)
class Row:
    expect: dict[str, str]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    method: str = "GET"
    note: str = ""
    #: strings that must not appear in the answer to the roles in ``private_for``
    private: tuple[str, ...] = ()
    private_for: tuple[str, ...] = ()


# --- walking the URL map -----------------------------------------------------------------


def walk(patterns=None, namespace: str | None = None, prefix: str = "") -> Iterator[tuple]:
    """``(url name, route)`` for every pattern of the URL map (unnamed ones included)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
            yield (
                (f"{namespace}:{name}" if namespace and pattern.name else name),
                (prefix + str(pattern.pattern)),
            )


# --- admin ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminRule:
    """Who may use the admin pages of one model.

    ``view``: roles that open the list and the records (in their own municipality when
    the model is scoped); ``add`` and ``delete``: roles that may add / delete (default:
    the ``view`` roles). ``objects`` names world attributes of records to open (one per
    municipality for scoped models); without any, the record pages are checked with a
    guessed id, which must reveal nothing to anybody.
    """

    view: list[str]
    add: list[str] | None = None
    delete: list[str] | None = None
    objects: tuple[str, ...] = ()
    scoped: bool = True
    superuser_add: bool = True
    superuser_delete: bool = True
    note: str = ""


def municipality_of(world: World, name: str) -> str | None:
    obj = getattr(world.o, name)
    municipality_id = object_municipality_id(obj)
    for slug in ("chemnitz", "dortmund"):
        if getattr(world.o, slug).pk == municipality_id:
            return slug
    return None


def admin_expect(rule: AdminRule, page: str, municipality: str | None = None) -> dict:
    """Expected outcome per role of one admin page (changelist, add, change, delete,
    history) of a model, for a record in ``municipality`` (None: no record / unscoped)."""
    if page == "add":
        who = rule.add if rule.add is not None else rule.view
    elif page == "delete":
        who = rule.delete if rule.delete is not None else rule.view
    else:
        who = rule.view
    result = {}
    for role in ROLES:
        if role == "anonymous" or role in NON_STAFF:
            result[role] = ADMIN
        elif role == "superuser":
            blocked = (page == "add" and not rule.superuser_add) or (
                page == "delete" and not rule.superuser_delete
            )
            result[role] = DENY if blocked else OK
        elif role in who and (
            not rule.scoped or municipality is None or ROLE_MUNICIPALITY[role] == municipality
        ):
            result[role] = OK
        else:
            result[role] = DENY
    return result
